"""Schemas of the casework routes (enrollments, caseloads, waitlists …).

Closed lists are typed with the models' choices so that the OpenAPI document
lists the accepted values; the rules stay in ``parcours.casework.services``."""

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import StrictIn
from parcours.casework.models import (
    NOTE_EDIT_HOURS,
    Assessment,
    CaseModel,
    CaseNote,
    Encounter,
    EncounterKind,
    Enrollment,
    EnrollmentEndReason,
    GoalProgress,
    NoteKind,
    PlanGoalStatus,
    ResponsibleParty,
    ServiceLevel,
    SubDomain,
    SupportType,
    WaitlistEntry,
)
from parcours.casework.services import program_standard


class CaseworkRef(Schema):
    """An organization, a program or a team (a model or a dict)."""

    id: uuid.UUID
    name: str

    @staticmethod
    def resolve_id(obj: Any) -> Any:
        return obj["id"] if isinstance(obj, dict) else obj.pk


class CaseworkStaffRef(Schema):
    """A staff member (a ``User`` or a dict), by their name."""

    id: uuid.UUID
    name: str

    @staticmethod
    def resolve_id(obj: Any) -> Any:
        return obj["id"] if isinstance(obj, dict) else obj.pk

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj["name"] if isinstance(obj, dict) else obj)


# --- Enrollments -------------------------------------------------------------


class EnrollmentOut(Schema):
    id: uuid.UUID
    version: int
    client_id: uuid.UUID
    program: CaseworkRef
    organization: CaseworkRef
    start_date: dt.date
    end_date: dt.date | None
    end_reason: EnrollmentEndReason | None
    end_note: str
    destination: str
    primary_worker: CaseworkStaffRef | None
    team: CaseworkRef | None
    previous_enrollment_id: uuid.UUID | None
    capacity_override_reason: str
    cti_phase: int | None

    @staticmethod
    def resolve_organization(obj: Enrollment) -> Any:
        return obj.program.organization

    @staticmethod
    def resolve_end_reason(obj: Enrollment) -> str | None:
        return obj.end_reason or None

    @staticmethod
    def resolve_cti_phase(obj: Enrollment) -> int | None:
        standard = program_standard(obj.program)
        if standard.model != CaseModel.CTI or not obj.is_open:
            return None
        return obj.cti_phase(timezone.localdate(), standard.cti_phase_months)


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
    end_reason: EnrollmentEndReason
    destination: str = Field("", max_length=200)
    end_note: str = Field("", max_length=500)


class EnrollmentTransferIn(StrictIn):
    to_program_id: uuid.UUID
    transfer_date: dt.date
    end_reason: EnrollmentEndReason = EnrollmentEndReason.STEPPED_DOWN
    reason: str = Field(..., min_length=1, max_length=500)
    primary_worker_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    override_reason: str = Field("", max_length=500)


# --- Caseloads and waitlists ---------------------------------------------------


class ProgramStandardOut(Schema):
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
    worker: CaseworkStaffRef | None
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

    @staticmethod
    def resolve_display_name(obj: WaitlistEntry) -> str:
        return str(obj.client.display_name)


class CaseloadOut(Schema):
    program: CaseworkRef
    standard: ProgramStandardOut
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


# --- Plans and goals -----------------------------------------------------------


class PlanStepOut(Schema):
    id: uuid.UUID
    description: str
    responsible: ResponsibleParty
    target_date: dt.date | None
    done_on: dt.date | None


class GoalReviewOut(Schema):
    id: uuid.UUID
    reviewed_on: dt.date
    progress: GoalProgress
    note: str
    organization: CaseworkRef


class PlanGoalOut(Schema):
    id: uuid.UUID
    version: int
    statement: str
    support_type: SupportType
    sub_domain: SubDomain
    responsible: ResponsibleParty
    responsible_worker: CaseworkStaffRef | None
    responsible_organization: CaseworkRef | None
    target_date: dt.date | None
    status: PlanGoalStatus
    organization: CaseworkRef
    steps: list[PlanStepOut]
    reviews: list[GoalReviewOut]


class PlanOut(Schema):
    id: uuid.UUID | None
    version: int
    in_own_words: str
    strengths: str
    context: str
    last_reviewed_on: dt.date | None
    next_review_on: dt.date | None
    can_write: bool
    goals: list[PlanGoalOut]


class PlanPatch(StrictIn):
    version: int
    in_own_words: str | None = Field(None, max_length=4000)
    strengths: str | None = Field(None, max_length=4000)
    context: str | None = Field(None, max_length=4000)
    next_review_on: dt.date | None = None


class PlanGoalIn(StrictIn):
    statement: str = Field(..., min_length=1, max_length=2000)
    sub_domain: SubDomain
    responsible: ResponsibleParty = ResponsibleParty.CLIENT
    responsible_worker_id: uuid.UUID | None = None
    responsible_organization_id: uuid.UUID | None = None
    target_date: dt.date | None = None
    steps: list[str] = []


