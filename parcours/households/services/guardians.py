"""Guardians: recorded and ended by the organization that registered the
dependent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.households.models import (
    Guardianship,
    Household,
    HouseholdMembership,
)
from parcours.households.services._common import (
    GUARDIANSHIP_FIELDS,
    _bump,
    _lock,
    _not_in_future,
    _org_id,
    _require_household,
    _require_identity,
)


def guardianship_add(
    *,
    acting_user: User,
    household: Household,
    dependent: ClientAccess,
    guardian: ClientAccess,
    start_date: dt.date,
) -> Guardianship:
    """Record that a member is the guardian of a dependent member of the same
    household. Recorded by the organization that registered the dependent."""
    org_id = _org_id(acting_user)
    if not access.can_change_guardianship(dependent):
        raise PermissionDenied(
            _("Only the organization that registered this person records their guardians.")
        )
    _require_identity(guardian)
    _require_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    _not_in_future(start_date, "start_date", errors)
    current = HouseholdMembership.objects.filter(household=household, left_on__isnull=True)
    if dependent.client.pk == guardian.client.pk:
        errors.setdefault("guardian", []).append(_("A person cannot be their own guardian."))
    if not current.filter(client=dependent.client).exists():
        errors.setdefault("dependent", []).append(
            _("%(name)s is not a current member of this household.")
            % {"name": dependent.client.display_name}
        )
    if not current.filter(client=guardian.client).exists():
        errors.setdefault("guardian", []).append(
            _("The guardian must be a current member of the household: add %(name)s first.")
            % {"name": guardian.client.display_name}
        )
    if not dependent.client.date_of_birth and not dependent.client.birth_year:
        errors.setdefault("dependent", []).append(
            _(
                "Record the date of birth of %(name)s first: it says until when the "
                "guardian's consent governs their record."
            )
            % {"name": dependent.client.display_name}
        )
    if Guardianship.objects.filter(
        dependent=dependent.client, guardian=guardian.client, end_date__isnull=True
    ).exists():
        errors.setdefault("guardian", []).append(
            _("%(name)s is already recorded as this person's guardian.")
            % {"name": guardian.client.display_name}
        )
    if errors:
        raise ValidationError(errors)
    guardianship = Guardianship(
        household=household,
        dependent=dependent.client,
        guardian=guardian.client,
        start_date=start_date,
        organization_id=org_id,
        recorded_by=acting_user,
    )
    guardianship.full_clean()
    with transaction.atomic():
        _lock(household, None)
        guardianship.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=guardianship,
            client_id=dependent.client.pk,
            after=audit_snapshot(guardianship, GUARDIANSHIP_FIELDS),
        )
        _bump(household)
    return guardianship


def guardianship_end(
    *,
    acting_user: User,
    guardianship: Guardianship,
    dependent: ClientAccess,
    end_date: dt.date,
    reason: str,
) -> Guardianship:
    """End a guardianship (a court order, the youth came of age, a mistake)."""
    _org_id(acting_user)
    if guardianship.dependent_id != dependent.client.pk or not access.can_change_guardianship(
        dependent
    ):
        raise PermissionDenied(
            _("Only the organization that registered this person records their guardians.")
        )
    errors: dict[str, list[str]] = {}
    if guardianship.end_date is not None:
        errors.setdefault("end_date", []).append(_("This guardianship has already ended."))
    elif end_date <= guardianship.start_date:
        errors.setdefault("end_date", []).append(_("The end date must be after the start date."))
    _not_in_future(end_date, "end_date", errors)
    if not reason.strip():
        errors.setdefault("reason", []).append(_("Say why the guardianship ends."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Guardianship.objects.select_for_update().get(pk=guardianship.pk)
        before = audit_snapshot(current, GUARDIANSHIP_FIELDS)
        current.end_date = end_date
        current.end_reason = reason.strip()[:300]
        current.full_clean()
        current.save(update_fields=["end_date", "end_reason", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.dependent_id,
            before=before,
            after=audit_snapshot(current, GUARDIANSHIP_FIELDS),
        )
        _bump(current.household)
    return current
