"""Casework fixtures on top of the ``network`` personas: the hub's ICM
program (alice is a case manager in it), a coordinator of it, an ACT program
with a team of three at the same organization, and a few clients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from parcours.accounts.models import MembershipRole, Program, Team, User
from parcours.casework.models import ProgramStandard
from parcours.casework.services import program_standard_ensure
from parcours.clients.models import Client
from parcours.clients.services import client_register
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)
from tests.conftest import Network
from tests.factories import (
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages and reverse()d URLs in English, as the assertions read them
    (a test that checks French sets the language itself)."""
    with translation.override("en"):
        yield


@dataclass
class Casework:
    icm: Program
    icm_standard: ProgramStandard
    act: Program
    act_team: Team
    act_staff: list[User]
    coordinator: User
    clients: list[Client]


def register(by: User, given: str, family: str, language: str = "fr") -> Client:
    return client_register(
        acting_user=by,
        given_name=given,
        family_name=family,
        date_of_birth=dt.date(1980, 1, 1),
        preferred_language=language,
    )


@pytest.fixture
def casework(network: Network) -> Casework:
    coordinator = UserFactory(
        email="coord@carrefour.example",
        given_name="Claire",
        family_name="Bouchard",
        organization=network.carrefour,
    )
    ProgramMembershipFactory(user=coordinator, program=network.icm, role=MembershipRole.COORDINATOR)
    standard = program_standard_ensure(network.icm)
    standard.clients_per_staff = 3
    standard.save()
    act = ProgramFactory(organization=network.carrefour, name="Suivi intensif", kind="act")
    act_team = TeamFactory(program=act, name="Équipe SIM")
    act_staff = []
    for n in range(2):
        user = UserFactory(email=f"act{n}@carrefour.example", organization=network.carrefour)
        ProgramMembershipFactory(user=user, program=act)
        TeamMembershipFactory(user=user, team=act_team)
        act_staff.append(user)
    act_standard = program_standard_ensure(act)
    act_standard.clients_per_staff = 2
    act_standard.save()
    names = [
        ("Jean", "Lavoie"),
        ("Sylvie", "Pelletier"),
        ("Marc", "Bergeron"),
        ("Karen", "Smith"),
        ("Paul", "Leblanc"),
        ("Nathalie", "Gauthier"),
    ]
    clients = [register(network.alice, g, f) for g, f in names]
    return Casework(
        icm=network.icm,
        icm_standard=standard,
        act=act,
        act_team=act_team,
        act_staff=act_staff,
        coordinator=coordinator,
        clients=clients,
    )


def today() -> dt.date:
    return timezone.localdate()
