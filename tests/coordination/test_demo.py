"""The coordination demo on the demo network's clients: referrals in every
state, care teams across partners, institution stays, the ACT board — and
seeding twice adds nothing.

Seeding the network, the registry and the caseloads is slow, so this module
seeds once, on a weekday morning (the board's "today"), inside a transaction
rolled back at the end. The directory's and the roster's demos only need the
network: their own modules test them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from parcours import access
from parcours.coordination.models import (
    Appointment,
    CareRole,
    CareTeamMember,
    CrisisFlag,
    DischargeTask,
    InstitutionStay,
    Notification,
    NotificationKind,
    Referral,
    ReferralKind,
    ReferralStatus,
    VisitAssignment,
)
from parcours.coordination.selectors.board import ReasonCode, board_for
from parcours.demo.beds import seed_beds
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.coordination import board, care_team, directory, institutions, referrals
from parcours.demo.network import seed_network

MORNING = dt.datetime(2027, 3, 10, 8, 30, tzinfo=ZoneInfo("America/Toronto"))
PARTS = {
    "directory": directory,
    "referrals": referrals,
    "care_team": care_team,
    "institutions": institutions,
    "board": board,
}


@dataclass
class Seeded:
    first: dict[str, str]
    again: dict[str, str]
    counts: dict[str, int]


def _counts() -> dict[str, int]:
    return {
        "referrals": Referral.objects.count(),
        "care_team": CareTeamMember.objects.count(),
        "stays": InstitutionStay.objects.count(),
        "appointments": Appointment.objects.count(),
        "assignments": VisitAssignment.objects.count(),
        "flags": CrisisFlag.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seeded]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with (
        time_machine.travel(MORNING, tick=True),
        django_db_blocker.unblock(),
        fast_hashing,
        transaction.atomic(),
    ):
        seed_network(seed=2026)
        seed_clients(seed=2026)
        seed_casework(seed=2026)
        seed_beds(seed=2026)
        first = {name: part.seed(2026) for name, part in PARTS.items()}
        counts = _counts()
        again = {name: part.seed(2026) for name, part in PARTS.items()}
        yield Seeded(first, again, counts)
        transaction.set_rollback(True)


def test_seeding_again_adds_nothing(seeded: Seeded, db: None) -> None:
    assert _counts() == seeded.counts
    assert seeded.again["referrals"] == "Referrals demo: already loaded, nothing added."
    assert seeded.again["care_team"] == "Care-team demo already loaded: nothing added."
    assert seeded.again["institutions"] == "Institution stays demo already loaded: nothing added."


def test_referrals_in_every_state_between_partners(seeded: Seeded, db: None) -> None:
    assert seeded.first["referrals"].startswith("Referrals demo added:")
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    kinds = set(Referral.objects.values_list("kind", flat=True))
    assert {ReferralKind.SERVICE, ReferralKind.SHELTER, ReferralKind.STEP_DOWN} <= kinds
    today = timezone.localdate()
    assert any(r.is_overdue(today) for r in Referral.objects.filter(status="sent"))
    beyond = Referral.objects.get(beyond_consent=True)
    assert beyond.beyond_consent_reason
    assert Referral.objects.filter(receiving_organization__isnull=True).exists()  # mainstream
    assert Referral.objects.filter(messages__isnull=False).distinct().count() >= 2
    # Each one respects the policy: the receiver sees it, a third partner does not.
    sent = Referral.objects.filter(status="sent", beyond_consent=False).first()
    assert sent is not None and sent.receiving_organization is not None
    receiver = sent.receiving_organization.staff.filter(is_active=True).first()
    assert receiver is not None
    assert access.referrals_readable_by(receiver).filter(pk=sent.pk).exists()
    assert Notification.objects.filter(kind=NotificationKind.REFERRAL_RECEIVED).exists()


def test_care_teams_span_several_partners_and_outside_professionals(
    seeded: Seeded, db: None
) -> None:
    roles = set(CareTeamMember.objects.values_list("role", flat=True))
    assert {CareRole.CASE_MANAGER, CareRole.FAMILY_DOCTOR, CareRole.HOUSING_WORKER} <= roles
    assert CareRole.PSYCHIATRIST in roles
    several = (
        CareTeamMember.objects.filter(until__isnull=True)
        .values("client")
        .annotate(partners=Count("organization", distinct=True))
        .filter(partners__gte=2)
    )
    assert several.exists()
    assert CareTeamMember.objects.filter(worker__isnull=True).exclude(outside_name="").exists()
    assert CareTeamMember.objects.filter(until__isnull=False).exists()


def test_current_and_past_institution_stays(seeded: Seeded, db: None) -> None:
    assert seeded.first["institutions"].startswith("Institution stays demo: 3 current stays")
    today = timezone.localdate()
    open_stays = InstitutionStay.objects.filter(discharged_on__isnull=True)
    hospital = open_stays.filter(kind__in=["hospital", "psychiatric"])
    assert hospital.count() == 2
    assert [s.expected_discharge_on for s in hospital if s.is_discharge_overdue(today)] == [
        today - dt.timedelta(days=3)
    ]
    jail = open_stays.get(kind="jail")
    assert jail.expected_discharge_on is not None and jail.institution is not None
    past = InstitutionStay.objects.filter(discharged_on__isnull=False)
    assert past.count() == 4
    assert past.filter(destination="unknown").count() == 1
    assert Notification.objects.filter(kind=NotificationKind.INSTITUTION_ADMISSION).count() >= 7
    assert DischargeTask.objects.filter(assigned_to__isnull=False).exists()
    assert DischargeTask.objects.filter(kind="find_destination").count() == 1


def test_the_act_board_this_morning(seeded: Seeded, db: None) -> None:
    assert "ACT board" in seeded.first["board"]
    program = CrisisFlag.objects.get(lifted_at__isnull=True, note__startswith="Menace").program
    today = timezone.localdate()
    assert VisitAssignment.objects.filter(program=program, day=today).count() == 6
    kinds = {
        (a.kind, timezone.localtime(a.starts_at).date() - today, a.outcome)
        for a in Appointment.objects.all()
    }
    assert ("clinic", dt.timedelta(days=1), "planned") in kinds
    assert any(k == "court" and d == dt.timedelta(0) for k, d, _o in kinds)
    assert any(k == "income" and o == "missed" and d.days < -4 for k, d, o in kinds)
    lead = program.memberships.filter(role="coordinator").get().user
    rows = board_for(lead, program).rows
    assert rows[0].crisis is not None and rows[1].crisis is not None
    assert any(ReasonCode.COURT_TODAY in r.codes() for r in rows)
