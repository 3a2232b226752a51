"""Reads of encounters and case notes, and of the last contact with a client."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.casework.models import (
    CaseModel,
    CaseNote,
    Encounter,
    Enrollment,
    NoteAddendum,
    ProgramStandard,
)
from parcours.casework.services import program_standard
from parcours.clients.models import DataCategory

ENCOUNTER_LABEL = "casework.encounter"


def encounters_for(client_access: ClientAccess) -> QuerySet[Encounter]:
    """The client's encounters the user may see (case-plan records)."""
    return (
        Encounter.objects.filter(client=client_access.client)
        .filter(
            client_access.record_filter(
                category=DataCategory.CASE_PLAN, model_label=ENCOUNTER_LABEL
            )
        )
        .select_related("organization", "program", "recorded_by")
        .prefetch_related("staff", "goals")
        .order_by("-occurred_at")
    )


def notes_for(client_access: ClientAccess) -> QuerySet[CaseNote]:
    """The client's notes the user may read: general notes as case-plan
    records, clinical notes for clinical disciplines by consent."""
    return (
        CaseNote.objects.filter(client=client_access.client)
        .filter(access.case_note_filter(client_access))
        .select_related("organization", "author", "encounter")
        .prefetch_related(
            Prefetch(
                "addenda",
                queryset=NoteAddendum.objects.select_related("author", "organization").order_by(
                    "created_at"
                ),
            )
        )
        .order_by("-created_at")
    )


def note_get_for_user(user: User, note_id: uuid.UUID | str) -> tuple[CaseNote, ClientAccess]:
    try:
        client_id = CaseNote.objects.values_list("client_id", flat=True).get(pk=note_id)
    except (CaseNote.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, client_id)
    note = notes_for(client_access).filter(pk=note_id).first()
    if note is None:
        raise Http404
    return note, client_access


@dataclass
class ContactStatus:
    last_contact: Any
    days_since: int | None
    allowed_days: int
    cti_phase: int | None

    @property
    def overdue(self) -> bool:
        return self.days_since is None or self.days_since > self.allowed_days


def contact_status(
    enrollment: Enrollment,
    *,
    last_contact: Any,
    today: Any,
    standard: ProgramStandard | None = None,
) -> ContactStatus:
    """How long since the program's last contact with the client, against the
    program's standard (the CTI cadence of the current phase for CTI)."""
    standard = standard or program_standard(enrollment.program)
    phase = (
        enrollment.cti_phase(today, standard.cti_phase_months)
        if standard.model == CaseModel.CTI
        else None
    )
    since = (
        (today - timezone.localtime(last_contact).date()).days if last_contact is not None else None
    )
    return ContactStatus(
        last_contact=last_contact,
        days_since=since,
        allowed_days=standard.contact_days(phase),
        cti_phase=phase,
    )


def last_contact_subquery(
    outer_client: str = "client_id", outer_org: str = "organization_id"
) -> Any:
    """The latest encounter of the enrollment's organization with its client."""
    return Subquery(
        Encounter.objects.filter(
            client_id=OuterRef(outer_client), organization_id=OuterRef(outer_org)
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
