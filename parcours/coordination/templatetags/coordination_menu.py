"""``{% coordination_menu as menu %}``: the menu's notifications badge, board
and roster items (``selectors.menu``), read once per request."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.accounts.models import User
from parcours.coordination.selectors.menu import CoordinationMenu, coordination_menu

register = template.Library()


@register.simple_tag(takes_context=True, name="coordination_menu")
def coordination_menu_tag(context: Any) -> CoordinationMenu:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return CoordinationMenu()
    cached: CoordinationMenu | None = getattr(request, "_parcours_coordination_menu", None)
    if cached is None:
        cached = coordination_menu(user)
        request._parcours_coordination_menu = cached
    return cached
