"""What the network did with each person, read once for every report:
qualifying activities (which keep a person active on the by-name list),
first contact, housing steps and transitional stays.

**Qualifying activities** (docs/reports.md): a hub visit (with the services
given at it), a casework encounter, a stay at any site (every day of it), an
acuity assessment, a street contact, a housing step (a tenancy's start or
end, a housing application submitted, a housing offer made or answered).

**First contact** is the earliest of the qualifying activities and of the
other marks of service: a program enrollment's start, a referral sent for the
person. It is never ``Client.created_at`` (when the row was written).

Whole-network reads, not access-filtered: callers show the figures only to
those who may see them. Ten queries, whatever the number of persons."""

from __future__ import annotations

import datetime as dt
import uuid
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import TruncDate

from parcours.beds.models import Destination, SiteKind, Stay, StreetContact
from parcours.casework.models import Assessment, Encounter, Enrollment
from parcours.clients.models import Visit
from parcours.coordination.models import Referral
from parcours.housing.models import HousingApplication, HousingOffer, Tenancy, TenancyEndReason

# An open stay or tenancy runs to the end of time (ordinal far in the future).
OPEN = dt.date.max.toordinal()

ACTIVITY_SOURCES = (
    "visit",
    "encounter",
    "stay",
    "assessment",
    "street_contact",
    "housing_step",
)
FIRST_CONTACT_SOURCES = (*ACTIVITY_SOURCES, "enrollment", "referral")


@dataclass
class PersonEvents:
    """Everything the reports know of one person (all their records)."""

    # (first ordinal, last ordinal, organization id): a day or a stay.
    activities: list[tuple[int, int, uuid.UUID | None]] = field(default_factory=list)
    other_contacts: list[int] = field(default_factory=list)
    # (start, end or OPEN, end reason)
    tenancies: list[tuple[int, int, str]] = field(default_factory=list)
    # (book-in, book-out or OPEN) at transitional sites
    transitional: list[tuple[int, int]] = field(default_factory=list)
    # Days a stay ended to permanent housing or a tenancy to better housing.
    housed_on: list[int] = field(default_factory=list)

    @property
    def first_contact(self) -> int | None:
        days = [lo for lo, _hi, _org in self.activities] + self.other_contacts
        return min(days) if days else None

    # (first days sorted, the latest last day among them so far, activities seen)
    _index: tuple[list[int], list[int], int] | None = field(default=None, repr=False, compare=False)

    def last_activity(self, on: int) -> int | None:
        """The last day on or before ``on`` with a qualifying activity: the
        latest end of the activities begun by then, ``on`` at most."""
        if self._index is None or self._index[2] != len(self.activities):
            ordered = sorted((lo, hi) for lo, hi, _org in self.activities)
            latest: list[int] = []
            for _lo, hi in ordered:
                latest.append(max(hi, latest[-1]) if latest else hi)
            self._index = ([lo for lo, _hi in ordered], latest, len(self.activities))
        starts, latest, _count = self._index
        i = bisect_right(starts, on)
        return min(latest[i - 1], on) if i else None


# Beyond this many records asked about, every row is read and the others are
# skipped in Python: a huge ``IN`` list costs more than the rows it saves.
IN_LIST_LIMIT = 2000


def _day(field: str) -> TruncDate:
    """The local date of a moment, computed by the database."""
    return TruncDate(field)


def load_events(
    person_of: dict[uuid.UUID, uuid.UUID], only: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, PersonEvents]:
    """Every person's events, by person key (records merged); only the
    events of the records ``only`` when given (the same number of queries)."""
    people: dict[uuid.UUID, PersonEvents] = defaultdict(PersonEvents)
    wanted = set(only) if only is not None else None
    big = wanted is not None and len(wanted) > IN_LIST_LIMIT

    def rows(manager: Any) -> Any:
        if wanted is None or big:
            return manager.all()
        return manager.filter(client_id__in=list(wanted))

    def kept(values: Any) -> Iterator[Any]:
        if not big:
            yield from values
            return
        assert wanted is not None
        for row in values.iterator(chunk_size=20_000):
            if row[0] in wanted:
                yield row

    def of(client_id: uuid.UUID) -> PersonEvents:
        return people[person_of.get(client_id, client_id)]

    for cid, on, org in kept(
        rows(Visit.objects)
        .annotate(day=_day("occurred_at"))
        .values_list("client_id", "day", "organization_id")
    ):
        d = on.toordinal()
        of(cid).activities.append((d, d, org))
    for cid, on, org in kept(
        rows(Encounter.objects)
        .annotate(day=_day("occurred_at"))
        .values_list("client_id", "day", "organization_id")
    ):
        d = on.toordinal()
        of(cid).activities.append((d, d, org))
    for cid, on, org in kept(
        rows(Assessment.objects).values_list("client_id", "assessed_on", "organization_id")
    ):
        of(cid).activities.append((on.toordinal(), on.toordinal(), org))
    for cid, on, org in kept(
        rows(StreetContact.objects).values_list("client_id", "seen_on", "organization_id")
    ):
        of(cid).activities.append((on.toordinal(), on.toordinal(), org))
    stays = kept(
        rows(Stay.objects)
        .annotate(first_day=_day("started_at"), last_day=_day("ended_at"))
        .values_list(
            "client_id",
            "first_day",
            "last_day",
            "site__kind",
            "destination",
            "site__program__organization_id",
        )
    )
    for cid, started, ended, kind, destination, org in stays:
        person = of(cid)
        lo = started.toordinal()
        hi = ended.toordinal() if ended is not None else OPEN
        person.activities.append((lo, hi, org))
        if kind == SiteKind.TRANSITIONAL:
            person.transitional.append((lo, hi))
        if ended is not None and destination == Destination.PERMANENT_HOUSING:
            person.housed_on.append(hi)
    tenancies = kept(
        rows(Tenancy.objects).values_list(
            "client_id", "start_date", "end_date", "end_reason", "organization_id"
        )
    )
    for cid, start, end, reason, org in tenancies:
        person = of(cid)
        lo = start.toordinal()
        person.activities.append((lo, lo, org))
        if end is None:
            person.tenancies.append((lo, OPEN, ""))
            continue
        hi = end.toordinal()
        person.activities.append((hi, hi, org))
        person.tenancies.append((lo, hi, reason))
        if reason == TenancyEndReason.BETTER_HOUSING:
            person.housed_on.append(hi)
    for cid, submitted, org in kept(
        rows(HousingApplication.objects)
        .filter(submitted_on__isnull=False)
        .values_list("client_id", "submitted_on", "organization_id")
    ):
        if submitted is not None:
            of(cid).activities.append((submitted.toordinal(), submitted.toordinal(), org))
    for cid, offered, answered, org in kept(
        rows(HousingOffer.objects).values_list(
            "client_id", "offered_on", "answered_on", "organization_id"
        )
    ):
        person = of(cid)
        person.activities.append((offered.toordinal(), offered.toordinal(), org))
        if answered is not None:
            person.activities.append((answered.toordinal(), answered.toordinal(), org))
    for cid, start in kept(rows(Enrollment.objects).values_list("client_id", "start_date")):
        of(cid).other_contacts.append(start.toordinal())
    for cid, sent in kept(
        rows(Referral.objects)
        .filter(sent_at__isnull=False)
        .annotate(day=_day("sent_at"))
        .values_list("client_id", "day")
    ):
        if sent is not None:
            of(cid).other_contacts.append(sent.toordinal())
    return dict(people)
