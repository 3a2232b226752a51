"""Reads of enrollments, programs' caseloads and waitlists, and the worklist's teams."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import MembershipRole, Program, ProgramMembership, Team, User
from parcours.casework.models import (
    Enrollment,
    ProgramStandard,
    WaitlistEntry,
    WaitlistStatus,
)
from parcours.casework.selectors.notes import contact_status, last_contact_subquery
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


def enrollment_get_for_user(
    user: User, enrollment_id: uuid.UUID | str
) -> tuple[Enrollment, ClientAccess]:
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
    user: User, enrollment_id: uuid.UUID | str, *, open_only: bool = True
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


def programs_for_enrollment(user: User) -> QuerySet[Program]:
    """Programs the user may enroll clients into: the active programs of their organization."""
    org_id = user.organization_id
    if org_id is None:
        return Program.objects.none()
    return Program.objects.filter(organization_id=org_id, is_active=True).order_by("name")


def workers_for_enrollment(user: User) -> QuerySet[User]:
    """Staff who may be a primary worker: active members of the user's organization's programs."""
    org_id = user.organization_id
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


def teams_for_enrollment(user: User) -> QuerySet[Team]:
    return Team.objects.filter(program__in=programs_for_enrollment(user)).select_related("program")


def caseload_programs(user: User) -> list[tuple[Program, ProgramStandard, int, int]]:
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


def caseload_program_get(user: User, program_id: uuid.UUID | str) -> Program:
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


def program_caseload(user: User, program: Program) -> Caseload:
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


def waitlist_entry_get_for_user(user: User, entry_id: uuid.UUID | str) -> WaitlistEntry:
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
        organization_id=client_access.organization_id,
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


def worklist_team_get(user: User, team_id: uuid.UUID | str | None) -> Team | None:
    """The team whose worklist the user asked for (``None``: their own
    worklist); 404 for a team whose worklist they may not see."""
    if team_id in (None, ""):
        return None
    team = next((t for t in access.teams_for_worklist(user) if str(t.pk) == str(team_id)), None)
    if team is None:
        raise Http404
    return team
