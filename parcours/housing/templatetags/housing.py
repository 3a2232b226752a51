"""The housing section of a client's file: ``{% load housing %}{% tenancy_panel %}``.

The clients app's view stays unaware of housing: the panel reads through the
housing selectors (the access policy: housing-category client data)."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.access.housing import can_write_tenancies
from parcours.housing import selectors

register = template.Library()


@register.inclusion_tag("housing/_tenancy_panel.html", takes_context=True)
def tenancy_panel(context: dict[str, Any]) -> dict[str, Any]:
    client_access = context.get("client_access")
    if client_access is None:
        return {"show": False}
    rows = selectors.client_latest_tenancies(client_access)
    active = next((tenancy for tenancy in rows if tenancy.end_date is None), None)
    return {
        "show": True,
        "client": client_access.client,
        "active": active,
        "earlier": [tenancy for tenancy in rows if tenancy is not active],
        "can_write": can_write_tenancies(client_access),
    }
