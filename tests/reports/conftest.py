"""Reports fixtures: a frozen clock (15 June 2025, noon in Ottawa), one bed at
a site of each kind run by the Refuge, and helpers that write a person's
history (visits, stays, street contacts, tenancies) days before today."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from parcours.accounts.models import Organization, User
from parcours.beds import services as bed_services
from parcours.beds.models import Bed, SiteKind, Stay, StreetContact
from parcours.clients.models import Client, Visit
from parcours.clients.services import client_register
from parcours.housing.models import HousingUnit, Landlord, Tenancy
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)

TODAY = dt.date(2025, 6, 15)
_TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(dt.datetime(2025, 6, 15, 12, tzinfo=_TORONTO), tick=False):
        yield


def day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def at(on: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(hour), tzinfo=_TORONTO)


@pytest.fixture
def kinds(network) -> dict[str, Bed]:
    beds: dict[str, Bed] = {}
    for kind in SiteKind.values:
        site = bed_services.site_create(
            acting_user=network.bob_admin, program=network.shelter_program, name=kind, kind=kind
        )
        room = bed_services.room_create(acting_user=network.bob_admin, site=site, name="A", beds=60)
        beds[kind] = room.beds.order_by("label").first()
    return beds


def person(by: User, given: str = "Gilles", family: str = "Roy", **extra) -> Client:
    return client_register(acting_user=by, given_name=given, family_name=family, **extra)


def visit(client: Client, on: dt.date, organization: Organization, by: User) -> Visit:
    return Visit.objects.create(
        client=client, occurred_at=at(on), organization=organization, recorded_by=by
    )


def seen(client: Client, on: dt.date, organization: Organization, by: User) -> StreetContact:
    return StreetContact.objects.create(
        client=client, seen_on=on, organization=organization, recorded_by=by
    )


def stay(
    client: Client, bed: Bed, start: dt.date, end: dt.date | None, *, destination: str = ""
) -> Stay:
    busy = Stay.objects.filter(ended_at__isnull=True, bed__isnull=False).values("bed_id")
    free = bed.room.beds.exclude(pk__in=busy).order_by("label").first()
    return Stay.objects.create(
        client=client,
        site=bed.room.site,
        room=bed.room,
        bed=free,
        started_at=at(start, 20),
        ended_at=at(end, 8) if end is not None else None,
        destination=destination,
        exit_reason="left" if end is not None else "",
        booked_in_by=bed.room.site.program.organization.staff.first(),
    )


def tenancy(
    client: Client, by: User, start: dt.date, end: dt.date | None = None, reason: str = ""
) -> Tenancy:
    landlord = Landlord.objects.create(name=f"Landlord {client.pk}", organization=by.organization)
    unit = HousingUnit.objects.create(
        landlord=landlord,
        organization=by.organization,
        address_line="1, rue Murray",
        city="Ottawa",
        unit_type="apartment",
        monthly_rent=900,
        bedrooms=1,
        status="occupied",
    )
    return Tenancy.objects.create(
        client=client,
        unit=unit,
        start_date=start,
        end_date=end,
        end_reason=reason,
        organization=by.organization,
        recorded_by=by,
    )
