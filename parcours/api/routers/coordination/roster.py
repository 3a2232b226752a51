"""API routes of coordination: the coverage roster.

``/programs/{id}/roster`` (shifts and gaps), ``/programs/{id}/shifts`` (add,
weekly repeat all or nothing), ``/shifts/{id}/remove``,
``/programs/{id}/coverage-standard`` (read, set) and ``/clients/{id}/on-call``.
Thin routes over ``coordination.selectors.roster`` and
``coordination.services.roster``: a program of another organization is a 404,
one of the caller's organization they have no part in a 403; bad input is a
422 and nothing is written."""

import copy
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from parcours import access
from parcours.api import deps
from parcours.api.coordination_roster_schemas import (
    RosterOnCallOut,
    RosterOut,
    RosterQuery,
    RosterShiftIn,
    RosterShiftOut,
    RosterStandardIn,
    RosterStandardOut,
)
from parcours.api.errors import ErrorOut
from parcours.coordination.models import CoverageStandard, Shift
from parcours.coordination.selectors import roster as selectors
from parcours.coordination.services import roster as services

router = Router(tags=["roster"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/programs/{program_id}/roster",
    response={200: RosterOut, **ERRORS},
    summary="A program's shifts, on-call periods and coverage gaps over some days",
    description=(
        "From ``start`` (today by default) for ``days`` days (14 by default, at most 31), "
        "on the site's clock. Gaps are the periods the program's coverage standard "
        "requires that no shift covers (nor on call, where on call counts), cut at midnight."
    ),
)
def program_roster(
    request: HttpRequest, program_id: uuid.UUID, filters: Query[RosterQuery]
) -> dict[str, Any]:
    user = deps.partner_staff(request)
    program = selectors.roster_program_get(user, program_id)
    start = filters.start or timezone.localdate()
    roster = selectors.program_roster(program, start, filters.days)
    return {
        "program": program,
        "start": start,
        "days": filters.days,
        "standard": roster.standard,
        "shifts": roster.shifts,
        "gaps": roster.gaps,
    }


@router.post(
    "/programs/{program_id}/shifts",
    response={201: list[RosterShiftOut], **ERRORS},
    summary="Put a staff member on shift or on call (repeated weekly, all or none)",
    description=(
        "The worker is a member of the program or of one of its teams; the shift "
        "ends after it starts, lasts at most 24 hours and overlaps none of the "
        "worker's shifts. With ``repeat_weeks``, the same hours on the site's clock "
        "each week: every occurrence is checked, and all are added or none."
    ),
)
def shift_add(
    request: HttpRequest, program_id: uuid.UUID, payload: RosterShiftIn
) -> Status[list[Shift]]:
    user = deps.partner_staff(request)
    program = selectors.roster_program_for_edit(user, program_id)
    worker = selectors.roster_workers(program).filter(pk=payload.worker_id).first()
    if worker is None:
        raise ValidationError(
            {"worker_id": _("Choose a member of the program or of one of its teams.")}
        )
    starts_at, ends_at = payload.starts_at, payload.ends_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at)
    shifts = services.shifts_add(
        acting_user=user,
        program=program,
        worker=worker,
        starts_at=starts_at,
        ends_at=ends_at,
        on_call=payload.on_call,
        phone=payload.phone,
        repeat_weeks=payload.repeat_weeks,
    )
    return Status(201, shifts)


@router.post(
    "/shifts/{shift_id}/remove",
    response={200: RosterShiftOut, **ERRORS},
    summary="Take a shift off the roster (one that has not ended)",
)
def shift_remove(request: HttpRequest, shift_id: uuid.UUID) -> Shift:
    user = deps.partner_staff(request)
    shift = selectors.shift_get_for_edit(user, shift_id)
    removed = copy.copy(shift)  # the answer keeps the id the deletion clears
    services.shift_remove(acting_user=user, shift=shift)
    return removed


@router.get(
    "/programs/{program_id}/coverage-standard",
    response={200: RosterStandardOut, **ERRORS},
    summary="A program's coverage standard (its model's default until one is set)",
)
def standard_get(request: HttpRequest, program_id: uuid.UUID) -> CoverageStandard:
    user = deps.partner_staff(request)
    return selectors.coverage_standard_for(selectors.roster_program_get(user, program_id))


@router.put(
    "/programs/{program_id}/coverage-standard",
    response={200: RosterStandardOut, **ERRORS},
    summary="Set a program's coverage standard (its coordinators and administrators)",
    description=(
        "Not around the clock: the ``weekdays`` (1 = Monday) from ``start_time`` to "
        "``end_time``. Around the clock: every hour; ``start_time``–``end_time``, when "
        "given, are the staffed hours (a shift needed), and on call covers the rest "
        "when ``on_call_counts``."
    ),
)
def standard_put(
    request: HttpRequest, program_id: uuid.UUID, payload: RosterStandardIn
) -> CoverageStandard:
    user = deps.partner_staff(request)
    program = selectors.standard_program_for_edit(user, program_id)
    return services.coverage_standard_update(
        acting_user=user, program=program, **payload.model_dump()
    )


@router.get(
    "/clients/{client_id}/on-call",
    response={200: list[RosterOnCallOut], **ERRORS},
    summary="Who is on shift or on call now for a client",
    description=(
        "For the programs of the client's open enrollments the caller may see "
        "(on shift first), with the phone while on duty. Audited."
    ),
)
def client_on_call(request: HttpRequest, client_id: uuid.UUID) -> list[Shift]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    on_call = selectors.on_call_now(client_access)
    services.on_call_viewed(client_access=client_access, shifts=on_call.shifts, via="api")
    return on_call.shifts
