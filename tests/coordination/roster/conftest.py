"""Roster fixtures on top of the ``network`` personas.

At the hub (Carrefour): the ICM program (alice and the nurse are members,
alice in its team), ``lead`` (a team lead of ICM), ``coordinator`` (the ICM
coordinator), an ACT program with ``act_worker``, and ``stranger``, a member of
the hub's CTI program only. ``bob`` works at another partner."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from parcours.accounts.models import MembershipRole, Program, User
from parcours.coordination.services import roster as services
from tests.api.conftest import (
    ApiClient,
    openapi,  # noqa: F401 (the OpenAPI document fixture)
)
from tests.conftest import Network
from tests.factories import (
    ProgramFactory,
    ProgramMembershipFactory,
    TeamMembershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """``hour:minute`` on ``day`` on the site's clock."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone())


def next_weekday(day: dt.date, iso: int) -> dt.date:
    """The first day on or after ``day`` that is ISO weekday ``iso``."""
    return day + dt.timedelta(days=(iso - day.isoweekday()) % 7)


@dataclass
class Roster:
    net: Network
    icm: Program
    act: Program
    cti: Program
    lead: User
    coordinator: User
    act_worker: User
    stranger: User


@pytest.fixture
def roster(network: Network) -> Roster:
    carrefour = network.carrefour
    act = ProgramFactory(organization=carrefour, name="Suivi intensif dans le milieu", kind="act")
    cti = ProgramFactory(
        organization=carrefour, name="Intervention en période critique", kind="cti"
    )
    lead = UserFactory(
        email="lead@carrefour.example",
        given_name="Léa",
        family_name="Lavoie",
        organization=carrefour,
    )
    TeamMembershipFactory(user=lead, team=network.icm_team, role=MembershipRole.LEAD)
    coordinator = UserFactory(
        email="coord@carrefour.example",
        given_name="Claude",
        family_name="Bergeron",
        organization=carrefour,
    )
    ProgramMembershipFactory(user=coordinator, program=network.icm, role=MembershipRole.COORDINATOR)
    act_worker = UserFactory(
        email="act@carrefour.example",
        given_name="Antoine",
        family_name="Caron",
        organization=carrefour,
    )
    ProgramMembershipFactory(user=act_worker, program=act)
    stranger = UserFactory(
        email="cti@carrefour.example",
        given_name="Chloé",
        family_name="Pelletier",
        organization=carrefour,
    )
    ProgramMembershipFactory(user=stranger, program=cti)
    return Roster(network, network.icm, act, cti, lead, coordinator, act_worker, stranger)


def add(
    program: Program,
    worker: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    by: User,
    on_call: bool = False,
    phone: str = "",
    weeks: int = 1,
) -> list[Any]:
    return services.shifts_add(
        acting_user=by,
        program=program,
        worker=worker,
        starts_at=starts_at,
        ends_at=ends_at,
        on_call=on_call,
        phone=phone,
        repeat_weeks=weeks,
    )


def put(api: ApiClient, path: str, data: Any) -> Any:
    return api.client.put(
        path, json.dumps(data), content_type="application/json", headers=api.headers
    )
