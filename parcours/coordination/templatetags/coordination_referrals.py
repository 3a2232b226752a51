"""Referrals on the client file and the text of a notification."""

from __future__ import annotations

from typing import Any

from django import template

from parcours import access
from parcours.access import coordination as policy
from parcours.coordination.models import (
    OPEN_STATUSES,
    Notification,
)
from parcours.coordination.selectors import referrals as selectors

register = template.Library()


@register.simple_tag
def referrals_for_client(client_access: access.ClientAccess) -> dict[str, Any]:
    """The client's open referrals the user may read, for the client file.
    Not shown at all to a partner that may not read the case plan."""
    may_refer = policy.can_refer(client_access)
    if not may_refer:
        return {"visible": False}
    referrals = list(selectors.client_referrals(client_access))
    return {
        "visible": True,
        "open": [r for r in referrals if r.status in OPEN_STATUSES or r.status == "draft"],
        "total": len(referrals),
        "can_refer": may_refer,
    }


@register.simple_tag
def notification_text(notification: Notification, client_label: str) -> str:
    return selectors.notification_text(notification, client_label)