class PlanGoalPatch(StrictIn):
    version: int
    statement: str | None = Field(None, min_length=1, max_length=2000)
    sub_domain: SubDomain | None = None
    responsible: ResponsibleParty | None = None
    responsible_worker_id: uuid.UUID | None = None
    responsible_organization_id: uuid.UUID | None = None
    target_date: dt.date | None = None
    status: PlanGoalStatus | None = None


class PlanStepIn(StrictIn):
    description: str = Field(..., min_length=1, max_length=300)
    responsible: ResponsibleParty = ResponsibleParty.CLIENT
    target_date: dt.date | None = None


class GoalReviewIn(StrictIn):
    progress: GoalProgress
    note: str = Field("", max_length=4000)
    reviewed_on: dt.date | None = None


# --- Encounters and notes ------------------------------------------------------


class EncounterOut(Schema):
    id: uuid.UUID
    kind: EncounterKind
    occurred_at: dt.datetime
    duration_minutes: int
    staff: list[CaseworkStaffRef]
    location: str
    support_type: SupportType | None
    goal_ids: list[uuid.UUID]
    program: CaseworkRef | None
    organization: CaseworkRef
    summary: str

    @staticmethod
    def resolve_support_type(obj: Encounter) -> str | None:
        return obj.support_type or None

    @staticmethod
    def resolve_goal_ids(obj: Encounter) -> list[Any]:
        return [goal.pk for goal in obj.goals.all()]


class EncounterIn(StrictIn):
    kind: EncounterKind
    occurred_at: dt.datetime
    duration_minutes: int = Field(..., ge=1, le=1440)
    staff_ids: list[uuid.UUID] = []
    location: str = Field("", max_length=200)
    support_type: SupportType | None = None
    goal_ids: list[uuid.UUID] = []
    program_id: uuid.UUID | None = None
    summary: str = Field("", max_length=20000)


class AddendumOut(Schema):
    id: uuid.UUID
    text: str
    author: CaseworkStaffRef
    created_at: dt.datetime


class NoteOut(Schema):
    id: uuid.UUID
    version: int
    kind: NoteKind
    is_sensitive: bool
    text: str
    author: CaseworkStaffRef
    organization: CaseworkRef
    encounter_id: uuid.UUID | None
    created_at: dt.datetime
    editable_until: dt.datetime
    addenda: list[AddendumOut]

    @staticmethod
    def resolve_editable_until(obj: CaseNote) -> dt.datetime:
        return obj.created_at + dt.timedelta(hours=NOTE_EDIT_HOURS)


class NoteIn(StrictIn):
    kind: NoteKind = NoteKind.GENERAL
    text: str = Field(..., min_length=1, max_length=20000)
    is_sensitive: bool = False
    encounter_id: uuid.UUID | None = None


class NotePatch(StrictIn):
    """Correct one's own note within 24 hours; ``version`` is the one you read."""

    version: int
    text: str = Field(..., min_length=1, max_length=20000)
    is_sensitive: bool | None = None


class AddendumIn(StrictIn):
    text: str = Field(..., min_length=1, max_length=20000)


# --- Assessments and worklist ----------------------------------------------------


class AcuityAssessmentOut(Schema):
    id: uuid.UUID
    instrument: str
    assessed_on: dt.date
    total_score: int
    max_score: int
    domain_scores: dict[str, list[int]]
    recommendation: ServiceLevel
    explanation: str
    chosen_level: ServiceLevel
    override_reason: str
    organization: CaseworkRef

    @staticmethod
    def resolve_instrument(obj: Assessment) -> str:
        return obj.instrument.code

    @staticmethod
    def resolve_explanation(obj: Assessment) -> str:
        return obj.band.explanation if obj.band else ""


class AcuityAssessmentIn(StrictIn):
    instrument: str = "parcours-acuity-v1"
    answers: dict[str, str]
    assessed_on: dt.date | None = None
    chosen_level: ServiceLevel | None = None
    override_reason: str = Field("", max_length=2000)
    notes: str = Field("", max_length=4000)


class WorkItemOut(Schema):
    """One item of a worklist (``casework.worklist.WorkItem``)."""

    kind: str
    client_id: uuid.UUID
    display_name: str
    enrollment_id: uuid.UUID
    program: str
    label: str
    due: dt.date | None
    late: bool
    url: str

    @staticmethod
    def resolve_client_id(obj: Any) -> Any:
        return obj.client.pk

    @staticmethod
    def resolve_display_name(obj: Any) -> str:
        return str(obj.client.display_name)

    @staticmethod
    def resolve_enrollment_id(obj: Any) -> Any:
        return obj.enrollment.pk

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return str(obj.enrollment.program.name)
