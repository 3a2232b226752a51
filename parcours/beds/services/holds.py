"""Holds: a free bed (or family room) kept a few hours for a referred client."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.beds.models import (
    Bed,
    Hold,
    HoldStatus,
    Room,
    Site,
    Stay,
)
from parcours.beds.services._common import (
    DEFAULT_HOLD_HOURS,
    HOLD_FIELDS,
    MAX_HOLD_HOURS,
    _expire_holds,
    _lock_bed,
    _lock_room,
    _org_id,
    _restriction_end,
    _restriction_in_force,
    room_is_booked,
)
from parcours.beds.signals import hold_placed
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.households.models import Household
from parcours.households.selectors import household_members_on


def hold_default_end(site: Site, now: dt.datetime) -> dt.datetime:
    """When a hold placed ``now`` ends by default: the site's evening intake
    time today, when the site has one and it is at least an hour away;
    otherwise ``DEFAULT_HOLD_HOURS`` from now."""
    if site.evening_intake_time is not None:
        local = timezone.localtime(now)
        intake = timezone.make_aware(
            dt.datetime.combine(local.date(), site.evening_intake_time),
            timezone.get_current_timezone(),
        )
        if intake - now >= dt.timedelta(hours=1):
            return intake
    return now + dt.timedelta(hours=DEFAULT_HOLD_HOURS)


def hold_place(
    *,
    acting_user: User,
    client_access: ClientAccess,
    bed: Bed | None = None,
    room: Room | None = None,
    household: Household | None = None,
    hours: int | None = None,
    reason: str = "",
) -> Hold:
    """Keep a free bed (or a free family room) for a referred client for a few
    hours — by default until the site's evening intake time (``hold_default_end``).
    The referring worker may work at any partner and must be able to see the
    client; the site's staff see who is held."""
    org_id = _org_id(acting_user)
    if (bed is None) == (room is None):
        raise ValidationError(_("Choose a bed, or a family room."))
    if hours is not None and not 1 <= hours <= MAX_HOLD_HOURS:
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
                expires_at=(
                    hold_default_end(site, now)
                    if hours is None
                    else now + dt.timedelta(hours=hours)
                ),
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
            transaction.on_commit(
                lambda: hold_placed.send(sender=Hold, hold=hold, acting_user=acting_user)
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
