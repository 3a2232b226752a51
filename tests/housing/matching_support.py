"""Fixtures of the matching tests: three homeless clients the hub (Carrefour,
alice) registered, with preferences (Anne: at most 1000 $, in Ottawa; Bruno:
at most 2000 $; Chloé: in Gatineau, not on Beechwood), and helpers to make and answer offers.

The Refuge (bob) keeps the ``housing`` fixture's studio (850 $, 0 bedroom),
family (1900 $, 3 bedrooms, pets, wheelchair accessible) and later units;
the Carrefour keeps the room (Gatineau, 600 $, pets)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from parcours.access import client_access_for
from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.housing.matching import PreferenceData, offer_answer, offer_make, preferences_save
from parcours.housing.models import HousingOffer, HousingPreference, HousingUnit
from parcours.housing.priority import Priority

# The fake priority provider's answers, set by a test (see ``ranked``).
FAKE_PRIORITY: dict[uuid.UUID, int] = {}


def fake_priorities(client_ids, on: dt.date) -> dict[uuid.UUID, Priority]:
    return {
        cid: Priority(key=(FAKE_PRIORITY.get(cid, 99),), reasons=[f"rank {FAKE_PRIORITY.get(cid)}"])
        for cid in client_ids
    }


@dataclass
class People:
    anne: Client
    bruno: Client
    chloe: Client


def prefs(user, client: Client, **values) -> HousingPreference:
    return preferences_save(
        acting_user=user,
        client_access=client_access_for(user, client),
        data=PreferenceData(**values),
    )


def offer(user, client: Client, unit: HousingUnit, **kwargs) -> HousingOffer:
    return offer_make(
        acting_user=user, client_access=client_access_for(user, client), unit=unit, **kwargs
    )


def answer(user, the_offer: HousingOffer, answer: str, **kwargs) -> HousingOffer:
    return offer_answer(
        acting_user=user,
        client_access=client_access_for(user, the_offer.client),
        offer=the_offer,
        answer=answer,
        **kwargs,
    )


@pytest.fixture(name="people")
def people_fixture(network) -> People:
    alice = network.alice
    anne = client_register(acting_user=alice, given_name="Anne", family_name="Bélanger")
    bruno = client_register(acting_user=alice, given_name="Bruno", family_name="Charron")
    chloe = client_register(acting_user=alice, given_name="Chloé", family_name="Dubé")
    prefs(alice, anne, max_rent=Decimal("1000"), areas=["Ottawa"])
    prefs(alice, bruno, max_rent=Decimal("2000"))
    prefs(alice, chloe, areas=["Gatineau"], areas_to_avoid=["Beechwood"])
    return People(anne, bruno, chloe)


@pytest.fixture(name="ranked")
def ranked_fixture(settings):
    """Priority from ``FAKE_PRIORITY`` (client id → rank)."""
    settings.HOUSING_PRIORITY_PROVIDER = "tests.housing.matching_support.fake_priorities"
    FAKE_PRIORITY.clear()
    yield FAKE_PRIORITY
    FAKE_PRIORITY.clear()
