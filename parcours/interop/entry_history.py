"""Another system's coordinated entry, from its HMIS export: each row of
Assessment (4.19) and Event (4.20) becomes a ``coordination.CoordinatedEntryRecord``
the client's timeline shows (the rows are also kept as they came, for the
export). Each record names the source row it came from, so a later export
of the same source updates it rather than adding a second."""

from __future__ import annotations

import uuid
from typing import Any

from parcours.coordination.models import (
    CoordinatedEntryRecord,
    EntryAssessmentLevel,
    EntryAssessmentType,
    EntryEvent,
    EntryRecordKind,
    EntryReferralResult,
)

ASSESSMENT_TYPES = {
    1: EntryAssessmentType.PHONE,
    2: EntryAssessmentType.VIRTUAL,
    3: EntryAssessmentType.IN_PERSON,
}
ASSESSMENT_LEVELS = {1: EntryAssessmentLevel.CRISIS, 2: EntryAssessmentLevel.HOUSING}
# 4.20.2 Event, in the order of the specification (1 to 18).
EVENTS = dict(enumerate(EntryEvent, start=1))
REFERRAL_RESULTS = {
    1: EntryReferralResult.ACCEPTED,
    2: EntryReferralResult.CLIENT_DECLINED,
    3: EntryReferralResult.PROVIDER_DECLINED,
}


def entry_record(
    file: str,
    values: dict[str, Any],
    *,
    reference: str,
    client_id: uuid.UUID,
    organization_id: uuid.UUID,
    program_id: uuid.UUID | None,
) -> CoordinatedEntryRecord:
    """The record an Assessment or Event row becomes (not saved)."""
    record = CoordinatedEntryRecord(
        client_id=client_id,
        organization_id=organization_id,
        program_id=program_id,
        reference=reference,
    )
    if file == "Assessment":
        record.kind = EntryRecordKind.ASSESSMENT
        record.occurred_on = values["AssessmentDate"]
        record.location = str(values.get("AssessmentLocation") or "")[:250]
        record.assessment_type = ASSESSMENT_TYPES.get(values.get("AssessmentType") or 0, "")
        record.assessment_level = ASSESSMENT_LEVELS.get(values.get("AssessmentLevel") or 0, "")
        status = values.get("PrioritizationStatus")
        record.prioritized = {1: True, 2: False}.get(status) if status else None
    else:
        record.kind = EntryRecordKind.EVENT
        record.occurred_on = values["EventDate"]
        record.location = str(values.get("LocationCrisisOrPHHousing") or "")[:250]
        record.event = EVENTS[values["Event"]]
        record.referral_result = REFERRAL_RESULTS.get(values.get("ReferralResult") or 0, "")
        record.result_on = values.get("ResultDate")
    return record


ENTRY_FIELDS = [
    "client",
    "organization",
    "program",
    "kind",
    "occurred_on",
    "location",
    "assessment_type",
    "assessment_level",
    "prioritized",
    "event",
    "referral_result",
    "result_on",
    "updated_at",
]
