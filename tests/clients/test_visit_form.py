"""The walk-in visit form: services ticked with quantities, the site picked
from the organization's sites, the pathway started on a first visit."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError

from parcours.access import client_access_for
from parcours.beds.models import Site
from parcours.clients import services
from parcours.clients.forms import VisitForm
from parcours.clients.models import PathwayStage, Visit, VisitService
from parcours.core.models import AuditEvent
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def evening_at_the_hub():
    with time_machine.travel("2026-11-20 22:00 -05:00", tick=False):
        yield


VISIT_AT = "2026-11-20T21:30"


@pytest.fixture
def hub_sites(network):
    """The hub runs a day centre and a warming centre; the shelter its own site."""
    return {
        "day": Site.objects.create(program=network.icm, name="Accueil de jour", kind="other"),
        "warming": Site.objects.create(
            program=network.icm, name="Halte-chaleur Rideau", kind="emergency_shelter"
        ),
        "closed": Site.objects.create(
            program=network.icm, name="Ancien local", kind="other", is_active=False
        ),
        "refuge": Site.objects.create(
            program=network.shelter_program, name="Refuge Saint-Laurent", kind="emergency_shelter"
        ),
    }


def _post(user, client, **data):
    return client_for(user).post(
        f"/en/clients/{client.pk}/visits/new/", {"occurred_at": VISIT_AT, **data}
    )


def test_ticked_services_count_one_unless_the_quantity_is_changed(network, marie, hub_sites):
    response = _post(
        network.alice,
        marie,
        site="Halte-chaleur Rideau",
        svc_meal="on",
        qty_meal="",
        svc_shower="on",
        qty_shower="1",
        svc_naloxone_kit="on",
        qty_naloxone_kit="2",
        naloxone_training="on",
        # Not ticked: a quantity alone gives nothing.
        qty_clothing="3",
        pathway_stage="",
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.site == "Halte-chaleur Rideau"
    given = {s.kind: (s.quantity, s.naloxone_training) for s in visit.services.all()}
    assert given == {"meal": (1, False), "shower": (1, False), "naloxone_kit": (2, True)}


@pytest.mark.parametrize("quantity", ["0", "100", "-1", "deux"])
def test_a_quantity_outside_1_to_99_is_refused_and_nothing_is_written(
    network, marie, hub_sites, quantity
):
    response = _post(network.alice, marie, site="Accueil de jour", svc_meal="on", qty_meal=quantity)
    assert response.status_code == 200
    assert response.context["form"].errors["qty_meal"]
    assert not Visit.objects.exists() and not VisitService.objects.exists()


def test_the_quantity_error_is_in_french_on_french_pages(network, marie, hub_sites):
    html = (
        client_for(network.alice)
        .post(
            f"/fr/clients/{marie.pk}/visits/new/",
            {"occurred_at": VISIT_AT, "site": "Accueil de jour", "svc_meal": "on", "qty_meal": "0"},
        )
        .content.decode()
    )
    assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in html
    assert not Visit.objects.exists()


def test_the_site_is_a_choice_of_the_organizations_active_sites(network, marie, hub_sites):
    form = VisitForm(sites=["Accueil de jour", "Halte-chaleur Rideau"])
    assert [c for c, _ in form.fields["site"].choices] == [
        "Accueil de jour",
        "Halte-chaleur Rideau",
    ]
    html = client_for(network.alice).get(f"/en/clients/{marie.pk}/visits/new/").content.decode()
    assert '<select name="site"' in html
    assert "Halte-chaleur Rideau" in html
    assert "Ancien local" not in html  # closed
    assert "Refuge Saint-Laurent" not in html  # another organization's


def test_the_site_defaults_to_the_only_site_then_to_the_workers_usual_one(
    network, marie, hub_sites
):
    hub_sites["warming"].delete()
    form = client_for(network.alice).get(f"/en/clients/{marie.pk}/visits/new/").context["form"]
    assert form.fields["site"].initial == "Accueil de jour"
    Site.objects.create(program=network.icm, name="Halte-chaleur Rideau", kind="other")
    services.visit_record(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        site="Halte-chaleur Rideau",
    )
    form = client_for(network.alice).get(f"/en/clients/{marie.pk}/visits/new/").context["form"]
    assert form.fields["site"].initial == "Halte-chaleur Rideau"


def test_a_site_of_another_organization_is_refused_by_form_and_service(network, marie, hub_sites):
    response = _post(network.alice, marie, site="Refuge Saint-Laurent", svc_meal="on")
    assert "Select a valid choice." in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.visit_record(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            site="Refuge Saint-Laurent",
        )
    assert "site" in exc.value.message_dict
    assert not Visit.objects.exists()


def test_without_a_site_the_organization_types_it(network, marie):
    html = client_for(network.alice).get(f"/en/clients/{marie.pk}/visits/new/").content.decode()
    assert '<input type="text" name="site"' in html
    assert _post(network.alice, marie, site="Parc Major", svc_meal="on").status_code == 302
    assert Visit.objects.get().site == "Parc Major"


def test_service_totals_show_the_sites_name(network, marie, hub_sites):
    _post(network.alice, marie, site="Accueil de jour", svc_meal="on", qty_meal="2")
    html = (
        client_for(network.alice)
        .get("/en/services/totals/", {"date_from": "2026-11-20", "date_to": "2026-11-20"})
        .content.decode()
    )
    assert "<td>Accueil de jour</td><td>Meal</td><td>2</td>" in html


def test_a_first_visit_starts_the_pathway_at_its_first_stage(network, marie, hub_sites):
    web = client_for(network.alice)
    form = web.get(f"/en/clients/{marie.pk}/visits/new/").context["form"]
    assert form.fields["pathway_stage"].initial == "visit"
    response = _post(
        network.alice, marie, site="Accueil de jour", svc_meal="on", pathway_stage="visit"
    )
    assert response.status_code == 302
    step = PathwayStage.objects.get(client=marie)
    assert step.stage == "visit" and str(step.entered_on) == "2026-11-20"
    assert AuditEvent.objects.filter(client_id=marie.pk, target_type__contains="pathway").exists()
    # Once on the pathway, the visit form no longer offers it.
    form = web.get(f"/en/clients/{marie.pk}/visits/new/").context["form"]
    assert "pathway_stage" not in form.fields


def test_the_stage_may_be_left_for_later(network, marie, hub_sites):
    assert _post(network.alice, marie, site="Accueil de jour", pathway_stage="").status_code == 302
    assert not PathwayStage.objects.exists()


def test_the_service_refuses_a_stage_for_a_client_already_on_the_pathway(network, marie):
    client_access = client_access_for(network.alice, marie)
    services.pathway_move(acting_user=network.alice, client_access=client_access, stage="visit")
    with pytest.raises(ValidationError) as exc:
        services.visit_record(
            acting_user=network.alice, client_access=client_access, pathway_stage="safety"
        )
    assert "pathway_stage" in exc.value.message_dict
    assert not Visit.objects.exists()
    assert PathwayStage.objects.count() == 1


def test_the_registration_form_focuses_its_first_field(network):
    html = client_for(network.alice).get("/en/clients/new/").content.decode()
    first_input = html.index('name="given_name"')
    assert "autofocus" in html[html.rindex("<input", 0, first_input) : first_input + 200]
    assert html.index('name="given_name"') < html.index('name="is_anonymous"')


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_partner_without_consent_may_not_record_a_visit(network, marie, hub_sites, method):
    web = client_for(network.bob)
    url = f"/en/clients/{marie.pk}/visits/new/"
    response = (
        web.get(url)
        if method == "get"
        else web.post(url, {"occurred_at": VISIT_AT, "svc_meal": "on"})
    )
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(network, marie):
    response = client_for(None).get(f"/en/clients/{marie.pk}/visits/new/")
    assert response.status_code == 302 and "/login/" in response["Location"]
