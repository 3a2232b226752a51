"""Life-skills groups: a partner offers a session (budgeting, cooking…),
registers clients on its roster, then marks who attended. Attending counts
as an encounter of the client (kind "outreach or in the community", the
session's duration, its title as the note, linked to the plan goal it
serves); marking a client absent again removes that encounter.

The policy first (``access.community``: only the running organization
changes a session and its roster), then every rule, field by field, in the
reader's language; bad input changes nothing. Each write is in one
transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.community import (
    require_roster_writer,
    require_session_offerer,
    require_session_runner,
)
from parcours.accounts.models import User
from parcours.casework.models import CaseNote, Encounter, EncounterKind, Goal
from parcours.casework.services.notes import encounter_record
from parcours.community.models import (
    MAX_SESSION_MINUTES,
    MIN_SESSION_MINUTES,
    AttendanceStatus,
    GroupAttendance,
    GroupSession,
    GroupTopic,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

SESSION_FIELDS = [
    "title",
    "topic",
    "starts_at",
    "duration_minutes",
    "place",
    "facilitator",
    "capacity",
    "description",
    "cancelled_at",
]
ATTENDANCE_FIELDS = ["session_id", "client_id", "status", "goal_id", "encounter_id"]
# How far from today a session may be scheduled (a typo such as 2062 is refused).
MAX_DAYS_FROM_TODAY = 366
# The kind of the encounter an attended session counts as.
GROUP_ENCOUNTER_KIND = EncounterKind.OUTREACH


@dataclass
class SessionData:
    """A session, as the form and the API give it."""

    title: str
    topic: str
    starts_at: dt.datetime | None
    duration_minutes: int | None
    facilitator: str
    capacity: int | None
    place: str = ""
    description: str = ""


def session_data_of(session: GroupSession) -> SessionData:
    return SessionData(
        title=session.title,
        topic=session.topic,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        facilitator=session.facilitator,
        capacity=session.capacity,
        place=session.place,
        description=session.description,
    )


def _session_errors(data: SessionData, now: dt.datetime, registered: int = 0) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not data.title.strip():
        errors["title"] = _("Give the session a title.")
    if data.topic not in GroupTopic.values:
        errors["topic"] = _("Choose the topic from the list.")
    if data.starts_at is None:
        errors["starts_at"] = _("Enter the date and time of the session.")
    elif abs(data.starts_at - now) > dt.timedelta(days=MAX_DAYS_FROM_TODAY):
        errors["starts_at"] = _("Enter a date less than a year from today.")
    if data.duration_minutes is None or not (
        MIN_SESSION_MINUTES <= data.duration_minutes <= MAX_SESSION_MINUTES
    ):
        errors["duration_minutes"] = _("Enter a duration between %(low)d and %(high)d minutes.") % {
            "low": MIN_SESSION_MINUTES,
            "high": MAX_SESSION_MINUTES,
        }
    if not data.facilitator.strip():
        errors["facilitator"] = _("Name the facilitator.")
    if data.capacity is None or data.capacity < 1:
        errors["capacity"] = _("A session takes at least one person.")
    elif data.capacity > 32767:
        errors["capacity"] = _("Enter a smaller number of places.")
    elif data.capacity < registered:
        errors["capacity"] = _(
            "%(count)d people are already on the roster: take at least as many places."
        ) % {"count": registered}
    return errors


def _apply(session: GroupSession, data: SessionData) -> None:
    assert data.starts_at is not None and data.duration_minutes is not None
    assert data.capacity is not None
    session.title = " ".join(data.title.split())
    session.topic = data.topic
    session.starts_at = data.starts_at
    session.duration_minutes = data.duration_minutes
    session.facilitator = " ".join(data.facilitator.split())
    session.capacity = data.capacity
    session.place = data.place.strip()
    session.description = data.description.strip()


def group_session_create(*, acting_user: User, data: SessionData) -> GroupSession:
    """Offer a session, run by the worker's organization."""
    require_session_offerer(acting_user)
    errors = _session_errors(data, timezone.now())
    if errors:
        raise ValidationError(errors)
    assert acting_user.organization is not None
    session = GroupSession(organization=acting_user.organization, recorded_by=acting_user)
    _apply(session, data)
    with transaction.atomic():
        session.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=session,
            after=audit_snapshot(session, SESSION_FIELDS),
        )
    return session


def _registered(session: GroupSession) -> int:
    return GroupAttendance.objects.filter(session=session).count()


def group_session_update(
    *, acting_user: User, session: GroupSession, data: SessionData
) -> GroupSession:
    """Change a session: time, place, facilitator, places (never fewer than the roster)."""
    require_session_runner(acting_user, session)
    with transaction.atomic():
        current = GroupSession.objects.select_for_update().get(pk=session.pk)
        errors = _session_errors(data, timezone.now(), registered=_registered(current))
        if errors:
            raise ValidationError(errors)
        before = audit_snapshot(current, SESSION_FIELDS)
        _apply(current, data)
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            before=before,
            after=audit_snapshot(current, SESSION_FIELDS),
        )
    return current


