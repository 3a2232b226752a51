"""Board fixtures on top of the ``network`` personas: the hub (Carrefour)
runs an ACT program with a team of two — ``worker`` (a case manager) and
``nurse_act`` (a nurse) — coordinated by ``alice_admin``; alice (ICM only)
is staff of the organization without a board; bob works at another partner.
Clients are registered by alice and enrolled in the ACT team.

The clock is frozen at a fixed morning (with ticking seconds) so rules about
dates read the same on any day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.accounts.models import Discipline, Program, Team, User
from parcours.casework.models import Encounter, Enrollment
from parcours.casework.services import encounter_record, enrollment_open, program_standard_ensure
from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.coordination.models import Appointment, InstitutionStay
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)
from tests.conftest import Network
from tests.factories import (
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

TORONTO = ZoneInfo("America/Toronto")
MORNING = dt.datetime(2027, 3, 10, 8, 30, tzinfo=TORONTO)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(MORNING, tick=True) as traveller:
        yield traveller


@dataclass
class Act:
    network: Network
    program: Program
    team: Team
    worker: User
    nurse: User
    clients: list[Client] = field(default_factory=list)

    def enroll(self, given: str, family: str, *, days_ago: int = 60) -> Client:
        client = client_register(
            acting_user=self.network.alice,
            given_name=given,
            family_name=family,
            date_of_birth=dt.date(1975, 5, 5),
            preferred_language="fr",
        )
        enrollment_open(
            acting_user=self.worker,
            client=client,
            program=self.program,
            start_date=timezone.localdate() - dt.timedelta(days=days_ago),
            team=self.team,
        )
        self.clients.append(client)
        return client

    def contact(self, client: Client, *, days_ago: int) -> Encounter:
        return encounter_record(
            acting_user=self.worker,
            client_access=client_access_for(self.worker, client),
            kind="home_visit",
            occurred_at=timezone.now() - dt.timedelta(days=days_ago),
            duration_minutes=30,
            program=self.program,
        )

    def appointment(
        self, client: Client, *, kind: str, at: dt.datetime, by: User | None = None, **extra: Any
    ) -> Appointment:
        """An appointment written straight to the table (for times in the past)."""
        by = by or self.worker
        assert by.organization_id is not None
        return Appointment.objects.create(
            client=client,
            kind=kind,
            starts_at=at,
            place=extra.pop("place", "Palais de justice"),
            organization_id=by.organization_id,
            recorded_by=by,
            **extra,
        )

    def stay(self, client: Client, *, kind: str = "hospital", **extra: Any) -> InstitutionStay:
        assert self.worker.organization_id is not None
        return InstitutionStay.objects.create(
            client=client,
            kind=kind,
            institution=self.network.hospital,
            admitted_on=extra.pop("admitted_on", timezone.localdate() - dt.timedelta(days=3)),
            learned_from="institution",
            organization_id=self.worker.organization_id,
            recorded_by=self.worker,
            **extra,
        )


@pytest.fixture
def act(network: Network, clock: Any) -> Act:
    program = ProgramFactory(organization=network.carrefour, name="Suivi intensif", kind="act")
    team = TeamFactory(program=program, name="Équipe SIM")
    worker = UserFactory(
        email="sim@carrefour.example",
        given_name="Samuel",
        family_name="Ouellet",
        organization=network.carrefour,
    )
    nurse = UserFactory(
        email="inf-sim@carrefour.example",
        given_name="Isabelle",
        family_name="Fortin",
        organization=network.carrefour,
        discipline=Discipline.objects.get(code="nurse"),
    )
    for user in (worker, nurse):
        ProgramMembershipFactory(user=user, program=program)
        TeamMembershipFactory(user=user, team=team)
    program_standard_ensure(program)
    return Act(network=network, program=program, team=team, worker=worker, nurse=nurse)


def enrollment_of(act: Act, client: Client) -> Enrollment:
    return Enrollment.objects.get(program=act.program, client=client, end_date__isnull=True)
