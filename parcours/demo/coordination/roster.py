"""Demo coordination: the coverage roster.

Three weeks of shifts from the start of this week for the demo's ICM program
(Passerelle: a morning and an afternoon shift, 08:00–20:00, every day) and ACT
team (Horizon: a day shift 08:00–20:00 and a night on call 20:00–08:00), written
through the services by each program's coordinator. One visible gap: on the
next Saturday, the ICM afternoon shift ends at 16:00, so 16:00–20:00 is not
covered. Seeded, relative to today, and idempotent (nothing is added once the
ICM program has shifts)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from parcours.accounts.models import MembershipRole, Program, User
from parcours.coordination.coverage import local_moment
from parcours.coordination.models import Shift
from parcours.coordination.services.roster import shifts_add

PASSERELLE = "passerelle.example"
HORIZON = "horizon-sim.example"
WEEKS = 3


def gap_day(today: dt.date) -> dt.date:
    """The demo's uncovered Saturday evening: the next Saturday (1 to 7 days ahead)."""
    return today + dt.timedelta(days=(6 - today.isoweekday()) % 7 or 7)


def _program(domain: str, kind: str) -> Program | None:
    return (
        Program.objects.filter(kind=kind, organization__staff__email__endswith="@" + domain)
        .distinct()
        .first()
    )


def _coordinator(program: Program) -> User | None:
    membership = (
        program.memberships.filter(role=MembershipRole.COORDINATOR)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if membership is not None:
        return membership.user
    return User.objects.filter(organization=program.organization, is_org_admin=True).first()


def _workers(program: Program, coordinator: User) -> list[User]:
    return list(
        User.objects.filter(is_active=True, program_memberships__program=program)
        .exclude(pk=coordinator.pk)
        .order_by("email")
    )


def _phone(rng: random.Random) -> str:
    return f"613-555-{rng.randint(100, 199):04d}"


def seed(seed: int) -> str:
    """Add the roster demo (idempotent); return a one-line summary."""
    icm, act = _program(PASSERELLE, "icm"), _program(HORIZON, "act")
    if icm is None or act is None or Shift.objects.filter(program=icm).exists():
        return ""
    icm_lead, act_lead = _coordinator(icm), _coordinator(act)
    if icm_lead is None or act_lead is None:
        return ""
    rng = random.Random(seed)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.isoweekday() - 1)
    saturday = gap_day(today)
    added = 0

    icm_staff = _workers(icm, icm_lead)
    rng.shuffle(icm_staff)
    icm_phones = {u.pk: _phone(rng) for u in icm_staff}
    for n in range(WEEKS * 7):
        day = monday + dt.timedelta(days=n)
        morning, afternoon = icm_staff[n % len(icm_staff)], icm_staff[(n + 1) % len(icm_staff)]
        ends = dt.time(16) if day == saturday else dt.time(20)
        for worker, start, end in (
            (morning, dt.time(8), dt.time(14)),
            (afternoon, dt.time(14), ends),
        ):
            added += len(
                shifts_add(
                    acting_user=icm_lead,
                    program=icm,
                    worker=worker,
                    starts_at=local_moment(day, start),
                    ends_at=local_moment(day, end),
                    phone=icm_phones[worker.pk],
                )
            )

    act_staff = _workers(act, act_lead)
    rng.shuffle(act_staff)
    act_phones = {u.pk: _phone(rng) for u in act_staff}
    for n in range(-1, WEEKS * 7):
        day = monday + dt.timedelta(days=n)
        if n >= 0:
            worker = act_staff[n % len(act_staff)]
            added += len(
                shifts_add(
                    acting_user=act_lead,
                    program=act,
                    worker=worker,
                    starts_at=local_moment(day, dt.time(8)),
                    ends_at=local_moment(day, dt.time(20)),
                    phone=act_phones[worker.pk],
                )
            )
        night = act_staff[(n + 2) % len(act_staff)]
        added += len(
            shifts_add(
                acting_user=act_lead,
                program=act,
                worker=night,
                starts_at=local_moment(day, dt.time(20)),
                ends_at=local_moment(day + dt.timedelta(days=1), dt.time(8)),
                on_call=True,
                phone=act_phones[night.pk],
            )
        )
    return (
        f"Roster demo added: {added} shifts and on-call periods for ICM and ACT, "
        f"one gap on {saturday.isoformat()} 16:00–20:00 (ICM)."
    )
