"""A family for the households tests: registered by the hub (Carrefour, alice).

* ``julie`` — the mother, 34;
* ``marc`` — her partner, 36;
* ``leo`` — their son, 8;
* ``emma`` — Julie's daughter, 15 (turns 16 in ``EMMA_BIRTHDAY_IN`` days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from parcours.access import client_access_for
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.households import services
from parcours.households.ages import years_before
from parcours.households.models import Household
from tests.api.conftest import openapi  # noqa: F401  (the OpenAPI document, for API tests)

EMMA_BIRTHDAY_IN = 30


def born(years: int, days: int = 0) -> dt.date:
    """The date of birth of someone ``years`` old today (plus ``days`` to wait
    before the birthday)."""
    return years_before(timezone.localdate(), years) + dt.timedelta(days=days)


def register(by: User, given: str, family: str, dob: dt.date | None) -> Client:
    return client_register(acting_user=by, given_name=given, family_name=family, date_of_birth=dob)


@dataclass
class Family:
    household: Household
    julie: Client
    marc: Client
    leo: Client
    emma: Client


def add(by: User, household: Household, client: Client, relationship: str, joined_on: dt.date):
    return services.household_member_add(
        acting_user=by,
        household=household,
        client_access=client_access_for(by, client),
        relationship=relationship,
        joined_on=joined_on,
    )


@pytest.fixture
def family(network) -> Family:
    alice = network.alice
    julie = register(alice, "Julie", "Tremblay", born(34))
    marc = register(alice, "Marc", "Bouchard", born(36))
    leo = register(alice, "Léo", "Bouchard", born(8))
    emma = register(alice, "Emma", "Tremblay", born(16, days=EMMA_BIRTHDAY_IN))
    since = timezone.localdate() - dt.timedelta(days=200)
    household = services.household_create(
        acting_user=alice, client_access=client_access_for(alice, julie), formed_on=since
    )
    add(alice, household, marc, "spouse_partner", since)
    add(alice, household, leo, "child", since)
    add(alice, household, emma, "child", since)
    for child in (leo, emma):
        services.guardianship_add(
            acting_user=alice,
            household=household,
            dependent=client_access_for(alice, child),
            guardian=client_access_for(alice, julie),
            start_date=since,
        )
    household.refresh_from_db()
    return Family(household=household, julie=julie, marc=marc, leo=leo, emma=emma)
