"""What the network did with each person, read for every report: qualifying
activities (which keep a person active on the by-name list), first contact,
housing steps and transitional stays.

**Qualifying activities** (docs/reports.md): a hub visit (with the services
given at it), a casework encounter, a stay at any site (every day of it), an
acuity assessment, a street contact, a housing step (a tenancy's start or
end, a housing application submitted, a housing offer made or answered).

**First contact** is the earliest of the qualifying activities and of the
other marks of service: a program enrollment's start, a referral sent for the
person. It is never ``Client.created_at`` (when the row was written).

The database aggregates the activities (millions of rows at the scale of a
province): per record, the first contact (``MIN``) and, for the dates a
report evaluates, the latest end of the activities begun by each date
(``MAX`` by date bucket); only the housing steps (few rows) are read one by
one. A moment's local date is compared through the local midnights that
bound it, so the database never converts a timestamp row by row.

Whole-network reads, not access-filtered: callers show the figures only to
those who may see them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone

from parcours.beds.models import Destination, SiteKind, Stay, StreetContact
from parcours.casework.models import Assessment, Encounter, Enrollment
from parcours.clients.models import Visit
from parcours.coordination.models import Referral
from parcours.housing.models import HousingApplication, HousingOffer, Tenancy, TenancyEndReason
from parcours.reports.people import narrowed

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


@dataclass(frozen=True)
class _Source:
    """One table of activities: its model, the field its first day is read
    from (a moment or a date), the field of its last day (a stay's end; the
    same field for a one-day activity) and the path to its organization."""

    model: Any
    first: str
    moment: bool
    last: str
    organization: str
    rows: Q = field(default_factory=Q)

    def queryset(self) -> QuerySet[Any]:
        rows: QuerySet[Any] = self.model.objects.filter(self.rows).order_by()
        return rows


# The large tables, aggregated in the database. Housing steps are few and are
# read row by row (``HousingSteps``).
_SOURCES = (
    _Source(Visit, "occurred_at", True, "occurred_at", "organization_id"),
    _Source(Encounter, "occurred_at", True, "occurred_at", "organization_id"),
    _Source(Assessment, "assessed_on", False, "assessed_on", "organization_id"),
    _Source(StreetContact, "seen_on", False, "seen_on", "organization_id"),
    _Source(Stay, "started_at", True, "ended_at", "site__program__organization_id"),
)
_MARKS = (
    _Source(Enrollment, "start_date", False, "start_date", "program__organization_id"),
    _Source(Referral, "sent_at", True, "sent_at", "organization_id", Q(sent_at__isnull=False)),
)


def _midnight_after(day: dt.date) -> dt.datetime:
    """The local midnight that ends ``day``: a moment is on or before ``day``
    (local date) exactly when it is before this."""
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )


def _ordinal(value: dt.date | dt.datetime, zone: dt.tzinfo) -> int:
    """A date's ordinal; a moment's local date's in ``zone`` (read once by
    the caller: ``timezone.localdate`` costs more than the rest of a row)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(zone).date().toordinal()
    return value.toordinal()


def _begun_by(source: _Source, day: dt.date) -> Q:
    """The source's rows begun on or before ``day``."""
    if source.moment:
        return Q(**{f"{source.first}__lt": _midnight_after(day)})
    return Q(**{f"{source.first}__lte": day})


def _ended_since(source: _Source, day: dt.date) -> Q:
    """The source's rows whose last day is ``day`` or later (open ones too)."""
    if source.moment:
        since = _midnight_after(day - dt.timedelta(days=1))
        return Q(**{f"{source.last}__gte": since}) | Q(**{f"{source.last}__isnull": True})
    return Q(**{f"{source.last}__gte": day})


