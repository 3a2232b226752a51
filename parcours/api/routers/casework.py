"""API routes of the casework app: enrollments, caseloads and waitlists.

Thin routes over ``parcours.casework`` services and selectors, with the
screens' access rules: a client or record the caller may not see is a 404,
bad input a 422 (nothing written), a stale ``version`` a 409."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import Organization, Program, Team, User
from parcours.api import deps
from parcours.api.casework_schemas import (
    AcuityAssessmentIn,
    AcuityAssessmentOut,
    AddendumIn,
    CaseloadOut,
    EncounterIn,
    EncounterOut,
    EnrollmentCloseIn,
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentPatch,
    EnrollmentTransferIn,
    GoalReviewIn,
    GoalReviewOut,
    NoteIn,
    NoteOut,
    NotePatch,
    PlanGoalIn,
    PlanGoalOut,
    PlanGoalPatch,
    PlanOut,
    PlanPatch,
    PlanStepIn,
    PlanStepOut,
    WaitlistIn,
    WaitlistMoveIn,
    WaitlistOfferIn,
    WaitlistOut,
    WaitlistRemoveIn,
    WorkItemOut,
)
from parcours.api.errors import ErrorOut
from parcours.casework import selectors, services, worklist
from parcours.casework.models import (
    NOTE_EDIT_HOURS,
    SUBDOMAIN_SUPPORT,
    Assessment,
    CaseModel,
    CaseNote,
    CasePlan,
    Encounter,
    Enrollment,
    Goal,
    WaitlistEntry,
)
from parcours.clients.services import client_record_viewed

router = Router(tags=["casework"])

NOT_FOUND = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _staff(user: User) -> User:
    if user.organization_id is None:
        raise Http404
    return user


def _worker(
    user: User, worker_id: uuid.UUID | None, field: str = "primary_worker_id"
) -> User | None:
    if worker_id is None:
        return None
    worker = selectors.workers_for_enrollment(user).filter(pk=worker_id).first()
    if worker is None:
        raise ValidationError({field: [_("Unknown staff member of your organization.")]})
    return worker


def _team(user: User, team_id: uuid.UUID | None) -> Team | None:
    if team_id is None:
        return None
    team = selectors.teams_for_enrollment(user).filter(pk=team_id).first()
    if team is None:
        raise ValidationError({"team_id": [_("Unknown team of your organization.")]})
    return team


def _program(user: User, program_id: uuid.UUID, field: str = "program_id") -> Program:
    program = selectors.programs_for_enrollment(user).filter(pk=program_id).first()
    if program is None:
        raise ValidationError({field: [_("Unknown program of your organization.")]})
    return program


def _enrollment(e: Enrollment) -> dict[str, Any]:
    standard = services.program_standard(e.program)
    return {
        "id": e.pk,
        "version": e.version,
        "client_id": e.client_id,
        "program": {"id": e.program.pk, "name": e.program.name},
        "organization": {"id": e.program.organization.pk, "name": e.program.organization.name},
        "start_date": e.start_date,
        "end_date": e.end_date,
        "end_reason": e.end_reason or None,
        "end_note": e.end_note,
        "destination": e.destination,
        "primary_worker": (
            {"id": e.primary_worker.pk, "name": str(e.primary_worker)} if e.primary_worker else None
        ),
        "team": {"id": e.team.pk, "name": e.team.name} if e.team else None,
        "previous_enrollment_id": e.previous_enrollment_id,
        "capacity_override_reason": e.capacity_override_reason,
        "cti_phase": (
            e.cti_phase(timezone.localdate(), standard.cti_phase_months)
            if standard.model == CaseModel.CTI and e.is_open
            else None
        ),
    }


def _reloaded(enrollment: Enrollment) -> dict[str, Any]:
    fresh = Enrollment.objects.select_related(
        "program", "program__organization", "primary_worker", "team"
    ).get(pk=enrollment.pk)
    return _enrollment(fresh)


def _waiting(w: WaitlistEntry) -> dict[str, Any]:
    return {
        "id": w.pk,
        "program_id": w.program_id,
        "client_id": w.client_id,
        "display_name": w.client.display_name,
        "position": w.position,
        "status": w.status,
        "added_on": w.added_on,
        "note": w.note,
    }


# --- Enrollments -------------------------------------------------------------


@router.get(
    "/clients/{client_id}/enrollments",
    response={200: list[EnrollmentOut], **NOT_FOUND},
    summary="The client's enrollments the caller may see (case-plan records)",
)
def enrollment_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(user=user, client_access=client_access, via="api", section="enrollments")
    return [_enrollment(e) for e in selectors.enrollments_for(client_access)]


@router.post(
    "/clients/{client_id}/enrollments",
    response={201: EnrollmentOut, **NOT_FOUND},
    summary="Enroll the client in a program of the caller's organization",
    description=(
        "A worker or team at capacity is refused (422) unless a coordinator of the "
        "program gives `override_reason` (audited)."
    ),
)
def enrollment_create(
    request: HttpRequest, client_id: uuid.UUID, payload: EnrollmentIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    enrollment = services.enrollment_open(
        acting_user=user,
        client=client_access.client,
        program=_program(user, payload.program_id),
        start_date=payload.start_date,
        primary_worker=_worker(user, payload.primary_worker_id),
        team=_team(user, payload.team_id),
        override_reason=payload.override_reason,
    )
    return Status(201, _reloaded(enrollment))


@router.get(
    "/enrollments/{enrollment_id}",
    response={200: EnrollmentOut, **NOT_FOUND},
    summary="One enrollment",
)
def enrollment_detail(request: HttpRequest, enrollment_id: uuid.UUID) -> dict[str, Any]:
    user = deps.signed_in(request)
    enrollment, client_access = selectors.enrollment_get_for_user(user, enrollment_id)
    client_record_viewed(user=user, client_access=client_access, via="api", section="enrollments")
    return _enrollment(enrollment)


def _own(user: User, enrollment_id: uuid.UUID) -> Enrollment:
    enrollment, _client_access = selectors.enrollment_get_own(user, enrollment_id)
    return enrollment


@router.patch(
    "/enrollments/{enrollment_id}",
    response={200: EnrollmentOut, 409: ErrorOut, **NOT_FOUND},
    summary="Reassign an open enrollment (optimistic concurrency on `version`)",
)
def enrollment_patch(
    request: HttpRequest, enrollment_id: uuid.UUID, payload: EnrollmentPatch
) -> dict[str, Any]:
    user = deps.signed_in(request)
    enrollment = _own(user, enrollment_id)
    try:
        services.enrollment_reassign(
            acting_user=user,
            enrollment=enrollment,
            expected_version=payload.version,
            primary_worker=_worker(user, payload.primary_worker_id),
            team=_team(user, payload.team_id),
            override_reason=payload.override_reason,
        )
    except services.StaleEdit as exc:
        raise HttpError(409, str(exc)) from exc
    return _reloaded(enrollment)


@router.post(
    "/enrollments/{enrollment_id}/close",
    response={200: EnrollmentOut, **NOT_FOUND},
    summary="Close an enrollment with a reason",
)
def enrollment_close(
    request: HttpRequest, enrollment_id: uuid.UUID, payload: EnrollmentCloseIn
) -> dict[str, Any]:
    user = deps.signed_in(request)
    enrollment = _own(user, enrollment_id)
    services.enrollment_close(
        acting_user=user,
        enrollment=enrollment,
        end_date=payload.end_date,
        end_reason=payload.end_reason.value,
        destination=payload.destination,
        end_note=payload.end_note,
    )
    return _reloaded(enrollment)


@router.post(
    "/enrollments/{enrollment_id}/transfer",
    response={201: EnrollmentOut, **NOT_FOUND},
    summary="Step down or transfer: close this enrollment and open the next, in one action",
)
def enrollment_transfer(
    request: HttpRequest, enrollment_id: uuid.UUID, payload: EnrollmentTransferIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    enrollment = _own(user, enrollment_id)
    new = services.enrollment_transfer(
        acting_user=user,
        enrollment=enrollment,
        to_program=_program(user, payload.to_program_id, "to_program_id"),
        transfer_date=payload.transfer_date,
        end_reason=payload.end_reason.value,
        reason=payload.reason,
        primary_worker=_worker(user, payload.primary_worker_id),
        team=_team(user, payload.team_id),
        override_reason=payload.override_reason,
    )
    return Status(201, _reloaded(new))


# --- Caseloads and waitlists -----------------------------------------------------


@router.get(
    "/programs/{program_id}/caseload",
    response={200: CaseloadOut, **NOT_FOUND},
    summary="A program's caseload by worker or team against its ratio, and its waitlist",
)
def caseload(request: HttpRequest, program_id: uuid.UUID) -> dict[str, Any]:
    user = _staff(deps.signed_in(request))
    program = selectors.caseload_program_get(user, program_id)
    load = selectors.program_caseload(user, program)
    services.caseload_viewed(
        acting_user=user, program=program, client_ids=load.visible_client_ids, via="api"
    )
    s = load.standard
    return {
        "program": {"id": program.pk, "name": program.name},
        "standard": {f: getattr(s, f) for f in (*services.STANDARD_FIELDS, "version")},
        "total": load.total,
        "capacity": load.capacity,
        "rows": [
            {
                "worker": {"id": r.worker.pk, "name": str(r.worker)} if r.worker else None,
                "team": r.role if s.team_based and r.role else None,
                "count": r.count,
                "limit": r.limit,
                "at_capacity": r.is_full,
                "clients": [
                    {
                        "enrollment_id": e.pk,
                        "client_id": e.client_id,
                        "display_name": e.client.display_name,
                        "start_date": e.start_date,
                    }
                    for e in r.enrollments
                ],
            }
            for r in load.rows
        ],
        "waitlist": [_waiting(w) for w in load.waitlist],
    }


@router.post(
    "/programs/{program_id}/waitlist",
    response={201: WaitlistOut, **NOT_FOUND},
    summary="Put a client at the end of the program's waitlist",
)
def waitlist_add(
    request: HttpRequest, program_id: uuid.UUID, payload: WaitlistIn
) -> Status[dict[str, Any]]:
    user = _staff(deps.signed_in(request))
    program = selectors.caseload_program_get(user, program_id)
    client_access = access.client_get_for_user(user, payload.client_id)
    entry = services.waitlist_add(
        acting_user=user, program=program, client=client_access.client, note=payload.note
    )
    return Status(201, _waiting(entry))


@router.post(
    "/waitlist/{entry_id}/move",
    response={200: WaitlistOut, **NOT_FOUND},
    summary="Move a waiting client one place up or down",
)
def waitlist_move(
    request: HttpRequest, entry_id: uuid.UUID, payload: WaitlistMoveIn
) -> dict[str, Any]:
    user = _staff(deps.signed_in(request))
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    return _waiting(
        services.waitlist_move(acting_user=user, entry=entry, direction=payload.direction)
    )


@router.post(
    "/waitlist/{entry_id}/remove",
    response={200: WaitlistOut, **NOT_FOUND},
    summary="Take a client off the waitlist (the others move up)",
)
def waitlist_remove(
    request: HttpRequest, entry_id: uuid.UUID, payload: WaitlistRemoveIn
) -> dict[str, Any]:
    user = _staff(deps.signed_in(request))
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    return _waiting(services.waitlist_remove(acting_user=user, entry=entry, reason=payload.reason))


@router.post(
    "/waitlist/{entry_id}/offer",
    response={201: EnrollmentOut, **NOT_FOUND},
    summary="Offer the spot: enroll the waiting client",
)
def waitlist_offer(
    request: HttpRequest, entry_id: uuid.UUID, payload: WaitlistOfferIn
) -> Status[dict[str, Any]]:
    user = _staff(deps.signed_in(request))
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    enrollment = services.waitlist_offer(
        acting_user=user,
        entry=entry,
        start_date=payload.start_date,
        primary_worker=_worker(user, payload.primary_worker_id),
        team=_team(user, payload.team_id),
        override_reason=payload.override_reason,
    )
    return Status(201, _reloaded(enrollment))


# --- Plans and goals -----------------------------------------------------------


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "version": goal.version,
        "statement": goal.statement,
        "support_type": goal.support_type,
        "sub_domain": goal.sub_domain,
        "responsible": goal.responsible,
        "responsible_worker": (
            {"id": goal.responsible_worker.pk, "name": str(goal.responsible_worker)}
            if goal.responsible_worker
            else None
        ),
        "responsible_organization": (
            {"id": goal.responsible_organization.pk, "name": goal.responsible_organization.name}
            if goal.responsible_organization
            else None
        ),
        "target_date": goal.target_date,
        "status": goal.status,
        "organization": {"id": goal.organization.pk, "name": goal.organization.name},
        "steps": list(goal.steps.all()),
        "reviews": [
            {
                "id": r.pk,
                "reviewed_on": r.reviewed_on,
                "progress": r.progress,
                "note": r.note,
                "organization": {"id": r.organization.pk, "name": r.organization.name},
            }
            for r in goal.reviews.all()
        ],
    }


def _plan(client_access: ClientAccess) -> dict[str, Any]:
    plan = selectors.plan_for(client_access)
    exists = CasePlan.objects.filter(client=client_access.client).exists()
    return {
        "id": plan.pk if plan else None,
        "version": plan.version if plan else 0,
        "in_own_words": plan.in_own_words if plan else "",
        "strengths": plan.strengths if plan else "",
        "context": plan.context if plan else "",
        "last_reviewed_on": plan.last_reviewed_on if plan else None,
        "next_review_on": plan.next_review_on if plan else None,
        "can_write": access.can_write_plan(client_access, plan)
        and (plan is not None or not exists),
        "goals": [_goal(g) for g in selectors.goals_for(client_access, plan)] if plan else [],
    }


def _organization(organization_id: uuid.UUID | None) -> Organization | None:
    if organization_id is None:
        return None
    organization = Organization.objects.filter(pk=organization_id, is_partner=True).first()
    if organization is None:
        raise ValidationError({"responsible_organization_id": [_("Unknown partner organization.")]})
    return organization


@router.get(
    "/clients/{client_id}/plan",
    response={200: PlanOut, **NOT_FOUND},
    summary="The client's plan and the goals the caller may see",
)
def plan_detail(request: HttpRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(user=user, client_access=client_access, via="api", section="plan")
    return _plan(client_access)


@router.patch(
    "/clients/{client_id}/plan",
    response={200: PlanOut, 409: ErrorOut, **NOT_FOUND},
    summary="Change the plan (optimistic concurrency on `version`; 0 for a new plan)",
)
def plan_patch(request: HttpRequest, client_id: uuid.UUID, payload: PlanPatch) -> dict[str, Any]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes = {k: ("" if v is None and k != "next_review_on" else v) for k, v in changes.items()}
    try:
        services.plan_save(
            acting_user=user,
            client_access=client_access,
            expected_version=payload.version,
            changes=changes,
        )
    except services.StaleEdit as exc:
        raise HttpError(409, _stale_message(exc, CasePlan)) from exc
    return _plan(client_access)


def _stale_message(exc: services.StaleEdit, model: Any) -> str:
    changed = ", ".join(str(model._meta.get_field(name).verbose_name) for name in exc.changed)
    if not changed:
        return str(exc)
    return _("%(message)s Changed since: %(fields)s.") % {"message": exc, "fields": changed}


@router.post(
    "/clients/{client_id}/goals",
    response={201: PlanGoalOut, **NOT_FOUND},
    summary="Add a goal, in the client's words, to the client's plan",
)
def goal_create(
    request: HttpRequest, client_id: uuid.UUID, payload: PlanGoalIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    goal = services.goal_add(
        acting_user=user,
        client_access=client_access,
        statement=payload.statement,
        support_type=SUBDOMAIN_SUPPORT[payload.sub_domain.value],
        sub_domain=payload.sub_domain.value,
        responsible=payload.responsible.value,
        responsible_worker=_worker(user, payload.responsible_worker_id, "responsible_worker_id"),
        responsible_organization=_organization(payload.responsible_organization_id),
        target_date=payload.target_date,
        steps=payload.steps,
    )
    return Status(201, _goal(selectors.goal_get_for_user(user, goal.pk)[0]))


def _visible_goal(user: User, goal_id: uuid.UUID) -> tuple[Goal, ClientAccess]:
    return selectors.goal_get_writable(user, goal_id)


@router.get(
    "/goals/{goal_id}",
    response={200: PlanGoalOut, **NOT_FOUND},
    summary="One goal with its steps and reviews",
)
def goal_detail(request: HttpRequest, goal_id: uuid.UUID) -> dict[str, Any]:
    user = deps.signed_in(request)
    goal, client_access = selectors.goal_get_for_user(user, goal_id)
    client_record_viewed(user=user, client_access=client_access, via="api", section="plan")
    return _goal(goal)


@router.patch(
    "/goals/{goal_id}",
    response={200: PlanGoalOut, 409: ErrorOut, **NOT_FOUND},
    summary="Change a goal (optimistic concurrency on `version`)",
)
def goal_patch(request: HttpRequest, goal_id: uuid.UUID, payload: PlanGoalPatch) -> dict[str, Any]:
    user = deps.signed_in(request)
    goal, client_access = _visible_goal(user, goal_id)
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "responsible_worker_id":
            changes["responsible_worker"] = _worker(user, value, key)
        elif key == "responsible_organization_id":
            changes["responsible_organization"] = _organization(value)
        elif value is None and key != "target_date":
            continue
        else:
            changes[key] = getattr(value, "value", value)
    if "sub_domain" in changes:
        changes["support_type"] = SUBDOMAIN_SUPPORT[changes["sub_domain"]]
    try:
        services.goal_update(
            acting_user=user,
            client_access=client_access,
            goal=goal,
            expected_version=payload.version,
            changes=changes,
        )
    except services.StaleEdit as exc:
        raise HttpError(409, _stale_message(exc, Goal)) from exc
    return _goal(selectors.goal_get_for_user(user, goal.pk)[0])


@router.post(
    "/goals/{goal_id}/steps",
    response={201: PlanStepOut, **NOT_FOUND},
    summary="Add a step to a goal",
)
def goal_step_create(request: HttpRequest, goal_id: uuid.UUID, payload: PlanStepIn) -> Status[Any]:
    user = deps.signed_in(request)
    goal, client_access = _visible_goal(user, goal_id)
    step = services.goal_step_add(
        acting_user=user,
        client_access=client_access,
        goal=goal,
        description=payload.description,
        responsible=payload.responsible.value,
        target_date=payload.target_date,
    )
    return Status(201, step)


@router.post(
    "/goals/{goal_id}/reviews",
    response={201: GoalReviewOut, **NOT_FOUND},
    summary="Record a progress review of a goal",
)
def goal_review_create(
    request: HttpRequest, goal_id: uuid.UUID, payload: GoalReviewIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    goal, client_access = _visible_goal(user, goal_id)
    review = services.goal_review_add(
        acting_user=user,
        client_access=client_access,
        goal=goal,
        progress=payload.progress.value,
        note=payload.note,
        reviewed_on=payload.reviewed_on,
    )
    return Status(
        201,
        {
            "id": review.pk,
            "reviewed_on": review.reviewed_on,
            "progress": review.progress,
            "note": review.note,
            "organization": {"id": review.organization_id, "name": str(user.organization)},
        },
    )


# --- Encounters and notes ------------------------------------------------------


def _staff_ref(user: User) -> dict[str, Any]:
    return {"id": user.pk, "name": str(user)}


def _encounter(e: Encounter) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "occurred_at": e.occurred_at,
        "duration_minutes": e.duration_minutes,
        "staff": [_staff_ref(s) for s in e.staff.all()],
        "location": e.location,
        "support_type": e.support_type or None,
        "goal_ids": [g.pk for g in e.goals.all()],
        "program": {"id": e.program.pk, "name": e.program.name} if e.program else None,
        "organization": {"id": e.organization.pk, "name": e.organization.name},
        "summary": e.summary,
    }


def _note(n: CaseNote) -> dict[str, Any]:
    return {
        "id": n.pk,
        "version": n.version,
        "kind": n.kind,
        "is_sensitive": n.is_sensitive,
        "text": n.text,
        "author": _staff_ref(n.author),
        "organization": {"id": n.organization.pk, "name": n.organization.name},
        "encounter_id": n.encounter_id,
        "created_at": n.created_at,
        "editable_until": n.created_at + dt.timedelta(hours=NOTE_EDIT_HOURS),
        "addenda": [
            {"id": a.pk, "text": a.text, "author": _staff_ref(a.author), "created_at": a.created_at}
            for a in n.addenda.all()
        ],
    }


@router.get(
    "/clients/{client_id}/encounters",
    response={200: list[EncounterOut], **NOT_FOUND},
    summary="The client's encounters the caller may see, newest first",
)
def encounter_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(user=user, client_access=client_access, via="api", section="encounters")
    return [_encounter(e) for e in selectors.encounters_for(client_access)[:200]]


@router.post(
    "/clients/{client_id}/encounters",
    response={201: EncounterOut, **NOT_FOUND},
    summary="Record an encounter (the caller is among the staff present)",
)
def encounter_create(
    request: HttpRequest, client_id: uuid.UUID, payload: EncounterIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    staff = list(User.objects.filter(pk__in=payload.staff_ids))
    if len(staff) != len(set(payload.staff_ids)):
        raise ValidationError({"staff_ids": [_("Unknown staff member of your organization.")]})
    plan = selectors.plan_for(client_access)
    goals = (
        list(selectors.goals_for(client_access, plan).filter(pk__in=payload.goal_ids))
        if plan
        else []
    )
    if len(goals) != len(set(payload.goal_ids)):
        raise ValidationError({"goal_ids": [_("Unknown goal of this client's plan.")]})
    occurred_at = payload.occurred_at
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    encounter = services.encounter_record(
        acting_user=user,
        client_access=client_access,
        kind=payload.kind.value,
        occurred_at=occurred_at,
        duration_minutes=payload.duration_minutes,
        staff=staff,
        location=payload.location,
        support_type=payload.support_type.value if payload.support_type else "",
        goals=goals,
        program=_program(user, payload.program_id) if payload.program_id else None,
        summary=payload.summary,
    )
    return Status(201, _encounter(selectors.encounters_for(client_access).get(pk=encounter.pk)))


@router.get(
    "/clients/{client_id}/notes",
    response={200: list[NoteOut], **NOT_FOUND},
    summary="The client's notes the caller may read (clinical notes: clinical staff, by consent)",
)
def note_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(user=user, client_access=client_access, via="api", section="notes")
    return [_note(n) for n in selectors.notes_for(client_access)[:200]]


@router.post(
    "/clients/{client_id}/notes",
    response={201: NoteOut, **NOT_FOUND},
    summary="Write a general or clinical note",
)
def note_create(
    request: HttpRequest, client_id: uuid.UUID, payload: NoteIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    encounter = None
    if payload.encounter_id is not None:
        encounter = selectors.encounters_for(client_access).filter(pk=payload.encounter_id).first()
        if encounter is None:
            raise ValidationError({"encounter_id": [_("Unknown encounter of this client.")]})
    note = services.note_write(
        acting_user=user,
        client_access=client_access,
        kind=payload.kind.value,
        text=payload.text,
        is_sensitive=payload.is_sensitive,
        encounter=encounter,
    )
    return Status(201, _note(selectors.note_get_for_user(user, note.pk)[0]))


@router.patch(
    "/notes/{note_id}",
    response={200: NoteOut, 409: ErrorOut, **NOT_FOUND},
    summary="Correct one's own note within 24 hours (optimistic concurrency on `version`)",
)
def note_patch(request: HttpRequest, note_id: uuid.UUID, payload: NotePatch) -> dict[str, Any]:
    user = deps.signed_in(request)
    note, client_access = selectors.note_get_for_user(user, note_id)
    try:
        services.note_correct(
            acting_user=user,
            client_access=client_access,
            note=note,
            expected_version=payload.version,
            text=payload.text,
            is_sensitive=payload.is_sensitive,
        )
    except services.StaleEdit as exc:
        raise HttpError(409, str(exc)) from exc
    return _note(selectors.note_get_for_user(user, note_id)[0])


@router.post(
    "/notes/{note_id}/addenda",
    response={201: NoteOut, **NOT_FOUND},
    summary="Amend a note with an addendum (the note stays as written)",
)
def note_addendum(
    request: HttpRequest, note_id: uuid.UUID, payload: AddendumIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    note, client_access = selectors.note_get_for_user(user, note_id)
    services.note_amend(acting_user=user, client_access=client_access, note=note, text=payload.text)
    return Status(201, _note(selectors.note_get_for_user(user, note_id)[0]))


# --- Assessments and worklist ----------------------------------------------------


def _assessment(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "instrument": a.instrument.code,
        "assessed_on": a.assessed_on,
        "total_score": a.total_score,
        "max_score": a.max_score,
        "domain_scores": a.domain_scores,
        "recommendation": a.recommendation,
        "explanation": a.band.explanation if a.band else "",
        "chosen_level": a.chosen_level,
        "override_reason": a.override_reason,
        "organization": {"id": a.organization.pk, "name": a.organization.name},
    }


@router.get(
    "/clients/{client_id}/assessments",
    response={200: list[AcuityAssessmentOut], **NOT_FOUND},
    summary="The client's acuity assessments the caller may see, newest first",
)
def assessment_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(user=user, client_access=client_access, via="api", section="assessments")
    return [_assessment(a) for a in selectors.assessments_for(client_access)]


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AcuityAssessmentOut, **NOT_FOUND},
    summary="Score and record an acuity assessment ({question code: answer code})",
    description=(
        "The recommendation comes from the instrument's bands; `chosen_level` other than "
        "the recommendation needs `override_reason`."
    ),
)
def assessment_create(
    request: HttpRequest, client_id: uuid.UUID, payload: AcuityAssessmentIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    instrument = selectors.active_instruments().filter(code=payload.instrument).first()
    if instrument is None:
        raise ValidationError({"instrument": [_("Unknown instrument.")]})
    assessment = services.assessment_record(
        acting_user=user,
        client_access=client_access,
        instrument=instrument,
        answers=payload.answers,
        assessed_on=payload.assessed_on,
        chosen_level=payload.chosen_level.value if payload.chosen_level else "",
        override_reason=payload.override_reason,
        notes=payload.notes,
    )
    return Status(201, _assessment(selectors.assessment_get_for_user(user, assessment.pk)[0]))


@router.get(
    "/worklist",
    response={200: list[WorkItemOut], 401: ErrorOut, 404: ErrorOut},
    summary="The caller's worklist, or one of their teams' (`team`)",
)
def worklist_items(request: HttpRequest, team: uuid.UUID | None = None) -> list[dict[str, Any]]:
    user = _staff(deps.signed_in(request))
    chosen = selectors.worklist_team_get(user, team)
    items = worklist.worklist(user, team=chosen)
    services.worklist_viewed(
        acting_user=user, team=chosen, client_ids=[i.client.pk for i in items], via="api"
    )
    return [
        {
            "kind": i.kind,
            "client_id": i.client.pk,
            "display_name": i.client.display_name,
            "enrollment_id": i.enrollment.pk,
            "program": i.enrollment.program.name,
            "label": i.label,
            "due": i.due,
            "late": i.late,
            "url": i.url,
        }
        for i in items
    ]
