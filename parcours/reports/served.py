"""Who an organization or a program served, for the filters of the monthly flow.

**Served by an organization in a month**: a qualifying activity recorded by
the organization on a day of the month (a visit, an encounter, an
assessment, a street contact, a housing step; a stay at one of its sites on
every day it covers), or an enrollment in one of its programs open on a day
of the month.

**Served by a program in a month**: an enrollment in the program open on a
day of the month, an encounter recorded under the program, or a stay at one
of the program's sites on a day of the month.

The current month runs to today. Merged and linked records are one person.
The filters only narrow the persons: each figure keeps its definition."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from parcours.beds.models import Stay
from parcours.casework.models import Encounter, Enrollment
from parcours.reports.events import OPEN, organization_spans
from parcours.reports.status import Network


@dataclass
class Served:
    """Each person's days of service (first and last ordinal) by one
    organization or program."""

    spans: dict[uuid.UUID, list[tuple[int, int]]] = field(default_factory=dict)

    def persons(self, first: dt.date, last: dt.date) -> set[uuid.UUID]:
        """The persons served on a day from ``first`` to ``last``."""
        lo, hi = first.toordinal(), last.toordinal()
        return {p for p, spans in self.spans.items() if any(a <= hi and b >= lo for a, b in spans)}


def _day(moment: dt.datetime) -> int:
    return timezone.localdate(moment).toordinal()


def served_by(
    network: Network,
    *,
    organization_id: uuid.UUID | None = None,
    program_id: uuid.UUID | None = None,
) -> Served | None:
    """The persons served by the program (when given), else by the
    organization; None when neither is given. Whole-network reads (the
    caller decides who sees the figures): one to three queries."""
    if organization_id is None and program_id is None:
        return None
    spans: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)

    def add(client_id: uuid.UUID, lo: int, hi: int) -> None:
        spans[network.person_of.get(client_id, client_id)].append((lo, hi))

    enrollments = Enrollment.objects.order_by()
    if program_id is not None:
        enrollments = enrollments.filter(program_id=program_id)
        for cid, at in (
            Encounter.objects.filter(program_id=program_id)
            .order_by()
            .values_list("client_id", "occurred_at")
        ):
            add(cid, _day(at), _day(at))
        for cid, started, ended in (
            Stay.objects.filter(site__program_id=program_id)
            .order_by()
            .values_list("client_id", "started_at", "ended_at")
        ):
            add(cid, _day(started), _day(ended) if ended is not None else OPEN)
    else:
        assert organization_id is not None
        enrollments = enrollments.filter(program__organization_id=organization_id)
        for person, days in organization_spans(
            network.person_of, network.steps, organization_id
        ).items():
            spans[person].extend(days)
    for cid, start, end in enrollments.values_list("client_id", "start_date", "end_date"):
        add(cid, start.toordinal(), end.toordinal() if end is not None else OPEN)
    return Served(dict(spans))
