"""The preferences and offers of a client's file, in its housing section:
``{% load housing_matching %}{% housing_matching_panel %}``. Reads through the
matching selectors (housing-category client data)."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.access.housing_matching import (
    can_answer_offer,
    can_see_client_housing,
    can_write_preferences,
)
from parcours.housing import matching_selectors
from parcours.housing.models import AccessibilityNeed, UnitType

register = template.Library()


@register.inclusion_tag("housing/matching/_panel.html", takes_context=True)
def housing_matching_panel(context: dict[str, Any]) -> dict[str, Any]:
    client_access = context.get("client_access")
    if client_access is None or not can_see_client_housing(client_access):
        return {"show": False}
    preference = matching_selectors.preference_get(client_access)
    offers = list(matching_selectors.client_offers(client_access)[:10])
    for offer in offers:
        offer.may_answer = can_answer_offer(client_access.user, offer)  # type: ignore[attr-defined]
    return {
        "show": True,
        "client": client_access.client,
        "preference": preference,
        "types": [UnitType(t).label for t in preference.unit_types] if preference else [],
        "needs": [AccessibilityNeed(n).label for n in preference.accessibility_needs]
        if preference
        else [],
        "offers": offers,
        "can_edit": can_write_preferences(client_access),
    }
