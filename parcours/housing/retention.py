"""Housing retention at 6 and 12 months, computed from tenancies.

A client is housed on day 0, the start of their first tenancy. They are
*retained at N months* if they stayed housed continuously until day 0 + N
months, gaps of at most ``MAX_GAP_DAYS`` between two tenancies allowed.
Clients whose day 0 + N months is still in the future are not counted."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from parcours.access.housing import tenancies_visible_to
from parcours.accounts.models import User

MAX_GAP_DAYS = 30
MILESTONES = (6, 12)


@dataclass(frozen=True)
class Span:
    """One tenancy, as retention reads it (``end`` None while it lasts)."""

    client_id: uuid.UUID | str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Retention:
    months: int
    counted: int
    retained: int

    @property
    def rate(self) -> float | None:
        return self.retained / self.counted if self.counted else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def housed_until(spans: list[Span]) -> tuple[dt.date, dt.date | None]:
    """Day 0 and the last day of continuous housing from it (None: still housed)."""
    ordered = sorted(spans, key=lambda span: span.start)
    day0 = ordered[0].start
    until: dt.date | None = ordered[0].end
    for span in ordered[1:]:
        if until is None:
            break
        if (span.start - until).days > MAX_GAP_DAYS:
            break
        if span.end is None or span.end > until:
            until = span.end
    return day0, until


def retention(spans: Iterable[Span], months: int, today: dt.date) -> Retention:
    by_client: dict[uuid.UUID | str, list[Span]] = defaultdict(list)
    for span in spans:
        by_client[span.client_id].append(span)
    counted = retained = 0
    for client_spans in by_client.values():
        day0, until = housed_until(client_spans)
        milestone = add_months(day0, months)
        if milestone > today:
            continue
        counted += 1
        if until is None or until >= milestone:
            retained += 1
    return Retention(months=months, counted=counted, retained=retained)


def retention_for(user: User, today: dt.date | None = None) -> list[Retention]:
    """Retention at 6 and 12 months over the tenancies the user may see."""
    today = today or timezone.localdate()
    spans = [
        Span(client_id=client_id, start=start, end=end)
        for client_id, start, end in tenancies_visible_to(user).values_list(
            "client_id", "start_date", "end_date"
        )
    ]
    return [retention(spans, months, today) for months in MILESTONES]


__all__ = [
    "MAX_GAP_DAYS",
    "MILESTONES",
    "Retention",
    "Span",
    "add_months",
    "retention",
    "retention_for",
]
