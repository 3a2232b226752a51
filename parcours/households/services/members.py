"""Forming a household and changing its members over time (history kept)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.households.ages import is_minor
from parcours.households.models import (
    Guardianship,
    Household,
    HouseholdMembership,
    Relationship,
)
from parcours.households.services._common import (
    GUARDIANSHIP_FIELDS,
    MEMBERSHIP_FIELDS,
    _bump,
    _lock,
    _not_in_future,
    _org_id,
    _require_household,
    _require_identity,
)


def _check_join(
    *,
    household: Household | None,
    client: Client,
    relationship: str,
    joined_on: dt.date,
    head_reason: str,
    errors: dict[str, list[str]],
    ignore: HouseholdMembership | None = None,
) -> None:
    """The rules for a person joining a household on a date."""
    if relationship not in Relationship.values:
        errors.setdefault("relationship", []).append(
            _("Choose the person's relationship in the household.")
        )
    _not_in_future(joined_on, "joined_on", errors)
    if household is not None and joined_on < household.formed_on:
        errors.setdefault("joined_on", []).append(
            _("A member cannot join before the household was formed (%(date)s).")
            % {"date": household.formed_on.isoformat()}
        )
    others = HouseholdMembership.objects.filter(client=client)
    if ignore is not None:
        others = others.exclude(pk=ignore.pk)
    if household is not None and others.filter(household=household, left_on__isnull=True).exists():
        errors.setdefault("client", []).append(
            _("%(name)s is already a member of this household.") % {"name": client.display_name}
        )
    elif others.filter(left_on__isnull=True).exists():
        errors.setdefault("client", []).append(
            _("%(name)s is a member of another current household: record that they left it first.")
            % {"name": client.display_name}
        )
    elif others.filter(left_on__gt=joined_on).exists():
        errors.setdefault("joined_on", []).append(
            _("%(name)s was still a member of another household on that date.")
            % {"name": client.display_name}
        )
    if relationship == Relationship.HEAD:
        if household is not None:
            heads = HouseholdMembership.objects.filter(
                household=household, relationship=Relationship.HEAD, left_on__isnull=True
            )
            if ignore is not None:
                heads = heads.exclude(pk=ignore.pk)
            if heads.exists():
                errors.setdefault("relationship", []).append(
                    _("This household already has a head: record that the head left first.")
                )
        if is_minor(client, joined_on) and not head_reason.strip():
            errors.setdefault("head_reason", []).append(
                _("%(name)s is a minor: say why they are the head of the household.")
                % {"name": client.display_name}
            )


def _save_membership(membership: HouseholdMembership) -> None:
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save(force_insert=True)
    except IntegrityError as exc:
        # Another request made the same change at the same moment.
        raise ValidationError(
            {
                "client": [
                    _(
                        "%(name)s is a member of another current household: record that they "
                        "left it first."
                    )
                    % {"name": membership.client.display_name}
                ]
            }
        ) from exc


def _audit_membership(
    user: User, membership: HouseholdMembership, *, before: dict[str, Any] | None = None
) -> None:
    after = audit_snapshot(membership, MEMBERSHIP_FIELDS)
    audit_record(
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        actor=user,
        target=membership,
        client_id=membership.client_id,
        before={k: v for k, v in before.items() if after[k] != v} if before else None,
        after={k: v for k, v in after.items() if before[k] != v} if before else after,
    )


def household_create(
    *,
    acting_user: User,
    client_access: ClientAccess,
    formed_on: dt.date,
    relationship: str = Relationship.HEAD,
    head_reason: str = "",
) -> Household:
    """Start a household with its first member (usually its head)."""
    org_id = _org_id(acting_user)
    _require_identity(client_access)
    client = client_access.client
    errors: dict[str, list[str]] = {}
    _check_join(
        household=None,
        client=client,
        relationship=relationship,
        joined_on=formed_on,
        head_reason=head_reason,
        errors=errors,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Two households for one person at the same moment: the second waits here.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        household = Household(organization_id=org_id, recorded_by=acting_user, formed_on=formed_on)
        household.full_clean()
        household.save(force_insert=True)
        membership = HouseholdMembership(
            household=household,
            client=client,
            relationship=relationship,
            joined_on=formed_on,
            head_reason=head_reason.strip() if relationship == Relationship.HEAD else "",
            organization_id=org_id,
            recorded_by=acting_user,
        )
        _save_membership(membership)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=household,
            client_id=client.pk,
            after={"formed_on": formed_on.isoformat()},
        )
        _audit_membership(acting_user, membership)
    return household


def household_member_add(
    *,
    acting_user: User,
    household: Household,
    client_access: ClientAccess,
    relationship: str,
    joined_on: dt.date,
    head_reason: str = "",
    expected_version: int | None = None,
) -> HouseholdMembership:
    """A person joins the household on a date (they may have been a member of
    other households before: that history is kept)."""
    org_id = _org_id(acting_user)
    _require_identity(client_access)
    _require_household(acting_user, household)
    with transaction.atomic():
        locked = _lock(household, expected_version)
        errors: dict[str, list[str]] = {}
        _check_join(
            household=locked,
            client=client_access.client,
            relationship=relationship,
            joined_on=joined_on,
            head_reason=head_reason,
            errors=errors,
        )
        if errors:
            raise ValidationError(errors)
        membership = HouseholdMembership(
            household=locked,
            client=client_access.client,
            relationship=relationship,
            joined_on=joined_on,
            head_reason=head_reason.strip() if relationship == Relationship.HEAD else "",
            organization_id=org_id,
            recorded_by=acting_user,
        )
        _save_membership(membership)
        _audit_membership(acting_user, membership)
        _bump(household)
    return membership


def _end_guardianships(
    user: User, membership: HouseholdMembership, end_date: dt.date, reason: str
) -> None:
    """A guardian or a dependent who leaves the household leaves its guardianships."""
    for guardianship in Guardianship.objects.in_force(end_date).filter(
        Q(guardian_id=membership.client_id) | Q(dependent_id=membership.client_id),
        household_id=membership.household_id,
    ):
        before = audit_snapshot(guardianship, GUARDIANSHIP_FIELDS)
        guardianship.end_date = max(end_date, guardianship.start_date + dt.timedelta(days=1))
        guardianship.end_reason = reason[:300]
        guardianship.save(update_fields=["end_date", "end_reason", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=user,
            target=guardianship,
            client_id=guardianship.dependent_id,
            before=before,
            after=audit_snapshot(guardianship, GUARDIANSHIP_FIELDS),
        )


def household_member_leave(
    *,
    acting_user: User,
    membership: HouseholdMembership,
    client_access: ClientAccess,
    left_on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> HouseholdMembership:
    """A member leaves the household on a date (from that day they are no
    longer counted in it). Their guardianships in the household end too."""
    _org_id(acting_user)
    _require_identity(client_access)
    if membership.client_id != client_access.client.pk:
        raise PermissionDenied
    with transaction.atomic():
        _lock(membership.household, expected_version)
        current = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
        errors: dict[str, list[str]] = {}
        if current.left_on is not None:
            errors.setdefault("left_on", []).append(
                _("This person already left the household on %(date)s.")
                % {"date": current.left_on.isoformat()}
            )
        elif left_on <= current.joined_on:
            errors.setdefault("left_on", []).append(
                _("The date of leaving must be after the date of joining (%(date)s).")
                % {"date": current.joined_on.isoformat()}
            )
        _not_in_future(left_on, "left_on", errors)
        if errors:
            raise ValidationError(errors)
        before = audit_snapshot(current, MEMBERSHIP_FIELDS)
        current.left_on = left_on
        current.leave_reason = reason.strip()[:300]
        current.full_clean()
        current.save(update_fields=["left_on", "leave_reason", "updated_at"])
        _audit_membership(acting_user, current, before=before)
        _end_guardianships(acting_user, current, left_on, reason or _("Left the household"))
        _bump(membership.household)
    return current


def household_member_relationship_change(
    *,
    acting_user: User,
    membership: HouseholdMembership,
    client_access: ClientAccess,
    relationship: str,
    on: dt.date,
    head_reason: str = "",
    expected_version: int | None = None,
) -> HouseholdMembership:
    """From ``on``, the member has another relationship in the household (a
    spouse becomes the head when the head leaves). The old membership ends on
    that date and a new one starts, so the history keeps both."""
    org_id = _org_id(acting_user)
    _require_identity(client_access)
    if membership.client_id != client_access.client.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(membership.household, expected_version)
        current = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
        errors: dict[str, list[str]] = {}
        if current.left_on is not None:
            errors.setdefault("relationship", []).append(
                _("This person is no longer a member of the household.")
            )
        elif relationship == current.relationship:
            errors.setdefault("relationship", []).append(
                _("This is already the person's relationship in the household.")
            )
        elif on <= current.joined_on:
            errors.setdefault("on", []).append(
                _("The change must be after the date of joining (%(date)s).")
                % {"date": current.joined_on.isoformat()}
            )
        if not errors:
            _check_join(
                household=locked,
                client=client_access.client,
                relationship=relationship,
                joined_on=on,
                head_reason=head_reason,
                errors=errors,
                ignore=current,
            )
        if errors:
            if "joined_on" in errors:
                errors.setdefault("on", []).extend(errors.pop("joined_on"))
            raise ValidationError(errors)
        before = audit_snapshot(current, MEMBERSHIP_FIELDS)
        current.left_on = on
        current.leave_reason = _("Relationship changed")
        current.save(update_fields=["left_on", "leave_reason", "updated_at"])
        _audit_membership(acting_user, current, before=before)
        new = HouseholdMembership(
            household=locked,
            client=client_access.client,
            relationship=relationship,
            joined_on=on,
            head_reason=head_reason.strip() if relationship == Relationship.HEAD else "",
            organization_id=org_id,
            recorded_by=acting_user,
        )
        _save_membership(new)
        _audit_membership(acting_user, new)
        _bump(locked)
    return new
