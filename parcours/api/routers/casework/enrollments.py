"""Enrollments, caseloads and waitlists."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.accounts.models import User
from parcours.api import deps
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
from parcours.api.routers.casework.common import (
    NOT_FOUND,
    _program,
    _reloaded,
    _staff,
    _team,
    _worker,
)
from parcours.casework import selectors, services
from parcours.casework.models import (
    Enrollment,
    WaitlistEntry,
)
from parcours.clients.services import client_record_viewed

router = Router(tags=["casework"])


@router.get(
    "/clients/{client_id}/enrollments",
    response={200: list[EnrollmentOut], **NOT_FOUND},
    summary="The client's enrollments the caller may see (case-plan records)",
)
def enrollment_list(request: HttpRequest, client_id: uuid.UUID) -> list[Enrollment]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="enrollments"
    )
    return list(selectors.enrollments_for(client_access))


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
) -> Status[Enrollment]:
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
def enrollment_detail(request: HttpRequest, enrollment_id: uuid.UUID) -> Enrollment:
    user = deps.signed_in(request)
    enrollment, client_access = selectors.enrollment_get_for_user(user, enrollment_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="enrollments"
    )
    return enrollment


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
) -> Enrollment:
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
) -> Enrollment:
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
) -> Status[Enrollment]:
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
        "waitlist": load.waitlist,
    }


@router.post(
    "/programs/{program_id}/waitlist",
    response={201: WaitlistOut, **NOT_FOUND},
    summary="Put a client at the end of the program's waitlist",
)
def waitlist_add(
    request: HttpRequest, program_id: uuid.UUID, payload: WaitlistIn
) -> Status[WaitlistEntry]:
    user = _staff(deps.signed_in(request))
    program = selectors.caseload_program_get(user, program_id)
    client_access = access.client_get_for_user(user, payload.client_id)
    entry = services.waitlist_add(
        acting_user=user, program=program, client=client_access.client, note=payload.note
    )
    return Status(201, entry)


@router.post(
    "/waitlist/{entry_id}/move",
    response={200: WaitlistOut, **NOT_FOUND},
    summary="Move a waiting client one place up or down",
)
def waitlist_move(
    request: HttpRequest, entry_id: uuid.UUID, payload: WaitlistMoveIn
) -> WaitlistEntry:
    user = _staff(deps.signed_in(request))
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    return services.waitlist_move(acting_user=user, entry=entry, direction=payload.direction)


@router.post(
    "/waitlist/{entry_id}/remove",
    response={200: WaitlistOut, **NOT_FOUND},
    summary="Take a client off the waitlist (the others move up)",
)
def waitlist_remove(
    request: HttpRequest, entry_id: uuid.UUID, payload: WaitlistRemoveIn
) -> WaitlistEntry:
    user = _staff(deps.signed_in(request))
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    return services.waitlist_remove(acting_user=user, entry=entry, reason=payload.reason)


@router.post(
    "/waitlist/{entry_id}/offer",
    response={201: EnrollmentOut, **NOT_FOUND},
    summary="Offer the spot: enroll the waiting client",
)
def waitlist_offer(
    request: HttpRequest, entry_id: uuid.UUID, payload: WaitlistOfferIn
) -> Status[Enrollment]:
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
