"""Outcomes of the network over a period, each figure with one definition
(docs/reports.md, "Outcomes") and the persons behind it.

* **time to housing**: days from first contact (``first_contact``) to the
  first tenancy's start (the housing app's day 0), for the persons first
  housed in the period — median and mean;
* **retention at 6 and 12 months**: the housing app's definition
  (``parcours.housing.retention``), for the persons whose day 0 + N months
  falls in the period;
* **returns to homelessness within 6 and 12 months** of being housed, for the
  same persons: a revolving-door fact as the housing app raises its alert
  (``parcours.housing.tenancies``): a tenancy ended by eviction or
  abandonment, or a stay book-in or street contact while housed or within 12
  months of a tenancy's end;
* **institution days** per kind and **emergency visits** (hospital
  admissions) in the 6 months before and after a program enrollment, for the
  persons whose enrollment's first 6 months end in the period;
* **goals met** per support type, and **employment** goals met, over the
  goals open in the period;
* **referrals** sent in the period: share completed, median days pending;
* **Reaching Home community figures**: from the monthly flow
  (``parcours.reports.flow``), the same persons as its lines.

Every figure counts persons (``person_keys``: merged and linked records are
one person), and lists them (``Figure.people``): its length is the persons
count shown. Names only where the user may see the record and the figure's
data category (housing, case plan). A constant number of queries, whatever
the number of persons."""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours import access
from parcours.accounts.models import Organization, Program, Team, User
from parcours.beds.models import Stay, StreetContact
from parcours.casework.models import Enrollment, Goal, GoalReview
from parcours.casework.models.plans import GoalProgress, PlanGoalStatus, SubDomain, SupportType
from parcours.clients.models import DataCategory
from parcours.coordination.models import Referral
from parcours.coordination.models.institutions import InstitutionKind, InstitutionStay
from parcours.coordination.models.referrals import ReferralStatus
from parcours.housing.models import HOMELESS_END_REASONS, Tenancy
from parcours.housing.retention import MILESTONES, Span, housed_until, retention
from parcours.housing.retention import add_months as add_calendar_months
from parcours.housing.tenancies import REVOLVING_DOOR_WINDOW
from parcours.reports.first_contact import first_contacts
from parcours.reports.flow import add_months, month_end, month_start, monthly_flow, months_between
from parcours.reports.models import Population
from parcours.reports.people import person_keys
from parcours.reports.status import Network

ENROLLMENT_MONTHS = 6
# The records know no emergency department: an emergency visit is a hospital admission.
EMERGENCY_KINDS = (InstitutionKind.HOSPITAL,)
PERCENT, DAYS, PERSONS, VISITS = "percent", "days", "persons", "visits"

GROUPS = {
    "housing": gettext_lazy("Housing"),
    "institutions": gettext_lazy("Institutions before and after enrollment"),
    "goals": gettext_lazy("Goals and referrals"),
    "community": gettext_lazy("Reaching Home community figures"),
}


