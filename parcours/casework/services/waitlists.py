"""The programs' waitlists: add, reorder, remove, offer a spot (which enrolls
the client). Audited like every write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import Program, Team, User
from parcours.casework.models import (
    Enrollment,
    WaitlistEntry,
    WaitlistStatus,
)
from parcours.casework.services.enrollments import _check_client_visible, enrollment_open
from parcours.clients.models import Client
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction


def _waiting(program: Program) -> list[WaitlistEntry]:
    return list(
        WaitlistEntry.objects.select_for_update()
        .filter(program=program, status=WaitlistStatus.WAITING)
        .order_by("position")
    )


def _renumber(entries: list[WaitlistEntry]) -> None:
    """Give waiting entries positions 1..n in list order, one row at a time
    into free slots (positions are unique among waiting entries)."""
    offset = max([e.position or 0 for e in entries] + [len(entries)]) + 1
    changed = [(i, e) for i, e in enumerate(entries, start=1) if e.position != i]
    for index, entry in changed:
        WaitlistEntry.objects.filter(pk=entry.pk).update(position=offset + index)
    for index, entry in changed:
        WaitlistEntry.objects.filter(pk=entry.pk).update(position=index)
        entry.position = index


def _check_waitlist_manager(acting_user: User, program: Program) -> None:
    if not access.can_manage_waitlist(acting_user, program):
        raise ValidationError(_("Only the program's staff can manage its waitlist."))


def waitlist_add(
    *, acting_user: User, program: Program, client: Client, note: str = ""
) -> WaitlistEntry:
    """Put a client at the end of a program's waitlist."""
    _check_waitlist_manager(acting_user, program)
    _check_client_visible(acting_user, client)
    if Enrollment.objects.filter(client=client, program=program, end_date__isnull=True).exists():
        raise ValidationError(
            _("%(client)s is already enrolled in %(program)s.")
            % {"client": client, "program": program}
        )
    with transaction.atomic():
        waiting = _waiting(program)
        if any(e.client_id == client.pk for e in waiting):
            raise ValidationError(_("This client is already on this program's waitlist."))
        entry = WaitlistEntry(
            program=program,
            organization_id=program.organization_id,
            client=client,
            position=len(waiting) + 1,
            added_on=timezone.localdate(),
            note=note.strip(),
            added_by=acting_user,
        )
        entry.full_clean()
        entry.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=entry,
            client_id=client.pk,
            after=audit_snapshot(entry, ["program_id", "position", "note"]),
        )
    return entry


def waitlist_move(*, acting_user: User, entry: WaitlistEntry, direction: str) -> WaitlistEntry:
    """Move a waiting client one place up or down."""
    _check_waitlist_manager(acting_user, entry.program)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move up or down."))
    with transaction.atomic():
        waiting = _waiting(entry.program)
        index = next((i for i, e in enumerate(waiting) if e.pk == entry.pk), None)
        if index is None:
            raise ValidationError(_("This client is no longer on the waitlist."))
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(waiting):
            return waiting[index]
        before = waiting[index].position
        waiting[index], waiting[other] = waiting[other], waiting[index]
        _renumber(waiting)
        moved = waiting[other]
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=moved,
            client_id=moved.client_id,
            before={"position": before},
            after={"position": moved.position},
        )
    return moved


def _waitlist_close(
    *, acting_user: User, entry: WaitlistEntry, status: str, reason: str, enrollment: Any = None
) -> WaitlistEntry:
    waiting = _waiting(entry.program)
    current = next((e for e in waiting if e.pk == entry.pk), None)
    if current is None:
        raise ValidationError(_("This client is no longer on the waitlist."))
    before = current.position
    WaitlistEntry.objects.filter(pk=current.pk).update(
        status=status,
        position=None,
        closed_at=timezone.now(),
        closed_reason=reason.strip()[:300],
        enrollment=enrollment,
    )
    _renumber([e for e in waiting if e.pk != current.pk])
    current.refresh_from_db()
    audit_record(
        action=AuditAction.UPDATE,
        actor=acting_user,
        target=current,
        client_id=current.client_id,
        before={"position": before, "status": WaitlistStatus.WAITING},
        after={"position": None, "status": status, "reason": current.closed_reason},
    )
    return current


def waitlist_remove(*, acting_user: User, entry: WaitlistEntry, reason: str) -> WaitlistEntry:
    """Take a client off the waitlist (the others move up)."""
    _check_waitlist_manager(acting_user, entry.program)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the client leaves the waitlist.")]})
    with transaction.atomic():
        return _waitlist_close(
            acting_user=acting_user, entry=entry, status=WaitlistStatus.REMOVED, reason=reason
        )


def waitlist_offer(
    *,
    acting_user: User,
    entry: WaitlistEntry,
    start_date: dt.date,
    primary_worker: User | None = None,
    team: Team | None = None,
    override_reason: str = "",
    previous_enrollment: Enrollment | None = None,
) -> Enrollment:
    """Offer the spot: the waiting client is enrolled and leaves the waitlist
    (``previous_enrollment``: the one handed on to this program, if any)."""
    _check_waitlist_manager(acting_user, entry.program)
    with transaction.atomic():
        enrollment = enrollment_open(
            acting_user=acting_user,
            client=entry.client,
            program=entry.program,
            start_date=start_date,
            primary_worker=primary_worker,
            team=team,
            override_reason=override_reason,
            previous_enrollment=previous_enrollment,
        )
        _waitlist_close(
            acting_user=acting_user,
            entry=entry,
            status=WaitlistStatus.ENROLLED,
            reason="",
            enrollment=enrollment,
        )
    return enrollment
