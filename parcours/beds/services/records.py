"""Turnaways, service restrictions and street contacts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.beds.models import (
    ServiceRestriction,
    Site,
    StreetContact,
    Turnaway,
    TurnawayReason,
)
from parcours.beds.services._common import (
    FUTURE_TOLERANCE,
    _org_id,
    _require_site_staff,
)
from parcours.beds.signals import street_contact_recorded
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction


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
        transaction.on_commit(
            lambda: street_contact_recorded.send(
                sender=StreetContact, contact=contact, acting_user=acting_user
            )
        )
    return contact
