"""Writes of encounters and notes. A note can be corrected by its author for
24 hours (optimistic concurrency on its version); after that it is a record
that can only be amended with an addendum. Every write is audited; notes keep
their history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import Program, User
from parcours.casework.models import (
    NOTE_EDIT_HOURS,
    CaseNote,
    Encounter,
    EncounterKind,
    Enrollment,
    Goal,
    NoteAddendum,
    NoteKind,
    SupportType,
)
from parcours.casework.services.enrollments import StaleEdit
from parcours.clients.models import DataCategory
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

ENCOUNTER_FIELDS = [
    "kind",
    "occurred_at",
    "duration_minutes",
    "location",
    "support_type",
    "program_id",
]


def _org_id(acting_user: User) -> Any:
    if acting_user.organization_id is None:
        raise ValidationError(_("Only staff of a partner organization can record casework."))
    return acting_user.organization_id


def encounter_record(
    *,
    acting_user: User,
    client_access: ClientAccess,
    kind: str,
    occurred_at: dt.datetime,
    duration_minutes: int,
    staff: Sequence[User] = (),
    location: str = "",
    support_type: str = "",
    goals: Sequence[Goal] = (),
    program: Program | None = None,
    summary: str = "",
) -> Encounter:
    """Record a contact with the client (the acting user is always among the staff)."""
    org_id = _org_id(acting_user)
    errors: dict[str, list[str]] = {}
    if kind not in EncounterKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of contact."))
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        errors.setdefault("occurred_at", []).append(_("The encounter cannot be in the future."))
    if not 1 <= duration_minutes <= 1440:
        errors.setdefault("duration_minutes", []).append(
            _("Enter a duration between 1 and 1440 minutes.")
        )
    if support_type and support_type not in SupportType.values:
        errors.setdefault("support_type", []).append(_("Choose the type of support."))
    for person in staff:
        if person.organization_id != org_id or not person.is_active:
            errors.setdefault("staff", []).append(
                _("%(name)s is not an active staff member of your organization.") % {"name": person}
            )
    for goal in goals:
        if goal.plan.client_id != client_access.client.pk:
            errors.setdefault("goals", []).append(_("This goal belongs to another client."))
    if program is not None and (
        program.organization_id != org_id
        or not Enrollment.objects.filter(
            client=client_access.client, program=program, start_date__lte=occurred_at.date()
        ).exists()
    ):
        errors.setdefault("program", []).append(
            _("The client is not enrolled in %(program)s.") % {"program": program}
        )
    if errors:
        raise ValidationError(errors)
    encounter = Encounter(
        client=client_access.client,
        organization_id=org_id,
        program=program,
        kind=kind,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        support_type=support_type,
        summary=summary.strip(),
        recorded_by=acting_user,
    )
    encounter.full_clean()
    people = {p.pk: p for p in [acting_user, *staff]}
    with transaction.atomic():
        encounter.save(force_insert=True)
        encounter.staff.set(list(people.values()))
        encounter.goals.set(list(goals))
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=encounter,
            client_id=client_access.client.pk,
            after={
                **audit_snapshot(encounter, ENCOUNTER_FIELDS),
                "staff": [str(pk) for pk in people],
                "goals": [str(g.pk) for g in goals],
            },
        )
    return encounter


def note_write(
    *,
    acting_user: User,
    client_access: ClientAccess,
    kind: str,
    text: str,
    is_sensitive: bool = False,
    encounter: Encounter | None = None,
) -> CaseNote:
    """Write a general or a clinical note. Clinical notes are written by
    clinical disciplines only."""
    org_id = _org_id(acting_user)
    errors: dict[str, list[str]] = {}
    if kind not in NoteKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of note."))
    if kind == NoteKind.CLINICAL and not access.can_write_clinical_note(acting_user):
        errors.setdefault("kind", []).append(_("Only clinical staff write clinical notes."))
    if not text.strip():
        errors.setdefault("text", []).append(_("Write the note."))
    if encounter is not None and (
        encounter.client_id != client_access.client.pk or encounter.organization_id != org_id
    ):
        errors.setdefault("encounter", []).append(
            _("Choose an encounter of this client recorded by your organization.")
        )
    if kind == NoteKind.GENERAL and not (
        client_access.registered_here
        or client_access.can(DataCategory.CASE_PLAN)
        or client_access.can(DataCategory.IDENTITY)
    ):
        errors.setdefault("kind", []).append(_("You may not write notes for this client."))
    if errors:
        raise ValidationError(errors)
    note = CaseNote(
        client=client_access.client,
        organization_id=org_id,
        encounter=encounter,
        kind=kind,
        is_sensitive=is_sensitive,
        text=text.strip(),
        author=acting_user,
    )
    note.full_clean()
    with transaction.atomic():
        note._history_user = acting_user  # type: ignore[attr-defined]
        note.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=note,
            client_id=client_access.client.pk,
            # The audit log says a note was written, not what it says.
            after={"kind": kind, "is_sensitive": is_sensitive, "length": len(note.text)},
        )
    return note


def note_correct(
    *,
    acting_user: User,
    client_access: ClientAccess,
    note: CaseNote,
    expected_version: int,
    text: str,
    is_sensitive: bool | None = None,
) -> CaseNote:
    """Correct one's own note within 24 hours of writing it."""
    if note.client_id != client_access.client.pk or not access.can_correct_note(acting_user, note):
        raise ValidationError(_("Only the author can correct a note."))
    if not note.is_editable(timezone.now()):
        raise ValidationError(
            _("A note older than %(hours)s hours cannot be changed: add an addendum instead.")
            % {"hours": NOTE_EDIT_HOURS}
        )
    if not text.strip():
        raise ValidationError({"text": [_("Write the note.")]})
    with transaction.atomic():
        current = CaseNote.objects.select_for_update().get(pk=note.pk)
        if current.version != expected_version:
            raise StaleEdit(current, {"text": (None, current.text)})
        current.text = text.strip()
        if is_sensitive is not None:
            current.is_sensitive = is_sensitive
        current.full_clean()
        current.version += 1
        current._history_user = acting_user  # type: ignore[attr-defined]
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client_access.client.pk,
            after={"version": current.version, "is_sensitive": current.is_sensitive},
        )
    return current


def note_amend(
    *, acting_user: User, client_access: ClientAccess, note: CaseNote, text: str
) -> NoteAddendum:
    """Add an addendum to a note: the note stays as it was written."""
    org_id = _org_id(acting_user)
    if note.client_id != client_access.client.pk:
        raise ValidationError(_("This note belongs to another client."))
    if note.kind == NoteKind.CLINICAL and not access.can_write_clinical_note(acting_user):
        raise ValidationError(_("Only clinical staff amend clinical notes."))
    if not text.strip():
        raise ValidationError({"text": [_("Write the addendum.")]})
    addendum = NoteAddendum(
        note=note, organization_id=org_id, text=text.strip(), author=acting_user
    )
    addendum.full_clean()
    with transaction.atomic():
        addendum.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=addendum,
            client_id=client_access.client.pk,
            after={"note": str(note.pk), "length": len(addendum.text)},
        )
    return addendum
