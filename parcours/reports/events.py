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
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

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

    def last_activity(self, on: int) -> int | None:
        """The last day on or before ``on`` with a qualifying activity."""
        best: int | None = None
        for lo, hi, _org in self.activities:
            if lo <= on:
                day = min(hi, on)
                if best is None or day > best:
                    best = day
        return best


def _day(moment: dt.datetime) -> int:
    return timezone.localdate(moment).toordinal()


def load_events(
    person_of: dict[uuid.UUID, uuid.UUID], only: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, PersonEvents]:
    """Every person's events, by person key (records merged); only the
    events of the records ``only`` when given (the same number of queries)."""
    people: dict[uuid.UUID, PersonEvents] = defaultdict(PersonEvents)
    wanted = list(only) if only is not None else None

    def rows(manager: Any) -> Any:
        return manager.filter(client_id__in=wanted) if wanted is not None else manager.all()

    def of(client_id: uuid.UUID) -> PersonEvents:
        return people[person_of.get(client_id, client_id)]

    for cid, at, org in rows(Visit.objects).values_list(
        "client_id", "occurred_at", "organization_id"
    ):
        d = _day(at)
        of(cid).activities.append((d, d, org))
    for cid, at, org in rows(Encounter.objects).values_list(
        "client_id", "occurred_at", "organization_id"
    ):
        d = _day(at)
        of(cid).activities.append((d, d, org))
    for cid, on, org in rows(Assessment.objects).values_list(
        "client_id", "assessed_on", "organization_id"
    ):
        of(cid).activities.append((on.toordinal(), on.toordinal(), org))
    for cid, on, org in rows(StreetContact.objects).values_list(
        "client_id", "seen_on", "organization_id"
    ):
        of(cid).activities.append((on.toordinal(), on.toordinal(), org))
    stays = rows(Stay.objects).values_list(
        "client_id",
        "started_at",
        "ended_at",
        "site__kind",
        "destination",
        "site__program__organization_id",
    )
    for cid, started, ended, kind, destination, org in stays:
        person = of(cid)
        lo = _day(started)
        hi = _day(ended) if ended is not None else OPEN
        person.activities.append((lo, hi, org))
        if kind == SiteKind.TRANSITIONAL:
            person.transitional.append((lo, hi))
        if ended is not None and destination == Destination.PERMANENT_HOUSING:
            person.housed_on.append(hi)
    tenancies = rows(Tenancy.objects).values_list(
        "client_id", "start_date", "end_date", "end_reason", "organization_id"
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
    for cid, submitted, org in (
        rows(HousingApplication.objects)
        .filter(submitted_on__isnull=False)
        .values_list("client_id", "submitted_on", "organization_id")
    ):
        if submitted is not None:
            of(cid).activities.append((submitted.toordinal(), submitted.toordinal(), org))
    for cid, offered, answered, org in rows(HousingOffer.objects).values_list(
        "client_id", "offered_on", "answered_on", "organization_id"
    ):
        person = of(cid)
        person.activities.append((offered.toordinal(), offered.toordinal(), org))
        if answered is not None:
            person.activities.append((answered.toordinal(), answered.toordinal(), org))
    for cid, start in rows(Enrollment.objects).values_list("client_id", "start_date"):
        of(cid).other_contacts.append(start.toordinal())
    for cid, sent in (
        rows(Referral.objects).filter(sent_at__isnull=False).values_list("client_id", "sent_at")
    ):
        if sent is not None:
            of(cid).other_contacts.append(_day(sent))
    return dict(people)
