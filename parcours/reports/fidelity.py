"""Fidelity to the model standards (ICM, ACT, CTI), per program and per team.

Every figure has one definition (docs/reports.md, "Fidelity"):

* **caseload**: open enrollments ÷ staff (the team's members for a team, the
  program's members but its coordinators for a program), against the
  standard's clients per staff member;
* **contact frequency**: share of open enrollments whose last encounter with
  the program's organization is within the standard's cadence (the casework
  contact status: the CTI cadence of the phase for CTI);
* **intensity**: face-to-face encounters (not phone or video) of the program
  with its enrolled clients over the last 4 weeks, in hours per client per week;
* **team approach** (team-based programs): share of enrolled clients seen face
  to face by more than one staff member in the last two weeks;
* **daily team meeting** (team-based programs): days with visit assignments on
  the team board over the last 4 weeks, per week;
* **time in program**: open enrollments past the standard's expected duration
  (ICM: 12–16 months);
* **coverage gaps**: gaps of the program's roster against its coverage
  standard over the last 4 weeks.

The window (4 weeks by default) is the report's period: a coordinator may
choose 8, 13 or 26 weeks ending today; the team approach keeps its two weeks.

Ratings 1–5 come from the anchors (``FidelityAnchor``, data). The report reads
a constant number of queries whatever the number of clients."""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import MembershipRole, Program, ProgramKind, ProgramMembership, User
from parcours.accounts.models import Team as TeamModel
from parcours.casework.models import CaseModel, Encounter, Enrollment, ProgramStandard
from parcours.casework.models.notes import EncounterKind
from parcours.casework.selectors.notes import contact_status, last_contact_subquery
from parcours.casework.services import program_standard
from parcours.coordination.models.board import VisitAssignment
from parcours.coordination.selectors.roster import gap_counts
from parcours.reports.models import FidelityAnchor, FidelityItem

WINDOW_DAYS = 28
WINDOW_WEEKS = (4, 8, 13, 26)
TEAM_APPROACH_DAYS = 14
NOT_FACE_TO_FACE = (EncounterKind.PHONE, EncounterKind.VIDEO)
CASE_MANAGEMENT_KINDS = (ProgramKind.ICM, ProgramKind.ACT, ProgramKind.CTI)
CASE_MANAGEMENT_MODELS = (CaseModel.ICM, CaseModel.ACT, CaseModel.CTI)
CLIENT_ITEMS = (
    FidelityItem.CASELOAD,
    FidelityItem.CONTACT_FREQUENCY,
    FidelityItem.INTENSITY,
    FidelityItem.TEAM_APPROACH,
    FidelityItem.TIME_IN_PROGRAM,
)


@dataclass
class ClientFigure:
    """One client behind an item: their figure, and whether they count in it."""

    client_id: uuid.UUID
    name: str
    value: float | None
    counted: bool


@dataclass
class Item:
    code: str
    label: str
    value: float | None
    display: str
    standard: str
    rating: int | None
    measurable: bool = True
    counted: int | None = None
    total: int | None = None
    clients: list[ClientFigure] = field(default_factory=list)

    @property
    def drills_down(self) -> bool:
        return self.code in CLIENT_ITEMS and bool(self.total)


@dataclass
class Unit:
    """A program (``team`` None) or one of its teams, against the program's standard."""

    program: Program
    team: TeamModel | None
    standard: ProgramStandard
    staff: int
    items: list[Item]
    names_allowed: bool

    @property
    def key(self) -> str:
        return f"{self.program.pk}:{self.team.pk if self.team else ''}"

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)


@dataclass
class FidelityReport:
    on: dt.date
    units: list[Unit]
    human_items: list[str]
    weeks: int = WINDOW_DAYS // 7


@dataclass
class _Client:
    enrollment: Enrollment
    name: str
    contact_ok: bool
    days_since: int | None
    minutes: int = 0
    staff: set[uuid.UUID] = field(default_factory=set)


