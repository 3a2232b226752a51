"""Reads of the coverage roster: the programs whose roster a user sees, a
program's coverage standard, its shifts over some days and their gaps, and
who is on call now for a client. Through the policy in ``access.roster``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import ClientAccess
from parcours.access.roster import (
    can_edit_coverage_standard,
    can_edit_roster,
    can_see_roster,
    knows_program,
    may_work_shifts,
    programs_with_roster_visible_to,
)
from parcours.accounts.models import Program, User
from parcours.casework.selectors import enrollments_for
from parcours.coordination import coverage
from parcours.coordination.models import CoverageStandard, Shift

ROSTER_DAYS = 14
MAX_ROSTER_DAYS = 31


def coverage_standard_for(program: Program) -> CoverageStandard:
    """The program's coverage standard; the defaults of its kind (not saved) when none was set."""
    try:
        standard: CoverageStandard = program.coverage_standard
    except ObjectDoesNotExist:
        return CoverageStandard(program=program, **coverage.coverage_defaults(program.kind))
    return standard


def roster_programs(user: User) -> QuerySet[Program]:
    """Programs whose roster the user sees, with their standards."""
    return (
        programs_with_roster_visible_to(user)
        .select_related("organization", "coverage_standard", "standard")
        .order_by("name")
    )


def roster_program_get(user: User, program_id: uuid.UUID | str) -> Program:
    """A program whose roster the user sees: 404 when it is not their
    organization's, 403 when it is but they have no part in it."""
    try:
        program = Program.objects.select_related(
            "organization", "coverage_standard", "standard"
        ).get(pk=program_id)
    except (Program.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if not knows_program(user, program):
        raise Http404
    if not can_see_roster(user, program):
        raise PermissionDenied
    return program


def roster_program_for_edit(user: User, program_id: uuid.UUID | str) -> Program:
    """A program whose shifts the user may write (403 otherwise)."""
    program = roster_program_get(user, program_id)
    if not can_edit_roster(user, program):
        raise PermissionDenied
    return program


def standard_program_for_edit(user: User, program_id: uuid.UUID | str) -> Program:
    """A program whose coverage standard the user may change (403 otherwise)."""
    program = roster_program_get(user, program_id)
    if not can_edit_coverage_standard(user, program):
        raise PermissionDenied
    return program


def roster_workers(program: Program) -> QuerySet[User]:
    """Who may be put on the program's roster."""
    return may_work_shifts(program).order_by("family_name", "given_name", "email")


def shift_get_for_edit(user: User, shift_id: uuid.UUID | str) -> Shift:
    """A shift the user may remove: 404 when they may not see its program's
    roster at all, 403 when they see it but may not write it."""
    try:
        shift = Shift.objects.select_related("program", "worker").get(pk=shift_id)
    except (Shift.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if not knows_program(user, shift.program):
        raise Http404
    if not can_edit_roster(user, shift.program):
        raise PermissionDenied
    return shift


def _shifts_between(programs: list[Program], start: dt.date, days: int) -> QuerySet[Shift]:
    first, last = coverage.window(start, days)
    return (
        Shift.objects.filter(program__in=programs, starts_at__lt=last, ends_at__gt=first)
        .select_related("worker")
        .order_by("starts_at", "worker__family_name")
    )


def _spans(shifts: list[Shift]) -> list[tuple[dt.datetime, dt.datetime, bool]]:
    return [(s.starts_at, s.ends_at, s.on_call) for s in shifts]


def program_gaps(
    standard: CoverageStandard, shifts: list[Shift], start: dt.date, days: int
) -> list[coverage.DayGap]:
    """The gaps of the program's roster, cut at midnight (each piece on its day)."""
    rule = coverage.CoverageRule.of(standard)
    return coverage.by_day(coverage.gaps(rule, start, days, _spans(shifts)))


@dataclass
class RosterDay:
    day: dt.date
    shifts: list[Shift] = field(default_factory=list)
    gaps: list[coverage.DayGap] = field(default_factory=list)


@dataclass
class Roster:
    program: Program
    standard: CoverageStandard
    start: dt.date
    days: int
    shifts: list[Shift]
    gaps: list[coverage.DayGap]
    rows: list[RosterDay]

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)


def program_roster(program: Program, start: dt.date, days: int = ROSTER_DAYS) -> Roster:
    """``days`` days of the program's roster from ``start``: the shifts and on-call
    periods (each on the day it starts, or the first day when it started before)
    and the gaps against the standard. Two queries whatever the number of shifts."""
    standard = coverage_standard_for(program)
    shifts = list(_shifts_between([program], start, days))
    gaps = program_gaps(standard, shifts, start, days)
    rows = {
        start + dt.timedelta(days=n): RosterDay(start + dt.timedelta(days=n)) for n in range(days)
    }
    zone = coverage.site_zone()
    for shift in shifts:
        day = max(shift.starts_at.astimezone(zone).date(), start)
        rows[day].shifts.append(shift)
    for gap in gaps:
        rows[gap.day].gaps.append(gap)
    return Roster(program, standard, start, days, shifts, gaps, list(rows.values()))


def gap_counts(
    programs: list[Program], start: dt.date, days: int = ROSTER_DAYS
) -> dict[uuid.UUID, int]:
    """How many gaps each program's roster has (one query for every program's shifts)."""
    by_program: dict[uuid.UUID, list[Shift]] = defaultdict(list)
    for shift in _shifts_between(programs, start, days):
        by_program[shift.program_id].append(shift)
    return {
        p.pk: len(program_gaps(coverage_standard_for(p), by_program[p.pk], start, days))
        for p in programs
    }


@dataclass
class OnCall:
    """The programs of the client's open enrollments the user may see, and who
    is on shift or on call for them now (on shift first)."""

    program_ids: list[uuid.UUID]
    shifts: list[Shift]


def on_call_now(client_access: ClientAccess, now: dt.datetime | None = None) -> OnCall:
    """Who is on shift or on call right now for the client: through the
    client's open enrollments the user may see (the casework policy)."""
    now = now or timezone.now()
    program_ids = set(
        enrollments_for(client_access)
        .filter(end_date__isnull=True)
        .order_by()
        .values_list("program_id", flat=True)
    )
    if not program_ids:
        return OnCall([], [])
    shifts = list(
        Shift.objects.filter(program_id__in=program_ids, starts_at__lte=now, ends_at__gt=now)
        .select_related("worker", "program", "program__organization")
        .order_by("on_call", "program__name", "starts_at")
    )
    return OnCall(sorted(program_ids, key=str), shifts)


def programs_for_gap_check(program_id: uuid.UUID | str | None = None) -> list[Program]:
    """Every active program (or the one named), with its standard, for the daily
    gap check run by the site (no user: no client data is read)."""
    programs = Program.objects.filter(is_active=True).select_related(
        "organization", "coverage_standard"
    )
    if program_id is not None:
        programs = programs.filter(pk=program_id)
    return list(programs.order_by("organization__name", "name"))