def group_session_cancel(*, acting_user: User, session: GroupSession) -> GroupSession:
    """Cancel a session (it stays, marked cancelled; no one can register any more)."""
    require_session_runner(acting_user, session)
    with transaction.atomic():
        current = GroupSession.objects.select_for_update().get(pk=session.pk)
        if current.cancelled_at is not None:
            raise ValidationError({"cancelled_at": _("This session is already cancelled.")})
        before = audit_snapshot(current, SESSION_FIELDS)
        current.cancelled_at = timezone.now()
        current.save(update_fields=["cancelled_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            before=before,
            after=audit_snapshot(current, SESSION_FIELDS),
        )
    return current


def group_attendance_register(
    *,
    acting_user: User,
    client_access: ClientAccess,
    session: GroupSession,
    goal: Goal | None = None,
) -> GroupAttendance:
    """Put the client on the session's roster, if there is a place left. A
    session already held takes a client too: one who came without registering
    is added afterwards, then marked attended."""
    require_roster_writer(client_access, session)
    client = client_access.client
    if goal is not None and goal.plan.client_id != client.pk:
        raise ValidationError({"goal": _("This goal belongs to another client.")})
    with transaction.atomic():
        # One registration at a time per session: the last place is given once.
        current = GroupSession.objects.select_for_update().get(pk=session.pk)
        errors: dict[str, Any] = {}
        if current.cancelled_at is not None:
            errors["session"] = _("This session is cancelled.")
        elif GroupAttendance.objects.filter(session=current, client=client).exists():
            errors["session"] = _("The client is already registered for this session.")
        elif _registered(current) >= current.capacity:
            errors["session"] = _("This session is full.")
        if errors:
            raise ValidationError(errors)
        attendance = GroupAttendance(
            session=current,
            client=client,
            goal=goal,
            organization_id=current.organization_id,
            recorded_by=acting_user,
        )
        try:
            with transaction.atomic():
                attendance.save(force_insert=True)
        except IntegrityError as exc:
            raise ValidationError(
                {"session": _("The client is already registered for this session.")}
            ) from exc
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=attendance,
            client_id=client.pk,
            after=audit_snapshot(attendance, ATTENDANCE_FIELDS),
        )
    return attendance


def _remove_encounter(acting_user: User, encounter: Encounter) -> None:
    if CaseNote.objects.filter(encounter=encounter).exists():
        raise ValidationError(
            {
                "status": _(
                    "A note was written on the encounter of this session: "
                    "it stays, and so does the attendance."
                )
            }
        )
    audit_record(
        action=AuditAction.UPDATE,
        actor=acting_user,
        target=encounter,
        client_id=encounter.client_id,
        before=audit_snapshot(encounter, ["kind", "occurred_at", "duration_minutes"]),
        detail={"removed": True, "reason": "group_absent"},
    )
    encounter.delete()


def group_attendance_mark(
    *,
    acting_user: User,
    client_access: ClientAccess,
    attendance: GroupAttendance,
    status: str,
) -> GroupAttendance:
    """Mark the client attended (an encounter is recorded) or absent (the
    encounter the session recorded is removed), once the session has begun."""
    session = attendance.session
    require_roster_writer(client_access, session)
    if attendance.client_id != client_access.client.pk:
        raise ValidationError({"client": _("This attendance is another client's.")})
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Choose attended or absent.")})
    if status != AttendanceStatus.REGISTERED and session.starts_at > timezone.now():
        raise ValidationError({"status": _("Attendance is marked once the session has begun.")})
    with transaction.atomic():
        current = (
            # The attendance row alone is locked (PostgreSQL refuses to lock
            # the nullable side of the outer joins to its goal and encounter).
            GroupAttendance.objects.select_for_update(of=("self",))
            .select_related("session", "goal", "encounter")
            .get(pk=attendance.pk)
        )
        if current.status == status:
            return current
        before = audit_snapshot(current, ATTENDANCE_FIELDS)
        if current.encounter is not None:
            encounter = current.encounter
            current.encounter = None
            current.status = status
            current.save(update_fields=["encounter", "status", "updated_at"])
            _remove_encounter(acting_user, encounter)
        if status == AttendanceStatus.ATTENDED:
            current.encounter = encounter_record(
                acting_user=acting_user,
                client_access=client_access,
                kind=GROUP_ENCOUNTER_KIND,
                occurred_at=session.starts_at,
                duration_minutes=session.duration_minutes,
                location=session.place,
                goals=[current.goal] if current.goal is not None else [],
                summary=session.title,
            )
        current.status = status
        current.save(update_fields=["encounter", "status", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=audit_snapshot(current, ATTENDANCE_FIELDS),
        )
    return current


__all__ = [
    "ATTENDANCE_FIELDS",
    "GROUP_ENCOUNTER_KIND",
    "MAX_DAYS_FROM_TODAY",
    "SESSION_FIELDS",
    "SessionData",
    "group_attendance_mark",
    "group_attendance_register",
    "group_session_cancel",
    "group_session_create",
    "group_session_update",
    "session_data_of",
]
