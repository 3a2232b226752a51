"""Reads of the reports, filtered by the access policy (``access.reports``):
the by-name list with its counts and quality panel, and the monthly flow with
its publications and corrections."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import Organization, Program, User
from parcours.clients.models import DataCategory
from parcours.clients.selectors import client_search
from parcours.reports.events import organizations_last_active
from parcours.reports.flow import (
    CATEGORIES,
    MonthFlow,
    add_months,
    evaluation_day,
    month_start,
    monthly_flow,
    months_between,
)
from parcours.reports.models import Population, PublishedMonth
from parcours.reports.priority import Priority, priorities
from parcours.reports.served import Served, served_by
from parcours.reports.status import (
    ACTIVE,
    CHRONIC,
    HOUSED,
    HOUSING_STATUSES,
    INACTIVE,
    UNKNOWN,
    Network,
    PersonStatus,
)

NOT_SHARED = "not_shared"
SORTS = (
    "name",
    "-name",
    "first_contact",
    "-first_contact",
    "last_activity",
    "-last_activity",
    "priority",
)
LIST_STATUSES = (ACTIVE, HOUSED, INACTIVE)
PARTICIPATION_DAYS = 30
_HOUSING_ORDER = {s: i for i, s in enumerate(HOUSING_STATUSES)}


@dataclass
class ListFilters:
    on: dt.date | None = None
    housing: str = ""
    activity: str = ""
    status: str = ""  # the list status: active, housed, inactive
    population: str = Population.ALL
    q: str = ""
    sort: str = "name"
    month: dt.date | None = None  # drill-down of the monthly flow
    flow: str = ""  # "active" or a flow category
    # The monthly flow's filters (with ``month``): persons served by the
    # organization or the program in the month (``parcours.reports.served``).
    organization: uuid.UUID | None = None
    program: uuid.UUID | None = None

    @property
    def by_housing(self) -> bool:
        """Whether the rows are chosen by something the housing category says
        (a housing or list status, the chronic sub-population, a figure of the
        monthly flow): a person whose housing is not shared with the user is
        then never shown by name."""
        return bool(
            self.housing or self.status or self.month or self.population == Population.CHRONIC
        )

    def query(self, **changes: Any) -> dict[str, str]:
        """The filters as query parameters (for drill-down links)."""
        values = {
            "on": self.on.isoformat() if self.on and not self.month else "",
            "housing": self.housing,
            "activity": self.activity,
            "status": self.status,
            "population": self.population if self.population != Population.ALL else "",
            "month": self.month.strftime("%Y-%m") if self.month else "",
            "flow": self.flow,
            "organization": str(self.organization) if self.organization and self.month else "",
            "program": str(self.program) if self.program and self.month else "",
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}


@dataclass
class Row:
    status: PersonStatus
    client_id: uuid.UUID | None  # the record the user may see, None when not shared
    name: str
    # False: the user sees the person's record but not its housing category,
    # so the housing status (and what it says: list status, chronic, homeless
    # days) shows as "not shared".
    housing_shared: bool = True
    # The person's priority (``parcours.reports.priority``) and rank among the
    # actively homeless persons of the list's date (None when not actively
    # homeless); shown only where the housing category is shared.
    priority: Priority | None = None
    rank: int | None = None

    @property
    def priority_shown(self) -> bool:
        return self.housing_shared and self.priority is not None


@dataclass
class Participation:
    organization: Organization
    last_activity: dt.date | None

    @property
    def reported(self) -> bool:
        return self.last_activity is not None


@dataclass
class Quality:
    participation: list[Participation]
    unknown: int
    balanced_months: int
    chronic_active: int
    functional_zero: int

    @property
    def distance_to_zero(self) -> int:
        return max(self.chronic_active - self.functional_zero, 0)


@dataclass
class ByNameList:
    on: dt.date
    filters: ListFilters
    rows: list[Row]
    network_counts: bool
    counts_by_housing: dict[str, int]
    counts_by_activity: dict[str, int]
    counts_by_status: dict[str, int]
    total: int
    quality: Quality | None = None


def _display_names(user: User) -> dict[uuid.UUID, str]:
    """The clients the user may see, with the name the list shows (one query)."""
    names: dict[uuid.UUID, str] = {}
    rows = access.clients_visible_to(user).values_list(
        "pk", "is_anonymous", "given_name", "preferred_name", "family_name"
    )
    for pk, anonymous, given, preferred, family in rows:
        if anonymous:
            names[pk] = str(_("Anonymous person"))
        else:
            names[pk] = f"{preferred or given} {family}".strip()
    return names


def _visible_records(network: Network, names: dict[uuid.UUID, str]) -> dict[uuid.UUID, uuid.UUID]:
    """Person → the record the user sees of them (a named one first)."""
    shown: dict[uuid.UUID, uuid.UUID] = {}
    for person, records in network.records.items():
        visible = [r for r in records if r.client_id in names]
        if visible:
            visible.sort(key=lambda r: (r.is_anonymous, r.client_id != person))
            shown[person] = visible[0].client_id
    return shown


def _statuses_for(
    network: Network, filters: ListFilters, today: dt.date
) -> tuple[dt.date, dict[uuid.UUID, PersonStatus]]:
    if filters.month is not None:
        month = month_start(filters.month)
        served = served_by(
            network, organization_id=filters.organization, program_id=filters.program
        )
        flows = monthly_flow(
            network,
            [month],
            today=today,
            populations=(filters.population,),
            served=_served_persons(served),
        )
        flow = flows[filters.population][0]
        statuses = network.statuses_on(flow.on)
        if filters.flow in CATEGORIES:
            people = flow.people.get(filters.flow, set())
            return flow.on, {p: statuses[p] for p in people}
        return flow.on, {p: statuses[p] for p in flow.active}
    on = filters.on or today
    return on, network.statuses_on(on)


def by_name_list(user: User, filters: ListFilters, *, network: Network | None = None) -> ByNameList:
    """The by-name list the user may read: every person for a coordinator
    (names only where allowed), the persons they may see for other staff.

    A person's housing status (and the list status, the chronic flag and the
    homeless days it says) is shown only where the record the user sees shares
    the housing category with them (``clients_sharing``); otherwise it is "not
    shared". Coordinators count such a person in the network's figures as
    anyone else, and when the rows are chosen by housing (``by_housing``) the
    person is a row without a name; other staff count them as "not shared" and
    never find them by housing."""
    access.require_by_name_list_reader(user)
    today = timezone.localdate()
    network = network or Network()
    on, statuses = _statuses_for(network, filters, today)
    names = _display_names(user)
    shown = _visible_records(network, names)
    housing_shared = set(
        access.clients_sharing(user, DataCategory.HOUSING).values_list("pk", flat=True)
    )
    hidden = {p for p, record in shown.items() if record not in housing_shared}
    network_counts = access.sees_network_counts(user)
    people = [s for s in statuses.values() if network_counts or s.person in shown]
    if filters.month is None and filters.population != Population.ALL:
        people = [
            s
            for s in people
            if s.in_population(filters.population)
            and (
                network_counts or filters.population != Population.CHRONIC or s.person not in hidden
            )
        ]
    counts_by_housing = dict.fromkeys(HOUSING_STATUSES, 0)
    counts_by_activity = {ACTIVE: 0, INACTIVE: 0}
    counts_by_status = dict.fromkeys(LIST_STATUSES, 0)
    if not network_counts:
        counts_by_housing[NOT_SHARED] = 0
        counts_by_status[NOT_SHARED] = 0
    for s in people:
        counts_by_activity[s.activity] += 1
        if not network_counts and s.person in hidden:
            counts_by_housing[NOT_SHARED] += 1
            counts_by_status[NOT_SHARED] += 1
            continue
        counts_by_housing[s.housing] += 1
        counts_by_status[s.list_status] += 1
    total = len(people)
    if not network_counts and filters.by_housing:
        people = [s for s in people if s.person not in hidden]
    if filters.housing:
        people = [s for s in people if s.housing == filters.housing]
    if filters.activity:
        people = [s for s in people if s.activity == filters.activity]
    if filters.status:
        people = [s for s in people if s.list_status == filters.status]
    # A person chosen by housing whose housing the user may not see is a row
    # without a name (coordinators only: other staff do not list them).
    anonymised = hidden if filters.by_housing else set()
    if filters.q.strip():
        matching = set(client_search(user, filters.q).values_list("pk", flat=True))
        people = [
            s for s in people if shown.get(s.person) in matching and s.person not in anonymised
        ]
    ranked = priorities(
        list(statuses),
        on,
        chronic=network.chronic_on.get(on),
        first={p: dt.date.fromordinal(day) for p, day in network.first.items()},
    )
    ranks = _ranks(statuses, ranked)
    rows = []
    for s in people:
        client_id = None if s.person in anonymised else shown.get(s.person)
        name = names[client_id] if client_id is not None else ""
        rows.append(
            Row(
                status=s,
                client_id=client_id,
                name=name,
                housing_shared=client_id is None or s.person not in hidden,
                priority=ranked.get(s.person),
                rank=ranks.get(s.person),
            )
        )
    _sort(rows, filters.sort)
    quality = _quality(network, statuses, today) if network_counts else None
    return ByNameList(
        on=on,
        filters=filters,
        rows=rows,
        network_counts=network_counts,
        counts_by_housing=counts_by_housing,
        counts_by_activity=counts_by_activity,
        counts_by_status=counts_by_status,
        total=total,
        quality=quality,
    )


def _ranks(
    statuses: dict[uuid.UUID, PersonStatus], ranked: dict[uuid.UUID, Priority]
) -> dict[uuid.UUID, int]:
    """Rank 1, 2… of the actively homeless persons, by priority."""
    waiting = [p for p, s in statuses.items() if s.actively_homeless and p in ranked]
    waiting.sort(key=lambda p: ranked[p].sort_key)
    return {p: i for i, p in enumerate(waiting, start=1)}


def _sort(rows: list[Row], sort: str) -> None:
    key = sort.lstrip("-") if sort in SORTS else "name"
    reverse = sort.startswith("-") and sort in SORTS
    if key == "priority":
        # Highest priority first; persons whose priority the user may not see
        # come last (by name), so the order tells nothing of them.
        shown = sorted(
            (r for r in rows if r.priority_shown),
            key=lambda r: r.priority.sort_key if r.priority else (),
        )
        rest = sorted(
            (r for r in rows if not r.priority_shown),
            key=lambda r: (r.client_id is None, r.name.casefold(), str(r.status.person)),
        )
        rows[:] = shown + rest
    elif key == "first_contact":
        rows.sort(key=lambda r: (r.status.first_contact, r.name.casefold()), reverse=reverse)
    elif key == "last_activity":
        rows.sort(
            key=lambda r: (r.status.last_activity or dt.date.min, r.name.casefold()),
            reverse=reverse,
        )
    else:
        # Persons not shared with the user come last, whatever the direction.
        named = sorted(
            (r for r in rows if r.client_id is not None),
            key=lambda r: (r.name.casefold(), str(r.status.person)),
            reverse=reverse,
        )
        hidden = sorted(
            (r for r in rows if r.client_id is None),
            key=lambda r: (_HOUSING_ORDER[r.status.housing], str(r.status.person)),
        )
        rows[:] = named + hidden


def _quality(network: Network, statuses: dict[uuid.UUID, PersonStatus], today: dt.date) -> Quality:
    from django.conf import settings

    since = today - dt.timedelta(days=PARTICIPATION_DAYS)
    last = organizations_last_active(network.steps, since, today)
    participation = [
        Participation(o, last.get(o.pk))
        for o in Organization.objects.filter(is_partner=True).order_by("name")
    ]
    now = {s.person: s for s in network.statuses_on(today).values()}
    chronic_active = sum(1 for s in now.values() if s.chronic and s.actively_homeless)
    return Quality(
        participation=participation,
        unknown=sum(1 for s in statuses.values() if s.housing == UNKNOWN),
        balanced_months=balanced_months(network, today),
        chronic_active=chronic_active,
        functional_zero=int(getattr(settings, "FUNCTIONAL_ZERO_CHRONIC", 3)),
    )


# --- The monthly flow ---------------------------------------------------------------


@dataclass
class FlowLine:
    """One month of one sub-population as the report shows it."""

    month: dt.date
    population: str
    figures: dict[str, int]
    published: PublishedMonth | None = None
    previous_published: int | None = None
    correction: int = 0

    @property
    def reference(self) -> int:
        """Active at the end of the month before (its published figure if any)."""
        if self.previous_published is not None:
            return self.previous_published
        return self.figures["previous_active"]

    @property
    def inflow_minus_outflow(self) -> int:
        return self.figures["inflow"] - self.figures["outflow"]

    @property
    def balanced(self) -> bool:
        return (
            self.figures["active"] - self.reference == self.inflow_minus_outflow + self.correction
        )

    @property
    def net_percent(self) -> float | None:
        if not self.reference:
            return None
        return round(100 * (self.figures["active"] - self.reference) / self.reference, 1)


@dataclass
class FlowReport:
    first: dt.date
    last: dt.date
    lines: dict[str, list[FlowLine]] = field(default_factory=dict)
    # Filtered to the persons an organization or a program served (no
    # publication then: a published month is the whole network's).
    organization: Organization | None = None
    program: Program | None = None

    @property
    def filtered(self) -> bool:
        return self.organization is not None or self.program is not None


def _served_persons(
    served: Served | None,
) -> Callable[[dt.date, dt.date], set[uuid.UUID]] | None:
    return served.persons if served is not None else None


def default_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 closed months and the current one."""
    current = month_start(today)
    return add_months(current, -12), current


