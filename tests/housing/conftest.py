"""Housing fixtures on top of the ``network`` personas: the Refuge (bob's
organization) keeps two landlords with units; the Carrefour keeps one. A
staff member of the hospital (not a partner) reads none of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from parcours.accounts.models import User
from parcours.housing.models import HousingUnit, Landlord
from parcours.housing.services import LandlordData, UnitData, landlord_create, unit_create
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)
from tests.conftest import Network
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def make_unit(user: User, landlord: Landlord, **changes) -> HousingUnit:
    values = {
        "address_line": "100, rue Murray, app. 3",
        "city": "Ottawa",
        "unit_type": "apartment",
        "monthly_rent": Decimal("1200"),
        "bedrooms": 1,
        "available_from": timezone.localdate(),
    }
    values.update(changes)
    return unit_create(acting_user=user, landlord=landlord, data=UnitData(**values))


@dataclass
class Housing:
    lalonde: Landlord
    rideau: Landlord
    vanier: Landlord
    studio: HousingUnit
    family: HousingUnit
    room: HousingUnit
    occupied: HousingUnit
    later: HousingUnit
    hospital_staff: User


@pytest.fixture
def housing(network: Network) -> Housing:
    bob, alice = network.bob, network.alice
    today = timezone.localdate()
    lalonde = landlord_create(
        acting_user=bob,
        data=LandlordData(
            name="Gérard Lalonde",
            phone="613-555-0111",
            email="g.lalonde@example.example",
            languages=["fr"],
        ),
    )
    rideau = landlord_create(
        acting_user=bob,
        data=LandlordData(
            name="Gestion immobilière Rideau",
            kind="company",
            contact_person="Emily Clarke",
            languages=["fr", "en"],
        ),
    )
    vanier = landlord_create(
        acting_user=alice, data=LandlordData(name="Habitations Vanier", kind="company")
    )
    studio = make_unit(bob, lalonde, bedrooms=0, monthly_rent=Decimal("850"))
    family = make_unit(
        bob,
        rideau,
        address_line="45, avenue Beechwood",
        bedrooms=3,
        monthly_rent=Decimal("1900"),
        pets_allowed=True,
        wheelchair_accessible=True,
        available_from=today - dt.timedelta(days=3),
    )
    room = make_unit(
        alice,
        vanier,
        address_line="12, rue Dalhousie",
        city="Gatineau",
        province="QC",
        unit_type="room",
        bedrooms=0,
        monthly_rent=Decimal("600"),
        pets_allowed=True,
    )
    occupied = make_unit(bob, rideau, status="occupied", available_from=None)
    later = make_unit(
        bob, rideau, address_line="9, rue Nelson", available_from=today + dt.timedelta(days=30)
    )
    hospital_staff = UserFactory(organization=network.hospital)
    return Housing(lalonde, rideau, vanier, studio, family, room, occupied, later, hospital_staff)
