"""API routes of the casework app: enrollments, caseloads and waitlists.

Thin routes over ``parcours.casework`` services and selectors, with the
screens' access rules: a client or record the caller may not see is a 404,
bad input a 422 (nothing written), a stale ``version`` a 409."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from parcours.accounts.models import Program, Team, User
from parcours.api.casework_schemas import (
    CaseloadOut,
    EnrollmentCloseIn,
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentPatch,
    EnrollmentTransferIn,
    WaitlistIn,
    WaitlistMoveIn,
    WaitlistOfferIn,
    WaitlistOut,
    WaitlistRemoveIn,
)
from parcours.api.errors import ErrorOut
from parcours.casework import selectors, services
from parcours.casework.models import CaseModel, Enrollment, WaitlistEntry
from parcours.clients.services import client_record_viewed
from parcours.core import access
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction

router = Router(tags=["casework"])

NOT_FOUND = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


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
    user = _user(request)
    acc = access.client_get_for_user(user, client_id)
    client_record_viewed(user=user, access=acc, via="api", section="enrollments")
    return [_enrollment(e) for e in selectors.enrollments_for(acc)]


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
    user = _user(request)
    acc = access.client_get_for_user(user, client_id)
    enrollment = services.enrollment_open(
        acting_user=user,
        client=acc.client,
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
    user = _user(request)
    enrollment, acc = selectors.enrollment_get_for_user(user, enrollment_id)
    client_record_viewed(user=user, access=acc, via="api", section="enrollments")
    return _enrollment(enrollment)


def _own(user: User, enrollment_id: uuid.UUID) -> Enrollment:
    enrollment, _acc = selectors.enrollment_get_for_user(user, enrollment_id)
    if not access.can_enroll_into(user, enrollment.program):
        raise Http404
    return enrollment


@router.patch(
    "/enrollments/{enrollment_id}",
    response={200: EnrollmentOut, 409: ErrorOut, **NOT_FOUND},
    summary="Reassign an open enrollment (optimistic concurrency on `version`)",
)
def enrollment_patch(
    request: HttpRequest, enrollment_id: uuid.UUID, payload: EnrollmentPatch
) -> dict[str, Any]:
    user = _user(request)
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
    user = _user(request)
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
    user = _user(request)
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
    user = _staff(_user(request))
    program = selectors.caseload_program_get(user, program_id)
    load = selectors.program_caseload(user, program)
    audit_record(
        action=AuditAction.VIEW,
        actor=user,
        target=program,
        detail={
            "via": "api",
            "section": "caseload",
            "clients": [str(c) for c in load.visible_client_ids],
        },
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
    user = _staff(_user(request))
    program = selectors.caseload_program_get(user, program_id)
    acc = access.client_get_for_user(user, payload.client_id)
    entry = services.waitlist_add(
        acting_user=user, program=program, client=acc.client, note=payload.note
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
    user = _staff(_user(request))
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
    user = _staff(_user(request))
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
    user = _staff(_user(request))
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
