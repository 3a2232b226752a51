"""Casework.

Enrollments, plans, encounters and general notes are case-plan records
(``DataCategory.CASE_PLAN``): always visible to the organization that wrote
them, to other partners while the client shares the case plan with them
(``clients_sharing``), less lock-boxes. Clinical notes are clinical records
(clinical disciplines only, by consent). Only staff of a program's
organization enroll clients into its programs; its caseload and waitlist are
for the program's members and coordinators.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from parcours.access.base import is_coordinator, record_lock_box_ids, staff_org
from parcours.access.clients import ClientAccess, clients_sharing, records_visible_filter
from parcours.accounts.models import (
    MembershipRole,
    Program,
    ProgramMembership,
    Team,
    TeamMembership,
    User,
)
from parcours.casework.models import Assessment, CaseNote, CasePlan, Enrollment
from parcours.clients.models import DataCategory, RevolvingDoorAlert


def can_enroll_into(user: User, program: Program) -> bool:
    org_id = staff_org(user)
    return org_id is not None and org_id == program.organization_id


def can_enroll_client(client_access: ClientAccess) -> bool:
    """Enroll a client, put them on a waitlist: the organization that
    registered them, or a partner they share their identity with."""
    return client_access.registered_here or client_access.can(DataCategory.IDENTITY)


def can_coordinate_program(user: User, program: Program) -> bool:
    """Override capacity, edit the program's standards, manage its waitlist:
    the organization's administrators and the program's coordinators."""
    if not can_enroll_into(user, program):
        return False
    if user.is_org_admin:
        return True
    return bool(
        user.program_memberships.filter(program=program, role=MembershipRole.COORDINATOR).exists()
    )


def can_manage_waitlist(user: User, program: Program) -> bool:
    """Add to, reorder, offer from a program's waitlist: its coordinators, and
    the program's own staff."""
    if can_coordinate_program(user, program):
        return True
    return can_enroll_into(user, program) and bool(
        ProgramMembership.objects.filter(user=user, program=program).exists()
    )


def programs_with_caseload_visible_to(user: User) -> QuerySet[Program]:
    """Programs whose caseload and waitlist the user sees: those they belong
    to; every program of their organization for its coordinators."""
    org_id = staff_org(user)
    if org_id is None:
        return Program.objects.none()
    programs = Program.objects.filter(organization_id=org_id)
    if user.is_org_admin or is_coordinator(user):
        return programs
    return programs.filter(memberships__user=user).distinct()


def teams_for_worklist(user: User) -> list[Team]:
    """Teams whose worklist the user sees: theirs, and those of the programs they coordinate."""
    org_id = staff_org(user)
    if org_id is None:
        return []
    own = TeamMembership.objects.filter(user=user).values("team_id")
    teams = Team.objects.filter(program__organization_id=org_id).select_related("program")
    if user.is_org_admin:
        return list(teams.order_by("program__name", "name"))
    coordinated = user.program_memberships.filter(role=MembershipRole.COORDINATOR).values(
        "program_id"
    )
    return list(
        teams.filter(Q(pk__in=own) | Q(program_id__in=coordinated)).order_by(
            "program__name", "name"
        )
    )


def can_write_plan(client_access: ClientAccess, plan: CasePlan | None) -> bool:
    """The client's one shared plan is written by the partners the client
    shares the case plan with, and by the organization that registered the
    client (it holds their consent) while it may read the plan. Who wrote
    first changes nothing: a partner that sees only the identity writes
    nothing, so it can never take the plan over and lock the others out."""
    if plan is not None and not client_access.can_see_record(
        plan, category=DataCategory.CASE_PLAN, organization_id=plan.organization_id
    ):
        return False
    return client_access.can(DataCategory.CASE_PLAN) or client_access.registered_here


def can_change_assessment(user: User, assessment: Assessment) -> bool:
    """Choose the level of service of an assessment: the organization that assessed."""
    org_id = staff_org(user)
    return org_id is not None and assessment.organization_id == org_id


def can_write_clinical_note(user: User) -> bool:
    """Write or amend clinical notes: clinical disciplines only."""
    return staff_org(user) is not None and bool(user.is_clinical)


def can_correct_note(user: User, note: CaseNote) -> bool:
    """Correct a note (within its hours): its author only; others add an addendum."""
    return bool(note.author_id == user.pk)


