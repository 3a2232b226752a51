"""Writes of the beds app. Every service validates first (a translated
``ValidationError``, nothing written), then writes inside one transaction
with its audit event.

Double booking is prevented twice: the services lock the bed's (or the
family room's) row with ``select_for_update`` before they look at its stays
and holds, and partial unique constraints refuse a second open stay or a
second active hold on a bed even if a caller skipped the lock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import Program, User
from parcours.beds.models import (
    Bed,
    Destination,
    ExitReason,
    GenderRestriction,
    Hold,
    HoldStatus,
    Room,
    RoomBooking,
    ServiceRestriction,
    Site,
    SiteKind,
    Stay,
    StreetContact,
    Turnaway,
    TurnawayReason,
)
from parcours.clients.models import Client
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.households.models import Household
from parcours.households.selectors import household_members_on

DEFAULT_HOLD_HOURS = 4
MAX_HOLD_HOURS = 72
# A book-in or book-out may be entered a little after the fact, never ahead.
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


# --- Configuration ------------------------------------------------------------


def _require_site_admin(user: User, program: Program) -> None:
    if not access.can_manage_organization(user, program.organization):
        raise PermissionDenied(
            _("Only an administrator of the organization can change its sites, rooms and beds.")
        )


def site_create(
    *,
    acting_user: User,
    program: Program,
    name: str,
    kind: str,
    address: str = "",
    phone: str = "",
    night_by_night: bool = False,
) -> Site:
    _require_site_admin(acting_user, program)
    site = Site(
        program=program,
        name=name.strip(),
        kind=kind,
        address=address.strip(),
        phone=phone.strip(),
        night_by_night=night_by_night,
    )
    site.full_clean()
    with transaction.atomic():
        site.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=site,
            after=audit_snapshot(site, ["name", "kind", "program_id", "night_by_night"]),
        )
    return site


def room_create(
    *,
    acting_user: User,
    site: Site,
    name: str,
    beds: int | Sequence[str] = 1,
    is_family_room: bool = False,
    gender: str = GenderRestriction.ANY,
    min_age: int | None = None,
    max_age: int | None = None,
    accessible: bool = False,
    pets_allowed: bool = False,
    sort_order: int = 100,
) -> Room:
    """A room with its beds (a number, labelled 1…n, or a list of labels)."""
    _require_site_admin(acting_user, site.program)
    labels = [str(n) for n in range(1, beds + 1)] if isinstance(beds, int) else list(beds)
    if not labels:
        raise ValidationError({"beds": _("A room has at least one bed.")})
    room = Room(
        site=site,
        name=name.strip(),
        is_family_room=is_family_room,
        gender=gender,
        min_age=min_age,
        max_age=max_age,
        accessible=accessible,
        pets_allowed=pets_allowed,
        sort_order=sort_order,
    )
    if min_age is not None and max_age is not None and max_age < min_age:
        raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})
    room.full_clean()
    with transaction.atomic():
        room.save(force_insert=True)
        Bed.objects.bulk_create([Bed(room=room, label=label) for label in labels])
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=room,
            after={
                **audit_snapshot(room, ["site_id", "name", "is_family_room", "gender"]),
                "beds": labels,
            },
        )
    return room


# --- Holds --------------------------------------------------------------------


def _expire_holds(*, bed: Bed | None = None, room: Room | None = None, now: dt.datetime) -> None:
    """Holds whose time has passed are marked expired (under the caller's lock)."""
    qs = Hold.objects.filter(status=HoldStatus.ACTIVE, expires_at__lte=now)
    if bed is not None:
        qs = qs.filter(bed=bed)
    elif room is not None:
        qs = qs.filter(room=room, bed__isnull=True)
    qs.update(status=HoldStatus.EXPIRED, closed_at=now, updated_at=now)


def _lock_bed(bed_id: Any) -> Bed:
    return Bed.objects.select_for_update().select_related("room__site__program").get(pk=bed_id)


def _lock_room(room_id: Any) -> Room:
    return Room.objects.select_for_update().select_related("site__program").get(pk=room_id)


def hold_place(
    *,
    acting_user: User,
    client_access: ClientAccess,
    bed: Bed | None = None,
    room: Room | None = None,
    household: Household | None = None,
    hours: int = DEFAULT_HOLD_HOURS,
    reason: str = "",
) -> Hold:
    """Keep a free bed (or a free family room) for a referred client for a few
    hours. The referring worker may work at any partner and must be able to
    see the client; the site's staff see who is held."""
    org_id = _org_id(acting_user)
    if (bed is None) == (room is None):
        raise ValidationError(_("Choose a bed, or a family room."))
    if not 1 <= hours <= MAX_HOLD_HOURS:
        raise ValidationError(
            {"hours": _("A hold lasts between 1 and %(max)s hours.") % {"max": MAX_HOLD_HOURS}}
        )
    client = client_access.client
    now = timezone.now()
    try:
        with transaction.atomic():
            if bed is not None:
                bed = _lock_bed(bed.pk)
                room = bed.room
                if room.is_family_room:
                    raise ValidationError(
                        _("This bed is in a family room: hold the whole room for the household.")
                    )
                _expire_holds(bed=bed, now=now)
                if Stay.objects.filter(bed=bed, ended_at__isnull=True).exists():
                    raise ValidationError(_("This bed is occupied."))
                if Hold.objects.filter(bed=bed, status=HoldStatus.ACTIVE).exists():
                    raise ValidationError(_("This bed is already held for someone else."))
            else:
                assert room is not None
                room = _lock_room(room.pk)
                if not room.is_family_room:
                    raise ValidationError(_("Only a family room is held as a whole."))
                if household is None:
                    raise ValidationError(
                        {"household": _("Choose the household the family room is held for.")}
                    )
                if (
                    not household_members_on(household, timezone.localdate(now))
                    .filter(client=client)
                    .exists()
                ):
                    raise ValidationError(
                        {"household": _("The client is not a member of this household.")}
                    )
                _expire_holds(room=room, now=now)
                if room_is_booked(room):
                    raise ValidationError(_("This family room is occupied."))
                if Hold.objects.filter(
                    room=room, bed__isnull=True, status=HoldStatus.ACTIVE
                ).exists():
                    raise ValidationError(_("This family room is already held for someone else."))
            site = room.site
            if not site.is_active or not room.is_active or (bed is not None and not bed.is_active):
                raise ValidationError(_("This bed is not in service."))
            restriction = _restriction_in_force(client, site, timezone.localdate(now))
            if restriction is not None:
                raise ValidationError(
                    _("This client may not stay at this site until %(date)s.")
                    % {"date": _restriction_end(restriction)}
                )
            if Stay.objects.filter(client=client, ended_at__isnull=True).exists():
                raise ValidationError(_("This client is already booked in at a site."))
            hold = Hold(
                room=room,
                bed=bed,
                client=client,
                household=household if bed is None else None,
                status=HoldStatus.ACTIVE,
                expires_at=now + dt.timedelta(hours=hours),
                reason=reason.strip()[:300],
                placed_by=acting_user,
                placed_by_organization_id=org_id,
            )
            hold.full_clean(validate_constraints=False)
            hold.save(force_insert=True)
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=hold,
                client_id=client.pk,
                after=audit_snapshot(hold, HOLD_FIELDS),
            )
    except IntegrityError as exc:
        # Only reachable without the row lock: the constraint still refuses it.
        raise ValidationError(_("This bed is already held for someone else.")) from exc
    return hold


