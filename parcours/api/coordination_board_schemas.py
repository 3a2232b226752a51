"""Schemas of the board and appointment routes (``/boards``,
``/programs/{id}/board``, ``/board/...``, ``/clients/{id}/appointments``,
``/appointments/...``). Names start with ``Board`` or ``Appointment``: they
are unique across the whole API."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import StrictIn
from parcours.api.pagination import PageInput
from parcours.casework.models import EncounterKind
from parcours.coordination.models import Appointment, AppointmentKind, AppointmentOutcome
from parcours.coordination.selectors.board import Board, BoardRow


class BoardPersonRef(Schema):
    id: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class BoardProgramOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    organization_id: uuid.UUID


class BoardReasonOut(Schema):
    code: str
    label: str
    urgent: bool


class BoardCrisisFlagOut(Schema):
    id: uuid.UUID
    program_id: uuid.UUID
    client_id: uuid.UUID
    note: str
    raised_at: dt.datetime
    lifted_at: dt.datetime | None

    @staticmethod
    def resolve_raised_at(obj: Any) -> dt.datetime:
        value: dt.datetime = obj.created_at
        return value


class BoardAssignmentOut(Schema):
    id: uuid.UUID
    program_id: uuid.UUID
    client_id: uuid.UUID
    worker: BoardPersonRef
    day: dt.date
    purpose: str


class BoardClientOut(Schema):
    client_id: uuid.UUID
    display_name: str
    enrollment_id: uuid.UUID
    days_since_contact: int | None
    contact_every_days: int
    reasons: list[BoardReasonOut]
    crisis_flag: BoardCrisisFlagOut | None
    assignments: list[BoardAssignmentOut]

    # A ``BoardRow``.
    @staticmethod
    def resolve_client_id(obj: BoardRow) -> uuid.UUID:
        return obj.client.pk

    @staticmethod
    def resolve_display_name(obj: BoardRow) -> str:
        return str(obj.client.display_name)

    @staticmethod
    def resolve_enrollment_id(obj: BoardRow) -> uuid.UUID:
        return obj.enrollment.pk

    @staticmethod
    def resolve_days_since_contact(obj: BoardRow) -> int | None:
        return obj.days_since

    @staticmethod
    def resolve_contact_every_days(obj: BoardRow) -> int:
        return obj.allowed_days

    @staticmethod
    def resolve_crisis_flag(obj: BoardRow) -> Any:
        return obj.crisis


class BoardOut(Schema):
    program: BoardProgramOut
    day: dt.date
    clients: list[BoardClientOut]
    assignments: list[BoardAssignmentOut]
    staff: list[BoardPersonRef]

    @staticmethod
    def resolve_clients(obj: Board) -> Any:
        return obj.rows

    @staticmethod
    def resolve_assignments(obj: Board) -> Any:
        return [a for s in obj.staff for a in s.assignments]

    @staticmethod
    def resolve_staff(obj: Board) -> Any:
        return obj.workers


class BoardDayFilter(Schema):
    day: dt.date | None = None


class BoardAssignmentIn(StrictIn):
    client_id: uuid.UUID
    worker_id: uuid.UUID
    day: dt.date | None = Field(None, description="Today when left out.")
    purpose: str = Field("", max_length=200)


class BoardCrisisFlagIn(StrictIn):
    client_id: uuid.UUID
    note: str = Field(..., min_length=1, max_length=300)


class BoardCrisisLiftIn(StrictIn):
    note: str = Field(..., min_length=1, max_length=500)


class BoardUpdateIn(StrictIn):
    client_id: uuid.UUID
    text: str = Field(..., min_length=1, max_length=500)
    kind: EncounterKind = EncounterKind.OUTREACH


class BoardUpdateOut(Schema):
    encounter_id: uuid.UUID
    client_id: uuid.UUID
    occurred_at: dt.datetime
    summary: str

    @staticmethod
    def resolve_encounter_id(obj: Any) -> uuid.UUID:
        value: uuid.UUID = obj.pk
        return value


# --- Appointments ---------------------------------------------------------------------


class AppointmentOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    kind: AppointmentKind
    category: str
    starts_at: dt.datetime
    place: str
    with_whom: str
    accompanied_by: BoardPersonRef | None
    outcome: AppointmentOutcome
    note: str
    rescheduled_to_id: uuid.UUID | None
    organization_id: uuid.UUID

    @staticmethod
    def resolve_category(obj: Appointment) -> str:
        return obj.category


class AppointmentListFilter(PageInput):
    past: bool = Field(
        False, description="Past and closed appointments (newest first) instead of upcoming ones."
    )


class AppointmentIn(StrictIn):
    kind: AppointmentKind
    starts_at: dt.datetime
    place: str = Field(..., max_length=300)
    with_whom: str = Field("", max_length=200)
    accompanied_by_id: uuid.UUID | None = None
    note: str = Field("", max_length=500)


class AppointmentOutcomeChoice(StrEnum):
    KEPT = "kept"
    MISSED = "missed"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


class AppointmentOutcomeIn(StrictIn):
    outcome: AppointmentOutcomeChoice
    note: str = Field("", max_length=500)
    new_starts_at: dt.datetime | None = Field(
        None, description="The new date and time (required when rescheduled)."
    )


class AppointmentFollowUpChoice(StrEnum):
    VISIT = "visit"
    APPOINTMENT = "appointment"


class AppointmentFollowUpIn(StrictIn):
    follow_up: AppointmentFollowUpChoice = Field(
        AppointmentFollowUpChoice.APPOINTMENT,
        description=(
            "``visit``: a visit tomorrow by the caller, for the client's ACT team (on a board "
            "the caller may open); ``appointment``: a new planned appointment tomorrow."
        ),
    )


class AppointmentFollowUpOut(Schema):
    appointment: AppointmentOut | None = None
    visit: BoardAssignmentOut | None = None
