"""The casework demo: realistic caseloads for the ICM, CTI and ACT teams.

Seeding is slow, so the module seeds once (inside a transaction rolled back
at the end of the module) and each test asserts several things."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.accounts.models import Program, User
from parcours.casework.models import (
    Assessment,
    CaseNote,
    CasePlan,
    Encounter,
    Enrollment,
    GoalReview,
    GoalStep,
    WaitlistEntry,
    WaitlistStatus,
)
from parcours.casework.selectors import program_caseload
from parcours.casework.worklist import Kind, worklist
from parcours.demo.casework import GOALS, CaseworkDemo, seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.network import seed_network

GOAL_STATEMENTS = {"fr": {g[1] for g in GOALS}, "en": {g[2] for g in GOALS}}


@dataclass
class Seeded:
    first: CaseworkDemo
    second: CaseworkDemo
    counts_after_first: tuple[int, int]


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seeded]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        first = seed_casework(seed=2026)
        counts = (Enrollment.objects.count(), WaitlistEntry.objects.count())
        second = seed_casework(seed=2026)
        yield Seeded(first, second, counts)
        transaction.set_rollback(True)


def _program(kind: str) -> Program:
    provider = "Horizon" if kind == "act" else "Passerelle"
    return Program.objects.get(kind=kind, organization__name__icontains=provider)


def test_icm_caseloads_have_one_case_manager_at_capacity_and_a_waitlist(
    seeded: Seeded, db: None
) -> None:
    assert seeded.first.created
    icm = _program("icm")
    coordinator = User.objects.get(email="elise.fortin@passerelle.example")
    load = program_caseload(coordinator, icm)
    by_worker = {row.worker.email: row for row in load.rows if row.worker}
    mathieu = by_worker["mathieu.cote@passerelle.example"]
    assert mathieu.count == 20 and mathieu.is_full
    assert sum(1 for row in by_worker.values() if row.is_full) == 1
    assert [w.position for w in load.waitlist] == [1, 2, 3, 4, 5]
    assert all(w.client.family_name for w in load.waitlist)


def test_act_team_holds_a_shared_caseload_and_step_downs_keep_their_history(
    seeded: Seeded,
    db: None,
) -> None:
    act = _program("act")
    open_act = Enrollment.objects.filter(program=act, end_date__isnull=True)
    assert open_act.count() >= 40
    assert not open_act.filter(team__isnull=True).exists()
    stepped = Enrollment.objects.filter(program=act, end_reason="stepped_down")
    assert stepped.count() == 3
    for old in stepped:
        new = Enrollment.objects.get(previous_enrollment=old)
        assert new.program.kind == "icm" and new.start_date == old.end_date


def test_cti_clients_are_spread_over_the_three_phases(seeded: Seeded, db: None) -> None:
    cti = _program("cti")
    today = timezone.localdate()
    phases = {e.cti_phase(today) for e in Enrollment.objects.filter(program=cti)}
    assert phases == {1, 2, 3}


def test_seeding_again_adds_nothing(seeded: Seeded, db: None) -> None:
    assert not seeded.second.created
    assert (Enrollment.objects.count(), WaitlistEntry.objects.count()) == seeded.counts_after_first
    assert WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING).count() == 5


def test_plans_have_goals_in_the_clients_language(seeded: Seeded, db: None) -> None:
    plans = CasePlan.objects.prefetch_related("goals").select_related("client")
    assert plans.count() == seeded.first.plans >= 50
    languages = {p.client.preferred_language for p in plans}
    assert languages == {"fr", "en"}
    french = GOAL_STATEMENTS["fr"]
    english = GOAL_STATEMENTS["en"]
    for plan in plans:
        goals = list(plan.goals.all())
        assert 2 <= len(goals) <= 3
        expected = french if plan.client.preferred_language == "fr" else english
        assert all(g.statement in expected for g in goals)
    assert GoalReview.objects.exists() and GoalStep.objects.filter(done_on__isnull=False).exists()


def test_months_of_encounters_and_clinical_notes(seeded: Seeded, db: None) -> None:
    assert Encounter.objects.count() == seeded.first.encounters >= 1000
    first, last = (
        Encounter.objects.order_by("occurred_at").first(),
        Encounter.objects.order_by("occurred_at").last(),
    )
    assert first is not None and last is not None
    assert (last.occurred_at - first.occurred_at).days >= 80
    clinical = CaseNote.objects.filter(kind="clinical")
    assert clinical.count() == seeded.first.clinical_notes >= 50
    assert not clinical.filter(author__discipline__is_clinical=False).exists()
    # Some clients have gone without contact: the worklist has work.
    icm = _program("icm")
    coordinator = User.objects.get(email="elise.fortin@passerelle.example")
    load = program_caseload(coordinator, icm)
    assert sum(row.overdue for row in load.rows) >= 3


def test_assessments_and_worklists_have_something_to_show(seeded: Seeded, db: None) -> None:
    assert Assessment.objects.count() == seeded.first.assessments >= 100
    assert Assessment.objects.exclude(override_reason="").exists()
    assert Assessment.objects.values("client").distinct().count() < Assessment.objects.count()
    mathieu = User.objects.get(email="mathieu.cote@passerelle.example")
    kinds = {i.kind for i in worklist(mathieu)}
    assert {Kind.NO_CONTACT, Kind.ICM_TRANSITION} <= kinds
    amelie = User.objects.get(email="amelie.dubois@passerelle.example")
    assert {Kind.CTI_PHASE, Kind.CTI_END} <= {i.kind for i in worklist(amelie)}
    nurse = User.objects.get(email="guillaume.caron@horizon-sim.example")
    assert Kind.ACT_STEP_DOWN in {i.kind for i in worklist(nurse)}
