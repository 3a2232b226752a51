"""Each person's statuses on a date, computed for the whole network at once.

**Housing status** on a date (first that applies):

* ``housed`` — a tenancy is active (started, not yet ended);
* ``transitional`` — a stay at a transitional-housing site is open;
* ``chronic`` — chronically homeless (``parcours.beds.homelessness``);
* ``homeless`` — currently homeless (an open shelter stay, or a homeless day
  in the past 30 days);
* ``housed`` — a stay ended to permanent housing (or a tenancy to better
  housing) and no homeless day since;
* ``unknown`` — none of these.

**Activity status**: ``inactive`` when the last qualifying activity
(``parcours.reports.events``) is more than ``BY_NAME_LIST_INACTIVE_DAYS`` days
before the date, ``active`` otherwise.

**List status**, the by-name list's Built for Zero status used by the monthly
flow: ``housed`` when housed, else ``inactive`` when inactive, else
``active`` (actively homeless: homeless, chronic, transitional or unknown).
A person not yet served on the date is not on the list.

Merged and linked records are one person: activities, tenancies and stays of
all their records count; the person is chronic (or currently homeless) when
one of their records is (homeless days are counted record by record)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from parcours.beds.homelessness import ChronicStatus, chronic_statuses, homeless_records
from parcours.clients.models import Client
from parcours.households.ages import age_of_majority, age_on, surely_under
from parcours.households.models import HouseholdMembership
from parcours.reports.events import (
    HousingSteps,
    first_contact_days,
    housing_steps,
    last_activity_days,
)
from parcours.reports.models import Population
from parcours.reports.people import person_keys

HOUSED = "housed"
TRANSITIONAL = "transitional"
CHRONIC = "chronic"
HOMELESS = "homeless"
UNKNOWN = "unknown"
HOUSING_STATUSES = (HOMELESS, CHRONIC, TRANSITIONAL, HOUSED, UNKNOWN)

ACTIVE = "active"
INACTIVE = "inactive"

INDIGENOUS_CODES = frozenset({"first_nations", "metis", "inuit", "indigenous_ancestry"})
YOUTH_AGES = (16, 24)


def inactive_days() -> int:
    return int(getattr(settings, "BY_NAME_LIST_INACTIVE_DAYS", 90))


@dataclass(frozen=True)
class PersonStatus:
    person: uuid.UUID
    on: dt.date
    first_contact: dt.date
    last_activity: dt.date | None
    housing: str
    activity: str
    chronic: bool
    indigenous: bool
    youth: bool
    family: bool
    days_past_year: int

    @property
    def list_status(self) -> str:
        if self.housing == HOUSED:
            return HOUSED
        return self.activity

    @property
    def actively_homeless(self) -> bool:
        return self.list_status == ACTIVE

    def in_population(self, population: str) -> bool:
        if population == Population.ALL:
            return True
        return bool(getattr(self, str(population)))


@dataclass(frozen=True)
class _Record:
    client_id: uuid.UUID
    is_anonymous: bool
    date_of_birth: dt.date | None
    birth_year: int | None
    indigenous_code: str | None


class Network:
    """Everything the statuses need, read once (about twenty queries), then
    evaluated on any number of dates: the last activities of the dates asked
    about are aggregated together (``prepare``; one query a table), the rest
    without another query."""

    def __init__(self) -> None:
        self.person_of = person_keys()
        self.steps: dict[uuid.UUID, HousingSteps] = housing_steps(self.person_of)
        self.first: dict[uuid.UUID, int] = first_contact_days(self.person_of, self.steps)
        self._last: dict[dt.date, dict[uuid.UUID, int]] = {}
        self.records: dict[uuid.UUID, list[_Record]] = defaultdict(list)
        for cid, anonymous, born, year, code in Client.objects.values_list(
            "pk", "is_anonymous", "date_of_birth", "birth_year", "indigenous_identity__code"
        ):
            record = _Record(cid, anonymous, born, year, code)
            self.records[self.person_of.get(cid, cid)].append(record)
        self.memberships = list(
            HouseholdMembership.objects.values_list(
                "household_id",
                "client_id",
                "joined_on",
                "left_on",
                "client__date_of_birth",
                "client__birth_year",
            )
        )
        self.homeless = homeless_records()
        # Each date is evaluated once (the list, its quality panel and the
        # flow read the same dates), with the records' chronic statuses.
        self._statuses: dict[dt.date, dict[uuid.UUID, PersonStatus]] = {}
        self.chronic_on: dict[dt.date, dict[uuid.UUID, ChronicStatus]] = {}

    def prepare(self, dates: list[dt.date]) -> None:
        """Aggregate the last activities of every date to be evaluated at once
        (a report evaluating many dates calls this first)."""
        wanted = [d for d in dates if d not in self._last]
        if wanted:
            self._last.update(last_activity_days(self.person_of, self.steps, wanted))

    def last_activities(self, on: dt.date) -> dict[uuid.UUID, int]:
        """Person → ordinal of their last qualifying activity on or before ``on``."""
        self.prepare([on])
        return self._last[on]

    def persons(self) -> list[uuid.UUID]:
        """Every person served at least once."""
        return list(self.first)

    def _families(self, on: dt.date) -> set[uuid.UUID]:
        majority = age_of_majority()
        members: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        with_child: set[uuid.UUID] = set()
        for household, cid, joined, left, born, year in self.memberships:
            if joined > on or (left is not None and left <= on):
                continue
            members[household].append(cid)
            child = _Record(cid, False, born, year, None)
            if surely_under(child, majority, on):
                with_child.add(household)
        return {self.person_of.get(cid, cid) for h in with_child for cid in members[h]}

    def _birth(self, person: uuid.UUID) -> _Record | None:
        records = self.records.get(person, [])
        dated = [r for r in records if r.date_of_birth is not None]
        if dated:
            return dated[0]
        yearly = [r for r in records if r.birth_year]
        return yearly[0] if yearly else None

    def statuses_on(self, on: dt.date) -> dict[uuid.UUID, PersonStatus]:
        """The status of every person served on or before ``on`` (computed
        once per date; do not change the answer)."""
        if on not in self._statuses:
            self._statuses[on] = self._evaluate(on)
        return self._statuses[on]

    def _evaluate(self, on: dt.date) -> dict[uuid.UUID, PersonStatus]:
        on_ord = on.toordinal()
        known = [p for p, first in self.first.items() if first <= on_ord]
        client_ids = [r.client_id for p in known for r in self.records.get(p, [])]
        chronic = chronic_statuses(client_ids, on=on, records=self.homeless)
        self.chronic_on[on] = chronic
        families = self._families(on)
        limit = inactive_days()
        lasts = self.last_activities(on)
        no_steps = HousingSteps()
        result: dict[uuid.UUID, PersonStatus] = {}
        for person in known:
            steps = self.steps.get(person, no_steps)
            records = self.records.get(person, [])
            statuses = [chronic[r.client_id] for r in records if r.client_id in chronic]
            is_chronic = any(s.is_chronic for s in statuses)
            currently = any(s.currently_homeless for s in statuses)
            last_homeless = max(
                (s.last_homeless_day.toordinal() for s in statuses if s.last_homeless_day),
                default=None,
            )
            housing = _housing(steps, on_ord, is_chronic, currently, last_homeless)
            last = lasts.get(person)
            active = last is not None and on_ord - last <= limit
            birth = self._birth(person)
            age = age_on(birth, on) if birth is not None else None
            result[person] = PersonStatus(
                person=person,
                on=on,
                first_contact=dt.date.fromordinal(self.first[person]),
                last_activity=dt.date.fromordinal(last) if last is not None else None,
                housing=housing,
                activity=ACTIVE if active else INACTIVE,
                chronic=is_chronic,
                indigenous=any(r.indigenous_code in INDIGENOUS_CODES for r in records),
                youth=age is not None and YOUTH_AGES[0] <= age <= YOUTH_AGES[1],
                family=person in families,
                days_past_year=max((s.days_past_year for s in statuses), default=0),
            )
        return result


def _housing(
    events: HousingSteps,
    on: int,
    is_chronic: bool,
    currently: bool,
    last_homeless: int | None,
) -> str:
    if any(lo <= on < hi for lo, hi, _reason in events.tenancies):
        return HOUSED
    if any(lo <= on < hi for lo, hi in events.transitional):
        return TRANSITIONAL
    if is_chronic:
        return CHRONIC
    if currently:
        return HOMELESS
    housed = max((d for d in events.housed_on if d <= on), default=None)
    if housed is not None and (last_homeless is None or last_homeless < housed):
        return HOUSED
    return UNKNOWN
