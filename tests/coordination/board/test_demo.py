"""The board demo: Horizon's ACT team has a board for this morning with a
crisis flag, visits assigned today and appointments around today; seeding
again adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parcours.coordination.models import Appointment, CrisisFlag, VisitAssignment
from parcours.coordination.selectors.board import ReasonCode, board_for
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.coordination import board
from parcours.demo.network import seed_network

pytestmark = pytest.mark.django_db


def test_the_demo_act_board(clock: object) -> None:
    seed_network(seed=2026)
    seed_clients(seed=2026)
    seed_casework(seed=2026)
    summary = board.seed(2026)
    assert "ACT board" in summary
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

    counts = (
        CrisisFlag.objects.count(),
        VisitAssignment.objects.count(),
        Appointment.objects.count(),
    )
    board.seed(2026)
    assert (
        CrisisFlag.objects.count(),
        VisitAssignment.objects.count(),
        Appointment.objects.count(),
    ) == counts
