"""Writes of appointments: plan one, record its outcome (kept, missed,
rescheduled — which plans the new one —, cancelled), and turn a missed one
into a follow-up (a visit for the ACT team tomorrow, or a new appointment).
Validated first, nothing written on bad input; each write is audited; a
missed appointment tells the client's workers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.access.board import can_record_appointment
from parcours.accounts.models import User
from parcours.coordination.models import (
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    NotificationKind,
)
from parcours.coordination.services.notifications import client_workers, notify
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

APPOINTMENT_FIELDS = [
    "kind",
    "starts_at",
    "place",
    "with_whom",
    "accompanied_by_id",
    "outcome",
    "note",
    "rescheduled_to_id",
]
# A planned time a few minutes ago is still "now" (the form was slow to send).
GRACE = dt.timedelta(minutes=5)
OUTCOMES = (
    AppointmentOutcome.KEPT,
    AppointmentOutcome.MISSED,
    AppointmentOutcome.RESCHEDULED,
    AppointmentOutcome.CANCELLED,
)


def _check_details(
    *,
    acting_user: User,
    client_access: ClientAccess,
    kind: str,
    starts_at: dt.datetime | None,
    place: str,
    accompanied_by: User | None,
    field: str = "starts_at",
    past_allowed: bool = False,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if acting_user.organization_id is None:
        errors.setdefault("__all__", []).append(
            _("Only staff of a partner organization record appointments.")
        )
    if kind not in AppointmentKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of appointment."))
    elif not can_record_appointment(client_access, kind):
        errors.setdefault("kind", []).append(
            _("You may not record this kind of appointment for this client.")
        )
    if starts_at is None:
        errors.setdefault(field, []).append(_("Enter the date and time."))
    elif not past_allowed and starts_at < timezone.now() - GRACE:
        errors.setdefault(field, []).append(_("A planned appointment cannot be in the past."))
    if not place.strip():
        errors.setdefault("place", []).append(_("Enter the place."))
    if accompanied_by is not None and (
        accompanied_by.organization_id != acting_user.organization_id
        or not accompanied_by.is_active
    ):
        errors.setdefault("accompanied_by", []).append(
            _("Choose an active staff member of your organization.")
        )
    return errors


def appointment_create(
    *,
    acting_user: User,
    client_access: ClientAccess,
    kind: str,
    starts_at: dt.datetime,
    place: str,
    with_whom: str = "",
    accompanied_by: User | None = None,
    note: str = "",
    outcome: str = AppointmentOutcome.PLANNED,
) -> Appointment:
    """Plan an appointment of the client's (never in the past) or, with an
    ``outcome``, record one that has taken place (never in the future); a
    missed one tells the client's workers."""
    errors = _check_details(
        acting_user=acting_user,
        client_access=client_access,
        kind=kind,
        starts_at=starts_at,
        place=place,
        accompanied_by=accompanied_by,
        past_allowed=outcome != AppointmentOutcome.PLANNED,
    )
    if outcome != AppointmentOutcome.PLANNED:
        if outcome not in (
            AppointmentOutcome.KEPT,
            AppointmentOutcome.MISSED,
            AppointmentOutcome.CANCELLED,
        ):
            errors.setdefault("outcome", []).append(_("Choose the outcome."))
        elif starts_at > timezone.now() + GRACE:
            errors.setdefault("outcome", []).append(
                _("The appointment has not taken place yet: it can be cancelled or rescheduled.")
            )
    if errors or acting_user.organization_id is None:
        raise ValidationError(errors)
    appointment = Appointment(
        client=client_access.client,
        kind=kind,
        starts_at=starts_at,
        place=place.strip(),
        with_whom=with_whom.strip(),
        accompanied_by=accompanied_by,
        note=note.strip(),
        outcome=outcome,
        organization_id=acting_user.organization_id,
        recorded_by=acting_user,
    )
    appointment.full_clean()
    with transaction.atomic():
        appointment.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=appointment,
            client_id=client_access.client.pk,
            after=audit_snapshot(appointment, APPOINTMENT_FIELDS),
        )
        if outcome == AppointmentOutcome.MISSED:
            _tell_missed(acting_user, client_access, appointment)
    return appointment


def _tell_missed(acting_user: User, client_access: ClientAccess, appointment: Appointment) -> None:
    notify(
        recipients=client_workers(client_access.client),
        kind=NotificationKind.APPOINTMENT_MISSED,
        client=client_access.client,
        subject=appointment,
        link=reverse("coordination:appointments", kwargs={"client_id": appointment.client_id}),
        detail={
            "kind": appointment.kind,
            "on": timezone.localdate(appointment.starts_at).isoformat(),
        },
        exclude=acting_user,
    )


