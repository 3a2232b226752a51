"""Writes of the ACT daily team meeting: visit assignments (added and
removed during the meeting), crisis flags (raised and lifted with a note),
and the quick one-line update that becomes an encounter with a general
(case-plan) note through the casework services. Only those who may open the
program's board write to it; each write is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.access.board import board_program_status
from parcours.accounts.models import Program, User
from parcours.casework.models import Encounter, EncounterKind, Enrollment, NoteKind
from parcours.casework.services import encounter_record, note_write
from parcours.clients.models import Client
from parcours.coordination.models import (
    Appointment,
    AppointmentOutcome,
    CrisisFlag,
    VisitAssignment,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

ASSIGNMENT_FIELDS = ["program_id", "client_id", "worker_id", "day", "purpose"]
QUICK_UPDATE_MINUTES = 15


def _check_board(acting_user: User, program: Program) -> None:
    if board_program_status(acting_user, program) != 200:
        raise PermissionDenied


def _enrolled(program: Program, client: Client) -> bool:
    return Enrollment.objects.filter(program=program, client=client, end_date__isnull=True).exists()


def board_viewed(
    *,
    acting_user: User,
    program: Program,
    day: dt.date,
    client_ids: Iterable[Any],
    via: str = "web",
) -> None:
    """A board was shown: the clients it named are audited."""
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=program,
        detail={
            "via": via,
            "section": "board",
            "day": day.isoformat(),
            "clients": sorted(str(c) for c in client_ids),
        },
    )


def visit_assign(
    *,
    acting_user: User,
    program: Program,
    client: Client,
    worker: User,
    day: dt.date,
    purpose: str = "",
) -> VisitAssignment:
    """Assign a visit to a client on ``day`` (today or later) to a staff
    member of the program or its teams."""
    _check_board(acting_user, program)
    errors: dict[str, list[str]] = {}
    if not access.clients_visible_to(acting_user).filter(pk=client.pk).exists() or not _enrolled(
        program, client
    ):
        errors.setdefault("client", []).append(_("The client is not on this team's caseload."))
    is_worker = (
        User.objects.filter(pk=worker.pk, is_active=True, organization_id=program.organization_id)
        .filter(
            Q(program_memberships__program=program) | Q(team_memberships__team__program=program)
        )
        .exists()
    )
    if not is_worker:
        errors.setdefault("worker", []).append(_("Choose a staff member of this team."))
    if day < timezone.localdate():
        errors.setdefault("day", []).append(_("A visit cannot be assigned in the past."))
    if len(purpose) > 200:
        errors.setdefault("purpose", []).append(_("Enter at most 200 characters."))
    if (
        not errors
        and VisitAssignment.objects.filter(
            program=program, client=client, worker=worker, day=day
        ).exists()
    ):
        errors.setdefault("__all__", []).append(
            _("This visit is already assigned to this staff member.")
        )
    if errors:
        raise ValidationError(errors)
    assignment = VisitAssignment(
        program=program,
        client=client,
        worker=worker,
        day=day,
        purpose=purpose.strip(),
        assigned_by=acting_user,
    )
    try:
        with transaction.atomic():
            assignment.save(force_insert=True)
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=assignment,
                client_id=client.pk,
                after=audit_snapshot(assignment, ASSIGNMENT_FIELDS),
            )
    except IntegrityError as exc:
        raise ValidationError(_("This visit is already assigned to this staff member.")) from exc
    return assignment


def visit_unassign(*, acting_user: User, assignment: VisitAssignment) -> None:
    """Remove a visit assignment (the audit row keeps what it was)."""
    _check_board(acting_user, assignment.program)
    before = audit_snapshot(assignment, ASSIGNMENT_FIELDS)
    with transaction.atomic():
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=assignment,
            client_id=assignment.client_id,
            before=before,
            after={"removed": True},
        )
        assignment.delete()


def crisis_raise(*, acting_user: User, program: Program, client: Client, note: str) -> CrisisFlag:
    """Raise a crisis flag on a client of the team, with what is happening."""
    _check_board(acting_user, program)
    errors: dict[str, list[str]] = {}
    if not access.clients_visible_to(acting_user).filter(pk=client.pk).exists() or not _enrolled(
        program, client
    ):
        errors.setdefault("client", []).append(_("The client is not on this team's caseload."))
    if not note.strip():
        errors.setdefault("note", []).append(_("Say what is happening."))
    elif len(note.strip()) > 300:
        errors.setdefault("note", []).append(_("Enter at most 300 characters."))
    if (
        not errors
        and CrisisFlag.objects.filter(
            program=program, client=client, lifted_at__isnull=True
        ).exists()
    ):
        errors.setdefault("__all__", []).append(_("A crisis flag is already raised."))
    if errors:
        raise ValidationError(errors)
    flag = CrisisFlag(program=program, client=client, note=note.strip(), raised_by=acting_user)
    try:
        with transaction.atomic():
            flag.save(force_insert=True)
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=flag,
                client_id=client.pk,
                after={"program": str(program.pk), "length": len(flag.note)},
            )
    except IntegrityError as exc:
        raise ValidationError(_("A crisis flag is already raised.")) from exc
    return flag


def crisis_lift(*, acting_user: User, flag: CrisisFlag, note: str) -> CrisisFlag:
    """Lift a crisis flag, with a note saying why (a general note on the client's file)."""
    _check_board(acting_user, flag.program)
    if not note.strip():
        raise ValidationError({"note": [_("Say why the crisis is over.")]})
    client_access = access.client_access_for(acting_user, flag.client)
    with transaction.atomic():
        current = CrisisFlag.objects.select_for_update().get(pk=flag.pk)
        if current.lifted_at is not None:
            raise ValidationError(_("This crisis flag is already lifted."))
        current.lifted_at = timezone.now()
        current.lifted_by = acting_user
        current.save(update_fields=["lifted_at", "lifted_by", "updated_at"])
        note_write(
            acting_user=acting_user,
            client_access=client_access,
            kind=NoteKind.GENERAL,
            text=_("Crisis lifted: %(note)s") % {"note": note.strip()},
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before={"lifted_at": None},
            after={"lifted_at": current.lifted_at.isoformat()},
        )
    return current


def quick_update(
    *,
    acting_user: User,
    program: Program,
    client_access: ClientAccess,
    text: str,
    kind: str = EncounterKind.OUTREACH,
    duration_minutes: int = QUICK_UPDATE_MINUTES,
) -> Encounter:
    """The one-line update of the morning meeting: an encounter of the
    program with the client, now, carrying the line, and the line as a
    general (case-plan) note on the encounter."""
    _check_board(acting_user, program)
    if not _enrolled(program, client_access.client):
        raise ValidationError({"client": [_("The client is not on this team's caseload.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Write the update.")]})
    if len(text.strip()) > 500:
        raise ValidationError({"text": [_("Enter at most 500 characters.")]})
    with transaction.atomic():
        encounter = encounter_record(
            acting_user=acting_user,
            client_access=client_access,
            kind=kind,
            occurred_at=timezone.now().replace(second=0, microsecond=0),
            duration_minutes=duration_minutes,
            program=program,
            summary=text,
        )
        note_write(
            acting_user=acting_user,
            client_access=client_access,
            kind=NoteKind.GENERAL,
            text=text,
            encounter=encounter,
        )
    return encounter


def missed_appointment_visit(
    *, acting_user: User, program: Program, appointment: Appointment
) -> VisitAssignment:
    """An ACT team follows up a missed appointment in one click: a visit to
    the client tomorrow, assigned to whoever records it."""
    if appointment.outcome != AppointmentOutcome.MISSED:
        raise ValidationError(_("Only a missed appointment is followed up."))
    return visit_assign(
        acting_user=acting_user,
        program=program,
        client=appointment.client,
        worker=acting_user,
        day=timezone.localdate() + dt.timedelta(days=1),
        purpose=_("Follow-up of a missed appointment."),
    )


__all__ = [
    "ASSIGNMENT_FIELDS",
    "QUICK_UPDATE_MINUTES",
    "board_viewed",
    "crisis_lift",
    "crisis_raise",
    "missed_appointment_visit",
    "quick_update",
    "visit_assign",
    "visit_unassign",
]
