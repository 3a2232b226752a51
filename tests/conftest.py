"""Personas for every test (the healthchecks alice/bob/charlie pattern):

* ``alice`` — case manager at the hub "Carrefour", member of its ICM program
  and team;
* ``alice_admin`` — administrator of the same organization;
* ``bob`` — case manager at another partner, "Refuge";
* ``bob_admin`` — administrator of "Refuge";
* ``nurse`` — a clinical colleague of alice's;
* ``root`` — a network superuser.

The suite must pass on any date. ``PARCOURS_TEST_CLOCK`` runs it as if it
were another day: ``2027-12-06`` (noon in Toronto), ``2027-12-06T23:30``
(Toronto time), or ``+365`` / ``-30`` (days from now). The clock still ticks.
CI runs the demo tests a year ahead (``.ci/run``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import factory.random
import pytest
import time_machine
from django.test import Client as WebClient
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from parcours.access import client_access_for
from parcours.accounts.models import Discipline, Organization, Program, Team, User
from parcours.clients.models import Client, ConsentDirective
from parcours.clients.services import client_register, consent_directive_create
from tests.factories import (
    OrganizationFactory,
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

# Property tests draw the same examples on every run (a seed derived from
# each test): the suite passes or fails the same way on any machine and day.
hypothesis_settings.register_profile("parcours", derandomize=True, database=None)
hypothesis_settings.load_profile("parcours")

CLOCK_VARIABLE = "PARCOURS_TEST_CLOCK"
_TORONTO = ZoneInfo("America/Toronto")
_clock: Any = None


def clock_from(value: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """The moment ``PARCOURS_TEST_CLOCK`` names (see the module's docstring)."""
    value = value.strip()
    if value[:1] in "+-":
        return (now or dt.datetime.now(_TORONTO)) + dt.timedelta(days=int(value))
    moment = dt.datetime.fromisoformat(value)
    if len(value) <= len("2027-12-06"):
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=_TORONTO)


def pytest_configure(config: pytest.Config) -> None:
    """Travel to ``PARCOURS_TEST_CLOCK`` for the whole session (before the
    test database is made), when it is set."""
    global _clock
    value = os.environ.get(CLOCK_VARIABLE, "")
    if value and _clock is None:
        _clock = time_machine.travel(clock_from(value), tick=True)
        _clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _clock
    if _clock is not None:
        _clock.stop()
        _clock = None


def pytest_report_header(config: pytest.Config) -> str | None:
    value = os.environ.get(CLOCK_VARIABLE, "")
    if not value:
        return None
    return f"{CLOCK_VARIABLE}={value}: the clock reads {dt.datetime.now(_TORONTO).isoformat()}"


@pytest.fixture(autouse=True)
def _seeded_factories() -> None:
    """The factories' fake names and birth dates are the same in every run and
    whatever the order of the tests (each test starts from the same seed)."""
    factory.random.reseed_random("parcours")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests hash with MD5 unless they check hashing itself
    (see test_passwords_are_hashed_with_argon2)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@dataclass
class Network:
    carrefour: Organization
    refuge: Organization
    hospital: Organization
    icm: Program
    shelter_program: Program
    icm_team: Team
    alice: User
    alice_admin: User
    nurse: User
    bob: User
    bob_admin: User
    root: User


@pytest.fixture
def network(db: None) -> Network:
    carrefour = OrganizationFactory(name="Carrefour Centre-Ville", kind="hub")
    refuge = OrganizationFactory(name="Refuge Saint-Laurent", kind="shelter")
    hospital = OrganizationFactory(name="Hôpital Général", kind="hospital", is_partner=False)
    icm = ProgramFactory(organization=carrefour, name="Gestion des cas graves", kind="icm")
    shelter_program = ProgramFactory(
        organization=refuge, name="Hébergement d'urgence", kind="shelter"
    )
    icm_team = TeamFactory(program=icm, name="Équipe Est")
    alice = UserFactory(
        email="alice@carrefour.example",
        given_name="Alice",
        family_name="Tremblay",
        organization=carrefour,
    )
    alice_admin = UserFactory(
        email="admin@carrefour.example",
        given_name="Sophie",
        family_name="Gagnon",
        organization=carrefour,
        is_org_admin=True,
        discipline=Discipline.objects.get(code="coordinator"),
    )
    nurse = UserFactory(
        email="nurse@carrefour.example",
        given_name="Nadia",
        family_name="Roy",
        organization=carrefour,
        discipline=Discipline.objects.get(code="nurse"),
    )
    bob = UserFactory(
        email="bob@refuge.example", given_name="Bob", family_name="Martin", organization=refuge
    )
    bob_admin = UserFactory(
        email="admin@refuge.example",
        organization=refuge,
        is_org_admin=True,
        given_name="Luc",
        family_name="Roy",
    )
    root = UserFactory(
        email="root@parcours.example",
        organization=None,
        discipline=None,
        is_superuser=True,
        is_staff=True,
        given_name="Admin",
        family_name="Réseau",
    )
    ProgramMembershipFactory(user=alice, program=icm)
    TeamMembershipFactory(user=alice, team=icm_team)
    ProgramMembershipFactory(user=nurse, program=icm)
    ProgramMembershipFactory(user=bob, program=shelter_program)
    return Network(
        carrefour=carrefour,
        refuge=refuge,
        hospital=hospital,
        icm=icm,
        shelter_program=shelter_program,
        icm_team=icm_team,
        alice=alice,
        alice_admin=alice_admin,
        nurse=nurse,
        bob=bob,
        bob_admin=bob_admin,
        root=root,
    )


def client_for(user: User | None) -> WebClient:
    """A web client signed in as ``user``, its session past two-factor sign-in
    (the user gets an authenticator device if they have none), as after the
    code page: pages and emergency access open as they did before 2FA."""
    client = WebClient()
    if user is not None:
        client.force_login(user)
        verify_second_factor(client, user)
    return client


def verify_second_factor(client: WebClient, user: User) -> None:
    """Mark the client's session verified with the user's TOTP device, the way
    ``django_otp.login`` does after a right code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test device", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def share(
    client: Client,
    *,
    by: User,
    categories: list[str],
    organizations: list[Organization] | None = None,
    all_partners: bool = False,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> ConsentDirective:
    """Record a consent directive for ``client`` through the service, as ``by``."""
    today = timezone.localdate()
    return consent_directive_create(
        acting_user=by,
        client_access=client_access_for(by, client),
        categories=categories,
        organizations=organizations or [],
        all_partners=all_partners,
        start_date=start_date or today - dt.timedelta(days=1),
        end_date=end_date,
        method="written",
    )


@pytest.fixture
def marie(network: Network) -> Client:
    """A client the hub (Carrefour) registered; nothing shared yet."""
    return client_register(
        acting_user=network.alice,
        given_name="Marie-Ève",
        family_name="Côté",
        date_of_birth=dt.date(1984, 3, 9),
        health_card_province="ON",
        health_card_number="1234-567-890-AB",
        preferred_language="fr",
    )
