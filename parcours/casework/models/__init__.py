"""Models of the casework app: the standards a program follows (its case
management model), enrollments of clients in programs with their primary
worker or team, and the waitlist of a full program."""

from __future__ import annotations

from parcours.casework.models.assessments import (
    Assessment,
    AssessmentInstrument,
    AssessmentResponse,
    InstrumentAnswer,
    InstrumentBand,
    InstrumentDomain,
    InstrumentQuestion,
    ServiceLevel,
)
from parcours.casework.models.enrollments import (
    CaseModel,
    CtiPhase,
    Enrollment,
    EnrollmentEndReason,
    ProgramStandard,
    WaitlistEntry,
    WaitlistStatus,
    standard_defaults,
)
from parcours.casework.models.notes import (
    NOTE_EDIT_HOURS,
    CaseNote,
    Encounter,
    EncounterKind,
    NoteAddendum,
    NoteKind,
)
from parcours.casework.models.plans import (
    SUBDOMAIN_SUPPORT,
    CasePlan,
    Goal,
    GoalProgress,
    GoalReview,
    GoalStep,
    PlanGoalStatus,
    ResponsibleParty,
    SubDomain,
    SupportType,
)
from parcours.casework.models.worklist import MAX_SNOOZE_DAYS, WorkItemSnooze

__all__ = [
    "MAX_SNOOZE_DAYS",
    "NOTE_EDIT_HOURS",
    "SUBDOMAIN_SUPPORT",
    "Assessment",
    "AssessmentInstrument",
    "AssessmentResponse",
    "CaseModel",
    "CaseNote",
    "CasePlan",
    "CtiPhase",
    "Encounter",
    "EncounterKind",
    "Enrollment",
    "EnrollmentEndReason",
    "Goal",
    "GoalProgress",
    "GoalReview",
    "GoalStep",
    "InstrumentAnswer",
    "InstrumentBand",
    "InstrumentDomain",
    "InstrumentQuestion",
    "NoteAddendum",
    "NoteKind",
    "PlanGoalStatus",
    "ProgramStandard",
    "ResponsibleParty",
    "ServiceLevel",
    "SubDomain",
    "SupportType",
    "WaitlistEntry",
    "WaitlistStatus",
    "WorkItemSnooze",
    "standard_defaults",
]
