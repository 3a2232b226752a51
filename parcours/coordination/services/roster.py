"""Writes of the coverage roster: a program's coverage standard, shifts and
on-call periods (one, or the same one weekly for some weeks, all or nothing),
their removal; and the audit of who looked up the staff on call for a client.

Each write checks the policy, validates everything first (nothing is written
on bad input) and writes in one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.roster import can_edit_coverage_standard, can_edit_roster, may_work_shifts
from parcours.accounts.models import Program, User
from parcours.coordination import coverage
from parcours.coordination.models import CoverageStandard, Shift
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

STANDARD_FIELDS = ["around_the_clock", "weekdays", "start_time", "end_time", "on_call_counts"]
SHIFT_FIELDS = ["program_id", "worker_id", "starts_at", "ends_at", "on_call", "phone"]
MAX_REPEAT_WEEKS = 12


# --- Coverage standard -------------------------------------------------------------


def _standard_snapshot(standard: CoverageStandard) -> dict[str, Any]:
    snapshot = audit_snapshot(standard, STANDARD_FIELDS)
    for field in ("start_time", "end_time"):
        value = getattr(standard, field)
        snapshot[field] = value.isoformat("minutes") if value is not None else None
    return snapshot


def coverage_standard_update(
    *,
    acting_user: User,
    program: Program,
    around_the_clock: bool,
    weekdays: list[int],
    start_time: dt.time | None,
    end_time: dt.time | None,
    on_call_counts: bool,
) -> CoverageStandard:
    """Set a program's coverage standard: its coordinators and the organization's administrators."""
    if not can_edit_coverage_standard(acting_user, program):
        raise ValidationError(_("Only a coordinator of this program can change its coverage."))
    days = sorted(set(weekdays))
    errors: dict[str, str] = {}
    if any(d not in coverage.ALL_DAYS for d in days):
        errors["weekdays"] = _("Days of the week are numbered 1 (Monday) to 7 (Sunday).")
    if (start_time is None) != (end_time is None):
        errors["end_time" if end_time is None else "start_time"] = _(
            "Give both the start and the end of the hours, or neither."
        )
    elif start_time is not None and end_time is not None and end_time <= start_time:
        errors["end_time"] = _("The hours must end after they start, on the same day.")
    if not around_the_clock and "start_time" not in errors and "end_time" not in errors:
        if start_time is None:
            errors["start_time"] = _("Give the hours to cover, or choose around the clock.")
        if not days:
            errors["weekdays"] = _("Choose the days to cover, or choose around the clock.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        standard, created = CoverageStandard.objects.select_for_update().get_or_create(
            program=program, defaults=coverage.coverage_defaults(program.kind)
        )
        before = _standard_snapshot(standard)
        standard.around_the_clock = around_the_clock
        standard.weekdays = days
        standard.start_time = start_time
        standard.end_time = end_time
        standard.on_call_counts = on_call_counts
        # An empty list of days is valid around the clock (validated above).
        standard.full_clean(exclude=["weekdays"])
        standard.save()
        after = _standard_snapshot(standard)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=standard,
            before={k: v for k, v in before.items() if after[k] != v or created},
            after={k: v for k, v in after.items() if before[k] != v or created},
        )
    return standard


# --- Shifts --------------------------------------------------------------------------


def shift_times(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """A shift on the site's clock: ``day`` from ``start`` to ``end``, the next
    day when ``end`` is not after ``start`` (a night shift; the same hour: 24 hours).
    A ValidationError for an hour the clock skips."""
    for field, time in (("start_time", start), ("end_time", end)):
        end_day = day if field == "start_time" or end > start else day + dt.timedelta(days=1)
        if not coverage.is_real_local_time(end_day, time):
            raise ValidationError(
                {field: _("This hour does not exist that day: the clock moves forward.")}
            )
    end_day = day if end > start else day + dt.timedelta(days=1)
    return coverage.local_moment(day, start), coverage.local_moment(end_day, end)


def _weekly(
    starts_at: dt.datetime, ends_at: dt.datetime, weeks: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The same hours on the site's clock, each week (so a clock change keeps 08:00 at 08:00)."""
    zone = coverage.site_zone()
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    out = []
    for week in range(weeks):
        step = dt.timedelta(days=7 * week)
        out.append(
            (
                coverage.local_moment(start.date() + step, start.time(), zone).astimezone(dt.UTC),
                coverage.local_moment(end.date() + step, end.time(), zone).astimezone(dt.UTC),
            )
        )
    return out


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def shifts_add(
    *,
    acting_user: User,
    program: Program,
    worker: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    on_call: bool = False,
    phone: str = "",
    repeat_weeks: int = 1,
) -> list[Shift]:
    """Put ``worker`` on shift (or on call) for ``program``, once or the same
    hours each week for ``repeat_weeks`` weeks: every occurrence is checked
    before any is written, and either all are added or none."""
    if not can_edit_roster(acting_user, program):
        raise ValidationError(
            _("Only a coordinator or a lead of this program can change its roster.")
        )
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError(_("Give the time zone of the start and the end."))
    # In UTC: one time zone's datetimes subtract and compare by the wall clock.
    starts_at, ends_at = starts_at.astimezone(dt.UTC), ends_at.astimezone(dt.UTC)
    if not 1 <= repeat_weeks <= MAX_REPEAT_WEEKS:
        raise ValidationError(
            {"repeat_weeks": _("Repeat for 1 to %(max)s weeks.") % {"max": MAX_REPEAT_WEEKS}}
        )
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The shift must end after it starts.")})
    if ends_at - starts_at > coverage.MAX_SHIFT:
        raise ValidationError({"ends_at": _("A shift lasts at most 24 hours.")})
    phone = phone.strip()
    if len(phone) > 40:
        raise ValidationError({"phone": _("Enter at most 40 characters.")})
    occurrences = _weekly(starts_at, ends_at, repeat_weeks)
    with transaction.atomic():
        # One worker's shifts are written one request at a time (no two overlapping).
        locked = User.objects.select_for_update().filter(pk=worker.pk)
        if not may_work_shifts(program).filter(pk__in=locked.values("pk")).exists():
            raise ValidationError(
                {"worker": _("Choose a member of the program or of one of its teams.")}
            )
        list(locked)
        for start, end in occurrences:
            if end - start > coverage.MAX_SHIFT:
                raise ValidationError(
                    {
                        "ends_at": _(
                            "The shift of %(day)s would last more than 24 hours (the clock "
                            "changes that night)."
                        )
                        % {"day": timezone.localtime(start).date().isoformat()}
                    }
                )
            clash = (
                Shift.objects.filter(worker=worker, starts_at__lt=end, ends_at__gt=start)
                .select_related("program")
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    {
                        "starts_at": _(
                            "%(name)s is already on the roster from %(start)s to %(end)s "
                            "(%(program)s)."
                        )
                        % {
                            "name": worker.full_name or worker.email,
                            "start": _fmt(clash.starts_at),
                            "end": _fmt(clash.ends_at),
                            "program": clash.program.name,
                        }
                    }
                )
        created = []
        for start, end in occurrences:
            shift = Shift(
                program=program,
                worker=worker,
                starts_at=start,
                ends_at=end,
                on_call=on_call,
                phone=phone,
                recorded_by=acting_user,
            )
            shift.full_clean()
            shift.save()
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=shift,
                after=audit_snapshot(shift, SHIFT_FIELDS),
            )
            created.append(shift)
    return created


def shift_remove(*, acting_user: User, shift: Shift) -> None:
    """Take a shift off the roster (one that has not ended: past shifts stay on record)."""
    if not can_edit_roster(acting_user, shift.program):
        raise ValidationError(
            _("Only a coordinator or a lead of this program can change its roster.")
        )
    if shift.ends_at <= timezone.now():
        raise ValidationError(_("This shift is over: it stays on the roster's record."))
    with transaction.atomic():
        before = audit_snapshot(shift, SHIFT_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=shift,
            before=before,
            after={},
            detail={"removed": True},
        )
        shift.delete()


# --- Reads that name a client -----------------------------------------------------------


def on_call_viewed(*, client_access: ClientAccess, shifts: list[Shift], via: str = "web") -> None:
    """Who is on call for a client was looked up: audited with the client."""
    audit_record(
        action=AuditAction.VIEW,
        actor=client_access.user,
        client_id=client_access.client.pk,
        target=client_access.client,
        detail={"via": via, "section": "on_call", "shifts": [str(s.pk) for s in shifts]},
    )