def hold_release(*, acting_user: User, hold: Hold) -> Hold:
    """Give a held bed back: the worker's organization placed it, or runs the site."""
    org_id = _org_id(acting_user)
    if hold.placed_by_organization_id != org_id and not access.can_run_bed_site(
        acting_user, hold.room.site
    ):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        hold = Hold.objects.select_for_update().get(pk=hold.pk)
        if not hold.is_in_force(now):
            raise ValidationError(_("This hold is no longer in force."))
        before = audit_snapshot(hold, ["status"])
        hold.status = HoldStatus.RELEASED
        hold.closed_at = now
        hold.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=hold,
            client_id=hold.client_id,
            before=before,
            after=audit_snapshot(hold, ["status"]),
        )
    return hold


# --- Stays --------------------------------------------------------------------


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


def _may_book_client(user: User, client: Client, *, hold: Hold | None) -> None:
    """The site's staff book in a client they may see, or the client a
    partner held a bed for (the referral shares the name with the site)."""
    if hold is not None and hold.client_id == client.pk:
        return
    if not access.clients_visible_to(user).filter(pk=client.pk).exists():
        raise PermissionDenied


def stay_book_in(
    *,
    acting_user: User,
    bed: Bed,
    client: Client,
    started_at: dt.datetime | None = None,
    notes: str = "",
) -> Stay:
    """Book a client into a free bed (or the bed held for them)."""
    _org_id(acting_user)
    site = bed.room.site
    _require_site_staff(acting_user, site)
    now = timezone.now()
    started_at = started_at or now
    _check_time(started_at, "started_at", now)
    try:
        with transaction.atomic():
            bed = _lock_bed(bed.pk)
            room = bed.room
            if room.is_family_room:
                raise ValidationError(
                    _("This bed is in a family room: book the room in for the household.")
                )
            if not (site.is_active and room.is_active and bed.is_active):
                raise ValidationError(_("This bed is not in service."))
            _expire_holds(bed=bed, now=now)
            if Stay.objects.filter(bed=bed, ended_at__isnull=True).exists():
                raise ValidationError(_("This bed is occupied: book the person out first."))
            hold = Hold.objects.filter(bed=bed, status=HoldStatus.ACTIVE).first()
            if hold is not None and hold.client_id != client.pk:
                raise ValidationError(_("This bed is held for someone else."))
            _may_book_client(acting_user, client, hold=hold)
            if Stay.objects.filter(client=client, ended_at__isnull=True).exists():
                raise ValidationError(
                    _("This client is already booked in at a site: book them out there first.")
                )
            restriction = _restriction_in_force(client, site, timezone.localdate(started_at))
            if restriction is not None:
                raise ValidationError(
                    _("This client may not stay at this site until %(date)s.")
                    % {"date": _restriction_end(restriction)}
                )
            stay = Stay(
                client=client,
                site=site,
                room=room,
                bed=bed,
                started_at=started_at,
                notes=notes.strip(),
                booked_in_by=acting_user,
            )
            stay.full_clean(validate_constraints=False)
            stay.save(force_insert=True)
            if hold is not None:
                hold.status = HoldStatus.USED
                hold.closed_at = now
                hold.save(update_fields=["status", "closed_at", "updated_at"])
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=stay,
                client_id=client.pk,
                after=audit_snapshot(stay, STAY_FIELDS),
                detail={"hold": str(hold.pk)} if hold else {},
            )
    except IntegrityError as exc:
        raise ValidationError(_("This bed or this client was booked in by someone else.")) from exc
    return stay


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


