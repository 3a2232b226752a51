"""Repairs, damages and budgeting help where they are read: the unit page
(``{% unit_repairs_panel %}``), the client file (``{% tenancy_upkeep_panel %}``,
``{% budgeting_panel %}``) and the plan's goals (``{% goal_budgeting goal %}``).

The pages that include them stay unaware of housing: the panels read
through the housing selectors (the access policy)."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.access.clients import ClientAccess
from parcours.access.coordination import can_refer
from parcours.access.housing import can_write_tenancies
from parcours.access.housing_upkeep import can_write_budgeting, can_write_repair
from parcours.accounts.models import User
from parcours.housing import selectors, upkeep
from parcours.housing import upkeep_selectors as upkeep_read

register = template.Library()

# How many rows a panel shows before "see all".
PANEL_ROWS = 10
_GOAL_CACHE = "_housing_budgeting_by_goal"


@register.inclusion_tag("housing/upkeep/_unit_repairs.html", takes_context=True)
def unit_repairs_panel(context: Any) -> dict[str, Any]:
    """The unit's latest repairs and its open-repair count."""
    unit = context.get("unit")
    request = context.get("request")
    user = getattr(request, "user", None)
    if unit is None or not isinstance(user, User):
        return {"show": False}
    repairs = list(upkeep_read.unit_repairs(user, unit)[:PANEL_ROWS])
    # Repairs linked to a tenancy are client data: their reading is audited.
    upkeep.upkeep_viewed(
        acting_user=user, client_ids=upkeep_read.repair_clients(repairs), section="repairs"
    )
    return {
        "show": True,
        "unit": unit,
        "repairs": repairs,
        "open_count": upkeep_read.open_repair_count(user, unit),
        "can_write": can_write_repair(user, unit),
    }


@register.inclusion_tag("housing/upkeep/_tenancy_upkeep.html", takes_context=True)
def tenancy_upkeep_panel(context: Any) -> dict[str, Any]:
    """On the client file: the active tenancy's repairs, the client's damages
    with their totals, and the legal-advice referral."""
    client_access = context.get("client_access")
    if not isinstance(client_access, ClientAccess):
        return {"show": False}
    tenancies = selectors.client_latest_tenancies(client_access)[:1]
    active = tenancies[0] if tenancies and tenancies[0].end_date is None else None
    damages = list(upkeep_read.client_damages(client_access)[:50])
    repairs = (
        list(upkeep_read.tenancy_repairs(client_access, active)[:PANEL_ROWS]) if active else []
    )
    if active is None and not damages:
        return {"show": False}
    can_write = can_write_tenancies(client_access)
    return {
        "show": True,
        "client": client_access.client,
        "active": active,
        "repairs": repairs,
        "damages": damages,
        "totals": upkeep_read.damage_totals(damages),
        "can_write": can_write,
        "can_refer": can_refer(client_access),
    }


@register.inclusion_tag("housing/upkeep/_budgeting_panel.html", takes_context=True)
def budgeting_panel(context: Any) -> dict[str, Any]:
    """On the client file: the latest budgeting help sessions."""
    client_access = context.get("client_access")
    if not isinstance(client_access, ClientAccess):
        return {"show": False}
    can_write = can_write_budgeting(client_access)
    sessions = list(upkeep_read.client_budgeting_sessions(client_access)[:PANEL_ROWS])
    if not sessions and not can_write:
        return {"show": False}
    return {
        "show": True,
        "client": client_access.client,
        "sessions": sessions,
        "can_write": can_write,
    }


@register.inclusion_tag("housing/upkeep/_goal_budgeting.html", takes_context=True)
def goal_budgeting(context: Any, goal: Any) -> dict[str, Any]:
    """On the plan: the budgeting help sessions that served this goal (read
    once per page for every goal)."""
    client_access = context.get("client_access")
    if not isinstance(client_access, ClientAccess):
        return {"sessions": []}
    root = context.dicts[0]
    if _GOAL_CACHE not in root:
        root[_GOAL_CACHE] = upkeep_read.budgeting_by_goal(client_access)
    return {
        "sessions": root[_GOAL_CACHE].get(goal.pk, []),
        "goal": goal,
        "client": client_access.client,
        "can_write": can_write_budgeting(client_access),
    }