def _published(months: list[dt.date]) -> dict[tuple[dt.date, str], PublishedMonth]:
    if not months:
        return {}
    wanted = [add_months(months[0], -1), *months]
    rows = PublishedMonth.objects.filter(month__in=wanted)
    return {(p.month, p.population): p for p in rows}


def flow_lines(
    network: Network, months: list[dt.date], today: dt.date, *, served: Served | None = None
) -> dict[str, list[FlowLine]]:
    """Every sub-population's lines: published months as published, the
    others recomputed, with the correction booked in the month after the
    last published one. Filtered (``served``): every month recomputed over
    the persons served in it, without publications."""
    flows = monthly_flow(network, months, today=today, served=_served_persons(served))
    published = _published(months) if served is None else {}
    lines: dict[str, list[FlowLine]] = defaultdict(list)
    for population, monthly in flows.items():
        for flow in monthly:
            lines[population].append(_line(flow, published))
    return dict(lines)


def _line(flow: MonthFlow, published: dict[tuple[dt.date, str], PublishedMonth]) -> FlowLine:
    own = published.get((flow.month, flow.population))
    before = published.get((add_months(flow.month, -1), flow.population))
    if own is not None:
        figures = {k: int(v) for k, v in own.figures.items()}
        return FlowLine(
            month=flow.month,
            population=flow.population,
            figures=figures,
            published=own,
            previous_published=figures.get("reference"),
            correction=figures.get("correction", 0),
        )
    figures = flow.figures()
    if before is None:
        return FlowLine(month=flow.month, population=flow.population, figures=figures)
    published_active = int(before.figures["active"])
    return FlowLine(
        month=flow.month,
        population=flow.population,
        figures=figures,
        previous_published=published_active,
        correction=flow.previous_active - published_active,
    )