def case_note_filter(client_access: ClientAccess) -> Q:
    """Notes of ``access.client`` the user may read.

    * general notes are case-plan records (their organization; partners with
      case-plan consent);
    * clinical notes are for clinical disciplines only: those of the
      organization that wrote them, and those of partners the client's
      directive allows for the clinical category (``access.can(CLINICAL)``
      already encodes discipline, consent and break-the-glass);
    * a sensitive note stays within the organization that wrote it (and an
      emergency access);
    * lock-boxes on one note apply as for every record."""
    everything, nothing = Q(pk__isnull=False), Q(pk__in=[])
    own = Q(organization_id=client_access.user.organization_id)
    shareable = everything if client_access.break_glass is not None else Q(is_sensitive=False)
    general = own | shareable if client_access.can(DataCategory.CASE_PLAN) else own
    if client_access.can(DataCategory.CLINICAL):
        clinical = own | shareable
    elif client_access.user.is_clinical:
        clinical = own
    else:
        clinical = nothing
    locked = client_access.locked_ids("casework.casenote")
    return ((Q(kind="general") & general) | (Q(kind="clinical") & clinical)) & ~Q(pk__in=locked)


def pathway_alerts_filter(user: User) -> Q:
    """Revolving-door alerts (``clients.RevolvingDoorAlert``) a worklist may
    weigh: those on the organization's own pathway stages, about clients it
    registered, or about clients who share their case plan with it (less a
    lock-boxed category, via ``clients_sharing``) — never one raised by a
    pathway stage a lock-box keeps from it."""
    org_id = staff_org(user)
    if org_id is None:
        return Q(pk__in=[])
    sharing = clients_sharing(user, DataCategory.CASE_PLAN).values("pk")
    locked = record_lock_box_ids(org_id, "clients.pathwaystage")
    visible = (
        Q(pathway_stage__organization_id=org_id)
        | Q(client__registered_by_organization_id=org_id)
        | Q(client_id__in=sharing)
    )
    return visible & ~Q(pathway_stage_id__in=[t for t in locked if _is_uuid(t)])


def pathway_alerts_of(client_access: ClientAccess) -> QuerySet[RevolvingDoorAlert]:
    """One client's revolving-door alerts the user may weigh:
    ``pathway_alerts_filter`` for a client whose access is known (registered
    here, or ``ClientAccess.can(CASE_PLAN)``, which is what ``clients_sharing``
    says of that client), less the stages its lock-boxes keep from the
    organization."""
    org_id = staff_org(client_access.user)
    if org_id is None:
        return RevolvingDoorAlert.objects.none()
    alerts = RevolvingDoorAlert.objects.filter(client=client_access.client)
    if not (client_access.registered_here or client_access.can(DataCategory.CASE_PLAN)):
        alerts = alerts.filter(pathway_stage__organization_id=org_id)
    locked = [t for t in client_access.locked_ids("clients.pathwaystage") if _is_uuid(t)]
    return alerts.exclude(pathway_stage_id__in=locked)


def directives_known_filter(user: User) -> Q:
    """A filter for consent directives (``clients.ConsentDirective``) of many
    clients the organization may know of — the set-based twin of
    ``consent_directives_visible_to``: every directive of the clients it
    registered (it holds their consent), and of other clients those that
    concern it (naming it, or all partners)."""
    org_id = staff_org(user)
    if org_id is None:
        return Q(pk__in=[])
    return (
        Q(client__registered_by_organization_id=org_id)
        | Q(all_partners=True)
        | Q(organizations=org_id)
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def primary_workers_of(user: User, client_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[User]]:
    """The primary workers of the clients' open enrollments, in one query, as
    far as the user may see the enrollments (case-plan records: their
    organization opened them, or the client shares the case plan with it, less
    locked ones). Each client's workers in the order their enrollments began."""
    ids = set(client_ids)
    if not ids:
        return {}
    visible = records_visible_filter(
        user, category=DataCategory.CASE_PLAN, model_label="casework.enrollment"
    )
    enrollments = (
        Enrollment.objects.filter(visible, client_id__in=ids, end_date__isnull=True)
        .exclude(primary_worker__isnull=True)
        .select_related("primary_worker")
        .order_by("start_date", "created_at")
    )
    workers: dict[uuid.UUID, list[User]] = {}
    for enrollment in enrollments:
        worker = enrollment.primary_worker
        assert worker is not None
        listed = workers.setdefault(enrollment.client_id, [])
        if worker not in listed:
            listed.append(worker)
    return workers
