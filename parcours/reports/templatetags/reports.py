"""Template helpers of the reports: a dict item by key, and the chronic
homelessness panel of the client file ("how this was computed")."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from parcours.access import ClientAccess
from parcours.beds import homelessness
from parcours.beds.selectors import client_chronic_status

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.inclusion_tag("reports/_chronic_panel.html", takes_context=True)
def chronic_panel(context: dict[str, Any]) -> dict[str, Any]:
    """The client's chronic status with its explanation, when the client
    shares housing with the user (nothing otherwise)."""
    client_access: ClientAccess = context["client_access"]
    status = client_chronic_status(client_access)
    return {
        "client": client_access.client,
        "status": status,
        "past_year_threshold": homelessness.CHRONIC_PAST_YEAR,
        "three_years_threshold": homelessness.CHRONIC_THREE_YEARS,
        "current_window": homelessness.CURRENT_WINDOW_DAYS,
        "inactive_days": getattr(settings, "BY_NAME_LIST_INACTIVE_DAYS", 90),
    }
