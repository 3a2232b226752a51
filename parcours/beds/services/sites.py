"""Configuration: sites, rooms and their beds (an organization's administrators)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import Program, User
from parcours.beds.models import (
    Bed,
    GenderRestriction,
    Room,
    Site,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction


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
    evening_intake_time: dt.time | None = None,
) -> Site:
    _require_site_admin(acting_user, program)
    site = Site(
        program=program,
        name=name.strip(),
        kind=kind,
        address=address.strip(),
        phone=phone.strip(),
        night_by_night=night_by_night,
        evening_intake_time=evening_intake_time,
    )
    site.full_clean()
    with transaction.atomic():
        site.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=site,
            after=audit_snapshot(
                site, ["name", "kind", "program_id", "night_by_night", "evening_intake_time"]
            ),
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
