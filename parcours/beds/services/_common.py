"""What the beds services share: the checks every write makes first, the
row locks of a bed and a room, holds that ran out, service restrictions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.beds.models import (
    Bed,
    Destination,
    ExitReason,
    Hold,
    HoldStatus,
    Room,
    RoomBooking,
    ServiceRestriction,
    Site,
    Stay,
)
from parcours.clients.models import Client
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

DEFAULT_HOLD_HOURS = 4


MAX_HOLD_HOURS = 72


FUTURE_TOLERANCE = dt.timedelta(minutes=5)


STAY_FIELDS = [
    "client_id",
    "site_id",
    "room_id",
    "bed_id",
    "started_at",
    "ended_at",
    "exit_reason",
    "destination",
]


HOLD_FIELDS = ["room_id", "bed_id", "client_id", "status", "expires_at", "reason"]


def _org_id(user: User) -> uuid.UUID:
    if user.organization_id is None:
        raise ValidationError(_("Only staff of a partner organization can record stays."))
    return user.organization_id


def _require_site_staff(user: User, site: Site) -> None:
    if not access.can_run_bed_site(user, site):
        raise PermissionDenied(
            _("Only the staff of the organization that runs this site can do this.")
        )


def _check_time(value: dt.datetime, field: str, now: dt.datetime) -> None:
    if value > now + FUTURE_TOLERANCE:
        raise ValidationError({field: _("This time is in the future.")})


def _expire_holds(*, bed: Bed | None = None, room: Room | None = None, now: dt.datetime) -> None:
    """Holds whose time has passed are marked expired (under the caller's lock)."""
    qs = Hold.objects.filter(status=HoldStatus.ACTIVE, expires_at__lte=now)
    if bed is not None:
        qs = qs.filter(bed=bed)
    elif room is not None:
        qs = qs.filter(room=room, bed__isnull=True)
    qs.update(status=HoldStatus.EXPIRED, closed_at=now, updated_at=now)


def _lock_bed(bed_id: uuid.UUID) -> Bed:
    return Bed.objects.select_for_update().select_related("room__site__program").get(pk=bed_id)


def _lock_room(room_id: uuid.UUID) -> Room:
    return Room.objects.select_for_update().select_related("site__program").get(pk=room_id)


def _restriction_in_force(client: Client, site: Site, on: dt.date) -> ServiceRestriction | None:
    return (
        ServiceRestriction.objects.filter(
            client=client, site=site, lifted_at__isnull=True, starts_on__lte=on
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on")
        .first()
    )


def _restriction_end(restriction: ServiceRestriction) -> str:
    if restriction.ends_on is None:
        return str(_("it is lifted"))
    return restriction.ends_on.isoformat()


def room_is_booked(room: Room) -> bool:
    """A family room is booked while a household's booking is open."""
    return RoomBooking.objects.filter(room=room, ended_at__isnull=True).exists()


def _check_book_out(
    stay: Stay, ended_at: dt.datetime, exit_reason: str, destination: str, now: dt.datetime
) -> None:
    errors: dict[str, list[str]] = {}
    if stay.ended_at is not None:
        raise ValidationError(_("This stay is already over."))
    if ended_at > now + FUTURE_TOLERANCE:
        errors.setdefault("ended_at", []).append(_("This time is in the future."))
    if ended_at < stay.started_at:
        errors.setdefault("ended_at", []).append(_("The book-out cannot be before the book-in."))
    if exit_reason not in ExitReason.values:
        errors.setdefault("exit_reason", []).append(_("Choose the reason for leaving."))
    if destination and destination not in Destination.values:
        errors.setdefault("destination", []).append(_("Choose a destination from the list."))
    if errors:
        raise ValidationError(errors)


STAY_END_FIELDS = ["ended_at", "exit_reason", "destination"]


def _end_stay(
    stay: Stay,
    *,
    acting_user: User,
    ended_at: dt.datetime,
    exit_reason: str,
    destination: str,
    notes: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """End one stay and audit it, inside the caller's transaction (a book-out,
    a roll call, a family room's book-out)."""
    before = audit_snapshot(stay, STAY_END_FIELDS)
    stay.ended_at = ended_at
    stay.exit_reason = exit_reason
    stay.destination = destination
    stay.booked_out_by = acting_user
    fields = ["ended_at", "exit_reason", "destination", "booked_out_by", "updated_at"]
    if notes.strip():
        stay.notes = "\n".join(n for n in [stay.notes, notes.strip()] if n)
        fields.append("notes")
    stay.save(update_fields=fields)
    audit_record(
        action=AuditAction.UPDATE,
        actor=acting_user,
        target=stay,
        client_id=stay.client_id,
        before=before,
        after=audit_snapshot(stay, STAY_END_FIELDS),
        detail=detail or {},
    )