@dataclass(frozen=True)
class Period:
    """From the first day of ``first`` to the last day of ``last`` (or today)."""

    first: dt.date
    last: dt.date
    today: dt.date

    @property
    def start(self) -> dt.date:
        return self.first

    @property
    def end(self) -> dt.date:
        return min(month_end(self.last), self.today)

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.first, self.last)

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 full months."""
    last = add_months(month_start(today), -1)
    return add_months(last, -11), last


@dataclass
class Entry:
    """One person behind a figure: their value, whether they count in the
    numerator, and their name where the user may see it."""

    person: uuid.UUID
    value: float | None
    counted: bool = True
    client_id: uuid.UUID | None = None
    name: str = ""

    @property
    def shared(self) -> bool:
        return self.client_id is not None


@dataclass
class Figure:
    key: str
    group: str
    label: str
    value: float | None
    unit: str
    numerator: int | None = None
    denominator: int | None = None
    people: list[Entry] = field(default_factory=list)
    extra: dict[str, float | None] = field(default_factory=dict)
    category: str = DataCategory.CASE_PLAN

    @property
    def persons(self) -> int:
        """The persons behind the figure (the drill-down's length)."""
        return len(self.people)

    @property
    def person_ids(self) -> list[uuid.UUID]:
        return [e.person for e in self.people]


@dataclass
class OutcomesReport:
    period: Period
    organization: Organization | None
    program: Program | None
    team: Team | None
    network_counts: bool
    figures: list[Figure]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def groups(self) -> list[tuple[str, str, list[Figure]]]:
        return [
            (code, str(label), [f for f in self.figures if f.group == code])
            for code, label in GROUPS.items()
            if any(f.group == code for f in self.figures)
        ]


def figure_keys() -> list[str]:
    """Every key a figure may have (for drill-down validation)."""
    keys = ["time_to_housing"]
    keys += [f"retention_{m}" for m in MILESTONES] + [f"returns_{m}" for m in MILESTONES]
    keys.append("enrolled")
    for kind in InstitutionKind.values:
        keys += [f"institution_days_{kind}_before", f"institution_days_{kind}_after"]
    keys += ["emergency_visits_before", "emergency_visits_after"]
    keys += [f"goals_{t}" for t in SupportType.values]
    keys += ["referrals_completed", "referrals_days_pending", "employment_goals"]
    keys += [
        "community_homeless",
        "community_chronic",
        "community_indigenous",
        "community_newly_identified",
        "community_returns",
    ]
    return keys


# --- Who is seen ---------------------------------------------------------------------


class _Viewer:
    """What the user may see of each person: the record shown (a named one
    first) and the categories it shares; whether they count the network."""

    def __init__(self, user: User, person_of: dict[uuid.UUID, uuid.UUID]) -> None:
        self.network_counts = access.sees_network_counts(user)
        self.names: dict[uuid.UUID, str] = {}
        rows = access.clients_visible_to(user).values_list(
            "pk", "is_anonymous", "given_name", "preferred_name", "family_name"
        )
        for pk, anonymous, given, preferred, family in rows:
            self.names[pk] = (
                str(_("Anonymous person"))
                if anonymous
                else f"{preferred or given} {family}".strip()
            )
        records: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for cid, person in person_of.items():
            records[person].append(cid)
        self.shown: dict[uuid.UUID, list[uuid.UUID]] = {}
        for person, cids in records.items():
            visible = [c for c in cids if c in self.names]
            if visible:
                visible.sort(key=lambda c: (self.names[c] == _("Anonymous person"), c != person))
                self.shown[person] = visible
        self.sharing: dict[str, set[uuid.UUID]] = {
            category: set(access.clients_sharing(user, category).values_list("pk", flat=True))
            for category in (DataCategory.HOUSING, DataCategory.CASE_PLAN)
        }

    def record(self, person: uuid.UUID, category: str) -> uuid.UUID | None:
        """The record of the person the user may see with ``category``, or None."""
        sharing = self.sharing[category]
        return next((c for c in self.shown.get(person, []) if c in sharing), None)

    def counts(self, person: uuid.UUID, category: str) -> bool:
        """Coordinators count every person; other staff those they may see."""
        return self.network_counts or self.record(person, category) is not None

    def name(self, entries: list[Entry], category: str) -> None:
        """Name the entries where allowed; named ones first, by name."""
        for entry in entries:
            record = self.record(entry.person, category)
            if record is not None:
                entry.client_id = record
                entry.name = self.names[record]
        entries.sort(key=lambda e: (not e.shared, e.name.casefold(), str(e.person)))


# --- The report ----------------------------------------------------------------------


def resolve_scope(
    user: User,
    organization_id: uuid.UUID | None,
    program_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
) -> tuple[Organization | None, Program | None, Team | None]:
    """The filters' objects (404 if unknown). Coordinators filter on any;
    other staff on their own organization and the programs whose caseload
    they see (403 otherwise)."""
    coordinator = access.sees_network_counts(user)
    team = program = organization = None
    if team_id is not None:
        team = Team.objects.select_related("program__organization").filter(pk=team_id).first()
        if team is None:
            raise Http404
        if program_id is not None and team.program_id != program_id:
            raise Http404
        program_id = team.program_id
    if program_id is not None:
        program = Program.objects.select_related("organization").filter(pk=program_id).first()
        if program is None:
            raise Http404
        if (
            not coordinator
            and not access.fidelity_programs_named_for(user).filter(pk=program.pk).exists()
        ):
            raise PermissionDenied(_("You may read the outcomes of your own programs only."))
    if organization_id is not None:
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            raise Http404
        if not coordinator and organization.pk != user.organization_id:
            raise PermissionDenied(_("You may read the outcomes of your own organization only."))
    return organization, program, team


def outcomes_report(
    user: User,
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
    organization_id: uuid.UUID | None = None,
    program_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> OutcomesReport:
    """The outcomes the user may read (partner staff; 403 outside the
    network): over the whole network for coordinators (names only where
    allowed), over the persons they may see for other staff. The
    organization, program and team filters keep the persons enrolled in
    them during the period; the community figures (coordinators only) are
    the whole community's."""
    access.require_by_name_list_reader(user)
    today = today or timezone.localdate()
    default_first, default_last = default_period(today)
    first = month_start(first or default_first)
    last = min(month_start(last or default_last), month_start(today))
    period = Period(first, max(first, last), today)
    organization, program, team = resolve_scope(user, organization_id, program_id, team_id)
    person_of = person_keys()
    viewer = _Viewer(user, person_of)
    enrollments = _enrollments(person_of, organization, program, team)
    scoped: set[uuid.UUID] | None = None
    if organization or program or team:
        scoped = {
            person
            for person, start, end in enrollments
            if start <= period.end and (end is None or end >= period.start)
        }

    def keep(category: str) -> Callable[[uuid.UUID], bool]:
        return lambda person: (
            (scoped is None or person in scoped) and viewer.counts(person, category)
        )

    figures: list[Figure] = []
    figures += _housing(person_of, period, keep(DataCategory.HOUSING))
    figures += _institutions(person_of, enrollments, period, keep(DataCategory.CASE_PLAN))
    figures += _goals(person_of, period, keep(DataCategory.CASE_PLAN))
    figures += _referrals(person_of, period, keep(DataCategory.CASE_PLAN))
    if viewer.network_counts:
        figures += community_figures(Network(), period)
    for figure in figures:
        viewer.name(figure.people, figure.category)
    return OutcomesReport(period, organization, program, team, viewer.network_counts, figures)


def _enrollments(
    person_of: dict[uuid.UUID, uuid.UUID],
    organization: Organization | None,
    program: Program | None,
    team: Team | None,
) -> list[tuple[uuid.UUID, dt.date, dt.date | None]]:
    """(person, start, end) of the enrollments in the filters (all without)."""
    rows = Enrollment.objects.order_by()
    if organization is not None:
        rows = rows.filter(organization=organization)
    if program is not None:
        rows = rows.filter(program=program)
    if team is not None:
        rows = rows.filter(team=team)
    return [
        (person_of.get(cid, cid), start, end)
        for cid, start, end in rows.values_list("client_id", "start_date", "end_date")
    ]


def _percent(counted: int, total: int) -> float | None:
    return round(100 * counted / total, 1) if total else None


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


# --- Housing: time to housing, retention, returns ------------------------------------


def _housing(
    person_of: dict[uuid.UUID, uuid.UUID], period: Period, keep: Callable[[uuid.UUID], bool]
) -> list[Figure]:
    spans: dict[uuid.UUID, list[Span]] = defaultdict(list)
    evictions: dict[uuid.UUID, list[dt.date]] = defaultdict(list)
    for cid, start, end, reason in Tenancy.objects.order_by().values_list(
        "client_id", "start_date", "end_date", "end_reason"
    ):
        person = person_of.get(cid, cid)
        if not keep(person):
            continue
        spans[person].append(Span(person, start, end))
        if end is not None and reason in HOMELESS_END_REASONS:
            evictions[person].append(end)
    day0 = {person: housed_until(s)[0] for person, s in spans.items()}
    # Time from first contact to housing.
    housed = sorted((p for p, d in day0.items() if period.holds(d)), key=str)
    records = [cid for cid, person in person_of.items() if person in set(housed)]
    first = first_contacts(person_of, only=records) if housed else {}
    waits = [Entry(p, float((day0[p] - first[p]).days)) for p in housed if p in first]
    days = [e.value for e in waits if e.value is not None]
    figures = [
        Figure(
            key="time_to_housing",
            group="housing",
            label=_("Days from first contact to housing (median)"),
            value=_median(days),
            unit=DAYS,
            people=waits,
            extra={"mean": _mean(days)},
            category=DataCategory.HOUSING,
        )
    ]
    # Retention at 6 and 12 months (the housing app's definition), and the
    # returns to homelessness of the same persons.
    facts = _homeless_facts(person_of, keep, evictions)
    for months in MILESTONES:
        cohort = sorted(
            (p for p, d in day0.items() if period.holds(add_calendar_months(d, months))), key=str
        )
        kept = [
            Entry(p, None, retention(spans[p], months, period.end).retained == 1) for p in cohort
        ]
        returned = [
            Entry(p, None, _returned(spans[p], facts.get(p, []), day0[p], months)) for p in cohort
        ]
        for entries in (kept, returned):
            for entry in entries:
                entry.value = 1.0 if entry.counted else 0.0
        figures.append(
            _rate(
                f"retention_{months}",
                "housing",
                _("Housing retention at %(n)s months") % {"n": months},
                kept,
                DataCategory.HOUSING,
            )
        )
        figures.append(
            _rate(
                f"returns_{months}",
                "housing",
                _("Returns to homelessness within %(n)s months of being housed") % {"n": months},
                returned,
                DataCategory.HOUSING,
            )
        )
    return figures


def _rate(key: str, group: str, label: str, entries: list[Entry], category: str) -> Figure:
    counted = sum(1 for e in entries if e.counted)
    return Figure(
        key=key,
        group=group,
        label=label,
        value=_percent(counted, len(entries)),
        unit=PERCENT,
        numerator=counted,
        denominator=len(entries),
        people=entries,
        category=category,
    )


def _homeless_facts(
    person_of: dict[uuid.UUID, uuid.UUID],
    keep: Callable[[uuid.UUID], bool],
    evictions: dict[uuid.UUID, list[dt.date]],
) -> dict[uuid.UUID, list[tuple[dt.date, bool]]]:
    """Person → (day, is a tenancy's end by eviction or abandonment): the
    facts the housing app raises its revolving-door alert on."""
    facts: dict[uuid.UUID, list[tuple[dt.date, bool]]] = defaultdict(list)
    for person, days in evictions.items():
        facts[person] += [(d, True) for d in days]
    for cid, started in Stay.objects.order_by().values_list("client_id", "started_at"):
        person = person_of.get(cid, cid)
        if keep(person):
            facts[person].append((timezone.localdate(started), False))
    for cid, seen in StreetContact.objects.order_by().values_list("client_id", "seen_on"):
        person = person_of.get(cid, cid)
        if keep(person):
            facts[person].append((seen, False))
    return facts


def _housed_around(spans: Iterable[Span], day: dt.date) -> bool:
    """The housing app's rule (``tenancies._housed_around``): a tenancy started
    on or before the day, still open or ended within the window before it."""
    return any(
        s.start <= day and (s.end is None or s.end >= day - REVOLVING_DOOR_WINDOW) for s in spans
    )


def _returned(
    spans: list[Span], facts: list[tuple[dt.date, bool]], day0: dt.date, months: int
) -> bool:
    until = add_calendar_months(day0, months)
    return any(
        day0 <= day <= until and (ended or _housed_around(spans, day)) for day, ended in facts
    )


# --- Institutions before and after enrollment ----------------------------------------


def _institutions(
    person_of: dict[uuid.UUID, uuid.UUID],
    enrollments: list[tuple[uuid.UUID, dt.date, dt.date | None]],
    period: Period,
    keep: Callable[[uuid.UUID], bool],
) -> list[Figure]:
    """Persons whose first 6 months of an enrollment (the filters') end in the
    period, with their first such enrollment: institution days and hospital
    admissions in the 6 months before and after its start."""
    starts: dict[uuid.UUID, dt.date] = {}
    for person, start, _end in enrollments:
        if not period.holds(add_calendar_months(start, ENROLLMENT_MONTHS)) or not keep(person):
            continue
        if person not in starts or start < starts[person]:
            starts[person] = start
    cohort = sorted(starts, key=str)
    figures = [
        Figure(
            key="enrolled",
            group="institutions",
            label=_("Persons whose first 6 months in a program end in the period"),
            value=float(len(cohort)),
            unit=PERSONS,
            people=[Entry(p, None) for p in cohort],
        )
    ]
    records = [cid for cid, person in person_of.items() if person in starts]
    stays = (
        InstitutionStay.objects.filter(client_id__in=records)
        .order_by()
        .values_list("client_id", "kind", "admitted_on", "discharged_on")
        if cohort
        else []
    )
    days: dict[tuple[str, str], dict[uuid.UUID, int]] = defaultdict(lambda: defaultdict(int))
    visits: dict[str, dict[uuid.UUID, int]] = defaultdict(lambda: defaultdict(int))
    for cid, kind, admitted, discharged in stays:
        person = person_of.get(cid, cid)
        start = starts[person]
        windows = {
            "before": (add_calendar_months(start, -ENROLLMENT_MONTHS), start),
            "after": (start, add_calendar_months(start, ENROLLMENT_MONTHS)),
        }
        end = discharged or period.today
        for side, (lo, hi) in windows.items():
            overlap = (min(end, hi) - max(admitted, lo)).days
            if overlap > 0:
                days[(kind, side)][person] += overlap
            if kind in EMERGENCY_KINDS and lo <= admitted < hi:
                visits[side][person] += 1
    # Translators: completes "6 months %(side)s enrollment" (« avant » / « après » l'inscription).
    sides = {"before": _("before"), "after": _("after")}
    for kind in InstitutionKind:
        for side, side_label in sides.items():
            per_person = days[(kind.value, side)]
            figures.append(
                Figure(
                    key=f"institution_days_{kind.value}_{side}",
                    group="institutions",
                    # Translators: kind is an institution (hospital, jail…), lowercased;
                    # side is "before" or "after". « Jours en hôpital, 6 mois avant l'inscription »
                    label=_("Days in %(kind)s, 6 months %(side)s enrollment")
                    % {"kind": str(kind.label).lower(), "side": side_label},
                    value=float(sum(per_person.values())),
                    unit=DAYS,
                    numerator=len(per_person),
                    denominator=len(cohort),
                    people=[Entry(p, float(per_person[p])) for p in cohort if p in per_person],
                )
            )
    for side, side_label in sides.items():
        per_person = visits[side]
        figures.append(
            Figure(
                key=f"emergency_visits_{side}",
                group="institutions",
                label=_("Emergency visits (hospital admissions), 6 months %(side)s enrollment")
                % {"side": side_label},
                value=float(sum(per_person.values())),
                unit=VISITS,
                numerator=len(per_person),
                denominator=len(cohort),
                people=[Entry(p, float(per_person[p])) for p in cohort if p in per_person],
            )
        )
    return figures


# --- Goals, employment and referrals -------------------------------------------------


def _goals(
    person_of: dict[uuid.UUID, uuid.UUID], period: Period, keep: Callable[[uuid.UUID], bool]
) -> list[Figure]:
    """Goals open in the period (set on or before its end, not achieved or
    stopped before its start); met: achieved in the period."""
    met_on: dict[uuid.UUID, dt.date] = {}
    for goal_id, reviewed in (
        GoalReview.objects.filter(progress=GoalProgress.ACHIEVED)
        .order_by("reviewed_on")
        .values_list("goal_id", "reviewed_on")
    ):
        met_on.setdefault(goal_id, reviewed)
    groups: dict[str, dict[uuid.UUID, list[bool]]] = defaultdict(lambda: defaultdict(list))
    rows = Goal.objects.order_by().values_list(
        "pk", "plan__client_id", "support_type", "sub_domain", "status", "created_at", "updated_at"
    )
    for pk, cid, support, area, status, created, updated in rows:
        person = person_of.get(cid, cid)
        if timezone.localdate(created) > period.end or not keep(person):
            continue
        closed: dt.date | None = None
        if status == PlanGoalStatus.ACHIEVED:
            closed = met_on.get(pk, timezone.localdate(updated))
        elif status == PlanGoalStatus.STOPPED:
            closed = timezone.localdate(updated)
        if closed is not None and closed < period.start:
            continue
        met = status == PlanGoalStatus.ACHIEVED and closed is not None and closed <= period.end
        groups[f"goals_{support}"][person].append(met)
        if area == SubDomain.EMPLOYMENT:
            groups["employment_goals"][person].append(met)
    figures = []
    labels = {f"goals_{t.value}": str(t.label) for t in SupportType}
    # Translators: goals of the "employment" area of a case plan (« objectifs d'emploi »).
    labels["employment_goals"] = _("Employment goals")
    for key, label in labels.items():
        per_person = groups[key]
        met_goals = sum(sum(v) for v in per_person.values())
        total = sum(len(v) for v in per_person.values())
        figures.append(
            Figure(
                key=key,
                group="goals",
                label=_("%(type)s: goals met") % {"type": label},
                value=_percent(met_goals, total),
                unit=PERCENT,
                numerator=met_goals,
                denominator=total,
                people=[
                    Entry(p, float(sum(per_person[p])), any(per_person[p]))
                    for p in sorted(per_person, key=str)
                ],
            )
        )
    return figures


def _referrals(
    person_of: dict[uuid.UUID, uuid.UUID], period: Period, keep: Callable[[uuid.UUID], bool]
) -> list[Figure]:
    """Referrals sent in the period (cancelled ones aside): the share completed
    by the period's end, and the days each waited for an answer (still
    pending: until the period's end)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    rows = (
        Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)
        .exclude(status=ReferralStatus.CANCELLED)
        .order_by()
        .values_list("client_id", "status", "sent_at", "answered_at", "closed_at")
    )
    completed: dict[uuid.UUID, list[bool]] = defaultdict(list)
    waits: dict[uuid.UUID, list[int]] = defaultdict(list)
    for cid, status, sent, answered, closed in rows:
        person = person_of.get(cid, cid)
        if not keep(person) or sent is None:
            continue
        done = status == ReferralStatus.COMPLETED and (
            closed is None or timezone.localdate(closed) <= period.end
        )
        completed[person].append(done)
        answer = timezone.localdate(answered) if answered is not None else None
        if answer is None or answer > period.end:
            answer = period.end
        waits[person].append((answer - timezone.localdate(sent)).days)
    people = sorted(completed, key=str)
    done_count = sum(sum(v) for v in completed.values())
    total = sum(len(v) for v in completed.values())
    all_waits = [float(w) for v in waits.values() for w in v]
    return [
        Figure(
            key="referrals_completed",
            group="goals",
            label=_("Referrals sent in the period and completed"),
            value=_percent(done_count, total),
            unit=PERCENT,
            numerator=done_count,
            denominator=total,
            people=[Entry(p, float(sum(completed[p])), any(completed[p])) for p in people],
        ),
        Figure(
            key="referrals_days_pending",
            group="goals",
            label=_("Days a referral waited for an answer (median)"),
            value=_median(all_waits),
            unit=DAYS,
            people=[Entry(p, float(max(waits[p]))) for p in people],
            extra={"mean": _mean(all_waits)},
        ),
    ]


# --- Reaching Home community figures -------------------------------------------------


def community_figures(network: Network, period: Period) -> list[Figure]:
    """The monthly flow's figures over the period: actively homeless (all,
    chronic, Indigenous) at the end of its last month; the persons newly
    identified, and those returned from housing or from inactive, in any
    month of it (a person once)."""
    populations = (Population.ALL, Population.CHRONIC, Population.INDIGENOUS)
    flows = monthly_flow(network, period.months, today=period.today, populations=populations)
    last = {p: flows[p][-1] for p in populations}
    newly: set[uuid.UUID] = set()
    returns: set[uuid.UUID] = set()
    for flow in flows[Population.ALL]:
        newly |= flow.people.get("newly_identified", set())
        returns |= flow.people.get("returned_from_housing", set())
        returns |= flow.people.get("returned_from_inactive", set())

    def figure(key: str, label: str, people: set[uuid.UUID]) -> Figure:
        return Figure(
            key=key,
            group="community",
            label=label,
            value=float(len(people)),
            unit=PERSONS,
            people=[Entry(p, None) for p in sorted(people, key=str)],
            category=DataCategory.HOUSING,
        )

    return [
        figure(
            "community_homeless",
            _("Actively homeless at the end of the period"),
            last[Population.ALL].active,
        ),
        figure(
            "community_chronic",
            _("Chronically homeless at the end of the period"),
            last[Population.CHRONIC].active,
        ),
        figure(
            "community_indigenous",
            _("Indigenous persons homeless at the end of the period"),
            last[Population.INDIGENOUS].active,
        ),
        figure("community_newly_identified", _("New inflows (newly identified)"), newly),
        figure(
            "community_returns",
            # Translators: Reaching Home's "returns to homelessness" (« retours à l'itinérance »).
            _("Returns to homelessness (from housing or from inactive)"),
            returns,
        ),
    ]


def drill_down(report: OutcomesReport, key: str) -> Figure | None:
    """The figure whose persons are asked for (None when none; 404 if unknown)."""
    if not key:
        return None
    found = report.figure(key)
    if found is None:
        raise Http404
    return found
