"""Every write about landlords and units leaves its audit row (who, what,
before and after), in the same transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from parcours.core.audit import audit_verify_chain
from parcours.core.models import AuditAction, AuditEvent
from parcours.housing.services import (
    LandlordData,
    UnitData,
    landlord_contact_add,
    landlord_create,
    landlord_update,
    unit_create,
    unit_inspection_record,
    unit_update,
)
from tests.conftest import Network

pytestmark = pytest.mark.django_db


def last(target_type: str) -> AuditEvent:
    return AuditEvent.objects.filter(target_type=target_type).order_by("-id").first()


def test_every_write_is_audited(network: Network):
    bob = network.bob
    landlord = landlord_create(acting_user=bob, data=LandlordData(name="Gérard Lalonde"))
    event = last("housing.landlord")
    assert (event.action, event.actor, event.organization) == (
        AuditAction.CREATE,
        bob,
        network.refuge,
    )
    assert event.target_id == str(landlord.pk) and event.after["name"] == "Gérard Lalonde"
    assert event.client_id is None

    landlord_update(
        acting_user=bob, landlord=landlord, data=LandlordData(name="Gérard Lalonde inc.")
    )
    event = last("housing.landlord")
    assert event.action == AuditAction.UPDATE
    assert (event.before["name"], event.after["name"]) == ("Gérard Lalonde", "Gérard Lalonde inc.")

    data = UnitData(
        address_line="1, rue Murray",
        city="Ottawa",
        unit_type="room",
        monthly_rent=Decimal("650.00"),
        available_from=timezone.localdate(),
    )
    unit = unit_create(acting_user=bob, landlord=landlord, data=data)
    event = last("housing.housingunit")
    assert event.action == AuditAction.CREATE and event.after["monthly_rent"] == "650.00"

    data.monthly_rent = Decimal("700")
    unit_update(acting_user=bob, unit=unit, data=data)
    event = last("housing.housingunit")
    assert (event.before["monthly_rent"], event.after["monthly_rent"]) == ("650.00", "700")

    landlord_contact_add(
        acting_user=bob,
        landlord=landlord,
        date=timezone.localdate(),
        kind="mediation",
        summary="Médiation",
    )
    assert last("housing.landlordcontactlog").after["kind"] == "mediation"
    unit_inspection_record(acting_user=bob, unit=unit, date=timezone.localdate(), condition="good")
    assert last("housing.unitinspection").after["condition"] == "good"
    assert audit_verify_chain().ok
