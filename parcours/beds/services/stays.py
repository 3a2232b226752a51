"""Stays in a bed: book-in, book-out, and the nightly roll call."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.beds.models import (
    Bed,
    Destination,
    ExitReason,
    Hold,
    HoldStatus,
    Site,
    Stay,
)
from parcours.beds.services._common import (
    STAY_FIELDS,
    _check_book_out,
    _check_time,
    _end_stay,
    _expire_holds,
    _lock_bed,
    _org_id,
    _require_site_staff,
    _restriction_end,
    _restriction_in_force,
)
from parcours.beds.signals import stay_booked_in
from parcours.clients.models import Client
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction


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
            transaction.on_commit(
                lambda: stay_booked_in.send(sender=Stay, stay=stay, acting_user=acting_user)
            )
    except IntegrityError as exc:
        raise ValidationError(_("This bed or this client was booked in by someone else.")) from exc
    return stay


def stay_book_in_for(
    *,
    acting_user: User,
    bed: Bed,
    hold: Hold | None,
    client_id: uuid.UUID,
    started_at: dt.datetime | None = None,
    notes: str = "",
) -> Stay:
    """Book in the client a worker picked (by id): the client the bed is held
    for — whom the site's staff may not otherwise see — or a client they may
    see (404 otherwise). The one path of the screen and the API."""
    if hold is not None and hold.client_id == client_id:
        client = hold.client
    else:
        client = access.client_get_for_user(acting_user, client_id).client
    return stay_book_in(
        acting_user=acting_user, bed=bed, client=client, started_at=started_at, notes=notes
    )


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
        _end_stay(
            stay,
            acting_user=acting_user,
            ended_at=ended_at,
            exit_reason=exit_reason,
            destination=destination,
            notes=notes,
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
            _end_stay(
                stay,
                acting_user=acting_user,
                ended_at=max(now, stay.started_at),
                exit_reason=ExitReason.DID_NOT_RETURN,
                destination=Destination.UNKNOWN,
                detail={"roll_call": True},
            )
            ended.append(stay)
    return ended
