"""Stigma and advocacy (issue #19): a worker records the discrimination a
client met at a provider outside the network and what was done about it;
only their organization sees the incident; the network's coordinators see
counts that never show a cell of fewer than five people."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parcours.access import client_access_for
from parcours.clients.models import Client
from parcours.community.models import StigmaIncident, StigmaIncidentGround
from parcours.community.selectors.stigma import MIN_PEOPLE, stigma_report
from parcours.community.services.stigma import (
    IncidentData,
    provider_key,
    stigma_incident_record,
    stigma_incident_update,
)
from parcours.core.models import AuditAction, AuditEvent
from parcours.linkage import services as linkage
from tests.api.conftest import api_client_for
from tests.community.conftest import days_ago, days_ahead
from tests.conftest import client_for, share
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def incident(
    by, client, *, provider="Urgence de l'Hôpital Saint-Jean", grounds=("substance_use",), **changes
):
    data = IncidentData(
        occurred_on=changes.pop("occurred_on", days_ago(20)),
        provider_name=provider,
        provider_kind=changes.pop("provider_kind", "hospital"),
        grounds=list(grounds),
        **changes,
    )
    return stigma_incident_record(
        acting_user=by, client_access=client_access_for(by, client), data=data
    )


def post_data(**changes) -> dict:
    values = {
        "occurred_on": days_ago(3).isoformat(),
        "provider_name": "Pharmacie du Marché",
        "provider_kind": "pharmacy",
        "grounds": ["hiv", "housing_status"],
        "description": "Refused service in front of other customers.",
        "advocacy": "",
        "outcome": "none_yet",
        "outcome_on": "",
    }
    values.update(changes)
    return values


# --- Recording and reading ---------------------------------------------------------------


def test_a_worker_records_an_incident_from_the_client_file(network, marie):
    web = client_for(network.alice)
    file = web.get(reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "care"})
    assert 'id="incident-new"' in file.content.decode()
    response = web.post(
        reverse("community:incident_new", kwargs={"client_id": marie.pk}), post_data()
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=care#stigma-incidents")
    saved = StigmaIncident.objects.get()
    assert saved.organization == network.carrefour and saved.recorded_by == network.alice
    assert sorted(saved.grounds.values_list("ground", flat=True)) == ["hiv", "housing_status"]
    assert saved.provider_key == "pharmacie du marche"
    created = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(saved.pk))
    assert created.after["grounds"] == ["hiv", "housing_status"]
    panel = web.get(response["Location"]).content.decode()
    assert "Pharmacie du Marché" in panel and "HIV status" in panel


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"grounds": []}, "grounds", "This field is required."),
        ({"occurred_on": days_ahead(2).isoformat()}, "occurred_on", "cannot be in the future"),
        ({"provider_name": "  ,  "}, "provider_name", "Name the provider"),
        ({"outcome": "resolved", "advocacy": "Letter."}, "outcome_on", "date of the outcome"),
        (
            {
                "outcome": "not_resolved",
                "outcome_on": days_ago(10).isoformat(),
                "occurred_on": days_ago(3).isoformat(),
            },
            "outcome_on",
            "cannot come before the incident",
        ),
        ({"outcome_on": days_ago(1).isoformat()}, "outcome_on", "empty while the incident is open"),
        ({"outcome": "in_progress"}, "advocacy", "Say what was done"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
    network, marie, changes, field, message
):
    response = client_for(network.alice).post(
        reverse("community:incident_new", kwargs={"client_id": marie.pk}), post_data(**changes)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not StigmaIncident.objects.exists()
    assert not StigmaIncidentGround.objects.exists()


def test_only_the_recording_organization_sees_the_incident_even_with_consent(network, marie):
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan", "housing", "clinical", "financial"],
        all_partners=True,
    )
    recorded = incident(network.alice, marie)
    bob = client_for(network.bob)
    care = bob.get(reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "care"})
    assert "Saint-Jean" not in care.content.decode()
    listing = bob.get(reverse("community:client_incidents", kwargs={"client_id": marie.pk}))
    assert listing.status_code == 200 and "Saint-Jean" not in listing.content.decode()
    edit = reverse("community:incident_edit", kwargs={"incident_id": recorded.pk})
    assert bob.get(edit).status_code == 404
    assert bob.post(edit, post_data()).status_code == 404
    api = api_client_for(network.bob).get(f"/api/v1/clients/{marie.pk}/stigma-incidents")
    assert api.status_code == 200 and api.json() == []
    with pytest.raises(PermissionDenied):
        stigma_incident_update(
            acting_user=network.bob,
            client_access=client_access_for(network.bob, marie),
            incident=recorded,
            data=IncidentData(days_ago(2), "X", "health", ["hiv"]),
        )


def test_staff_outside_the_network_record_none(network, marie):
    nurse = UserFactory(organization=network.hospital)
    url = reverse("community:incident_new", kwargs={"client_id": marie.pk})
    assert client_for(nurse).post(url, post_data()).status_code == 404
    assert api_client_for(nurse).get("/api/v1/reports/stigma").status_code == 403
    assert not StigmaIncident.objects.exists()


def test_a_stranger_and_the_signed_out_are_refused(network, marie):
    stranger = UserFactory(organization=network.refuge)
    new = reverse("community:incident_new", kwargs={"client_id": marie.pk})
    assert client_for(stranger).get(new).status_code == 404
    signed_out = client_for(None).get(new)
    assert signed_out.status_code == 302 and "login" in signed_out["Location"]


def test_the_worker_records_the_advocacy_and_its_outcome(network, marie):
    recorded = incident(network.alice, marie, occurred_on=days_ago(30))
    web = client_for(network.alice)
    edit = reverse("community:incident_edit", kwargs={"incident_id": recorded.pk})
    page = web.get(edit)
    assert page.status_code == 200 and "Saint-Jean" in page.content.decode()
    response = web.post(
        edit,
        post_data(
            occurred_on=days_ago(30).isoformat(),
            provider_name=recorded.provider_name,
            provider_kind="hospital",
            grounds=["substance_use", "mental_illness"],
            advocacy="Complaint to the patient ombudsman; accompanied to a second visit.",
            outcome="resolved",
            outcome_on=days_ago(5).isoformat(),
        ),
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.outcome == "resolved" and recorded.outcome_on == days_ago(5)
    assert sorted(recorded.grounds.values_list("ground", flat=True)) == [
        "mental_illness",
        "substance_use",
    ]
    change = AuditEvent.objects.get(action=AuditAction.UPDATE, target_id=str(recorded.pk))
    assert change.before["grounds"] == ["substance_use"]
    assert change.after["outcome"] == "resolved"


def test_the_database_refuses_a_closed_incident_without_a_date(network, marie):
    recorded = incident(network.alice, marie)
    with pytest.raises(Exception):
        StigmaIncident.objects.filter(pk=recorded.pk).update(outcome="resolved")


def test_a_provider_written_differently_is_one_provider():
    assert provider_key("Urgence de l'Hôpital  Saint-Jean") == provider_key(
        "urgence de l'hopital saint-jean"
    )
    assert provider_key("Hôpital Saint-Jean - urgence") != provider_key("Pharmacie")


# --- The de-identified report ----------------------------------------------------------


def people(network, n: int) -> list[Client]:
    return [ClientFactory(registered_by=network.alice) for _ in range(n)]


def cell(table, row_label: str, ground_label: str):
    row = next(r for r in table.rows if r.label == row_label)
    return row.cells[table.columns.index(ground_label)]


def test_providers_of_fewer_than_five_people_are_counted_together(network):
    for person in people(network, 7):
        incident(network.alice, person, grounds=("substance_use",))
    for person in people(network, 2):
        incident(network.alice, person, provider="Pharmacie du Marché", provider_kind="pharmacy")
    for person in people(network, 3):
        incident(network.alice, person, provider="Clinique du Parc", provider_kind="health")
    table = stigma_report(network.alice_admin).by_provider
    labels = [r.label for r in table.rows]
    assert labels == [
        "Urgence de l'Hôpital Saint-Jean",
        "Other providers (fewer than 5 people each)",
    ]
    assert cell(table, labels[0], "Substance use").incidents == 7
    assert cell(table, labels[1], "Substance use").incidents == 5
    assert table.total.incidents == 12


def test_a_cell_of_fewer_than_five_people_is_hidden(network):
    crowd = people(network, 7)
    for person in crowd:
        incident(network.alice, person, grounds=("substance_use",))
    for person in crowd[:3]:
        incident(network.alice, person, grounds=("housing_status",))
    table = stigma_report(network.alice_admin).by_provider
    assert cell(table, table.rows[0].label, "Housing status").hidden  # three people
    # Every number shown stands for five people or more (or none).
    for row in [*table.rows]:
        for shown in [*row.cells, row.total]:
            assert shown.hidden or shown.people == 0 or shown.people >= MIN_PEOPLE
    for shown in [*table.column_totals, table.total]:
        assert shown.hidden or shown.people == 0 or shown.people >= MIN_PEOPLE


def test_a_lone_hidden_cell_beside_a_shown_total_hides_another(network):
    crowd = people(network, 12)
    for person in crowd[:6]:
        incident(network.alice, person, grounds=("substance_use",))
    for person in crowd[6:11]:
        incident(network.alice, person, grounds=("mental_illness",))
    incident(network.alice, crowd[11], grounds=("hiv",))
    table = stigma_report(network.alice_admin).by_provider
    row = table.rows[0]
    assert not row.total.hidden  # 12 people
    hidden = [c for c in row.cells if c.hidden]
    assert len(hidden) == 2  # HIV (one person) and, with it, the smallest other
    assert cell(table, row.label, "HIV status").hidden
    assert cell(table, row.label, "Mental illness").hidden  # 5 people < 6
    # Alone in its column, the mental-illness cell would equal the column's
    # total: the total is hidden too.
    mental = table.columns.index("Mental illness")
    assert table.column_totals[mental].hidden


def test_one_person_counts_once_whatever_their_records(network):
    crowd = people(network, 4)
    for person in crowd:
        incident(network.alice, person)
    again = ClientFactory(registered_by=network.alice)
    incident(network.alice, again)
    # Five records, but the last is the first person's: four people.
    linkage.client_merge(acting_user=network.alice_admin, client_a=crowd[0], client_b=again)
    table = stigma_report(network.alice_admin).by_provider
    assert [r.label for r in table.rows] == ["Other providers (fewer than 5 people each)"]
    assert table.total.hidden and table.total.people == 4


def test_the_report_counts_every_partner_and_filters_by_period(network):
    for person in people(network, 5):
        incident(network.alice, person, occurred_on=days_ago(100))
    report = stigma_report(network.bob_admin, since=days_ago(200))
    assert report.by_provider.total.incidents == 5  # the hub's incidents, counted for all
    assert stigma_report(network.bob_admin, since=days_ago(50)).by_provider.total.people == 0


def test_the_report_is_for_coordinators_only(network):
    url = reverse("community:stigma_report")
    assert client_for(network.alice_admin).get(url).status_code == 200
    assert client_for(network.alice).get(url).status_code == 403
    outsider = UserFactory(organization=network.hospital, is_org_admin=True)
    assert client_for(outsider).get(url).status_code == 403
    assert stigma_report(network.alice).by_provider.rows == []
    assert api_client_for(network.alice).get("/api/v1/reports/stigma").status_code == 403
    assert api_client_for(network.alice_admin).get("/api/v1/reports/stigma").status_code == 200
    menu = client_for(network.alice_admin).get(reverse("accounts:home")).content.decode()
    assert 'id="nav-stigma-report"' in menu
    menu = client_for(network.alice).get(reverse("accounts:home")).content.decode()
    assert 'id="nav-stigma-report"' not in menu


def test_the_report_page_shows_hidden_cells_and_costs_the_same_whatever_the_incidents(
    network, django_assert_max_num_queries
):
    for person in people(network, 6):
        incident(network.alice, person, grounds=("substance_use", "housing_status"))
    for person in people(network, 3):
        incident(network.alice, person, provider="Clinique du Parc", provider_kind="health")
    web = client_for(network.alice_admin)
    url = reverse("community:stigma_report")
    web.get(url)
    with django_assert_max_num_queries(12):
        page = web.get(url).content.decode()
    assert "Urgence de l&#x27;Hôpital Saint-Jean" in page
    assert ">hidden<" in page  # the clinic's three people
    for person in people(network, 6):
        incident(network.alice, person, provider="Logements Boréal", provider_kind="housing")
    with django_assert_max_num_queries(12):
        web.get(url)
    bad = web.get(url, {"since": "2026-05-01", "until": "2026-04-01"})
    assert bad.status_code == 422


# --- API ---------------------------------------------------------------------------------


def test_the_api_records_changes_and_lists_incidents(network, marie):
    api = api_client_for(network.alice)
    url = f"/api/v1/clients/{marie.pk}/stigma-incidents"
    bad = api.post(
        url,
        {
            "occurred_on": str(days_ago(2)),
            "provider_name": "X",
            "provider_kind": "police",
            "grounds": [],
        },
    )
    assert bad.status_code == 422
    assert not StigmaIncident.objects.exists()
    created = api.post(
        url,
        {
            "occurred_on": str(days_ago(2)),
            "provider_name": "Service de police",
            "provider_kind": "police",
            "grounds": ["indigenous"],
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["grounds"] == ["indigenous"] and body["outcome"] == "none_yet"
    patched = api.patch(
        f"/api/v1/stigma-incidents/{body['id']}",
        {"outcome": "not_pursued", "outcome_on": str(days_ago(1))},
    )
    assert patched.status_code == 200, patched.json()
    assert patched.json()["outcome"] == "not_pursued"
    listed = api.get(url).json()
    assert [i["id"] for i in listed] == [body["id"]]
    unknown = api.post(
        url,
        {
            "occurred_on": str(days_ago(2)),
            "provider_name": "X",
            "provider_kind": "police",
            "grounds": ["hiv"],
            "colour": "red",
        },
    )
    assert unknown.status_code == 422
    viewed = AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="stigma_incidents"
    )
    assert viewed.exists()


def test_the_service_refuses_unknown_grounds(network, marie):
    with pytest.raises(ValidationError) as refused:
        incident(network.alice, marie, grounds=("astrology",))
    assert "grounds" in refused.value.error_dict


def test_a_provider_is_named_as_most_write_it_and_carefully_on_a_tie(network):
    spellings = [
        "urgence de l'hopital Saint Jean",
        "URGENCE DE L'HÔPITAL SAINT-JEAN",
        "Urgence de l'Hôpital Saint-Jean",
    ]
    for index, person in enumerate(people(network, 6)):
        incident(network.alice, person, provider=spellings[index % 3])
    table = stigma_report(network.alice_admin).by_provider
    assert table.rows[0].label == "Urgence de l'Hôpital Saint-Jean"
    assert table.rows[0].total.incidents == 6
