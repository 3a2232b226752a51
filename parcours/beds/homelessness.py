"""Homeless days and chronic homelessness, from stays and street contacts.

Definitions (Reaching Home, Canada's Homelessness Strategy — see
docs/beds.md):

* A **homeless day** is a local date on which the client slept in an
  emergency shelter (``emergency_shelter`` or ``family_shelter`` site — a
  night in a stay: from the book-in date to the day before the book-out date,
  at least the book-in date itself) or was seen by outreach sleeping outside
  or in a place not meant for living (a ``StreetContact``). Nights in a
  shelter of another system, imported from its records (``ShelterHistory``),
  count as stays in an emergency shelter. Each date counts once, however
  many records cover it.
* Transitional housing, treatment and withdrawal-management beds and respite
  (recuperative) care do **not** count: Reaching Home excludes time in
  transitional housing and in public institutions (health facilities among
  them). Those stays do not break an episode either; they simply add nothing.
* **Chronic**: currently homeless **and** at least 180 homeless days in the
  past year, **or** recurrent homelessness over the past three years with at
  least 546 homeless days in total.
* **Currently homeless** on a date: a homeless-counting stay is open that
  day, or the last homeless day is at most ``CURRENT_WINDOW_DAYS`` before it,
  the person is not in transitional housing or an institution, and no stay
  ended since then with a move to permanent housing. A person in
  transitional housing or an institution whose stay began while they were
  chronically homeless keeps the chronic status (``chronic_on_entry``), as
  the definition allows for people discharged into homelessness.

These functions take no user and are not access-filtered: callers (the
by-name list, households, reports) count with them and show their numbers
only for clients the user may see. Each call makes two queries, whatever the
number of clients (three for the chronic status).

A household's chronic status is its head's (``household_chronic_status``):
the head on a date comes from ``parcours.households.selectors``, which beds
reads from above (households imports nothing from beds).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, DateField, DateTimeField, Q, Value
from django.utils import timezone

from parcours.beds.models import Destination, ShelterHistory, SiteKind, Stay, StreetContact
from parcours.households.models import Household
from parcours.households.selectors import household_head_on

HOMELESS_SITE_KINDS = frozenset({SiteKind.EMERGENCY_SHELTER, SiteKind.FAMILY_SHELTER})
EXCLUDED_SITE_KINDS = frozenset(
    {SiteKind.TRANSITIONAL, SiteKind.TREATMENT, SiteKind.RESPITE, SiteKind.OTHER}
)
PAST_YEAR_DAYS = 365
PAST_THREE_YEARS_DAYS = 3 * 365
CHRONIC_PAST_YEAR = 180
CHRONIC_THREE_YEARS = 546
CURRENT_WINDOW_DAYS = 30
# A gap of this many days or more without a homeless day starts a new episode.
EPISODE_BREAK_DAYS = 30


@dataclass(frozen=True)
class ChronicStatus:
    client_id: uuid.UUID
    on: dt.date
    is_chronic: bool
    currently_homeless: bool
    days_past_year: int
    days_past_three_years: int
    episodes_past_three_years: int
    last_homeless_day: dt.date | None
    # "past_year" (≥ 180 days in the past year), "recurrent" (≥ 546 days in
    # three years), "chronic_on_entry", or "" when not chronic.
    criterion: str


def _local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _stay_days(
    started_at: dt.datetime,
    ended_at: dt.datetime | None,
    start: dt.date,
    end: dt.date,
    zone: dt.tzinfo,
) -> range:
    """The ordinals of the homeless days of one stay, clipped to [start, end]
    (local dates in ``zone``, read once by the caller)."""
    first = started_at.astimezone(zone).date()
    if ended_at is None:
        last = end
    else:
        last = max(ended_at.astimezone(zone).date() - dt.timedelta(days=1), first)
    lo = max(first, start).toordinal()
    hi = min(last, end).toordinal()
    return range(lo, hi + 1)


StayRow = tuple[uuid.UUID, str, dt.datetime, dt.datetime | None, str]


@dataclass(frozen=True)
class HomelessRecords:
    """Every stay (client, site kind, start, end, destination) and street
    contact (client, day), read once for a report that evaluates many dates
    (``homeless_records``); the functions below filter them as their
    queries would."""

    stays: list[StayRow]
    contacts: list[tuple[uuid.UUID, dt.date]]


def homeless_records() -> HomelessRecords:
    """Every stay, shelter history and street contact of the network. Two queries."""
    return HomelessRecords(
        stays=_stay_rows(Stay.objects.all(), ShelterHistory.objects.all()),
        contacts=list(StreetContact.objects.values_list("client_id", "seen_on")),
    )


def _stay_rows(stays: Any, history: Any) -> list[StayRow]:
    """The stays and the shelter history taken from other systems, in one
    query; the history as stays in an emergency shelter from the local
    midnight of its first night to that of the day the person left."""
    shelter = Value(SiteKind.EMERGENCY_SHELTER, output_field=CharField())
    no_day = Value(None, output_field=DateField())
    no_time = Value(None, output_field=DateTimeField())
    rows = (
        stays.order_by()
        .values_list(
            "client_id", "site__kind", "started_at", "ended_at", "destination", no_day, no_day
        )
        .union(
            history.order_by().values_list(
                "client_id", shelter, no_time, no_time, "destination", "started_on", "ended_on"
            ),
            all=True,
        )
    )
    zone = timezone.get_current_timezone()
    result: list[StayRow] = []
    for client_id, kind, started_at, ended_at, destination, first, left in rows:
        if first is not None:
            started_at = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
            ended_at = dt.datetime.combine(left, dt.time.min, tzinfo=zone) if left else None
        result.append((client_id, kind, started_at, ended_at, destination))
    return result


def _stays_between(
    ids: list[uuid.UUID], lo: dt.datetime, hi: dt.datetime, records: HomelessRecords | None
) -> list[StayRow]:
    """Stays of the clients begun before ``hi`` and not ended before ``lo``."""
    if records is None:
        zone = timezone.get_current_timezone()
        rows: Iterable[StayRow] = _stay_rows(
            _of_clients(Stay.objects, ids)
            .filter(started_at__lt=hi)
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=lo)),
            _of_clients(ShelterHistory.objects, ids)
            .filter(started_on__lt=hi.astimezone(zone).date())
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=lo.astimezone(zone).date())),
        )
    else:
        rows = (r for r in records.stays if r[2] < hi and (r[3] is None or r[3] >= lo))
    wanted = set(ids)
    return [r for r in rows if r[0] in wanted]


def _homeless_ordinals(
    client_ids: Iterable[uuid.UUID],
    *,
    start: dt.date,
    end: dt.date,
    records: HomelessRecords | None = None,
) -> dict[uuid.UUID, set[int]]:
    ids = list(dict.fromkeys(client_ids))
    days: dict[uuid.UUID, set[int]] = defaultdict(set)
    if not ids or end < start:
        return days
    lo, hi = _local_bounds(start, end)
    zone = timezone.get_current_timezone()
    for client_id, kind, started_at, ended_at, _destination in _stays_between(ids, lo, hi, records):
        if kind in HOMELESS_SITE_KINDS:
            days[client_id].update(_stay_days(started_at, ended_at, start, end, zone))
    if records is None:
        contacts: Iterable[tuple[uuid.UUID, dt.date]] = (
            _of_clients(StreetContact.objects, ids)
            .filter(seen_on__gte=start, seen_on__lte=end)
            .values_list("client_id", "seen_on")
        )
    else:
        contacts = (c for c in records.contacts if start <= c[1] <= end)
    wanted = set(ids)
    for client_id, seen_on in contacts:
        if client_id in wanted:
            days[client_id].add(seen_on.toordinal())
    return days


# Beyond this many clients, every row is read and the others skipped in
# Python: a huge ``IN`` list costs more than the rows it saves.
IN_LIST_LIMIT = 2000


def _of_clients(manager: Any, ids: list[uuid.UUID]) -> Any:
    if len(ids) > IN_LIST_LIMIT:
        return manager.all()
    return manager.filter(client_id__in=ids)


def homeless_days(
    client_ids: Iterable[uuid.UUID], *, start: dt.date, end: dt.date
) -> dict[uuid.UUID, int]:
    """Homeless days of each client between ``start`` and ``end`` (both
    included), each date counted once. Every client asked about is in the
    answer (0 when none). Two queries."""
    ids = list(dict.fromkeys(client_ids))
    days = _homeless_ordinals(ids, start=start, end=end)
    return {cid: len(days.get(cid, ())) for cid in ids}


def homeless_periods(
    client_ids: Iterable[uuid.UUID], *, start: dt.date, end: dt.date
) -> dict[uuid.UUID, list[tuple[dt.date, dt.date]]]:
    """Each client's homeless periods between ``start`` and ``end``: runs of
    consecutive homeless days, as (first day, last day), oldest first. Every
    client asked about is in the answer. Two queries."""
    ids = list(dict.fromkeys(client_ids))
    days = _homeless_ordinals(ids, start=start, end=end)
    periods: dict[uuid.UUID, list[tuple[dt.date, dt.date]]] = {}
    for cid in ids:
        runs: list[tuple[dt.date, dt.date]] = []
        first = previous = None
        for day in sorted(days.get(cid, ())):
            if previous is not None and day == previous + 1:
                previous = day
                continue
            if first is not None and previous is not None:
                runs.append((dt.date.fromordinal(first), dt.date.fromordinal(previous)))
            first = previous = day
        if first is not None and previous is not None:
            runs.append((dt.date.fromordinal(first), dt.date.fromordinal(previous)))
        periods[cid] = runs
    return periods


def _episodes(ordinals: Iterable[int]) -> int:
    count = 0
    previous: int | None = None
    for day in sorted(ordinals):
        if previous is None or day - previous >= EPISODE_BREAK_DAYS:
            count += 1
        previous = day
    return count


def chronic_statuses(
    client_ids: Iterable[uuid.UUID], *, on: dt.date, records: HomelessRecords | None = None
) -> dict[uuid.UUID, ChronicStatus]:
    """The chronic status of many clients on one date. Three queries (none
    with the ``records`` of ``homeless_records``)."""
    ids = list(dict.fromkeys(client_ids))
    three_years_start = on - dt.timedelta(days=PAST_THREE_YEARS_DAYS - 1)
    year_start_ord = (on - dt.timedelta(days=PAST_YEAR_DAYS - 1)).toordinal()
    days = _homeless_ordinals(ids, start=three_years_start, end=on, records=records)
    lo, hi = _local_bounds(three_years_start, on)
    # Stays that matter for "currently": open homeless-counting stays, moves
    # to permanent housing, and open stays in transitional housing or an
    # institution (chronic on entry).
    open_homeless: set[uuid.UUID] = set()
    housed_on: dict[uuid.UUID, int] = {}
    excluded_entry: dict[uuid.UUID, dt.date] = {}
    on_end = _local_bounds(on, on)[1]
    for client_id, kind, started_at, ended_at, destination in _stays_between(ids, lo, hi, records):
        still_open = ended_at is None or ended_at >= on_end
        if kind in HOMELESS_SITE_KINDS and still_open:
            open_homeless.add(client_id)
        if (
            ended_at is not None
            and ended_at < on_end
            and destination == Destination.PERMANENT_HOUSING
        ):
            day = timezone.localdate(ended_at).toordinal()
            housed_on[client_id] = max(housed_on.get(client_id, day), day)
        if kind in EXCLUDED_SITE_KINDS and still_open:
            excluded_entry[client_id] = timezone.localdate(started_at)
    result: dict[uuid.UUID, ChronicStatus] = {}
    on_ord = on.toordinal()
    for cid in ids:
        ordinals = days.get(cid, set())
        last = max(ordinals) if ordinals else None
        past_year = sum(1 for d in ordinals if d >= year_start_ord)
        total = len(ordinals)
        housed_after_last = last is not None and housed_on.get(cid, -1) >= last
        # In transitional housing or an institution, a person is not homeless
        # (whatever the days before); an open shelter stay always is.
        currently = cid in open_homeless or (
            cid not in excluded_entry
            and last is not None
            and on_ord - last <= CURRENT_WINDOW_DAYS
            and not housed_after_last
        )
        criterion = ""
        if currently and past_year >= CHRONIC_PAST_YEAR:
            criterion = "past_year"
        elif currently and total >= CHRONIC_THREE_YEARS:
            criterion = "recurrent"
        elif cid in excluded_entry and not housed_after_last:
            entry = excluded_entry[cid]
            entry_ord = entry.toordinal()
            # Chronic the day before entry, counted from the same days.
            before = [d for d in ordinals if d < entry_ord]
            entry_year = (entry - dt.timedelta(days=PAST_YEAR_DAYS)).toordinal()
            recent = bool(before) and entry_ord - max(before) <= CURRENT_WINDOW_DAYS
            if recent and (
                sum(1 for d in before if d >= entry_year) >= CHRONIC_PAST_YEAR
                or len(before) >= CHRONIC_THREE_YEARS
            ):
                criterion = "chronic_on_entry"
        result[cid] = ChronicStatus(
            client_id=cid,
            on=on,
            is_chronic=bool(criterion),
            currently_homeless=currently,
            days_past_year=past_year,
            days_past_three_years=total,
            episodes_past_three_years=_episodes(ordinals),
            last_homeless_day=dt.date.fromordinal(last) if last is not None else None,
            criterion=criterion,
        )
    return result


def chronic_status(client_id: uuid.UUID, *, on: dt.date) -> ChronicStatus:
    """The chronic status of one client on ``on`` (Reaching Home definition)."""
    return chronic_statuses([client_id], on=on)[client_id]


def household_chronic_status(household: Household, on: dt.date) -> ChronicStatus | None:
    """Chronic homelessness of a household is its head's on ``on`` (the
    Reaching Home definition above, from the head's shelter stays and street
    contacts; the other members' nights count for them, not for the
    household); None when the household has no head on that date."""
    head = household_head_on(household, on)
    if head is None:
        return None
    return chronic_status(head.client_id, on=on)
