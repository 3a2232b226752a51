"""``{% user_has_board user as show %}`` (the menu item) and
``{% appointments_for_client client_access as ap %}`` (the client file's
section): read through the access policy and the app's selectors."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.access import ClientAccess
from parcours.access.board import can_record_appointment, has_board
from parcours.accounts.models import User
from parcours.coordination.selectors import appointments as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def user_has_board(context: Any, user: Any) -> bool:
    """At most one query per request (kept on the request)."""
    if not isinstance(user, User):
        return False
    request = context.get("request")
    cached = getattr(request, "_parcours_has_board", None)
    if cached is None:
        cached = has_board(user)
        if request is not None:
            request._parcours_has_board = cached
    return bool(cached)


@register.simple_tag
def appointments_for_client(client_access: ClientAccess) -> dict[str, Any]:
    return {
        "upcoming": list(selectors.client_appointments(client_access)[:5]),
        "due": selectors.appointments_due(client_access).count(),
        "can_record": can_record_appointment(client_access, "other"),
    }
