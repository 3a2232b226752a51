"""Reads of the audit log, filtered by the access policy."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from parcours.core import access
from parcours.core.models import AuditEvent


def audit_event_list(
    user: Any,
    *,
    actor: str = "",
    client_id: uuid.UUID | None = None,
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events the user may read, newest first. Dates are local days
    (the site's time zone), both ends included."""
    qs = access.audit_events_visible_to(user).select_related("actor", "organization")
    if actor:
        for word in actor.split():
            qs = qs.filter(
                Q(actor_label__icontains=word)
                | Q(actor__given_name__icontains=word)
                | Q(actor__family_name__icontains=word)
            )
    if client_id:
        qs = qs.filter(client_id=client_id)
    if action:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(occurred_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(
            occurred_at__lt=dt.datetime.combine(
                date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
        )
    return qs.order_by("-id")
