"""Family rooms: a room booked as a whole for a household.

One ``RoomBooking`` per room and household (a database constraint allows one
open booking per room), and one ``Stay`` per member present on the day of
book-in, without a bed: every person's nights count for their own homeless
days and chronic status, and the room counts once in occupancy (as a room)
and by its people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.beds.models import Hold, HoldStatus, Room, RoomBooking, Stay
from parcours.beds.services._common import (
    STAY_FIELDS,
    _check_book_out,
    _check_time,
    _end_stay,
    _expire_holds,
    _lock_room,
    _org_id,
    _require_site_staff,
    _restriction_end,
    _restriction_in_force,
)
from parcours.clients.models import Client
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.households.models import Household
from parcours.households.selectors import household_members_on


def room_book_in(
    *,
    acting_user: User,
    room: Room,
    household: Household,
    started_at: dt.datetime | None = None,
    members: Sequence[Client] | None = None,
    notes: str = "",
) -> RoomBooking:
    """Book a household into a free family room: the booking and one stay
    per member (by default every member of the household on that day)."""
    _org_id(acting_user)
    site = room.site
    _require_site_staff(acting_user, site)
    now = timezone.now()
    started_at = started_at or now
    _check_time(started_at, "started_at", now)
    day = timezone.localdate(started_at)
    household_clients = [m.client for m in household_members_on(household, day)]
    if members is None:
        people = household_clients
    else:
        ids = {c.pk for c in household_clients}
        strangers = [c for c in members if c.pk not in ids]
        if strangers:
            raise ValidationError(
                {"members": _("Only members of the household can be booked into its room.")}
            )
        people = list(members)
    if not people:
        raise ValidationError(_("This household has no member on that day."))
    try:
        with transaction.atomic():
            room = _lock_room(room.pk)
            if not room.is_family_room:
                raise ValidationError(_("Only a family room is booked for a household."))
            if not (site.is_active and room.is_active):
                raise ValidationError(_("This room is not in service."))
            _expire_holds(room=room, now=now)
            if RoomBooking.objects.filter(room=room, ended_at__isnull=True).exists():
                raise ValidationError(
                    _("This family room is occupied: book the household out first.")
                )
            hold = Hold.objects.filter(
                room=room, bed__isnull=True, status=HoldStatus.ACTIVE
            ).first()
            if hold is not None and hold.household_id != household.pk:
                raise ValidationError(_("This family room is held for another household."))
            if hold is None:
                visible = set(
                    access.clients_visible_to(acting_user)
                    .filter(pk__in=[c.pk for c in people])
                    .values_list("pk", flat=True)
                )
                if len(visible) != len({c.pk for c in people}):
                    raise PermissionDenied
            busy = Stay.objects.filter(client__in=people, ended_at__isnull=True).exists()
            if busy:
                raise ValidationError(
                    _(
                        "A member of this household is already booked in at a site: book them out there first."
                    )
                )
            for person in people:
                restriction = _restriction_in_force(person, site, day)
                if restriction is not None:
                    raise ValidationError(
                        _("A member of this household may not stay at this site until %(date)s.")
                        % {"date": _restriction_end(restriction)}
                    )
            booking = RoomBooking(
                room=room, household=household, started_at=started_at, booked_in_by=acting_user
            )
            booking.full_clean(validate_constraints=False)
            booking.save(force_insert=True)
            stays = [
                Stay(
                    client=person,
                    site=site,
                    room=room,
                    bed=None,
                    room_booking=booking,
                    started_at=started_at,
                    notes=notes.strip(),
                    booked_in_by=acting_user,
                )
                for person in people
            ]
            for stay in stays:
                stay.full_clean(validate_constraints=False)
                stay.save(force_insert=True)
            if hold is not None:
                hold.status = HoldStatus.USED
                hold.closed_at = now
                hold.save(update_fields=["status", "closed_at", "updated_at"])
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=booking,
                after={
                    **audit_snapshot(booking, ["room_id", "household_id", "started_at"]),
                    "members": [str(p.pk) for p in people],
                },
            )
            for stay in stays:
                audit_record(
                    action=AuditAction.CREATE,
                    actor=acting_user,
                    target=stay,
                    client_id=stay.client_id,
                    after=audit_snapshot(stay, STAY_FIELDS),
                    detail={"room_booking": str(booking.pk)},
                )
    except IntegrityError as exc:
        raise ValidationError(_("This room or a member was booked in by someone else.")) from exc
    return booking


def room_book_out(
    *,
    acting_user: User,
    booking: RoomBooking,
    exit_reason: str,
    destination: str = "",
    ended_at: dt.datetime | None = None,
) -> RoomBooking:
    """The household leaves its family room: the booking and every member's stay end."""
    _require_site_staff(acting_user, booking.room.site)
    now = timezone.now()
    ended_at = ended_at or now
    with transaction.atomic():
        booking = RoomBooking.objects.select_for_update().get(pk=booking.pk)
        if booking.ended_at is not None:
            raise ValidationError(_("This stay is already over."))
        stays = list(
            Stay.objects.select_for_update().filter(room_booking=booking, ended_at__isnull=True)
        )
        for stay in stays:
            _check_book_out(stay, ended_at, exit_reason, destination, now)
        if ended_at < booking.started_at:
            raise ValidationError({"ended_at": _("The book-out cannot be before the book-in.")})
        booking.ended_at = ended_at
        booking.save(update_fields=["ended_at", "updated_at"])
        for stay in stays:
            _end_stay(
                stay,
                acting_user=acting_user,
                ended_at=ended_at,
                exit_reason=exit_reason,
                destination=destination,
                detail={"room_booking": str(booking.pk)},
            )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=booking,
            before={"ended_at": None},
            after={"ended_at": ended_at.isoformat()},
        )
    return booking
