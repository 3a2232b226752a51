"""Reads of the casework app, always through the access policy."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import MembershipRole, Program, ProgramMembership, Team, User
from parcours.casework.models import (
    Assessment,
    AssessmentInstrument,
    CaseModel,
    CaseNote,
    CasePlan,
    Encounter,
    Enrollment,
    Goal,
    GoalReview,
    GoalStep,
    NoteAddendum,
    ProgramStandard,
    WaitlistEntry,
    WaitlistStatus,
)
from parcours.casework.services import program_standard
from parcours.clients.models import DataCategory

ENROLLMENT_LABEL = "casework.enrollment"


def enrollments_for(client_access: ClientAccess) -> QuerySet[Enrollment]:
    """The client's enrollments the user may see: their organization's, and
    every other one while the client shares the case plan with it."""
    return (
        Enrollment.objects.filter(client=client_access.client)
        .filter(
            client_access.record_filter(
                category=DataCategory.CASE_PLAN, model_label=ENROLLMENT_LABEL
            )
        )
        .select_related(
            "program",
            "program__organization",
            "program__standard",
            "primary_worker",
            "team",
            "previous_enrollment",
            "previous_enrollment__program",
        )
        .annotate(last_contact=last_contact_subquery())
        .order_by("end_date", "-start_date")
    )


def enrollment_get_for_user(user: Any, enrollment_id: Any) -> tuple[Enrollment, ClientAccess]:
    """An enrollment the user may see, with what they may see of its client; 404 otherwise."""
    try:
        enrollment = Enrollment.objects.select_related(
            "program", "program__organization", "primary_worker", "team", "client"
        ).get(pk=enrollment_id)
    except (Enrollment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, enrollment.client_id)
    if not client_access.can_see_record(
        enrollment, category=DataCategory.CASE_PLAN, organization_id=enrollment.organization_id
    ):
        raise Http404
    return enrollment, client_access


def enrollment_get_own(
    user: Any, enrollment_id: Any, *, open_only: bool = True
) -> tuple[Enrollment, ClientAccess]:
    """An enrollment the user may act on (close, transfer, reassign): one they
    may see, in a program of their organization, and — for every action that
    changes it (``open_only``) — still open. 404 otherwise, on the screens and
    through the API alike."""
    enrollment, client_access = enrollment_get_for_user(user, enrollment_id)
    if not access.can_enroll_into(user, enrollment.program):
        raise Http404
    if open_only and not enrollment.is_open:
        raise Http404
    return enrollment, client_access


def programs_for_enrollment(user: Any) -> QuerySet[Program]:
    """Programs the user may enroll clients into: the active programs of their organization."""
    org_id = getattr(user, "organization_id", None)
    if org_id is None:
        return Program.objects.none()
    return Program.objects.filter(organization_id=org_id, is_active=True).order_by("name")


def workers_for_enrollment(user: Any) -> QuerySet[User]:
    """Staff who may be a primary worker: active members of the user's organization's programs."""
    org_id = getattr(user, "organization_id", None)
    if org_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            organization_id=org_id,
            program_memberships__program__organization_id=org_id,
        )
        .distinct()
        .order_by("family_name", "given_name")
    )


def teams_for_enrollment(user: Any) -> QuerySet[Team]:
    return Team.objects.filter(program__in=programs_for_enrollment(user)).select_related("program")


def caseload_programs(user: Any) -> list[tuple[Program, ProgramStandard, int, int]]:
    """Programs whose caseload the user sees, with their standard, the open
    enrollments and the clients waiting."""
    programs = (
        access.programs_with_caseload_visible_to(user)
        .select_related("organization", "standard")
        .annotate(
            open_count=Count(
                "enrollments", filter=Q(enrollments__end_date__isnull=True), distinct=True
            ),
            waiting_count=Count(
                "waitlist", filter=Q(waitlist__status=WaitlistStatus.WAITING), distinct=True
            ),
        )
        .order_by("name")
    )
    return [(p, program_standard(p), p.open_count, p.waiting_count) for p in programs]


def caseload_program_get(user: Any, program_id: Any) -> Program:
    try:
        return (
            access.programs_with_caseload_visible_to(user)
            .select_related("organization", "standard")
            .get(pk=program_id)
        )
    except (Program.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@dataclass
class WorkerLoad:
    worker: User | None
    role: str
    enrollments: list[Enrollment] = field(default_factory=list)
    limit: int | None = None
    hidden: int = 0

    @property
    def count(self) -> int:
        return len(self.enrollments) + self.hidden

    @property
    def is_full(self) -> bool:
        return self.limit is not None and self.count >= self.limit

    @property
    def overdue(self) -> int:
        contacts = [getattr(e, "contact", None) for e in self.enrollments]
        return sum(1 for c in contacts if c is not None and c.overdue)

    @property
    def percent(self) -> int:
        if not self.limit:
            return 0
        return min(round(100 * self.count / self.limit), 100)


@dataclass
class Caseload:
    program: Program
    standard: ProgramStandard
    rows: list[WorkerLoad]
    waitlist: list[WaitlistEntry]
    total: int
    capacity: int | None
    can_coordinate: bool

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.total >= self.capacity

    @property
    def visible_client_ids(self) -> list[uuid.UUID]:
        ids = [e.client_id for row in self.rows for e in row.enrollments]
        return ids + [w.client_id for w in self.waitlist]


def program_caseload(user: Any, program: Program) -> Caseload:
    """The program's open enrollments by primary worker (individual models) or
    by team (team-based models), against the ratio, and its waitlist. Clients
    the user may no longer see are counted, not named."""
    standard = program_standard(program)
    visible = access.clients_visible_to(user)
    enrollments = list(
        Enrollment.objects.filter(program=program, end_date__isnull=True)
        .annotate(
            client_visible=Exists(visible.filter(pk=OuterRef("client_id"))),
            last_contact=last_contact_subquery(),
        )
        .select_related("client", "primary_worker", "team")
        .order_by("client__family_name", "client__given_name")
    )
    today = timezone.localdate()
    for e in enrollments:
        e.contact = contact_status(  # type: ignore[attr-defined]
            e, last_contact=e.last_contact, today=today, standard=standard
        )
    ratio = standard.clients_per_staff
    rows: list[WorkerLoad] = []
    if standard.team_based:
        teams = list(
            Team.objects.filter(program=program)
            .annotate(
                staff=Count(
                    "memberships", filter=Q(memberships__user__is_active=True), distinct=True
                )
            )
            .order_by("name")
        )
        by_team: dict[Any, WorkerLoad] = {}
        for team in teams:
            row = WorkerLoad(
                worker=None,
                role=team.name,
                limit=ratio * team.staff if ratio is not None else None,
            )
            by_team[team.pk] = row
            rows.append(row)
        loose = WorkerLoad(worker=None, role="")
        for e in enrollments:
            row = by_team.get(e.team_id, loose)
            _place(row, e)
        if loose.count:
            rows.append(loose)
    else:
        members = list(
            ProgramMembership.objects.filter(program=program, user__is_active=True)
            .select_related("user")
            .order_by("user__family_name", "user__given_name")
        )
        by_worker: dict[Any, WorkerLoad] = {}
        for m in members:
            row = WorkerLoad(worker=m.user, role=m.role, limit=ratio)
            by_worker[m.user_id] = row
            rows.append(row)
        loose = WorkerLoad(worker=None, role="")
        for e in enrollments:
            row = by_worker.get(e.primary_worker_id, loose) if e.primary_worker_id else loose
            if e.primary_worker_id and e.primary_worker_id not in by_worker:
                row = WorkerLoad(worker=e.primary_worker, role="", limit=ratio)
                by_worker[e.primary_worker_id] = row
                rows.append(row)
            _place(row, e)
        # Coordinators without clients need no row of their own.
        rows = [r for r in rows if r.count or r.role != MembershipRole.COORDINATOR]
        if loose.count:
            rows.append(loose)
    capacity = _capacity(standard, rows)
    waitlist = list(
        WaitlistEntry.objects.filter(program=program, status=WaitlistStatus.WAITING)
        .filter(client__in=visible.values("pk"))
        .select_related("client", "added_by")
        .order_by("position")
    )
    return Caseload(
        program=program,
        standard=standard,
        rows=rows,
        waitlist=waitlist,
        total=len(enrollments),
        capacity=capacity,
        can_coordinate=access.can_coordinate_program(user, program),
    )


def _place(row: WorkerLoad, enrollment: Any) -> None:
    if enrollment.client_visible:
        row.enrollments.append(enrollment)
    else:
        row.hidden += 1


def _capacity(standard: ProgramStandard, rows: list[WorkerLoad]) -> int | None:
    if standard.clients_per_staff is None:
        return None
    return sum(r.limit for r in rows if r.limit is not None)


def waitlist_entry_get_for_user(user: Any, entry_id: Any) -> WaitlistEntry:
    try:
        entry = WaitlistEntry.objects.select_related("program", "client").get(
            pk=entry_id, status=WaitlistStatus.WAITING
        )
    except (WaitlistEntry.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if not access.programs_with_caseload_visible_to(user).filter(pk=entry.program_id).exists():
        raise Http404
    access.client_get_for_user(user, entry.client_id)
    return entry


def client_waitlist_entries(client_access: ClientAccess) -> QuerySet[WaitlistEntry]:
    """Waitlists the client is on, in the user's organization's programs."""
    return WaitlistEntry.objects.filter(
        client=client_access.client,
        status=WaitlistStatus.WAITING,
        organization_id=client_access.user.organization_id,
    ).select_related("program")


def open_counts_by_worker(program: Program) -> dict[Any, int]:
    counts: dict[Any, int] = defaultdict(int)
    for worker_id, n in (
        Enrollment.objects.filter(program=program, end_date__isnull=True)
        .values_list("primary_worker_id")
        .annotate(n=Count("pk"))
    ):
        counts[worker_id] = n
    return counts


# --- The client's plan ---------------------------------------------------------

PLAN_LABEL = "casework.caseplan"
GOAL_LABEL = "casework.goal"


def plan_for(client_access: ClientAccess) -> CasePlan | None:
    """The client's plan, if the user may see it: their organization started
    it, or the client shares the case plan with them (less lock-boxes)."""
    plan = (
        CasePlan.objects.filter(client=client_access.client).select_related("organization").first()
    )
    if plan is None:
        return None
    if not client_access.can_see_record(
        plan, category=DataCategory.CASE_PLAN, organization_id=plan.organization_id
    ):
        return None
    return plan


def goals_for(client_access: ClientAccess, plan: CasePlan) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(plan=plan)
        .filter(
            client_access.record_filter(category=DataCategory.CASE_PLAN, model_label=GOAL_LABEL)
        )
        .select_related(
            "organization", "responsible_worker", "responsible_organization", "recorded_by"
        )
        .prefetch_related(
            Prefetch("steps", queryset=GoalStep.objects.order_by("created_at")),
            Prefetch(
                "reviews",
                queryset=GoalReview.objects.select_related("reviewed_by", "organization").order_by(
                    "-reviewed_on", "-created_at"
                ),
            ),
        )
        .order_by("status", "target_date", "created_at")
    )


def goal_get_for_user(user: Any, goal_id: Any) -> tuple[Goal, ClientAccess]:
    """A goal the user may see, with what they may see of its client; 404 otherwise."""
    try:
        goal = Goal.objects.select_related("plan", "plan__client").get(pk=goal_id)
    except (Goal.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, goal.plan.client_id)
    if (
        plan_for(client_access) is None
        and goal.organization_id != client_access.user.organization_id
    ):
        raise Http404
    if not client_access.can_see_record(
        goal, category=DataCategory.CASE_PLAN, organization_id=goal.organization_id
    ):
        raise Http404
    return goal, client_access


def goal_get_writable(user: Any, goal_id: Any) -> tuple[Goal, ClientAccess]:
    """A goal the user may change (edit, add a step or a review): one they may
    see, on a plan they may write to; 404 otherwise."""
    goal, client_access = goal_get_for_user(user, goal_id)
    if not access.can_write_plan(client_access, goal.plan):
        raise Http404
    return goal, client_access


def goal_step_get_for_user(user: Any, step_id: Any) -> tuple[GoalStep, ClientAccess]:
    try:
        step = GoalStep.objects.select_related("goal").get(pk=step_id)
    except (GoalStep.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    goal, client_access = goal_get_for_user(user, step.goal_id)
    step.goal = goal
    return step, client_access


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    what: str
    kind: str
    changes: list[tuple[str, Any, Any]]


def plan_history(client_access: ClientAccess, plan: CasePlan) -> list[HistoryEntry]:
    """Who changed what in the plan and its goals, newest first (from the records' history)."""
    entries: list[HistoryEntry] = []
    goal_ids = list(goals_for(client_access, plan).values_list("pk", flat=True))
    sources: list[tuple[Any, Any, str, list[str]]] = [
        (
            CasePlan,
            CasePlan.history.filter(id=plan.pk),
            "plan",
            ["in_own_words", "strengths", "context", "last_reviewed_on", "next_review_on"],
        ),
        (
            Goal,
            Goal.history.filter(id__in=goal_ids),
            "goal",
            ["statement", "support_type", "sub_domain", "responsible", "target_date", "status"],
        ),
        (
            GoalStep,
            GoalStep.history.filter(goal_id__in=goal_ids),
            "step",
            ["description", "responsible", "target_date", "done_on"],
        ),
    ]
    for model, qs, kind, fields in sources:
        previous: dict[Any, Any] = {}
        for record in qs.select_related("history_user").order_by("history_date"):
            before = previous.get(record.id)
            changes = [
                (f, getattr(before, f) if before else None, getattr(record, f))
                for f in fields
                if before is None or getattr(before, f) != getattr(record, f)
            ]
            changes = [
                (
                    str(model._meta.get_field(f).verbose_name),
                    display_value(model, f, then),
                    display_value(model, f, now),
                )
                for f, then, now in changes
                if then != now
            ]
            previous[record.id] = record
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    what=str(record.instance) if kind != "plan" else "",
                    kind=record.history_type,
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def display_value(model: Any, name: str, value: Any) -> Any:
    """A field's value as a person reads it: the label of a choice, the
    record a foreign key points to, "—" for nothing."""
    field = model._meta.get_field(name.removesuffix("_id"))
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return field.related_model._default_manager.filter(pk=value).first() or value
    return value


# --- Encounters, notes and contact frequency -------------------------------------

ENCOUNTER_LABEL = "casework.encounter"


def encounters_for(client_access: ClientAccess) -> QuerySet[Encounter]:
    """The client's encounters the user may see (case-plan records)."""
    return (
        Encounter.objects.filter(client=client_access.client)
        .filter(
            client_access.record_filter(
                category=DataCategory.CASE_PLAN, model_label=ENCOUNTER_LABEL
            )
        )
        .select_related("organization", "program", "recorded_by")
        .prefetch_related("staff", "goals")
        .order_by("-occurred_at")
    )


def notes_for(client_access: ClientAccess) -> QuerySet[CaseNote]:
    """The client's notes the user may read: general notes as case-plan
    records, clinical notes for clinical disciplines by consent."""
    return (
        CaseNote.objects.filter(client=client_access.client)
        .filter(access.case_note_filter(client_access))
        .select_related("organization", "author", "encounter")
        .prefetch_related(
            Prefetch(
                "addenda",
                queryset=NoteAddendum.objects.select_related("author", "organization").order_by(
                    "created_at"
                ),
            )
        )
        .order_by("-created_at")
    )


def note_get_for_user(user: Any, note_id: Any) -> tuple[CaseNote, ClientAccess]:
    try:
        client_id = CaseNote.objects.values_list("client_id", flat=True).get(pk=note_id)
    except (CaseNote.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, client_id)
    note = notes_for(client_access).filter(pk=note_id).first()
    if note is None:
        raise Http404
    return note, client_access


@dataclass
class ContactStatus:
    last_contact: Any
    days_since: int | None
    allowed_days: int
    cti_phase: int | None

    @property
    def overdue(self) -> bool:
        return self.days_since is None or self.days_since > self.allowed_days


def contact_status(
    enrollment: Enrollment,
    *,
    last_contact: Any,
    today: Any,
    standard: ProgramStandard | None = None,
) -> ContactStatus:
    """How long since the program's last contact with the client, against the
    program's standard (the CTI cadence of the current phase for CTI)."""
    standard = standard or program_standard(enrollment.program)
    phase = (
        enrollment.cti_phase(today, standard.cti_phase_months)
        if standard.model == CaseModel.CTI
        else None
    )
    since = (
        (today - timezone.localtime(last_contact).date()).days if last_contact is not None else None
    )
    return ContactStatus(
        last_contact=last_contact,
        days_since=since,
        allowed_days=standard.contact_days(phase),
        cti_phase=phase,
    )


def last_contact_subquery(
    outer_client: str = "client_id", outer_org: str = "organization_id"
) -> Any:
    """The latest encounter of the enrollment's organization with its client."""
    return Subquery(
        Encounter.objects.filter(
            client_id=OuterRef(outer_client), organization_id=OuterRef(outer_org)
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


# --- Assessments ---------------------------------------------------------------------

ASSESSMENT_LABEL = "casework.assessment"


def assessments_for(client_access: ClientAccess) -> QuerySet[Assessment]:
    """The client's assessments the user may see (case-plan records), newest first."""
    return (
        Assessment.objects.filter(client=client_access.client)
        .filter(
            client_access.record_filter(
                category=DataCategory.CASE_PLAN, model_label=ASSESSMENT_LABEL
            )
        )
        .select_related("instrument", "band", "assessed_by", "organization")
        .order_by("-assessed_on", "-created_at")
    )


def assessment_get_for_user(user: Any, assessment_id: Any) -> tuple[Assessment, ClientAccess]:
    try:
        client_id = Assessment.objects.values_list("client_id", flat=True).get(pk=assessment_id)
    except (Assessment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, client_id)
    assessment = (
        assessments_for(client_access)
        .prefetch_related("responses__question__domain", "responses__answer", "instrument__domains")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment, client_access


def active_instruments() -> QuerySet[AssessmentInstrument]:
    return AssessmentInstrument.objects.filter(is_active=True).order_by("code")


def instrument_questions(instrument: AssessmentInstrument) -> list[Any]:
    return list(instrument.domains.prefetch_related("questions__answers").order_by("sort_order"))


def worklist_team_get(user: Any, team_id: Any) -> Team | None:
    """The team whose worklist the user asked for (``None``: their own
    worklist); 404 for a team whose worklist they may not see."""
    if team_id in (None, ""):
        return None
    team = next((t for t in access.teams_for_worklist(user) if str(t.pk) == str(team_id)), None)
    if team is None:
        raise Http404
    return team
