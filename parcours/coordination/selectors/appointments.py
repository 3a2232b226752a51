"""Reads of a client's appointments, always through the access policy
(``access.board``): clinic appointments are clinical data, the others
case-plan data; lock-boxes hide single appointments."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.access.board import appointments_for, appointments_visible_filter
from parcours.accounts.models import User
from parcours.casework.models import Enrollment
from parcours.casework.worklist import WorkItem
from parcours.coordination.models import Appointment, AppointmentKind, AppointmentOutcome

APPOINTMENT_ITEM = "appointment"


def _related(queryset: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return queryset.select_related("accompanied_by", "organization", "recorded_by")


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day ``day`` as an aware [start, end) pair."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


def client_appointments(client_access: ClientAccess, *, past: bool = False) -> Any:
    """The client's appointments the user may see: upcoming (planned, soonest
    first) or past (those whose time has come or that have an outcome,
    newest first)."""
    now = timezone.now()
    visible = _related(appointments_for(client_access))
    if past:
        return visible.exclude(outcome=AppointmentOutcome.PLANNED, starts_at__gte=now).order_by(
            "-starts_at"
        )
    return visible.filter(outcome=AppointmentOutcome.PLANNED, starts_at__gte=now).order_by(
        "starts_at"
    )


def appointments_due(client_access: ClientAccess) -> QuerySet[Appointment]:
    """Planned appointments whose time has passed: their outcome is to be recorded."""
    return _related(appointments_for(client_access)).filter(
        outcome=AppointmentOutcome.PLANNED, starts_at__lt=timezone.now()
    )


def appointment_get_for_user(
    user: User, appointment_id: uuid.UUID | str
) -> tuple[Appointment, ClientAccess]:
    """The appointment and what the user may see of its client, or 404."""
    try:
        client_id = Appointment.objects.values_list("client_id", flat=True).get(pk=appointment_id)
    except (Appointment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, client_id)
    appointment = _related(appointments_for(client_access)).filter(pk=appointment_id).first()
    if appointment is None:
        raise Http404
    return appointment, client_access


def staff_to_accompany(user: User) -> QuerySet[User]:
    """Who may accompany a client: active staff of the user's organization."""
    if user.organization_id is None:
        return User.objects.none()
    return User.objects.filter(organization_id=user.organization_id, is_active=True).order_by(
        "family_name", "given_name"
    )


def appointments_on(user: User, client_ids: Any, day: dt.date) -> list[Appointment]:
    """Appointments still planned on ``day`` of the given clients the user may see."""
    start, end = day_bounds(day)
    return list(
        Appointment.objects.filter(
            client_id__in=client_ids,
            starts_at__gte=start,
            starts_at__lt=end,
            outcome__in=[AppointmentOutcome.PLANNED, AppointmentOutcome.KEPT],
        )
        .filter(appointments_visible_filter(user))
        .order_by("starts_at")
    )


def appointment_short(appointment: Appointment) -> str:
    """« court date at 9:30 »."""
    kind = str(AppointmentKind(appointment.kind).label)
    at = formats.time_format(timezone.localtime(appointment.starts_at).time(), "G:i")
    return _("%(kind)s at %(time)s") % {"kind": kind.lower(), "time": at}


# --- The worklist ----------------------------------------------------------------------


def appointment_worklist_items(
    user: User, enrollments: list[Enrollment], today: dt.date
) -> list[WorkItem]:
    """``casework.worklist`` source: today's and tomorrow's planned
    appointments of the clients in the worklist's scope (one query)."""
    by_client: dict[Any, Enrollment] = {}
    for e in enrollments:
        by_client.setdefault(e.client_id, e)
    if not by_client:
        return []
    start, _end = day_bounds(today)
    _start, end = day_bounds(today + dt.timedelta(days=1))
    rows = (
        Appointment.objects.filter(
            client_id__in=list(by_client),
            outcome=AppointmentOutcome.PLANNED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .filter(appointments_visible_filter(user))
        .order_by("starts_at")
    )
    items = []
    for appointment in rows:
        e = by_client[appointment.client_id]
        day = timezone.localtime(appointment.starts_at).date()
        what = appointment_short(appointment)
        label = (
            _("Appointment today: %(what)s.") % {"what": what}
            if day == today
            else _("Appointment tomorrow: %(what)s.") % {"what": what}
        )
        url = reverse("coordination:appointments", kwargs={"client_id": e.client_id})
        items.append(
            WorkItem(
                kind=APPOINTMENT_ITEM,
                client=e.client,
                enrollment=e,
                label=label,
                due=day,
                url=url,
                action=_("Prepare the appointment"),
            )
        )
    return items


__all__ = [
    "APPOINTMENT_ITEM",
    "appointment_get_for_user",
    "appointment_short",
    "appointment_worklist_items",
    "appointments_due",
    "appointments_on",
    "client_appointments",
    "day_bounds",
    "staff_to_accompany",
]
