"""The monthly flow of the by-name list (CAEH / Built for Zero shape), balanced
by construction.

Each person's list status (``parcours.reports.status``) is computed at the
end of every month (today for the current month), and each change between two
consecutive month ends is classified:

* **inflow** — ``newly_identified`` (not served before), ``returned_from_housing``,
  ``returned_from_inactive``, and for a sub-population ``aged_in`` (was
  actively homeless but not in the sub-population: became chronic, turned
  16, a child joined the household…);
* **outflow** — ``moved_to_housing``, ``moved_to_inactive``, and for a
  sub-population ``aged_out`` (still actively homeless, no longer in it).

So Active(M) − Active(M−1) = inflow − outflow for every month and every
sub-population, always. With a filter (``served``: the persons an
organization or a program served in the month, ``parcours.reports.served``)
each month counts only those persons, at both ends of the month, so each
month still balances: Active(M) − Active at the end of M−1 of the same
persons = inflow − outflow. A published month is never rewritten: when today's
data give another Active for the last published month, the difference is a
``correction`` line of the month after it."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from parcours.reports.models import Population
from parcours.reports.status import ACTIVE, HOUSED, INACTIVE, Network, PersonStatus

INFLOW = ("newly_identified", "returned_from_housing", "returned_from_inactive", "aged_in")
OUTFLOW = ("moved_to_housing", "moved_to_inactive", "aged_out")
CATEGORIES = (*INFLOW, *OUTFLOW)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def evaluation_day(month: dt.date, today: dt.date) -> dt.date:
    """The day a month's figures are read on: its last day, or today."""
    return min(month_end(month), today)


def classify(
    before: PersonStatus | None, after: PersonStatus | None, population: str
) -> str | None:
    """The flow category of one person between two month ends (None: no change
    to the actively homeless count of ``population``)."""
    was = before is not None and before.actively_homeless and before.in_population(population)
    now = after is not None and after.actively_homeless and after.in_population(population)
    if was == now:
        return None
    if now:
        if before is None:
            return "newly_identified"
        if before.list_status == ACTIVE:
            return "aged_in"
        if before.list_status == HOUSED:
            return "returned_from_housing"
        return "returned_from_inactive"
    if after is None or after.list_status == INACTIVE:
        return "moved_to_inactive"
    if after.list_status == HOUSED:
        return "moved_to_housing"
    return "aged_out"


@dataclass
class MonthFlow:
    month: dt.date
    population: str
    on: dt.date
    active: set[uuid.UUID]
    previous_active: int
    people: dict[str, set[uuid.UUID]] = field(default_factory=dict)

    def count(self, category: str) -> int:
        return len(self.people.get(category, ()))

    @property
    def inflow(self) -> int:
        return sum(self.count(c) for c in INFLOW)

    @property
    def outflow(self) -> int:
        return sum(self.count(c) for c in OUTFLOW)

    @property
    def net(self) -> int:
        return self.inflow - self.outflow

    def figures(self) -> dict[str, int]:
        """The numbers of the month (what a publication keeps)."""
        return {
            "active": len(self.active),
            "previous_active": self.previous_active,
            **{c: self.count(c) for c in CATEGORIES},
            "inflow": self.inflow,
            "outflow": self.outflow,
            "net": self.net,
        }


def monthly_flow(
    network: Network,
    months: list[dt.date],
    *,
    today: dt.date,
    populations: tuple[str, ...] = tuple(Population.values),
    served: Callable[[dt.date, dt.date], set[uuid.UUID]] | None = None,
) -> dict[str, list[MonthFlow]]:
    """Population → the flow of each month (consecutive months, oldest first).
    ``served(first_day, last_day)``, when given, narrows each month to the
    persons it returns."""
    result: dict[str, list[MonthFlow]] = {p: [] for p in populations}
    if not months:
        return result
    network.prepare(
        [month_end(add_months(months[0], -1)), *(evaluation_day(m, today) for m in months)]
    )
    previous = network.statuses_on(month_end(add_months(months[0], -1)))
    for month in months:
        on = evaluation_day(month, today)
        everyone = network.statuses_on(on)
        current, before = everyone, previous
        if served is not None:
            persons = served(month, on)
            current = {p: s for p, s in everyone.items() if p in persons}
            before = {p: s for p, s in previous.items() if p in persons}
        for population in populations:
            flow = MonthFlow(
                month=month,
                population=population,
                on=on,
                active={
                    p
                    for p, s in current.items()
                    if s.actively_homeless and s.in_population(population)
                },
                previous_active=sum(
                    1
                    for s in before.values()
                    if s.actively_homeless and s.in_population(population)
                ),
            )
            for person in before.keys() | current.keys():
                category = classify(before.get(person), current.get(person), population)
                if category is not None:
                    flow.people.setdefault(category, set()).add(person)
            result[population].append(flow)
        previous = everyone
    return result
