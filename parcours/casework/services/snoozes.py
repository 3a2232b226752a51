"""A worker puts a worklist item aside until a date, with a reason, and
brings it back. Only items of clients the worker may see; audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.casework.models import MAX_SNOOZE_DAYS, WorkItemSnooze
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

SNOOZE_FIELDS = ["client_id", "kind", "until", "reason"]


def work_item_put_aside(
    *, acting_user: User, client_access: ClientAccess, kind: str, until: dt.date, reason: str
) -> WorkItemSnooze:
    """Hide the worker's ``kind`` item about the client until ``until`` (not
    included): a later date within ``MAX_SNOOZE_DAYS``, and a reason."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("Say why the item is put aside (e.g. “in treatment until the 20th”).")
    if until <= today:
        errors["until"] = _("Choose a date after today.")
    elif until > today + dt.timedelta(days=MAX_SNOOZE_DAYS):
        errors["until"] = _("An item is put aside for at most %(days)s days.") % {
            "days": MAX_SNOOZE_DAYS
        }
    kind = kind.strip()
    if not kind or len(kind) > 40:
        errors["kind"] = _("Choose an item of the worklist.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        snooze, created = WorkItemSnooze.objects.select_for_update().get_or_create(
            user=acting_user,
            client=client_access.client,
            kind=kind,
            defaults={"until": until, "reason": reason[:300]},
        )
        before = None if created else audit_snapshot(snooze, SNOOZE_FIELDS)
        if not created:
            snooze.until, snooze.reason = until, reason[:300]
            snooze.save(update_fields=["until", "reason", "updated_at"])
        audit_record(
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            actor=acting_user,
            target=snooze,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(snooze, SNOOZE_FIELDS),
        )
    return snooze


def work_item_bring_back(*, acting_user: User, snooze: WorkItemSnooze) -> None:
    """The item shows again on the worker's list today (only their own;
    the row stays, ended today, for the record)."""
    if snooze.user_id != acting_user.pk:
        raise ValidationError(_("Only the worker who put the item aside can bring it back."))
    with transaction.atomic():
        before = audit_snapshot(snooze, SNOOZE_FIELDS)
        snooze.until = timezone.localdate()
        snooze.save(update_fields=["until", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=snooze,
            client_id=snooze.client_id,
            before=before,
            after=audit_snapshot(snooze, SNOOZE_FIELDS),
        )