def stay_book_out(
    *,
    acting_user: User,
    stay: Stay,
    exit_reason: str,
    destination: str = "",
    ended_at: dt.datetime | None = None,
    notes: str = "",
) -> Stay:
    """End a stay in a bed (a family room's stays end with its booking)."""
    _require_site_staff(acting_user, stay.site)
    if stay.room_booking_id is not None:
        raise ValidationError(_("This person stays in a family room: book the household out."))
    now = timezone.now()
    ended_at = ended_at or now
    with transaction.atomic():
        stay = Stay.objects.select_for_update().get(pk=stay.pk)
        _check_book_out(stay, ended_at, exit_reason, destination, now)
        before = audit_snapshot(stay, ["ended_at", "exit_reason", "destination"])
        stay.ended_at = ended_at
        stay.exit_reason = exit_reason
        stay.destination = destination
        stay.booked_out_by = acting_user
        if notes.strip():
            stay.notes = "\n".join(n for n in [stay.notes, notes.strip()] if n)
        stay.save(
            update_fields=[
                "ended_at",
                "exit_reason",
                "destination",
                "booked_out_by",
                "notes",
                "updated_at",
            ]
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=stay,
            client_id=stay.client_id,
            before=before,
            after=audit_snapshot(stay, ["ended_at", "exit_reason", "destination"]),
        )
    return stay


def roll_call(*, acting_user: User, site: Site, present_stay_ids: Sequence[Any]) -> list[Stay]:
    """The nightly roll call of a night-by-night site: whoever holds a bed
    and did not come back is booked out ("did not come back for the night").
    Returns the stays that were ended."""
    _require_site_staff(acting_user, site)
    if not site.night_by_night:
        raise ValidationError(_("This site does not give beds night by night."))
    present = {str(i) for i in present_stay_ids}
    now = timezone.now()
    ended: list[Stay] = []
    with transaction.atomic():
        open_stays = list(
            Stay.objects.select_for_update()
            .filter(site=site, ended_at__isnull=True, bed__isnull=False)
            .order_by("started_at")
        )
        unknown = present - {str(s.pk) for s in open_stays}
        if unknown:
            raise ValidationError(_("The roll call lists a stay that is not open at this site."))
        for stay in open_stays:
            if str(stay.pk) in present:
                continue
            stay.ended_at = max(now, stay.started_at)
            stay.exit_reason = ExitReason.DID_NOT_RETURN
            stay.destination = Destination.UNKNOWN
            stay.booked_out_by = acting_user
            stay.save(
                update_fields=[
                    "ended_at",
                    "exit_reason",
                    "destination",
                    "booked_out_by",
                    "updated_at",
                ]
            )
            audit_record(
                action=AuditAction.UPDATE,
                actor=acting_user,
                target=stay,
                client_id=stay.client_id,
                before={"ended_at": None},
                after=audit_snapshot(stay, ["ended_at", "exit_reason", "destination"]),
                detail={"roll_call": True},
            )
            ended.append(stay)
    return ended


# --- Turnaways, service restrictions, street contacts -------------------------