def human_items() -> list[str]:
    """DACTS items the records cannot measure: rated by people (a fidelity review)."""
    return [
        _("Team composition against the ACT disciplines (psychiatrist, nurse, peer, …)"),
        _("Practicing team leader"),
        _("Continuity of staffing"),
        _("Explicit admission criteria"),
        _("Full responsibility for treatment services"),
        _("Responsibility for crisis services and hospital admissions"),
        _("Work with the informal support system"),
        _("In vivo services (share of contacts in the community)"),
        _("No drop-out policy and assertive engagement"),
        _("Role of people with lived experience on the team"),
    ]


def rate(anchors: list[FidelityAnchor], value: float | None) -> int | None:
    """The best rating whose anchor holds; 1 below every anchor; None without anchors."""
    if value is None or not anchors:
        return None
    held = [a.rating for a in anchors if a.holds(value)]
    return max(held) if held else 1


def _name(client: object) -> str:
    if getattr(client, "is_anonymous", False):
        return str(_("Anonymous person"))
    given = getattr(client, "preferred_name", "") or getattr(client, "given_name", "")
    return f"{given} {getattr(client, 'family_name', '')}".strip()


def _programs(
    user: User, program_id: uuid.UUID | None, organization_id: uuid.UUID | None
) -> list[Program]:
    programs = (
        access.fidelity_programs_visible_to(user)
        .filter(is_active=True)
        .filter(Q(kind__in=CASE_MANAGEMENT_KINDS) | Q(standard__model__in=CASE_MANAGEMENT_MODELS))
        .select_related("organization", "standard", "coverage_standard")
        .distinct()
        .order_by("organization__name", "name")
    )
    if program_id is not None:
        programs = programs.filter(pk=program_id)
    if organization_id is not None:
        programs = programs.filter(organization_id=organization_id)
    return list(programs)


