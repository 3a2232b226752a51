"""``access.restrict()`` knows every housing model: landlords, units, their
logs and inspections are partner data (every partner reads, the keeper
changes, a hospital sees nothing); tenancies, move-in and damages are the
client's housing category; an unlinked repair is partner data, a linked one
the tenancy's; budgeting help is the financial category."""

from __future__ import annotations

import pytest
from django.utils import timezone

from parcours.access import Action, restrict
from parcours.housing.models import (
    BudgetingSession,
    DamageRecord,
    HousingUnit,
    Landlord,
    LandlordContactLog,
    MoveInChecklist,
    RepairRequest,
    Tenancy,
    UnitInspection,
)
from parcours.housing.services import landlord_contact_add, unit_inspection_record
from tests.conftest import share
from tests.housing.upkeep_helpers import budgeting, damage, repair, start_tenancy

pytestmark = pytest.mark.django_db


def ids(model, user, action=Action.VIEW) -> set:
    return set(restrict(model.objects.all(), user, action).values_list("pk", flat=True))


@pytest.fixture
def records(network, housing, marie):
    alice, bob = network.alice, network.bob
    log = landlord_contact_add(
        acting_user=bob,
        landlord=housing.lalonde,
        date=timezone.localdate(),
        kind="call",
        summary="Appel",
    )
    inspection = unit_inspection_record(
        acting_user=bob, unit=housing.studio, date=timezone.localdate(), condition="good"
    )
    tenancy = start_tenancy(alice, marie, housing.room)
    return {
        "log": log,
        "inspection": inspection,
        "tenancy": tenancy,
        "unlinked": repair(bob, housing.studio),
        "linked": repair(alice, housing.room, tenancy=tenancy),
        "damage": damage(alice, tenancy),
        "session": budgeting(alice, marie),
    }


def test_partner_data_is_read_by_every_partner_and_changed_by_its_keeper(network, housing, records):
    alice, bob = network.alice, network.bob
    for user in (alice, bob):
        assert housing.lalonde.pk in ids(Landlord, user)
        assert housing.studio.pk in ids(HousingUnit, user)
        assert records["log"].pk in ids(LandlordContactLog, user)
        assert records["inspection"].pk in ids(UnitInspection, user)
        assert records["unlinked"].pk in ids(RepairRequest, user)
    # Refuge keeps Lalonde and the studio; Carrefour keeps Vanier and the room.
    assert housing.lalonde.pk in ids(Landlord, bob, Action.CHANGE)
    assert housing.lalonde.pk not in ids(Landlord, alice, Action.CHANGE)
    assert housing.vanier.pk in ids(Landlord, alice, Action.CHANGE)
    assert housing.studio.pk in ids(HousingUnit, bob, Action.CHANGE)
    assert housing.studio.pk not in ids(HousingUnit, alice, Action.CHANGE)
    assert records["log"].pk not in ids(LandlordContactLog, alice, Action.CHANGE)
    assert records["inspection"].pk in ids(UnitInspection, bob, Action.CHANGE)
    assert records["unlinked"].pk in ids(RepairRequest, bob, Action.CHANGE)
    assert records["unlinked"].pk not in ids(RepairRequest, alice, Action.CHANGE)


def test_hospital_staff_see_no_housing_at_all(network, housing, records):
    hospital = housing.hospital_staff
    for model in (
        Landlord,
        HousingUnit,
        LandlordContactLog,
        UnitInspection,
        Tenancy,
        MoveInChecklist,
        RepairRequest,
        DamageRecord,
        BudgetingSession,
    ):
        assert ids(model, hospital) == set(), model
        assert ids(model, hospital, Action.CHANGE) == set(), model


def test_client_data_follows_the_clients_consent(network, housing, marie, records):
    alice, bob = network.alice, network.bob
    tenancy = records["tenancy"]
    client_rows = {
        Tenancy: tenancy.pk,
        MoveInChecklist: tenancy.move_in.pk,
        DamageRecord: records["damage"].pk,
        BudgetingSession: records["session"].pk,
    }
    for model, pk in client_rows.items():
        assert pk in ids(model, alice), model
        assert pk in ids(model, alice, Action.CHANGE), model
        # A partner the client shares nothing with.
        assert pk not in ids(model, bob), model
        assert pk not in ids(model, bob, Action.CHANGE), model
    assert records["linked"].pk in ids(RepairRequest, alice)
    assert records["linked"].pk not in ids(RepairRequest, bob)

    # Housing shared with Refuge: tenancies, move-in, damages, linked repairs; not budgeting.
    share(marie, by=alice, categories=["identity", "housing"], organizations=[network.refuge])
    assert tenancy.pk in ids(Tenancy, bob, Action.CHANGE)
    assert tenancy.move_in.pk in ids(MoveInChecklist, bob)
    assert records["damage"].pk in ids(DamageRecord, bob, Action.CHANGE)
    assert records["linked"].pk in ids(RepairRequest, bob, Action.CHANGE)
    assert records["session"].pk not in ids(BudgetingSession, bob)

    share(marie, by=alice, categories=["identity", "financial"], organizations=[network.refuge])
    assert records["session"].pk in ids(BudgetingSession, bob, Action.CHANGE)
