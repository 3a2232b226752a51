"""Consent directives, lock-boxes and emergency (break-the-glass) access."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess, two_factor_verified
from parcours.accounts.models import Organization, User
from parcours.clients.models import (
    BreakGlassAccess,
    Client,
    ConsentDirective,
    ConsentLockBox,
    ConsentMethod,
    DataCategory,
)
from parcours.clients.selectors import client_by_exact_identifiers
from parcours.clients.services.registry import _org_id
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.core.text import is_uuid

# --- Consent directives ------------------------------------------------------


def consent_directive_create(
    *,
    acting_user: User,
    client_access: ClientAccess,
    categories: Sequence[str],
    start_date: dt.date,
    end_date: dt.date | None = None,
    method: str,
    all_partners: bool = False,
    organizations: Sequence[Organization] = (),
    organization_ids: Sequence[Any] = (),
    witnessed_by: str = "",
    notes: str = "",
) -> ConsentDirective:
    """Record the client's consent directive. Without an end date it lasts
    CONSENT_DEFAULT_DAYS (one year)."""
    if not client_access.can_record_consent:
        raise PermissionDenied(_("You may not record consent for this client."))
    errors: dict[str, list[str]] = {}
    orgs = list(organizations)
    if organization_ids:
        wanted = {str(i) for i in organization_ids}
        found = list(Organization.objects.filter(pk__in=[i for i in wanted if is_uuid(i)]))
        missing = wanted - {str(o.pk) for o in found}
        for org_id in sorted(missing):
            errors.setdefault("organizations", []).append(
                _("Unknown organization: %(id)s.") % {"id": org_id}
            )
        orgs += found
    for org in orgs:
        if not org.is_partner:
            errors.setdefault("organizations", []).append(
                _("%(name)s is not a partner of the network: consent cannot share with it.")
                % {"name": org.name}
            )
    if all_partners and orgs:
        errors.setdefault("organizations", []).append(
            _("Choose either all partners or named partners, not both.")
        )
    if not all_partners and not orgs:
        errors.setdefault("organizations", []).append(
            _("Choose the partners this consent is for, or all partners.")
        )
    unknown = [c for c in categories if c not in DataCategory.values]
    for category in unknown:
        errors.setdefault("categories", []).append(
            _("Unknown category: %(category)s.") % {"category": category}
        )
    if not categories:
        errors.setdefault("categories", []).append(_("Choose at least one category to share."))
    if method not in ConsentMethod.values:
        errors.setdefault("method", []).append(_("Say whether consent was written or verbal."))
    if end_date is None and start_date is not None:
        end_date = start_date + dt.timedelta(days=settings.CONSENT_DEFAULT_DAYS)
    if start_date and end_date and end_date < start_date:
        errors.setdefault("end_date", []).append(_("The end date is before the start date."))
    if method == ConsentMethod.VERBAL and not witnessed_by.strip():
        errors.setdefault("witnessed_by", []).append(
            _("Verbal consent needs the name of the person who witnessed it.")
        )
    if errors:
        raise ValidationError(errors)
    directive = ConsentDirective(
        client=client_access.client,
        all_partners=all_partners,
        start_date=start_date,
        end_date=end_date,
        method=method,
        witnessed_by=witnessed_by.strip(),
        notes=notes,
        recorded_by=acting_user,
        recorded_by_organization_id=_org_id(acting_user),
        **{f"share_{c}": c in categories for c in DataCategory.values},
    )
    directive.full_clean()
    with transaction.atomic():
        directive.save(force_insert=True)
        directive.organizations.set(orgs)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=directive,
            client_id=client_access.client.pk,
            after={
                "all_partners": all_partners,
                "organizations": sorted(str(o.pk) for o in orgs),
                "categories": directive.categories,
                "start_date": str(start_date),
                "end_date": str(end_date),
                "method": method,
            },
        )
    return directive


def consent_directive_withdraw(
    *, acting_user: User, client_access: ClientAccess, directive: ConsentDirective, reason: str = ""
) -> ConsentDirective:
    """Withdraw consent: sharing stops at the next request."""
    if not client_access.can_withdraw_consent or directive.client_id != client_access.client.pk:
        raise PermissionDenied(_("You may not withdraw this client's consent."))
    if directive.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    with transaction.atomic():
        directive.withdrawn_at = timezone.now()
        directive.withdrawn_by = acting_user
        directive.withdrawal_reason = reason.strip()[:300]
        directive.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"]
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=directive,
            client_id=directive.client_id,
            before={"withdrawn_at": None},
            after={
                "withdrawn_at": directive.withdrawn_at.isoformat(),
                "reason": directive.withdrawal_reason,
            },
        )
    return directive


def lock_box_add(
    *,
    acting_user: User,
    client_access: ClientAccess,
    organization: Organization,
    category: str = "",
    target: Model | None = None,
    reason: str = "",
) -> ConsentLockBox:
    """Keep one category, or one record, of the client's file from one partner.
    Lock-boxes are kept by the organization that registered the client."""
    if not client_access.registered_here:
        raise PermissionDenied(
            _("Only the organization that registered this client can set a lock-box.")
        )
    if bool(category) == bool(target):
        raise ValidationError(
            _("Choose either a category or one record to keep from this partner.")
        )
    if category and category not in DataCategory.values:
        raise ValidationError(
            {"category": _("Unknown category: %(category)s.") % {"category": category}}
        )
    box = ConsentLockBox(
        client=client_access.client,
        organization=organization,
        category=category,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        reason=reason.strip(),
        recorded_by=acting_user,
    )
    box.full_clean()
    with transaction.atomic():
        box.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=box,
            client_id=client_access.client.pk,
            after=audit_snapshot(
                box, ["organization_id", "category", "target_type", "target_id", "reason"]
            ),
        )
    return box


def lock_box_remove(*, acting_user: User, box: ConsentLockBox) -> ConsentLockBox:
    if box.removed_at is not None:
        return box
    with transaction.atomic():
        box.removed_at = timezone.now()
        box.save(update_fields=["removed_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=box,
            client_id=box.client_id,
            before={"removed_at": None},
            after={"removed_at": box.removed_at.isoformat()},
        )
    return box


# --- Break the glass ---------------------------------------------------------


def break_glass_check_reason(*, acting_user: User, reason: str) -> None:
    """Refuse an emergency access without a real reason, or by someone who
    does not work for a partner, or signed in without two-factor sign-in,
    before looking the client up."""
    if acting_user.organization_id is None:
        raise PermissionDenied(_("Only staff of a partner organization can use emergency access."))
    if not two_factor_verified(acting_user):
        raise PermissionDenied(
            _(
                "Emergency access needs two-factor sign-in: set it up, or enter your code, then try again."
            )
        )
    if len(reason.strip()) < 10:
        raise ValidationError(
            {
                "reason": _(
                    "Explain the emergency (at least 10 characters): it is reviewed by a coordinator."
                )
            }
        )


def break_glass_open(*, acting_user: User, client: Client, reason: str) -> BreakGlassAccess:
    """Open a client's record outside consent in an emergency."""
    break_glass_check_reason(acting_user=acting_user, reason=reason)
    reason = reason.strip()
    now = timezone.now()
    grant = BreakGlassAccess(
        user=acting_user,
        organization_id=_org_id(acting_user),
        client=client,
        reason=reason,
        expires_at=now + dt.timedelta(hours=settings.BREAK_GLASS_HOURS),
    )
    with transaction.atomic():
        grant.save(force_insert=True)
        audit_record(
            action=AuditAction.BREAK_GLASS,
            actor=acting_user,
            target=grant,
            client_id=client.pk,
            detail={"reason": reason, "expires_at": grant.expires_at.isoformat()},
        )
    return grant


