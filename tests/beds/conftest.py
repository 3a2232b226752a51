"""Sites for the beds tests, on top of the ``network`` personas:

* the Refuge (bob's organization) runs an emergency shelter: a men's dorm
  (two beds) and an accessible room for anyone (one bed);
* Maison Marguerite (``marguerite`` organization, ``jennifer`` its worker)
  runs a family shelter with one family room of four beds;
* the hub (alice's Carrefour) runs no site: its workers see availability and
  hold beds for their clients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.accounts.models import Organization, User
from parcours.beds import services
from parcours.beds.models import Bed, Room, Site, SiteKind
from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.households import services as household_services
from parcours.households.models import Household
from tests.api.conftest import openapi  # noqa: F401 — the OpenAPI document fixture
from tests.factories import OrganizationFactory, ProgramFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages and reverse()d URLs in English, as the assertions read them
    (a test that checks French sets the language itself)."""
    with translation.override("en"):
        yield


@dataclass
class Beds:
    shelter: Site
    dorm: Room
    dorm_bed_1: Bed
    dorm_bed_2: Bed
    accessible: Room
    accessible_bed: Bed
    family_site: Site
    family_room: Room
    marguerite: Organization
    jennifer: User
    jennifer_admin: User


@pytest.fixture
def beds(network) -> Beds:
    shelter = services.site_create(
        acting_user=network.bob_admin,
        program=network.shelter_program,
        name="Refuge – dortoirs",
        kind=SiteKind.EMERGENCY_SHELTER,
        night_by_night=True,
    )
    dorm = services.room_create(
        acting_user=network.bob_admin, site=shelter, name="Dortoir A", beds=2, gender="men"
    )
    accessible = services.room_create(
        acting_user=network.bob_admin,
        site=shelter,
        name="Chambre adaptée",
        beds=["A1"],
        accessible=True,
    )
    marguerite = OrganizationFactory(name="Maison Marguerite", kind="shelter")
    family_program = ProgramFactory(organization=marguerite, name="Refuge familial", kind="shelter")
    jennifer = UserFactory(email="jennifer@marguerite.example", organization=marguerite)
    jennifer_admin = UserFactory(
        email="admin@marguerite.example", organization=marguerite, is_org_admin=True
    )
    family_site = services.site_create(
        acting_user=jennifer_admin,
        program=family_program,
        name="Maison Marguerite",
        kind=SiteKind.FAMILY_SHELTER,
    )
    family_room = services.room_create(
        acting_user=jennifer_admin,
        site=family_site,
        name="Chambre familiale 1",
        beds=4,
        is_family_room=True,
    )
    dorm_beds = list(dorm.beds.order_by("label"))
    return Beds(
        shelter=shelter,
        dorm=dorm,
        dorm_bed_1=dorm_beds[0],
        dorm_bed_2=dorm_beds[1],
        accessible=accessible,
        accessible_bed=accessible.beds.get(),
        family_site=family_site,
        family_room=family_room,
        marguerite=marguerite,
        jennifer=jennifer,
        jennifer_admin=jennifer_admin,
    )


@pytest.fixture
def paul(network) -> Client:
    """A man the Refuge registered itself (bob sees him)."""
    return client_register(
        acting_user=network.bob,
        given_name="Paul",
        family_name="Lavoie",
        date_of_birth=dt.date(1970, 5, 2),
    )


def hours_ago(hours: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def days_ago(days: int, hour: int = 20) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@dataclass
class Family:
    household: Household
    mother: Client
    son: Client
    daughter: Client


@pytest.fixture
def family(beds: Beds) -> Family:
    """A mother and two children registered at Maison Marguerite, one household."""
    by = beds.jennifer
    today = timezone.localdate()
    mother = client_register(
        acting_user=by, given_name="Aïcha", family_name="Diallo", date_of_birth=dt.date(1990, 1, 4)
    )
    son = client_register(
        acting_user=by, given_name="Moussa", family_name="Diallo", date_of_birth=dt.date(2016, 6, 1)
    )
    daughter = client_register(
        acting_user=by, given_name="Awa", family_name="Diallo", date_of_birth=dt.date(2019, 9, 9)
    )
    household = household_services.household_create(
        acting_user=by,
        client_access=client_access_for(by, mother),
        formed_on=today - dt.timedelta(days=400),
    )
    for child in (son, daughter):
        household_services.household_member_add(
            acting_user=by,
            household=household,
            client_access=client_access_for(by, child),
            relationship="child",
            joined_on=today - dt.timedelta(days=400),
        )
    return Family(household=household, mother=mother, son=son, daughter=daughter)