class _Records:
    """The records asked about (``None``: all of them), and the ``IN`` list
    that narrows a query when it is short enough to pay."""

    def __init__(self, only: Collection[uuid.UUID] | None) -> None:
        self.wanted = set(only) if only is not None else None

    def narrow(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows if self.wanted is None else narrowed(rows, "client_id", self.wanted)

    def kept(self, rows: Iterable[Any]) -> Iterator[Any]:
        if self.wanted is None:
            yield from rows
            return
        for row in rows:
            if row[0] in self.wanted:
                yield row


@dataclass
class HousingSteps:
    """A person's tenancies and transitional stays, the days they moved to
    housing, and the days of their housing steps (qualifying activities)."""

    # (start, end or OPEN, end reason)
    tenancies: list[tuple[int, int, str]] = field(default_factory=list)
    # (book-in, book-out or OPEN) at transitional sites
    transitional: list[tuple[int, int]] = field(default_factory=list)
    # Days a stay ended to permanent housing or a tenancy to better housing.
    housed_on: list[int] = field(default_factory=list)
    # (day, organization id) of each housing step.
    steps: list[tuple[int, uuid.UUID | None]] = field(default_factory=list)


def housing_steps(
    person_of: dict[uuid.UUID, uuid.UUID], only: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, HousingSteps]:
    """Every person's housing steps, by person key (four queries)."""
    zone = timezone.get_current_timezone()
    records = _Records(only)
    people: dict[uuid.UUID, HousingSteps] = defaultdict(HousingSteps)

    def of(client_id: uuid.UUID) -> HousingSteps:
        return people[person_of.get(client_id, client_id)]

    stays = records.narrow(
        Stay.objects.filter(
            Q(site__kind=SiteKind.TRANSITIONAL)
            | Q(ended_at__isnull=False, destination=Destination.PERMANENT_HOUSING)
        )
    ).values_list("client_id", "started_at", "ended_at", "site__kind", "destination")
    for cid, started, ended, kind, destination in records.kept(stays):
        lo = _ordinal(started, zone)
        hi = _ordinal(ended, zone) if ended is not None else OPEN
        if kind == SiteKind.TRANSITIONAL:
            of(cid).transitional.append((lo, hi))
        if ended is not None and destination == Destination.PERMANENT_HOUSING:
            of(cid).housed_on.append(hi)
    tenancies = records.narrow(Tenancy.objects.order_by()).values_list(
        "client_id", "start_date", "end_date", "end_reason", "organization_id"
    )
    for cid, start, end, reason, org in records.kept(tenancies):
        person = of(cid)
        lo = start.toordinal()
        person.steps.append((lo, org))
        if end is None:
            person.tenancies.append((lo, OPEN, ""))
            continue
        hi = end.toordinal()
        person.steps.append((hi, org))
        person.tenancies.append((lo, hi, reason))
        if reason == TenancyEndReason.BETTER_HOUSING:
            person.housed_on.append(hi)
    applications = records.narrow(
        HousingApplication.objects.filter(submitted_on__isnull=False).order_by()
    ).values_list("client_id", "submitted_on", "organization_id")
    for cid, submitted, org in records.kept(applications):
        of(cid).steps.append((submitted.toordinal(), org))
    offers = records.narrow(HousingOffer.objects.order_by()).values_list(
        "client_id", "offered_on", "answered_on", "organization_id"
    )
    for cid, offered, answered, org in records.kept(offers):
        of(cid).steps.append((offered.toordinal(), org))
        if answered is not None:
            of(cid).steps.append((answered.toordinal(), org))
    return dict(people)


def first_contact_days(
    person_of: dict[uuid.UUID, uuid.UUID],
    steps: dict[uuid.UUID, HousingSteps],
    only: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, int]:
    """Person key → ordinal of their first contact (persons never served are
    absent): one aggregate per table, with the housing steps already read."""
    zone = timezone.get_current_timezone()
    records = _Records(only)
    first: dict[uuid.UUID, int] = {}

    def seen(client_or_person: uuid.UUID, day: int) -> None:
        person = person_of.get(client_or_person, client_or_person)
        if day < first.get(person, OPEN + 1):
            first[person] = day

    for source in (*_SOURCES, *_MARKS):
        rows = (
            records.narrow(source.queryset())
            .values("client_id")
            .annotate(first=Min(source.first))
            .values_list("client_id", "first")
        )
        for cid, day in records.kept(rows):
            if day is not None:
                seen(cid, _ordinal(day, zone))
    for person, housing in steps.items():
        for day, _org in housing.steps:
            seen(person, day)
    return first


def last_activity_days(
    person_of: dict[uuid.UUID, uuid.UUID],
    steps: dict[uuid.UUID, HousingSteps],
    dates: Sequence[dt.date],
) -> dict[dt.date, dict[uuid.UUID, int]]:
    """For each date, person key → the last day on or before it with a
    qualifying activity (the latest end of the activities begun by then, the
    date at most). One aggregate per table for all the dates: each row falls
    in the bucket of the first date it is begun by, and a date's answer is the
    latest end over its bucket and the ones before."""
    zone = timezone.get_current_timezone()
    days = sorted(set(dates))
    if not days:
        return {}
    # bucket → person → latest last day (OPEN for an open stay)
    latest: list[dict[uuid.UUID, int]] = [{} for _ in days]

    def seen(bucket: int, client_or_person: uuid.UUID, day: int) -> None:
        person = person_of.get(client_or_person, client_or_person)
        row = latest[bucket]
        if day > row.get(person, -1):
            row[person] = day

    for source in _SOURCES:
        bucket = Case(
            *(When(_begun_by(source, d), then=Value(i)) for i, d in enumerate(days)),
            default=None,
            output_field=IntegerField(),
        )
        aggregates: dict[str, Any] = {"last": Max(source.last)}
        if source.last != source.first:
            aggregates["open"] = Max(
                Case(When(**{f"{source.last}__isnull": True}, then=Value(1)), default=Value(0))
            )
        rows = (
            source.queryset()
            .filter(_begun_by(source, days[-1]))
            .annotate(bucket=bucket)
            .values("client_id", "bucket")
            .annotate(**aggregates)
            .values_list("client_id", "bucket", *aggregates)
        )
        for cid, i, last, *still_open in rows:
            if still_open and still_open[0]:
                seen(i, cid, OPEN)
            elif last is not None:
                seen(i, cid, _ordinal(last, zone))
    for person, housing in steps.items():
        for day, _org in housing.steps:
            i = next((i for i, d in enumerate(days) if day <= d.toordinal()), None)
            if i is not None:
                seen(i, person, day)
    result: dict[dt.date, dict[uuid.UUID, int]] = {}
    running: dict[uuid.UUID, int] = {}
    for i, on in enumerate(days):
        for person, day in latest[i].items():
            if day > running.get(person, -1):
                running[person] = day
        cap = on.toordinal()
        result[on] = {p: min(day, cap) for p, day in running.items()}
    return result


def organization_spans(
    person_of: dict[uuid.UUID, uuid.UUID],
    steps: dict[uuid.UUID, HousingSteps],
    organization_id: uuid.UUID,
) -> dict[uuid.UUID, list[tuple[int, int]]]:
    """Person key → the (first, last) days of the qualifying activities the
    organization recorded (a stay at one of its sites: every day of it)."""
    zone = timezone.get_current_timezone()
    spans: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
    for source in _SOURCES:
        rows = (
            source.queryset()
            .filter(**{source.organization: organization_id})
            .values_list("client_id", source.first, source.last)
        )
        for cid, first, last in rows:
            lo = _ordinal(first, zone)
            hi = _ordinal(last, zone) if last is not None else OPEN
            spans[person_of.get(cid, cid)].append((lo, hi))
    for person, housing in steps.items():
        for day, org in housing.steps:
            if org == organization_id:
                spans[person].append((day, day))
    return dict(spans)


def organizations_last_active(
    steps: dict[uuid.UUID, HousingSteps], since: dt.date, on: dt.date
) -> dict[uuid.UUID, dt.date]:
    """Organization → its last day from ``since`` to ``on`` with a qualifying
    activity recorded (provider participation). One aggregate per table."""
    zone = timezone.get_current_timezone()
    last: dict[uuid.UUID, int] = {}

    def seen(org: uuid.UUID | None, day: int) -> None:
        if org is not None and day > last.get(org, -1):
            last[org] = day

    cap = on.toordinal()
    for source in _SOURCES:
        rows = (
            source.queryset()
            .filter(_begun_by(source, on), _ended_since(source, since))
            .values(source.organization)
            .annotate(last=Max(source.last))
            .values_list(source.organization, "last")
        )
        open_orgs: set[uuid.UUID] = set()
        if source.last != source.first:
            open_orgs = set(
                source.queryset()
                .filter(_begun_by(source, on), **{f"{source.last}__isnull": True})
                .values_list(source.organization, flat=True)
                .distinct()
            )
        for org, day in rows:
            seen(org, cap if org in open_orgs or day is None else min(_ordinal(day, zone), cap))
        for org in open_orgs:
            seen(org, cap)
    for housing in steps.values():
        for day, org in housing.steps:
            if since.toordinal() <= day <= cap:
                seen(org, day)
    return {org: dt.date.fromordinal(day) for org, day in last.items()}