def fidelity_report(
    user: User,
    *,
    program_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
    weeks: int = WINDOW_DAYS // 7,
    today: dt.date | None = None,
) -> FidelityReport:
    """The fidelity of the programs the user reads (``fidelity_programs_visible_to``):
    one unit per program and one per team of a team-based program. Client names
    only for the programs whose caseload the user sees and the clients they may
    see; otherwise "a person (record not shared)". The filters narrow the
    programs (an organization's) or the units (one team's); ``weeks`` is the
    window of the figures over a period."""
    today = today or timezone.localdate()
    window = weeks * 7
    if team_id is not None:
        program_id = (
            TeamModel.objects.filter(pk=team_id).values_list("program_id", flat=True).first()
        )
        if program_id is None:
            return FidelityReport(today, [], human_items(), weeks)
    programs = _programs(user, program_id, organization_id)
    if not programs:
        return FidelityReport(today, [], human_items(), weeks)
    program_ids = [p.pk for p in programs]
    named_programs = set(
        access.fidelity_programs_named_for(user)
        .filter(pk__in=program_ids)
        .values_list("pk", flat=True)
    )
    anchors: dict[str, list[FidelityAnchor]] = defaultdict(list)
    for anchor in FidelityAnchor.objects.all():
        anchors[anchor.item].append(anchor)
    teams = list(
        TeamModel.objects.filter(program_id__in=program_ids)
        .annotate(
            staff=Count("memberships", filter=Q(memberships__user__is_active=True), distinct=True)
        )
        .order_by("name")
    )
    program_staff = dict(
        ProgramMembership.objects.filter(program_id__in=program_ids, user__is_active=True)
        .exclude(role=MembershipRole.COORDINATOR)
        .values("program_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("program_id", "n")
    )
    enrollments = list(
        Enrollment.objects.filter(program_id__in=program_ids, end_date__isnull=True)
        .annotate(last_contact=last_contact_subquery())
        .select_related("client")
        .only(
            "client_id",
            "program_id",
            "organization_id",
            "team_id",
            "start_date",
            "end_date",
            "client__is_anonymous",
            "client__given_name",
            "client__preferred_name",
            "client__family_name",
        )
        .order_by("client__family_name", "client__given_name", "client_id")
    )
    client_ids = {e.client_id for e in enrollments}
    visible = (
        set(access.clients_visible_to(user).filter(pk__in=client_ids).values_list("pk", flat=True))
        if named_programs
        else set()
    )
    by_program = {p.pk: p for p in programs}
    standards = {p.pk: program_standard(p) for p in programs}
    clients: dict[uuid.UUID, list[_Client]] = defaultdict(list)
    index: dict[tuple[uuid.UUID, uuid.UUID], _Client] = {}
    for e in enrollments:
        program = by_program[e.program_id]
        e.program = program
        status = contact_status(
            e, last_contact=e.last_contact, today=today, standard=standards[e.program_id]
        )
        shown = e.program_id in named_programs and e.client_id in visible
        row = _Client(
            enrollment=e,
            name=_name(e.client) if shown else str(_("A person (record not shared)")),
            contact_ok=not status.overdue,
            days_since=status.days_since,
        )
        clients[e.program_id].append(row)
        index[(e.program_id, e.client_id)] = row
    _add_encounters(programs, client_ids, index, today, window)
    meeting_days = _meeting_days(program_ids, today, window)
    gaps = gap_counts(programs, today - dt.timedelta(days=window), window)
    units: list[Unit] = []
    for program in programs:
        standard = standards[program.pk]
        rows = clients[program.pk]
        names_allowed = program.pk in named_programs
        staff = program_staff.get(program.pk, 0)
        items = _client_items(standard, rows, staff, anchors, today, weeks)
        if standard.team_based:
            days = meeting_days.get(program.pk, 0)
            per_week = days / weeks
            items.append(
                Item(
                    code=FidelityItem.PROGRAM_MEETING,
                    label=str(FidelityItem.PROGRAM_MEETING.label),
                    value=round(per_week, 2),
                    display=_("%(n)s days a week") % {"n": _number(per_week)},
                    standard=_("every working day (at least 4 days a week)"),
                    rating=rate(anchors[FidelityItem.PROGRAM_MEETING], per_week),
                )
            )
        count = gaps.get(program.pk, 0)
        items.append(
            Item(
                code=FidelityItem.COVERAGE_GAPS,
                label=str(FidelityItem.COVERAGE_GAPS.label),
                value=float(count),
                display=_("%(n)s gaps in the last %(weeks)s weeks") % {"n": count, "weeks": weeks},
                standard=standard.coverage or _("no gap"),
                rating=rate(anchors[FidelityItem.COVERAGE_GAPS], float(count)),
            )
        )
        units.append(Unit(program, None, standard, staff, items, names_allowed))
        if standard.team_based:
            for team in (t for t in teams if t.program_id == program.pk):
                team_rows = [r for r in rows if r.enrollment.team_id == team.pk]
                team_items = _client_items(standard, team_rows, team.staff, anchors, today, weeks)
                units.append(Unit(program, team, standard, team.staff, team_items, names_allowed))
    if team_id is not None:
        units = [u for u in units if u.team is not None and u.team.pk == team_id]
    return FidelityReport(today, units, human_items(), weeks)


def _add_encounters(
    programs: list[Program],
    client_ids: set[uuid.UUID],
    index: dict[tuple[uuid.UUID, uuid.UUID], _Client],
    today: dt.date,
    window: int = WINDOW_DAYS,
) -> None:
    """Face-to-face minutes (the window) and staff seen (2 weeks) of each enrolled
    client, from the encounters of each program (an encounter without a program
    counts for every program of its organization). Two queries."""
    if not client_ids:
        return
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(today - dt.timedelta(days=window), dt.time(), tzinfo=zone)
    team_start = dt.datetime.combine(
        today - dt.timedelta(days=TEAM_APPROACH_DAYS), dt.time(), tzinfo=zone
    )
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    by_org: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for p in programs:
        by_org[p.organization_id].append(p.pk)
    encounters = (
        Encounter.objects.filter(
            client_id__in=client_ids,
            organization_id__in=list(by_org),
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .exclude(kind__in=NOT_FACE_TO_FACE)
        .order_by()
    )
    rows = list(
        encounters.values_list(
            "pk", "client_id", "organization_id", "program_id", "occurred_at", "duration_minutes"
        )
    )
    staff: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    recent = [pk for pk, _c, _o, _p, at, _m in rows if at >= team_start]
    if recent:
        through = Encounter.staff.through.objects.filter(encounter_id__in=recent).values_list(
            "encounter_id", "user_id"
        )
        for encounter_id, user_id in through:
            staff[encounter_id].add(user_id)
    for pk, client_id, org_id, program_id, at, minutes in rows:
        targets = [program_id] if program_id is not None else by_org[org_id]
        for target in targets:
            row = index.get((target, client_id))
            if row is None:
                continue
            row.minutes += minutes
            if at >= team_start:
                row.staff |= staff.get(pk, set())


def _meeting_days(
    program_ids: list[uuid.UUID], today: dt.date, window: int = WINDOW_DAYS
) -> dict[uuid.UUID, int]:
    """Days with visit assignments on the team board (the daily team meeting)."""
    start = today - dt.timedelta(days=window - 1)
    return dict(
        VisitAssignment.objects.filter(program_id__in=program_ids, day__gte=start, day__lte=today)
        .order_by()
        .values("program_id")
        .annotate(n=Count("day", distinct=True))
        .values_list("program_id", "n")
    )


def _number(value: float) -> str:
    """Up to two decimals, no trailing zeros (2, 2.5, 0.31)."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _percent(counted: int, total: int) -> float | None:
    return round(100 * counted / total, 1) if total else None


def _client_items(
    standard: ProgramStandard,
    rows: list[_Client],
    staff: int,
    anchors: dict[str, list[FidelityAnchor]],
    today: dt.date,
    weeks: int = WINDOW_DAYS // 7,
) -> list[Item]:
    total = len(rows)
    items: list[Item] = []

    def figures(values: list[tuple[_Client, float | None, bool]]) -> list[ClientFigure]:
        return [
            ClientFigure(r.enrollment.client_id, r.name, v, counted) for r, v, counted in values
        ]

    # Caseload.
    ratio = round(total / staff, 1) if staff else None
    items.append(
        Item(
            code=FidelityItem.CASELOAD,
            label=str(FidelityItem.CASELOAD.label),
            value=ratio,
            display=(
                _("%(clients)s clients, %(staff)s staff: %(ratio)s per staff member")
                % {"clients": total, "staff": staff, "ratio": _number(ratio)}
                if ratio is not None
                else _("%(clients)s clients, no staff") % {"clients": total}
            ),
            standard=(
                _("at most %(n)s clients per staff member") % {"n": standard.clients_per_staff}
                if standard.clients_per_staff
                else _("no limit")
            ),
            rating=rate(anchors[FidelityItem.CASELOAD], ratio),
            counted=total,
            total=total,
            clients=figures([(r, None, True) for r in rows]),
        )
    )
    # Contact frequency.
    seen = sum(1 for r in rows if r.contact_ok)
    share = _percent(seen, total)
    cadence = (
        _("CTI: every %(a)s, %(b)s then %(c)s days by phase")
        % {
            "a": standard.cti_phase1_contact_days,
            "b": standard.cti_phase2_contact_days,
            "c": standard.cti_phase3_contact_days,
        }
        if standard.model == CaseModel.CTI
        else _("a contact at least every %(n)s days") % {"n": standard.contact_frequency_days}
    )
    items.append(
        Item(
            code=FidelityItem.CONTACT_FREQUENCY,
            label=str(FidelityItem.CONTACT_FREQUENCY.label),
            value=share,
            display=_("%(seen)s of %(total)s clients (%(share)s%%)")
            % {"seen": seen, "total": total, "share": _number(share or 0)},
            standard=cadence,
            rating=rate(anchors[FidelityItem.CONTACT_FREQUENCY], share),
            counted=seen,
            total=total,
            clients=figures(
                [
                    (r, float(r.days_since) if r.days_since is not None else None, r.contact_ok)
                    for r in rows
                ]
            ),
        )
    )
    # Intensity: hours per client per week over the window.
    per_client = [(r, round(r.minutes / 60 / weeks, 2)) for r in rows]
    intensity = round(sum(h for _r, h in per_client) / total, 2) if total else None
    items.append(
        Item(
            code=FidelityItem.INTENSITY,
            label=str(FidelityItem.INTENSITY.label),
            value=intensity,
            display=(
                _("%(h)s hours per client per week") % {"h": _number(intensity)}
                if intensity is not None
                else _("no client")
            ),
            standard=_("at least 2 hours per client per week (DACTS)"),
            rating=rate(anchors[FidelityItem.INTENSITY], intensity),
            counted=sum(1 for _r, h in per_client if h > 0),
            total=total,
            clients=figures([(r, h, h > 0) for r, h in per_client]),
        )
    )
    # Team approach (team-based programs).
    if standard.team_based:
        several = sum(1 for r in rows if len(r.staff) > 1)
        share = _percent(several, total)
        items.append(
            Item(
                code=FidelityItem.TEAM_APPROACH,
                label=str(FidelityItem.TEAM_APPROACH.label),
                value=share,
                display=_("%(seen)s of %(total)s clients (%(share)s%%) in the last two weeks")
                % {"seen": several, "total": total, "share": _number(share or 0)},
                standard=_("at least 90% of clients seen by more than one staff member"),
                rating=rate(anchors[FidelityItem.TEAM_APPROACH], share),
                counted=several,
                total=total,
                clients=figures([(r, float(len(r.staff)), len(r.staff) > 1) for r in rows]),
            )
        )
    # Time in program, against the expected duration.
    if standard.expected_duration_months:
        limit = standard.expected_duration_months
        months = [(r, r.enrollment.months_enrolled(today)) for r in rows]
        past = sum(1 for _r, m in months if m >= limit)
        median = statistics.median([m for _r, m in months]) if months else None
        target = (
            _("%(a)s–%(b)s months") % {"a": standard.transition_review_months, "b": limit}
            if standard.transition_review_months
            else _("at most %(n)s months") % {"n": limit}
        )
        items.append(
            Item(
                code=FidelityItem.TIME_IN_PROGRAM,
                label=str(FidelityItem.TIME_IN_PROGRAM.label),
                value=_percent(past, total),
                display=(
                    _("%(past)s of %(total)s clients at %(limit)s months or more (median %(m)s)")
                    % {"past": past, "total": total, "limit": limit, "m": _number(median)}
                    if median is not None
                    else _("no client")
                ),
                standard=target,
                rating=rate(anchors[FidelityItem.TIME_IN_PROGRAM], _percent(past, total)),
                counted=past,
                total=total,
                clients=figures([(r, float(m), m >= limit) for r, m in months]),
            )
        )
    return items


def drill_down(
    report: FidelityReport, program: uuid.UUID | None, team: uuid.UUID | None, item: str
) -> tuple[Unit, Item] | None:
    """The unit and item whose clients are asked for (None when none is asked; 404 if unknown)."""
    if program is None or not item:
        return None
    for unit in report.units:
        if unit.program.pk == program and (unit.team.pk if unit.team else None) == team:
            found = unit.item(item)
            if found is None or item not in CLIENT_ITEMS:
                raise Http404
            return unit, found
    raise Http404
