"""Coverage arithmetic: what a program's coverage standard requires over some
days, what shifts and on-call periods cover, and the gaps between the two.

Pure rules beside the models (no user, no query): the roster's selectors, the
``coverage_gaps`` command and the tests call them. Every moment is an aware
datetime; arithmetic is done in UTC, and days and hours are the site's wall
clock (``settings.TIME_ZONE``), so a required 08:00–20:00 stays 08:00–20:00
on the days the clocks change, and a night around the clock lasts 23 or 25
hours those days.

How a standard is read (``CoverageRule``):

* not around the clock: on each of ``weekdays`` (ISO, 1 = Monday), from
  ``start`` to ``end`` someone must be on shift — or on call, when
  ``on_call_counts``;
* around the clock: every hour of every day must be covered. ``start``–``end``
  on ``weekdays`` (every day when empty), when set, are the *staffed hours*:
  then only a shift covers them, and on call covers the rest of the day when
  ``on_call_counts``. Without staffed hours, on call counts everywhere when
  ``on_call_counts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

Interval = tuple[dt.datetime, dt.datetime]

ALL_DAYS = frozenset(range(1, 8))
MAX_SHIFT = dt.timedelta(hours=24)


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class CoverageRule:
    around_the_clock: bool = False
    weekdays: frozenset[int] = field(default_factory=frozenset)
    start: dt.time | None = None
    end: dt.time | None = None
    on_call_counts: bool = False

    @classmethod
    def of(cls, standard: Any) -> CoverageRule:
        """The rule of a ``CoverageStandard`` (saved or not)."""
        return cls(
            around_the_clock=bool(standard.around_the_clock),
            weekdays=frozenset(int(d) for d in standard.weekdays or []),
            start=standard.start_time,
            end=standard.end_time,
            on_call_counts=bool(standard.on_call_counts),
        )

    @property
    def has_hours(self) -> bool:
        return self.start is not None and self.end is not None


def coverage_defaults(program_kind: str) -> dict[str, Any]:
    """The model's coverage, the default of a program's standard.

    * ICM: 7 days × 12 h (08:00–20:00), on a shift;
    * ACT (« 24 h sur 24, 7 jours sur 7 »): every hour of every day; a team
      member on shift 08:00–20:00 every day, and on call counts the rest of the
      night;
    * CTI: office hours, Monday to Friday 09:00–17:00, on call counts;
    * other programs: none (an empty standard requires nothing)."""
    if program_kind == "icm":
        return {
            "around_the_clock": False,
            "weekdays": [1, 2, 3, 4, 5, 6, 7],
            "start_time": dt.time(8),
            "end_time": dt.time(20),
            "on_call_counts": False,
        }
    if program_kind == "act":
        return {
            "around_the_clock": True,
            "weekdays": [1, 2, 3, 4, 5, 6, 7],
            "start_time": dt.time(8),
            "end_time": dt.time(20),
            "on_call_counts": True,
        }
    if program_kind == "cti":
        return {
            "around_the_clock": False,
            "weekdays": [1, 2, 3, 4, 5],
            "start_time": dt.time(9),
            "end_time": dt.time(17),
            "on_call_counts": True,
        }
    return {
        "around_the_clock": False,
        "weekdays": [],
        "start_time": None,
        "end_time": None,
        "on_call_counts": False,
    }


# --- Intervals -------------------------------------------------------------------


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same moments (touching ones joined)."""
    spans = sorted((_utc(a), _utc(b)) for a, b in intervals if b > a)
    merged: list[Interval] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(base: Iterable[Interval], cut: Iterable[Interval]) -> list[Interval]:
    """The moments of ``base`` outside ``cut``."""
    cuts = merge(cut)
    result: list[Interval] = []
    for start, end in merge(base):
        cursor = start
        for c_start, c_end in cuts:
            if c_end <= cursor or c_start >= end:
                continue
            if c_start > cursor:
                result.append((cursor, c_start))
            cursor = max(cursor, c_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """The moments in both."""
    left, right = merge(a), merge(b)
    result: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def total(intervals: Iterable[Interval]) -> dt.timedelta:
    return sum((b - a for a, b in merge(intervals)), dt.timedelta())


# --- Local days and hours --------------------------------------------------------------


def local_moment(day: dt.date, time: dt.time, zone: ZoneInfo | None = None) -> dt.datetime:
    """``time`` on ``day`` on the site's clock (the first one, when the clock falls back)."""
    return dt.datetime.combine(day, time, tzinfo=zone or site_zone())


def is_real_local_time(day: dt.date, time: dt.time, zone: ZoneInfo | None = None) -> bool:
    """False for an hour the clock skips (02:30 on the night it springs forward)."""
    moment = local_moment(day, time, zone)
    back = _utc(moment).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def day_bounds(day: dt.date, zone: ZoneInfo | None = None) -> Interval:
    """The day on the site's clock, midnight to midnight (23 or 25 hours when the clock changes)."""
    zone = zone or site_zone()
    return (
        _utc(local_moment(day, dt.time(0), zone)),
        _utc(local_moment(day + dt.timedelta(days=1), dt.time(0), zone)),
    )


def window(start: dt.date, days: int, zone: ZoneInfo | None = None) -> Interval:
    return (day_bounds(start, zone)[0], day_bounds(start + dt.timedelta(days=days - 1), zone)[1])


def _hours(rule: CoverageRule, start: dt.date, days: int, zone: ZoneInfo) -> list[Interval]:
    """The ``start``–``end`` hours of the rule on its weekdays (every day when none)."""
    if rule.start is None or rule.end is None:
        return []
    weekdays = rule.weekdays or ALL_DAYS
    spans: list[Interval] = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        if day.isoweekday() not in weekdays:
            continue
        end_day = day if rule.end > rule.start else day + dt.timedelta(days=1)
        spans.append(
            (_utc(local_moment(day, rule.start, zone)), _utc(local_moment(end_day, rule.end, zone)))
        )
    return merge(spans)


def required(
    rule: CoverageRule, start: dt.date, days: int, zone: ZoneInfo | None = None
) -> list[Interval]:
    """The periods the standard requires covered, ``days`` days from ``start``."""
    zone = zone or site_zone()
    if days <= 0:
        return []
    if rule.around_the_clock:
        return [window(start, days, zone)]
    return intersect(_hours(rule, start, days, zone), [window(start, days, zone)])


def on_call_allowed(
    rule: CoverageRule, start: dt.date, days: int, zone: ZoneInfo | None = None
) -> list[Interval]:
    """The required periods an on-call period covers."""
    zone = zone or site_zone()
    needed = required(rule, start, days, zone)
    if not rule.on_call_counts:
        return []
    if rule.around_the_clock and rule.has_hours:
        # Staffed hours need someone on shift; on call covers the rest.
        return subtract(needed, _hours(rule, start - dt.timedelta(days=1), days + 1, zone))
    return needed


def gaps(
    rule: CoverageRule,
    start: dt.date,
    days: int,
    shifts: Iterable[tuple[dt.datetime, dt.datetime, bool]],
    zone: ZoneInfo | None = None,
) -> list[Interval]:
    """The required periods no shift covers, nor an on-call period where on call counts.

    ``shifts`` are ``(starts_at, ends_at, on_call)``."""
    zone = zone or site_zone()
    spans = list(shifts)
    on_shift = [(a, b) for a, b, on_call in spans if not on_call]
    on_call = [(a, b) for a, b, on_call in spans if on_call]
    covered = merge(on_shift + intersect(on_call, on_call_allowed(rule, start, days, zone)))
    return subtract(required(rule, start, days, zone), covered)


@dataclass(frozen=True)
class DayGap:
    """A gap, or the part of it on one day of the site's clock."""

    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def duration(self) -> dt.timedelta:
        return _utc(self.ends_at) - _utc(self.starts_at)


def by_day(intervals: Iterable[Interval], zone: ZoneInfo | None = None) -> list[DayGap]:
    """Intervals cut at the site's midnights, each piece on its day (local times)."""
    zone = zone or site_zone()
    pieces: list[DayGap] = []
    for start, end in merge(intervals):
        cursor = start
        while cursor < end:
            day = cursor.astimezone(zone).date()
            midnight = day_bounds(day, zone)[1]
            stop = min(end, midnight)
            pieces.append(DayGap(day, cursor.astimezone(zone), stop.astimezone(zone)))
            cursor = stop
    return pieces


def describe(rule: CoverageRule) -> dict[str, Any]:
    """The parts a screen needs to say the rule in words."""
    return {
        "around_the_clock": rule.around_the_clock,
        "weekdays": sorted(rule.weekdays or (ALL_DAYS if rule.around_the_clock else set())),
        "start": rule.start,
        "end": rule.end,
        "on_call_counts": rule.on_call_counts,
    }
