"""Repairs, damages and budgeting help through the services: who may
record them, validation with nothing written, and the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parcours.access import client_access_for
from parcours.access.housing_upkeep import (
    budgeting_sessions_of,
    damages_of,
    repairs_of_unit,
)
from parcours.core.audit import audit_verify_chain
from parcours.core.models import AuditAction, AuditEvent
from parcours.housing.models import BudgetingSession, DamageRecord, RepairRequest
from parcours.housing.upkeep import damage_settle, repair_update_status
from parcours.housing.upkeep_selectors import damage_totals, open_repair_count
from tests.beds.conftest import paul  # noqa: F401 (fixture)
from tests.conftest import share
from tests.housing.upkeep_helpers import (
    add_goal,
    budgeting,
    damage,
    days_ago,
    repair,
    start_tenancy,
)

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int, int]:
    return (
        RepairRequest.objects.count(),
        DamageRecord.objects.count(),
        BudgetingSession.objects.count(),
        AuditEvent.objects.count(),
    )


# --- Repairs ------------------------------------------------------------------------------


def test_the_unit_keeper_records_a_repair_and_its_open_count(network, housing):
    bob = network.bob
    leak = repair(bob, housing.studio)
    repair(bob, housing.studio, kind="cleaning", status="scheduled")
    repair(bob, housing.studio, kind="pest_control", status="done", done_on=days_ago(1))
    assert open_repair_count(bob, housing.studio) == 2
    # Partner data: another partner's staff reads it but may not record one.
    assert leak in repairs_of_unit(network.alice, housing.studio)
    with pytest.raises(PermissionDenied):
        repair(network.alice, housing.studio)
    assert not repairs_of_unit(housing.hospital_staff, housing.studio).exists()


def test_a_repair_moves_to_done_with_its_date_and_cost(network, housing):
    leak = repair(network.bob, housing.studio)
    repair_update_status(
        acting_user=network.bob, repair=leak, status="done", cost=Decimal("180.00")
    )
    leak.refresh_from_db()
    assert (leak.status, leak.cost) == ("done", Decimal("180.00"))
    assert leak.done_on is not None
    event = AuditEvent.objects.filter(target_id=str(leak.pk)).order_by("-id").first()
    assert event.action == AuditAction.UPDATE
    assert (event.before["status"], event.after["status"]) == ("open", "done")
    assert event.after["cost"] == "180.00"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cost": Decimal("-1")}, "cost"),
        ({"status": "done", "done_on": days_ago(10)}, "done_on"),
        ({"reported_on": days_ago(-3)}, "reported_on"),
        ({"description": "  "}, "description"),
        ({"kind": "painting"}, "kind"),
        ({"status": "open", "done_on": days_ago(1)}, "done_on"),
    ],
)
def test_bad_repairs_are_refused_and_nothing_is_written(network, housing, changes, field):
    before = _written()
    with pytest.raises(ValidationError) as caught:
        repair(network.bob, housing.studio, **changes)
    assert field in caught.value.message_dict
    assert _written() == before


def test_done_before_reported_is_refused_on_update_too(network, housing):
    leak = repair(network.bob, housing.studio)
    before = _written()
    with pytest.raises(ValidationError) as caught:
        repair_update_status(
            acting_user=network.bob, repair=leak, status="done", done_on=days_ago(30)
        )
    assert "before it was reported" in caught.value.message_dict["done_on"][0]
    assert _written() == before
    leak.refresh_from_db()
    assert leak.status == "open"


def test_a_repair_linked_to_a_tenancy_follows_the_tenancys_policy(network, housing, marie):
    alice, bob = network.alice, network.bob
    tenancy = start_tenancy(alice, marie, housing.studio)
    # Alice is the tenant's worker: she records a repair of a unit Refuge keeps.
    linked = repair(alice, housing.studio, tenancy=tenancy)
    assert linked.organization == network.carrefour
    event = AuditEvent.objects.get(target_id=str(linked.pk))
    assert event.client_id == marie.pk
    # Bob keeps the unit but the client shares nothing with Refuge: he does not see it.
    assert linked not in repairs_of_unit(bob, housing.studio)
    share(marie, by=alice, categories=["identity", "housing"], organizations=[network.refuge])
    assert linked in repairs_of_unit(bob, housing.studio)


def test_a_tenancy_of_another_unit_is_refused(network, housing, marie):
    tenancy = start_tenancy(network.alice, marie, housing.room)
    before = _written()
    with pytest.raises(ValidationError) as caught:
        repair(network.alice, housing.studio, tenancy=tenancy)
    assert "tenancy" in caught.value.message_dict
    assert _written() == before


# --- Damages ------------------------------------------------------------------------------


def test_damages_of_a_tenancy_with_totals_and_settling(network, housing, marie):
    alice = network.alice
    tenancy = start_tenancy(alice, marie, housing.studio)
    door = damage(alice, tenancy)
    damage(alice, tenancy, cost=Decimal("100"), paid_by="program", repayment_plan="")
    damage_settle(acting_user=alice, client_access=client_access_for(alice, marie), damage=door)
    rows = list(damages_of(client_access_for(alice, marie)))
    totals = damage_totals(rows)
    assert (totals.count, totals.total, totals.outstanding) == (2, Decimal("350"), Decimal("100"))
    door.refresh_from_db()
    assert door.settled
    assert AuditEvent.objects.filter(
        target_id=str(door.pk), action=AuditAction.UPDATE, client_id=marie.pk
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cost": Decimal("0")}, "cost"),
        ({"cost": Decimal("-20")}, "cost"),
        ({"found_on": days_ago(400)}, "found_on"),
        ({"paid_by": "nobody"}, "paid_by"),
    ],
)
def test_bad_damages_are_refused_and_nothing_is_written(network, housing, marie, changes, field):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    before = _written()
    with pytest.raises(ValidationError) as caught:
        damage(network.alice, tenancy, **changes)
    assert field in caught.value.message_dict
    assert _written() == before


def test_damages_need_the_housing_category(network, housing, marie):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    before = _written()
    with pytest.raises(PermissionDenied):
        damage(network.bob, tenancy)
    assert _written() == before
    damage(network.alice, tenancy)
    assert not damages_of(client_access_for(network.bob, marie)).exists()


# --- Budgeting help -----------------------------------------------------------------------


def test_a_budgeting_session_serves_a_goal_of_the_client(network, housing, marie):
    goal = add_goal(network.alice, marie)
    session = budgeting(network.alice, marie, goal=goal, topics=["debts", "debts", "bills"])
    assert session.goal == goal and session.topics == ["debts", "bills"]
    event = AuditEvent.objects.get(target_id=str(session.pk))
    assert event.client_id == marie.pk and event.after["goal_id"] == str(goal.pk)


def test_a_goal_of_another_client_is_refused(network, housing, marie, paul):  # noqa: F811
    other_goal = add_goal(network.bob, paul, "Payer mes dettes")
    before = _written()
    with pytest.raises(ValidationError) as caught:
        budgeting(network.alice, marie, goal=other_goal)
    assert caught.value.message_dict["goal"] == ["This goal is not in this client's plan."]
    assert _written() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"topics": []}, "topics"),
        ({"topics": ["gambling"]}, "topics"),
        ({"date": days_ago(-2)}, "date"),
    ],
)
def test_bad_budgeting_sessions_are_refused(network, housing, marie, changes, field):
    before = _written()
    with pytest.raises(ValidationError) as caught:
        budgeting(network.alice, marie, **changes)
    assert field in caught.value.message_dict
    assert _written() == before


def test_budgeting_is_financial_data(network, housing, marie):
    alice, bob = network.alice, network.bob
    budgeting(alice, marie)
    share(marie, by=alice, categories=["identity", "housing"], organizations=[network.refuge])
    with pytest.raises(PermissionDenied):
        budgeting(bob, marie)
    assert not budgeting_sessions_of(client_access_for(bob, marie)).exists()
    share(marie, by=alice, categories=["identity", "financial"], organizations=[network.refuge])
    assert budgeting_sessions_of(client_access_for(bob, marie)).count() == 1
    budgeting(bob, marie)
    assert budgeting_sessions_of(client_access_for(bob, marie)).count() == 2
    # The registering organization sees what it wrote; Refuge's session only
    # if the client shares their financial category with it.
    assert budgeting_sessions_of(client_access_for(alice, marie)).count() == 1
    assert audit_verify_chain().ok