class NoExactMatch(ObjectDoesNotExist):
    """No single record matches the identifiers of an emergency access exactly
    (or not the record the caller named): nothing is opened, nothing written."""


def break_glass_open_by_identifiers(
    *,
    acting_user: User,
    reason: str,
    health_card_number: str = "",
    name: str = "",
    date_of_birth: dt.date | None = None,
    client_id: uuid.UUID | None = None,
) -> BreakGlassAccess:
    """Emergency access as the screen and the API both open it: the reason is
    checked first (so a bad request says nothing about who exists), then the
    record is found by exact identifiers only (``client_by_exact_identifiers``:
    a health card number, or a full name with the date of birth) and, when the
    caller names a record (``client_id``), it must be that one. Otherwise
    ``NoExactMatch`` and nothing is written; then the access is opened, audited
    and waits for review like any other."""
    break_glass_check_reason(acting_user=acting_user, reason=reason)
    client = client_by_exact_identifiers(
        health_card_number=health_card_number, name=name, date_of_birth=date_of_birth
    )
    if client is None or (client_id is not None and str(client.pk) != str(client_id)):
        raise NoExactMatch(
            _(
                "No single record matches exactly. Check the health card number, or the full name with the date of birth."
            )
        )
    return break_glass_open(acting_user=acting_user, client=client, reason=reason)


def break_glass_review(
    *, acting_user: User, grant: BreakGlassAccess, note: str
) -> BreakGlassAccess:
    if grant.reviewed_at is not None:
        raise ValidationError(_("This emergency access was already reviewed."))
    if grant.user_id == acting_user.pk:
        raise ValidationError(_("Someone else must review your own emergency access."))
    with transaction.atomic():
        grant.reviewed_at = timezone.now()
        grant.reviewed_by = acting_user
        grant.review_note = note.strip()
        grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=grant,
            client_id=grant.client_id,
            after={"reviewed": True, "note": grant.review_note},
        )
    return grant