def monthly_flow_report(
    user: User,
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
    organization: Organization | None = None,
    program: Program | None = None,
    network: Network | None = None,
) -> FlowReport:
    """The monthly flow of the network (coordinators only), or of the persons
    an organization or a program served each month (``program`` wins)."""
    access.require_report_coordinator(user)
    today = timezone.localdate()
    default_first, default_last = default_months(today)
    first = month_start(first or default_first)
    last = min(month_start(last or default_last), month_start(today))
    months = months_between(first, last)
    report = FlowReport(first=first, last=last, organization=organization, program=program)
    network = network or Network()
    served = served_by(
        network,
        organization_id=organization.pk if organization is not None and program is None else None,
        program_id=program.pk if program is not None else None,
    )
    report.lines = flow_lines(network, months, today, served=served)
    return report


def flow_filter_organizations(user: User) -> QuerySet[Organization]:
    """Organizations a coordinator may narrow the monthly flow to: the network's partners."""
    return access.organizations_visible_to(user).filter(is_partner=True).order_by("name")


def flow_filter_programs(user: User) -> QuerySet[Program]:
    """Programs a coordinator may narrow the monthly flow to: the partners' programs."""
    return (
        Program.objects.filter(organization__in=flow_filter_organizations(user))
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def balanced_months(network: Network, today: dt.date) -> int:
    """Published chronic months in a row, back from the last one, whose
    identity held without a correction (the last one also against today's data)."""
    published = list(
        PublishedMonth.objects.filter(population=Population.CHRONIC).order_by("-month")
    )
    if not published:
        return 0
    latest = published[0]
    recomputed = network.statuses_on(evaluation_day(latest.month, today))
    active_now = sum(1 for s in recomputed.values() if s.chronic and s.actively_homeless)
    if active_now != int(latest.figures.get("active", -1)):
        return 0
    count = 0
    expected = latest.month
    for row in published:
        if row.month != expected or int(row.figures.get("correction", 0)) != 0:
            break
        count += 1
        expected = add_months(expected, -1)
    return count


__all__ = [
    "CHRONIC",
    "NOT_SHARED",
    "ByNameList",
    "FlowLine",
    "FlowReport",
    "ListFilters",
    "Row",
    "balanced_months",
    "by_name_list",
    "default_months",
    "flow_filter_organizations",
    "flow_filter_programs",
    "flow_lines",
    "monthly_flow_report",
]
