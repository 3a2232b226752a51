"""API routes of coordination: the ACT daily team meeting board
(``/boards``, ``/programs/{id}/board``, visit assignments, crisis flags, the
one-line update) and a client's appointments (``/clients/{id}/appointments``,
``/appointments/{id}/outcome``, ``/appointments/{id}/follow-up``).

Thin routes over the same selectors and services as the screens. A board
is for the program's team and the organization's coordinators (403 for
other staff of the organization, 404 for everyone else); a client the
caller may not see is a 404. Bad input is a 422 with the one error shape,
and nothing is written."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from parcours import access
from parcours.accounts.models import Program, User
from parcours.api import deps
from parcours.api.coordination_board_schemas import (
    AppointmentFollowUpChoice,
    AppointmentFollowUpIn,
    AppointmentFollowUpOut,
    AppointmentIn,
    AppointmentListFilter,
    AppointmentOut,
    AppointmentOutcomeChoice,
    AppointmentOutcomeIn,
    BoardAssignmentIn,
    BoardAssignmentOut,
    BoardCrisisFlagIn,
    BoardCrisisFlagOut,
    BoardCrisisLiftIn,
    BoardDayFilter,
    BoardOut,
    BoardProgramOut,
    BoardUpdateIn,
    BoardUpdateOut,
)
from parcours.api.errors import ErrorOut
from parcours.casework.models import Encounter
from parcours.clients.services import client_record_viewed
from parcours.coordination.models import Appointment, CrisisFlag, VisitAssignment
from parcours.coordination.selectors import appointments as appointment_selectors
from parcours.coordination.selectors import board as selectors
from parcours.coordination.selectors.board import Board
from parcours.coordination.services import appointments as appointment_services
from parcours.coordination.services import board as services

router = Router(tags=["board"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _assignment(pk: uuid.UUID) -> VisitAssignment:
    return VisitAssignment.objects.select_related("worker").get(pk=pk)


# --- Boards ---------------------------------------------------------------------------


@router.get(
    "/boards",
    response={200: list[BoardProgramOut], **ERRORS},
    summary="The boards (team-based programs) the caller may open",
)
def board_list(request: HttpRequest) -> list[Program]:
    return list(selectors.boards_for(deps.partner_staff(request)))


@router.get(
    "/programs/{program_id}/board",
    response={200: BoardOut, **ERRORS},
    summary="A team's board for a day: its clients by attention needed, and the visits",
    description=(
        "Clients ordered by attention: crisis flag, missed planned contacts, hospital or "
        "jail admission, discharge due, court dates and appointments of the day, then days "
        "since the last contact; each reason a `code` and a `label`. `day` defaults to today."
    ),
)
def board_get(request: HttpRequest, program_id: uuid.UUID, filters: Query[BoardDayFilter]) -> Board:
    user = deps.partner_staff(request)
    program = selectors.board_program_get(user, program_id)
    day = filters.day or timezone.localdate()
    board = selectors.board_for(user, program, day)
    services.board_viewed(
        acting_user=user, program=program, day=day, client_ids=board.client_ids, via="api"
    )
    return board


@router.post(
    "/programs/{program_id}/board/assignments",
    response={201: BoardAssignmentOut, **ERRORS},
    summary="Assign a visit to a client of the team (today by default)",
)
def board_assign(
    request: HttpRequest, program_id: uuid.UUID, payload: BoardAssignmentIn
) -> Status[VisitAssignment]:
    user = deps.partner_staff(request)
    program = selectors.board_program_get(user, program_id)
    enrollment = selectors.board_enrollment_get(user, program, payload.client_id)
    worker = selectors.board_workers(program).filter(pk=payload.worker_id).first()
    if worker is None:
        raise ValidationError({"worker_id": [_("Choose a staff member of this team.")]})
    assignment = services.visit_assign(
        acting_user=user,
        program=program,
        client=enrollment.client,
        worker=worker,
        day=payload.day or timezone.localdate(),
        purpose=payload.purpose,
    )
    return Status(201, _assignment(assignment.pk))


@router.post(
    "/board/assignments/{assignment_id}/remove",
    response={200: BoardAssignmentOut, **ERRORS},
    summary="Remove a visit assignment (answers with what was removed)",
)
def board_unassign(request: HttpRequest, assignment_id: uuid.UUID) -> VisitAssignment:
    user = deps.partner_staff(request)
    assignment = selectors.visit_assignment_get(user, assignment_id)
    selectors.board_program_get(user, assignment.program_id)
    removed = VisitAssignment(
        id=assignment.pk,
        program_id=assignment.program_id,
        client_id=assignment.client_id,
        worker=assignment.worker,
        day=assignment.day,
        purpose=assignment.purpose,
    )
    services.visit_unassign(acting_user=user, assignment=assignment)
    return removed


@router.post(
    "/programs/{program_id}/board/crisis-flags",
    response={201: BoardCrisisFlagOut, **ERRORS},
    summary="Raise a crisis flag on a client of the team, with what is happening",
)
def board_crisis_raise(
    request: HttpRequest, program_id: uuid.UUID, payload: BoardCrisisFlagIn
) -> Status[CrisisFlag]:
    user = deps.partner_staff(request)
    program = selectors.board_program_get(user, program_id)
    enrollment = selectors.board_enrollment_get(user, program, payload.client_id)
    flag = services.crisis_raise(
        acting_user=user, program=program, client=enrollment.client, note=payload.note
    )
    return Status(201, flag)


@router.post(
    "/board/crisis-flags/{flag_id}/lift",
    response={200: BoardCrisisFlagOut, **ERRORS},
    summary="Lift a crisis flag, with a note (written as a general note on the client's file)",
)
def board_crisis_lift(
    request: HttpRequest, flag_id: uuid.UUID, payload: BoardCrisisLiftIn
) -> CrisisFlag:
    user = deps.partner_staff(request)
    flag = selectors.crisis_flag_get(user, flag_id)
    selectors.board_program_get(user, flag.program_id)
    return services.crisis_lift(acting_user=user, flag=flag, note=payload.note)


@router.post(
    "/programs/{program_id}/board/updates",
    response={201: BoardUpdateOut, **ERRORS},
    summary="The one-line update on a client: an encounter of the program with a general note",
)
def board_update(
    request: HttpRequest, program_id: uuid.UUID, payload: BoardUpdateIn
) -> Status[Encounter]:
    user = deps.partner_staff(request)
    program = selectors.board_program_get(user, program_id)
    enrollment = selectors.board_enrollment_get(user, program, payload.client_id)
    client_access = access.client_access_for(user, enrollment.client)
    encounter = services.quick_update(
        acting_user=user,
        program=program,
        client_access=client_access,
        text=payload.text,
        kind=payload.kind.value,
    )
    return Status(201, encounter)


# --- Appointments ---------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/appointments",
    response={200: list[AppointmentOut], **ERRORS},
    summary="The client's appointments the caller may see: upcoming, or past and closed",
    description=(
        "Clinic appointments are clinical data (clinical staff, by consent); the others, "
        "court dates included, case-plan data. Paged with `limit` and `offset`."
    ),
)
def appointment_list(
    request: HttpRequest, client_id: uuid.UUID, filters: Query[AppointmentListFilter]
) -> list[Appointment]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user,
        client_access=client_access,
        via="api",
        section="appointments_past" if filters.past else "appointments",
    )
    rows = appointment_selectors.client_appointments(client_access, past=filters.past)
    return list(rows[filters.offset : filters.offset + filters.limit])


def _accompanying(user: User, staff_id: uuid.UUID | None) -> User | None:
    if staff_id is None:
        return None
    staff = appointment_selectors.staff_to_accompany(user).filter(pk=staff_id).first()
    if staff is None:
        raise ValidationError(
            {"accompanied_by_id": [_("Choose an active staff member of your organization.")]}
        )
    return staff


def _appointment(user: User, pk: uuid.UUID) -> Appointment:
    appointment, _access = appointment_selectors.appointment_get_for_user(user, pk)
    return appointment


@router.post(
    "/clients/{client_id}/appointments",
    response={201: AppointmentOut, **ERRORS},
    summary="Plan an appointment of the client's (never in the past)",
)
def appointment_create(
    request: HttpRequest, client_id: uuid.UUID, payload: AppointmentIn
) -> Status[Appointment]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    appointment = appointment_services.appointment_create(
        acting_user=user,
        client_access=client_access,
        kind=payload.kind.value,
        starts_at=_aware(payload.starts_at),
        place=payload.place,
        with_whom=payload.with_whom,
        accompanied_by=_accompanying(user, payload.accompanied_by_id),
        note=payload.note,
    )
    return Status(201, _appointment(user, appointment.pk))


@router.post(
    "/appointments/{appointment_id}/outcome",
    response={200: AppointmentOut, **ERRORS},
    summary="Record an appointment's outcome: kept, missed, rescheduled (to a new one), cancelled",
    description="A missed appointment tells the client's workers.",
)
def appointment_outcome(
    request: HttpRequest, appointment_id: uuid.UUID, payload: AppointmentOutcomeIn
) -> Appointment:
    user = deps.partner_staff(request)
    appointment, client_access = appointment_selectors.appointment_get_for_user(
        user, appointment_id
    )
    if payload.outcome == AppointmentOutcomeChoice.RESCHEDULED and payload.new_starts_at is None:
        raise ValidationError({"new_starts_at": [_("Enter the new date and time.")]})
    appointment_services.appointment_record_outcome(
        acting_user=user,
        client_access=client_access,
        appointment=appointment,
        outcome=payload.outcome.value,
        note=payload.note,
        new_starts_at=_aware(payload.new_starts_at) if payload.new_starts_at else None,
    )
    return _appointment(user, appointment.pk)


@router.post(
    "/appointments/{appointment_id}/follow-up",
    response={201: AppointmentFollowUpOut, **ERRORS},
    summary="Follow up a missed appointment: a visit tomorrow (ACT) or a new appointment",
)
def appointment_follow_up(
    request: HttpRequest, appointment_id: uuid.UUID, payload: AppointmentFollowUpIn
) -> Status[dict[str, object]]:
    user = deps.partner_staff(request)
    appointment, client_access = appointment_selectors.appointment_get_for_user(
        user, appointment_id
    )
    if payload.follow_up == AppointmentFollowUpChoice.VISIT:
        program = selectors.follow_up_program(user, client_access.client)
        if program is None:
            raise ValidationError(
                {"follow_up": [_("The client is on no team board you may open.")]}
            )
        visit = services.missed_appointment_visit(
            acting_user=user, program=program, appointment=appointment
        )
        return Status(201, {"visit": _assignment(visit.pk), "appointment": None})
    new = appointment_services.appointment_follow_up(
        acting_user=user, client_access=client_access, appointment=appointment
    )
    return Status(201, {"appointment": _appointment(user, new.pk), "visit": None})