def appointment_record_outcome(
    *,
    acting_user: User,
    client_access: ClientAccess,
    appointment: Appointment,
    outcome: str,
    note: str = "",
    new_starts_at: dt.datetime | None = None,
) -> Appointment:
    """Record what happened: kept or missed (once its time has come),
    cancelled, or rescheduled to ``new_starts_at`` (a new planned
    appointment, linked by ``rescheduled_to``). A missed appointment tells
    the client's workers."""
    errors: dict[str, list[str]] = {}
    if appointment.client_id != client_access.client.pk:
        raise ValidationError(_("This appointment belongs to another client."))
    if not can_record_appointment(client_access, appointment.kind):
        errors.setdefault("__all__", []).append(_("You may not record this appointment's outcome."))
    if appointment.outcome != AppointmentOutcome.PLANNED:
        errors.setdefault("outcome", []).append(_("The outcome is already recorded."))
    if outcome not in OUTCOMES:
        errors.setdefault("outcome", []).append(_("Choose the outcome."))
    elif outcome in (AppointmentOutcome.KEPT, AppointmentOutcome.MISSED) and (
        appointment.starts_at > timezone.now() + GRACE
    ):
        errors.setdefault("outcome", []).append(
            _("The appointment has not taken place yet: it can be cancelled or rescheduled.")
        )
    if outcome == AppointmentOutcome.RESCHEDULED:
        errors.update(
            {
                k: v
                for k, v in _check_details(
                    acting_user=acting_user,
                    client_access=client_access,
                    kind=appointment.kind,
                    starts_at=new_starts_at,
                    place=appointment.place,
                    accompanied_by=None,
                    field="new_starts_at",
                ).items()
                if k == "new_starts_at"
            }
        )
    if errors:
        raise ValidationError(errors)
    before = audit_snapshot(appointment, APPOINTMENT_FIELDS)
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.outcome != AppointmentOutcome.PLANNED:
            raise ValidationError({"outcome": [_("The outcome is already recorded.")]})
        if outcome == AppointmentOutcome.RESCHEDULED and new_starts_at is not None:
            current.rescheduled_to = appointment_create(
                acting_user=acting_user,
                client_access=client_access,
                kind=current.kind,
                starts_at=new_starts_at,
                place=current.place,
                with_whom=current.with_whom,
                accompanied_by=(
                    current.accompanied_by
                    if current.accompanied_by
                    and current.accompanied_by.organization_id == acting_user.organization_id
                    and current.accompanied_by.is_active
                    else None
                ),
                note=current.note,
            )
        current.outcome = outcome
        if note.strip():
            current.note = note.strip()[:500]
        current.full_clean()
        current.save(update_fields=["outcome", "note", "rescheduled_to", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(current, APPOINTMENT_FIELDS),
        )
        if outcome == AppointmentOutcome.MISSED:
            _tell_missed(acting_user, client_access, current)
    return current


def appointment_follow_up(
    *,
    acting_user: User,
    client_access: ClientAccess,
    appointment: Appointment,
    starts_at: dt.datetime | None = None,
) -> Appointment:
    """A missed appointment becomes a new planned one (the same kind, place
    and people; by default the next day at the same time), linked from the
    missed one by ``rescheduled_to``, so it is followed up once."""
    if appointment.client_id != client_access.client.pk:
        raise ValidationError(_("This appointment belongs to another client."))
    if appointment.outcome != AppointmentOutcome.MISSED:
        raise ValidationError(_("Only a missed appointment is followed up."))
    if appointment.rescheduled_to_id is not None:
        raise ValidationError(_("This missed appointment is already followed up."))
    if starts_at is None:
        local = timezone.localtime(appointment.starts_at)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        starts_at = timezone.make_aware(dt.datetime.combine(tomorrow, local.time()))
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.rescheduled_to_id is not None:
            raise ValidationError(_("This missed appointment is already followed up."))
        accompanied: Any = current.accompanied_by
        if accompanied is not None and (
            accompanied.organization_id != acting_user.organization_id or not accompanied.is_active
        ):
            accompanied = None
        new = appointment_create(
            acting_user=acting_user,
            client_access=client_access,
            kind=current.kind,
            starts_at=starts_at,
            place=current.place,
            with_whom=current.with_whom,
            accompanied_by=accompanied,
            note=_("Follow-up of a missed appointment."),
        )
        before = audit_snapshot(current, APPOINTMENT_FIELDS)
        current.rescheduled_to = new
        current.save(update_fields=["rescheduled_to", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(current, APPOINTMENT_FIELDS),
        )
    return new


__all__ = [
    "APPOINTMENT_FIELDS",
    "OUTCOMES",
    "appointment_create",
    "appointment_follow_up",
    "appointment_record_outcome",
]
