"""The coordination app's models, one module per capability."""

from __future__ import annotations

from parcours.coordination.models.appointments import (
    CLINICAL_APPOINTMENTS,
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
)
from parcours.coordination.models.board import CrisisFlag, VisitAssignment
from parcours.coordination.models.care_team import CareRole, CareTeamMember
from parcours.coordination.models.directory import (
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from parcours.coordination.models.entry import (
    CoordinatedEntryRecord,
    EntryAssessmentLevel,
    EntryAssessmentType,
    EntryEvent,
    EntryRecordKind,
    EntryReferralResult,
)
from parcours.coordination.models.institutions import (
    DischargeDestination,
    DischargeTask,
    DischargeTaskKind,
    InstitutionKind,
    InstitutionStay,
    LearnedFrom,
)
from parcours.coordination.models.notifications import Notification, NotificationKind
from parcours.coordination.models.referrals import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    REFERRAL_TRANSITIONS,
    Referral,
    ReferralEvent,
    ReferralKind,
    ReferralMessage,
    ReferralStatus,
)
from parcours.coordination.models.roster import CoverageStandard, Shift

__all__ = [
    "CLINICAL_APPOINTMENTS",
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "REFERRAL_TRANSITIONS",
    "Appointment",
    "AppointmentKind",
    "AppointmentOutcome",
    "CareRole",
    "CareTeamMember",
    "CoordinatedEntryRecord",
    "CoverageStandard",
    "CrisisFlag",
    "DirectoryOrganization",
    "DischargeDestination",
    "DischargeTask",
    "DischargeTaskKind",
    "EntryAssessmentLevel",
    "EntryAssessmentType",
    "EntryEvent",
    "EntryRecordKind",
    "EntryReferralResult",
    "InstitutionKind",
    "InstitutionStay",
    "LearnedFrom",
    "Location",
    "Notification",
    "NotificationKind",
    "Referral",
    "ReferralEvent",
    "ReferralKind",
    "ReferralMessage",
    "ReferralStatus",
    "Service",
    "ServiceAtLocation",
    "ServiceStatus",
    "Shift",
    "VisitAssignment",
]