def turnaway_record(
    *,
    acting_user: User,
    site: Site,
    reason: str,
    detail: str = "",
    client_access: ClientAccess | None = None,
    people: int = 1,
    occurred_at: dt.datetime | None = None,
) -> Turnaway:
    """Someone asked for a bed and was turned away: unmet demand. The
    person's name is optional (many do not give it)."""
    _require_site_staff(acting_user, site)
    now = timezone.now()
    occurred_at = occurred_at or now
    errors: dict[str, list[str]] = {}
    if reason not in TurnawayReason.values:
        errors.setdefault("reason", []).append(_("Choose the reason for the turnaway."))
    if reason in (TurnawayReason.OTHER, TurnawayReason.RESTRICTION) and not detail.strip():
        errors.setdefault("detail", []).append(_("Say which restriction, or what happened."))
    if not 1 <= people <= 30:
        errors.setdefault("people", []).append(_("Enter between 1 and 30 people."))
    if occurred_at > now + FUTURE_TOLERANCE:
        errors.setdefault("occurred_at", []).append(_("This time is in the future."))
    if errors:
        raise ValidationError(errors)
    turnaway = Turnaway(
        site=site,
        occurred_at=occurred_at,
        reason=reason,
        detail=detail.strip(),
        client=client_access.client if client_access else None,
        people=people,
        recorded_by=acting_user,
    )
    turnaway.full_clean()
    with transaction.atomic():
        turnaway.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=turnaway,
            client_id=turnaway.client_id,
            after=audit_snapshot(turnaway, ["site_id", "occurred_at", "reason", "people"]),
        )
    return turnaway


def restriction_create(
    *,
    acting_user: User,
    site: Site,
    client_access: ClientAccess,
    starts_on: dt.date,
    ends_on: dt.date | None,
    reason: str,
) -> ServiceRestriction:
    """A service restriction: the client may not stay at this site until the end date."""
    _require_site_staff(acting_user, site)
    errors: dict[str, list[str]] = {}
    if ends_on is not None and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The end date is before the start date."))
    if len(reason.strip()) < 5:
        errors.setdefault("reason", []).append(_("Give the reason (at least 5 characters)."))
    if errors:
        raise ValidationError(errors)
    restriction = ServiceRestriction(
        client=client_access.client,
        site=site,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        recorded_by=acting_user,
    )
    restriction.full_clean()
    with transaction.atomic():
        restriction.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=restriction,
            client_id=restriction.client_id,
            after=audit_snapshot(restriction, ["site_id", "starts_on", "ends_on"]),
        )
    return restriction


def restriction_lift(*, acting_user: User, restriction: ServiceRestriction) -> ServiceRestriction:
    _require_site_staff(acting_user, restriction.site)
    if restriction.lifted_at is not None:
        raise ValidationError(_("This restriction is already lifted."))
    now = timezone.now()
    with transaction.atomic():
        restriction.lifted_at = now
        restriction.save(update_fields=["lifted_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=restriction,
            client_id=restriction.client_id,
            before={"lifted_at": None},
            after={"lifted_at": now.isoformat()},
        )
    return restriction


def street_contact_record(
    *, acting_user: User, client_access: ClientAccess, seen_on: dt.date, place: str = ""
) -> StreetContact:
    """Outreach saw the person sleeping outside (or in a place not meant for
    living) that day: a homeless day for the by-name list."""
    org_id = _org_id(acting_user)
    if seen_on > timezone.localdate():
        raise ValidationError({"seen_on": _("This date is in the future.")})
    contact = StreetContact(
        client=client_access.client,
        seen_on=seen_on,
        place=place.strip(),
        organization_id=org_id,
        recorded_by=acting_user,
    )
    contact.full_clean()
    with transaction.atomic():
        contact.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=contact,
            client_id=contact.client_id,
            after=audit_snapshot(contact, ["seen_on", "place"]),
        )
    return contact


def bed_records_viewed(
    *,
    user: User,
    section: str,
    client_ids: Sequence[uuid.UUID],
    site: Site | None = None,
    via: str = "web",
) -> None:
    """A page or an answer that names clients (a site's board, its turnaways,
    holds, a client's stays) is in the audit log with the clients it showed.
    One event for a list; one per client for a client's own page."""
    ids = list(dict.fromkeys(client_ids))
    audit_record(
        action=AuditAction.VIEW,
        actor=user,
        target=site,
        client_id=ids[0] if len(ids) == 1 else None,
        detail={"via": via, "section": section, "clients": [str(c) for c in ids]},
    )


__all__ = [
    "DEFAULT_HOLD_HOURS",
    "MAX_HOLD_HOURS",
    "SiteKind",
    "hold_place",
    "hold_release",
    "restriction_create",
    "restriction_lift",
    "roll_call",
    "room_create",
    "site_create",
    "stay_book_in",
    "stay_book_out",
    "street_contact_record",
    "turnaway_record",
]
