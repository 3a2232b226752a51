"""Schemas of the casework routes (enrollments, caseloads, waitlists …).

Closed lists are typed with the models' choices so that the OpenAPI document
lists the accepted values; the rules stay in ``parcours.casework.services``."""

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from parcours.casework.models import CaseModel, EndReason


class StrictIn(Schema):
    """Input schemas refuse unknown fields: a misspelt field is a 422, not ignored."""

    model_config = ConfigDict(extra="forbid")


class Ref(Schema):
    id: uuid.UUID
    name: str


class StaffRef(Schema):
    id: uuid.UUID
    name: str


# --- Enrollments -------------------------------------------------------------


class EnrollmentOut(Schema):
    id: uuid.UUID
    version: int
    client_id: uuid.UUID
    program: Ref
    organization: Ref
    start_date: dt.date
    end_date: dt.date | None
    end_reason: EndReason | None
    end_note: str
    destination: str
    primary_worker: StaffRef | None
    team: Ref | None
    previous_enrollment_id: uuid.UUID | None
    capacity_override_reason: str
    cti_phase: int | None


class EnrollmentIn(StrictIn):
    program_id: uuid.UUID
    start_date: dt.date
    primary_worker_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    override_reason: str = Field("", max_length=500)


class EnrollmentPatch(StrictIn):
    """Reassign an open enrollment; ``version`` is the one you read."""

    version: int
    primary_worker_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    override_reason: str = Field("", max_length=500)


class EnrollmentCloseIn(StrictIn):
    end_date: dt.date
    end_reason: EndReason
    destination: str = Field("", max_length=200)
    end_note: str = Field("", max_length=500)


class EnrollmentTransferIn(StrictIn):
    to_program_id: uuid.UUID
    transfer_date: dt.date
    end_reason: EndReason = EndReason.STEPPED_DOWN
    reason: str = Field(..., min_length=1, max_length=500)
    primary_worker_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    override_reason: str = Field("", max_length=500)


# --- Caseloads and waitlists ---------------------------------------------------


class StandardOut(Schema):
    model: CaseModel
    clients_per_staff: int | None
    team_based: bool
    coverage: str
    expected_duration_months: int | None
    transition_review_months: int | None
    step_down_stable_months: int | None
    cti_phase_months: int
    contact_frequency_days: int
    plan_review_days: int
    version: int


class CaseloadClient(Schema):
    enrollment_id: uuid.UUID
    client_id: uuid.UUID
    display_name: str
    start_date: dt.date


class CaseloadRow(Schema):
    worker: StaffRef | None
    team: str | None
    count: int
    limit: int | None
    at_capacity: bool
    clients: list[CaseloadClient]


class WaitlistOut(Schema):
    id: uuid.UUID
    program_id: uuid.UUID
    client_id: uuid.UUID
    display_name: str
    position: int | None
    status: str
    added_on: dt.date
    note: str


class CaseloadOut(Schema):
    program: Ref
    standard: StandardOut
    total: int
    capacity: int | None
    rows: list[CaseloadRow]
    waitlist: list[WaitlistOut]


class WaitlistIn(StrictIn):
    client_id: uuid.UUID
    note: str = Field("", max_length=500)


class WaitlistMoveIn(StrictIn):
    direction: str = Field(..., pattern="^(up|down)$")


class WaitlistRemoveIn(StrictIn):
    reason: str = Field(..., min_length=1, max_length=300)


class WaitlistOfferIn(StrictIn):
    start_date: dt.date
    primary_worker_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    override_reason: str = Field("", max_length=500)
