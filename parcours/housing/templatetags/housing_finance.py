"""The client file's housing applications and financial assistance:
``{% load housing_finance %}{% applications_panel %}{% assistance_panel %}``.

The clients app's view stays unaware of them: the panels read through the
housing selectors (the access policy: housing and financial categories)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from parcours.access.clients import ClientAccess
from parcours.access.housing_finance import (
    can_request_assistance,
    can_see_client_finances,
    can_write_applications,
)
from parcours.clients.models import DataCategory
from parcours.housing import finance_selectors as selectors

register = template.Library()
PANEL_ROWS = 20


def _access(context: Any) -> ClientAccess | None:
    client_access = context.get("client_access")
    return client_access if isinstance(client_access, ClientAccess) else None


@register.inclusion_tag("housing/applications/_client_panel.html", takes_context=True)
def applications_panel(context: Any) -> dict[str, Any]:
    client_access = _access(context)
    if client_access is None:
        return {"show": False}
    can_write = can_write_applications(client_access)
    rows = list(selectors.client_applications(client_access)[:PANEL_ROWS])
    return {
        "show": bool(rows) or can_write or client_access.can(DataCategory.HOUSING),
        "client": client_access.client,
        "applications": rows,
        "can_write": can_write,
        "today": timezone.localdate(),
    }


@register.inclusion_tag("housing/finance/_client_panel.html", takes_context=True)
def assistance_panel(context: Any) -> dict[str, Any]:
    client_access = _access(context)
    if client_access is None:
        return {"show": False}
    rows = list(selectors.client_assistance(client_access)[:PANEL_ROWS])
    return {
        "show": bool(rows) or can_see_client_finances(client_access),
        "client": client_access.client,
        "lines": rows,
        "can_request": can_request_assistance(client_access),
    }
