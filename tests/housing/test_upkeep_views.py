"""The screens of repairs, damages and budgeting help: each refuses who may
not (route × persona), writes through the services, audits reads of client
records; the unit page shows its repairs in a fixed number of queries; the
tenancy panel's "Refer for legal advice" opens the referral form preset."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.coordination.models import DirectoryOrganization, Service
from parcours.core.models import AuditAction, AuditEvent
from parcours.housing.models import BudgetingSession, DamageRecord, RepairRequest
from tests.conftest import client_for, share
from tests.housing.upkeep_helpers import (
    add_goal,
    budgeting,
    damage,
    days_ago,
    repair,
    start_tenancy,
)

pytestmark = pytest.mark.django_db


def _repair_post(**changes) -> dict:
    data = {
        "kind": "repair",
        "description": "Fenêtre brisée",
        "reported_on": days_ago(2).isoformat(),
        "reported_by": "Locataire",
        "handled_by": "landlord",
        "status": "open",
    }
    data.update(changes)
    return data


# --- Repairs ------------------------------------------------------------------------------


def test_the_keeper_records_a_repair_from_the_unit_page(network, housing):
    web = client_for(network.bob)
    unit_page = web.get(reverse("housing:unit", kwargs={"unit_id": housing.studio.pk}))
    assert 'id="repair-new"' in unit_page.content.decode()
    url = reverse("housing:repair_new", kwargs={"unit_id": housing.studio.pk})
    assert web.get(url).status_code == 200
    response = web.post(url, _repair_post())
    assert response.status_code == 302
    leak = RepairRequest.objects.get()
    page = web.get(reverse("housing:unit", kwargs={"unit_id": housing.studio.pk})).content.decode()
    assert "Fenêtre brisée" in page and 'id="open-repairs"' in page and "1 open" in page
    listing = web.get(reverse("housing:unit_repairs", kwargs={"unit_id": housing.studio.pk}))
    assert listing.status_code == 200 and "Fenêtre brisée" in listing.content.decode()
    status_url = reverse("housing:repair_status", kwargs={"repair_id": leak.pk})
    assert web.get(status_url).status_code == 200
    done = web.post(status_url, {"status": "done", "cost": "95.50"})
    assert done.status_code == 302
    leak.refresh_from_db()
    assert (leak.status, leak.cost) == ("done", Decimal("95.50"))


def test_bad_repair_input_is_a_422_and_nothing_is_written(network, housing):
    web = client_for(network.bob)
    url = reverse("housing:repair_new", kwargs={"unit_id": housing.studio.pk})
    response = web.post(url, _repair_post(status="done", done_on=days_ago(9).isoformat()))
    assert response.status_code == 422
    assert "before it was reported" in response.content.decode()
    response = web.post(url, _repair_post(cost="-5"))
    assert response.status_code == 422
    assert not RepairRequest.objects.exists()


def test_repair_routes_by_persona(network, housing):
    leak = repair(network.bob, housing.studio)
    read = reverse("housing:unit_repairs", kwargs={"unit_id": housing.studio.pk})
    writes = [
        reverse("housing:repair_new", kwargs={"unit_id": housing.studio.pk}),
        reverse("housing:repair_status", kwargs={"repair_id": leak.pk}),
    ]
    alice = client_for(network.alice)  # another partner: reads, may not write
    assert alice.get(read).status_code == 200
    for url in writes:
        assert alice.get(url).status_code == 403, url
        assert alice.post(url, _repair_post()).status_code == 403, url
    hospital = client_for(housing.hospital_staff)
    assert hospital.get(read).status_code == 403
    for url in writes:
        assert hospital.get(url).status_code == 403, url
    assert client_for(None).get(read).status_code == 302
    leak.refresh_from_db()
    assert leak.status == "open" and RepairRequest.objects.count() == 1


def test_a_tenants_worker_records_a_repair_from_the_client_file(network, housing, marie):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    web = client_for(network.alice)
    file = web.get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    ).content.decode()
    assert 'id="tenancy-repair-new"' in file
    url = reverse("housing:repair_new", kwargs={"unit_id": housing.studio.pk})
    response = web.post(f"{url}?tenancy={tenancy.pk}", {**_repair_post(), "next": "client"})
    assert response.status_code == 302 and response["Location"].endswith("#housing")
    assert RepairRequest.objects.get().tenancy == tenancy
    file = web.get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    ).content.decode()
    assert "Fenêtre brisée" in file
    # Bob (the unit's keeper) without the client's consent: a tenancy he cannot see is a 404.
    bob = client_for(network.bob)
    assert bob.get(f"{url}?tenancy={tenancy.pk}").status_code == 404


def test_reading_linked_repairs_on_the_unit_is_audited(network, housing, marie):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    repair(network.alice, housing.studio, tenancy=tenancy)
    client_for(network.alice).get(reverse("housing:unit", kwargs={"unit_id": housing.studio.pk}))
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, client_id=marie.pk).last()
    assert event.detail["section"] == "repairs"


def test_the_unit_page_with_repairs_costs_a_fixed_number_of_queries(network, housing):
    web = client_for(network.bob)
    url = reverse("housing:unit", kwargs={"unit_id": housing.studio.pk})
    repair(network.bob, housing.studio)
    web.get(url)
    with CaptureQueriesContext(connection) as few:
        assert web.get(url).status_code == 200
    for _ in range(12):
        repair(network.bob, housing.studio, kind="cleaning")
    with CaptureQueriesContext(connection) as many:
        assert web.get(url).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 25
    repairs_url = reverse("housing:unit_repairs", kwargs={"unit_id": housing.studio.pk})
    with CaptureQueriesContext(connection) as listing:
        assert web.get(f"{repairs_url}?sort=-cost").status_code == 200
    assert len(listing) <= 25


# --- Damages ------------------------------------------------------------------------------


def test_damages_in_the_tenancy_panel_with_totals_and_settling(network, housing, marie):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    web = client_for(network.alice)
    url = reverse("housing:damage_new", kwargs={"tenancy_id": tenancy.pk})
    assert web.get(url).status_code == 200
    bad = web.post(
        url,
        {"found_on": days_ago(1).isoformat(), "description": "x", "cost": "0", "paid_by": "tenant"},
    )
    assert bad.status_code == 422 and not DamageRecord.objects.exists()
    good = web.post(
        url,
        {
            "found_on": days_ago(1).isoformat(),
            "description": "Mur troué",
            "cost": "300",
            "paid_by": "shared",
            "repayment_plan": "50 $/mois",
        },
    )
    assert good.status_code == 302
    damage(network.alice, tenancy, cost=Decimal("100"))
    file = web.get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    ).content.decode()
    assert 'id="damage-totals"' in file and "400.00 $" in file
    row = DamageRecord.objects.get(description="Mur troué")
    settle = web.post(reverse("housing:damage_settle", kwargs={"damage_id": row.pk}))
    assert settle.status_code == 302
    row.refresh_from_db()
    assert row.settled


def test_damage_routes_by_persona(network, housing, marie):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    row = damage(network.alice, tenancy)
    new = reverse("housing:damage_new", kwargs={"tenancy_id": tenancy.pk})
    settle = reverse("housing:damage_settle", kwargs={"damage_id": row.pk})
    bob = client_for(network.bob)
    assert bob.get(new).status_code == 404
    assert bob.post(settle).status_code == 404
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(new).status_code == 404  # the tenancy is housing data, not shared
    hospital = client_for(housing.hospital_staff)
    assert hospital.get(new).status_code in (403, 404)
    assert hospital.post(settle).status_code in (403, 404)
    assert client_for(None).get(new).status_code == 302
    assert bob.get(settle).status_code == 405
    row.refresh_from_db()
    assert not row.settled and DamageRecord.objects.count() == 1


# --- Legal advice -------------------------------------------------------------------------


def test_refer_for_legal_advice_opens_the_referral_form_preset(network, housing, marie):
    start_tenancy(network.alice, marie, housing.studio)
    goal = add_goal(network.alice, marie, "Garder mon logement malgré l'avis d'expulsion")
    goal.sub_domain = "legal"
    goal.save(update_fields=["sub_domain"])
    clinic = DirectoryOrganization.objects.create(name="Clinique juridique communautaire")
    legal = Service.objects.create(
        organization=clinic,
        name="Aide en droit du logement",
        support_type="complementary",
        sub_domain="legal",
    )
    Service.objects.create(
        organization=clinic,
        name="Carte santé",
        support_type="complementary",
        sub_domain="identification",
    )
    web = client_for(network.alice)
    file = web.get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    ).content.decode()
    link = reverse("coordination:referral_new", kwargs={"client_id": marie.pk}) + "?need=legal"
    assert f'href="{link}" id="legal-referral"' in file
    form = web.get(link)
    assert form.status_code == 200
    context = form.context["form"]
    assert context.initial["service"] == legal.pk
    assert context.initial["goal"] == goal.pk
    assert list(context.fields["service"].queryset) == [legal]
    assert 'id="referral-need"' in form.content.decode()


# --- Budgeting help -----------------------------------------------------------------------


def test_budgeting_help_on_the_client_file_and_the_goal(network, housing, marie):
    goal = add_goal(network.alice, marie)
    web = client_for(network.alice)
    url = reverse("housing:budgeting_new", kwargs={"client_id": marie.pk})
    assert web.get(f"{url}?goal={goal.pk}").status_code == 200
    bad = web.post(
        url, {"date": days_ago(1).isoformat(), "duration_minutes": "600", "topics": ["bills"]}
    )
    assert bad.status_code == 422 and not BudgetingSession.objects.exists()
    good = web.post(
        url,
        {
            "date": days_ago(1).isoformat(),
            "duration_minutes": "60",
            "topics": ["bills", "banking"],
            "notes": "Compte ouvert",
            "goal": str(goal.pk),
        },
    )
    assert good.status_code == 302 and good["Location"].endswith("#budgeting")
    file = web.get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    ).content.decode()
    assert 'id="budgeting"' in file and "Compte ouvert" in file
    listing = web.get(reverse("housing:budgeting", kwargs={"client_id": marie.pk}))
    assert listing.status_code == 200 and "Compte ouvert" in listing.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="budgeting"
    ).exists()
    plan = web.get(reverse("casework:plan", kwargs={"client_id": marie.pk})).content.decode()
    assert f'id="goal-budgeting-{goal.pk}"' in plan


def test_budgeting_routes_by_persona(network, housing, marie):
    budgeting(network.alice, marie)
    urls = [
        reverse("housing:budgeting", kwargs={"client_id": marie.pk}),
        reverse("housing:budgeting_new", kwargs={"client_id": marie.pk}),
    ]
    bob = client_for(network.bob)
    for url in urls:
        assert bob.get(url).status_code == 404, url
    share(
        marie, by=network.alice, categories=["identity", "housing"], organizations=[network.refuge]
    )
    assert bob.get(urls[1]).status_code == 403  # financial not shared
    assert (
        bob.post(
            urls[1],
            {"date": days_ago(1).isoformat(), "duration_minutes": "30", "topics": ["bills"]},
        ).status_code
        == 403
    )
    listing = bob.get(urls[0])
    assert listing.status_code == 200 and "Budget mensuel" not in listing.content.decode()
    hospital = client_for(housing.hospital_staff)
    for url in urls:
        assert hospital.get(url).status_code in (403, 404), url
    assert client_for(None).get(urls[0]).status_code == 302
    assert BudgetingSession.objects.count() == 1
