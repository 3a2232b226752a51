"""The income and ID-document trackers, the stigma incidents and the
life-skills groups and the opportunities board where they are read: the
client file (``{% income_documents_panel %}``, ``{% stigma_panel %}``,
``{% groups_panel %}``, ``{% opportunities_panel %}``). The client file stays unaware of the
community app: the panel reads through its selectors (the access policy)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from parcours.access.clients import ClientAccess
from parcours.access.community import (
    can_offer_sessions,
    can_record_stigma_incident,
    can_write_trackers,
)
from parcours.access.opportunities import can_work_on_opportunities_for
from parcours.community import selectors
from parcours.community.selectors import opportunities as opportunity_selectors
from parcours.community.selectors.groups import client_group_attendances
from parcours.community.selectors.stigma import client_stigma_incidents

register = template.Library()

# How many rows of each tracker the panel shows before "see all".
PANEL_ROWS = 10


@register.inclusion_tag("community/_client_panel.html", takes_context=True)
def income_documents_panel(context: Any) -> dict[str, Any]:
    """On the client file: the client's latest trackers, open ones first."""
    client_access = context.get("client_access")
    if not isinstance(client_access, ClientAccess):
        return {"show": False}
    can_write = can_write_trackers(client_access)
    applications = list(selectors.client_benefit_applications(client_access)[: PANEL_ROWS + 1])
    documents = list(selectors.client_id_documents(client_access)[: PANEL_ROWS + 1])
    if not applications and not documents and not can_write:
        return {"show": False}
    return {
        "show": True,
        "client": client_access.client,
        "applications": applications[:PANEL_ROWS],
        "documents": documents[:PANEL_ROWS],
        "more": len(applications) > PANEL_ROWS or len(documents) > PANEL_ROWS,
        "can_write": can_write,
        "today": timezone.localdate(),
    }


@register.inclusion_tag("community/_stigma_panel.html", takes_context=True)
def stigma_panel(context: Any) -> dict[str, Any]:
    """On the client file: the incidents the user's organization recorded."""
    client_access = context.get("client_access")
    if not isinstance(client_access, ClientAccess):
        return {"show": False}
    can_record = can_record_stigma_incident(client_access)
    incidents = list(client_stigma_incidents(client_access)[: PANEL_ROWS + 1])
    if not incidents and not can_record:
        return {"show": False}
    return {
        "show": True,
        "client": client_access.client,
        "incidents": incidents[:PANEL_ROWS],
        "more": len(incidents) > PANEL_ROWS,
        "can_record": can_record,
    }


@register.inclusion_tag("community/_groups_panel.html", takes_context=True)
def groups_panel(context: Any) -> dict[str, Any]:
    """On the client file: the client's group sessions the user may see, latest first."""
    client_access = context.get("client_access")
    if not isinstance(client_access, ClientAccess):
        return {"show": False}
    can_register = can_offer_sessions(client_access.user)
    attendances = list(client_group_attendances(client_access)[: PANEL_ROWS + 1])
    if not attendances and not can_register:
        return {"show": False}
    return {
        "show": True,
        "client": client_access.client,
        "attendances": attendances[:PANEL_ROWS],
        "more": len(attendances) > PANEL_ROWS,
        "can_register": can_register,
    }


@register.inclusion_tag("community/_opportunities_panel.html", takes_context=True)
def opportunities_panel(context: Any) -> dict[str, Any]:
    """On the client file: what the client looks for (work, volunteering,
    training, learning), how many open opportunities fit, the latest placements."""
    client_access = context.get("client_access")
    if not isinstance(client_access, ClientAccess):
        return {"show": False}
    can_write = can_work_on_opportunities_for(client_access)
    interests = list(opportunity_selectors.client_interests(client_access)[:PANEL_ROWS])
    placements = list(opportunity_selectors.client_placements(client_access)[:PANEL_ROWS])
    if not interests and not placements and not can_write:
        return {"show": False}
    return {
        "show": True,
        "client": client_access.client,
        "interests": interests,
        "placements": placements,
        "matches": opportunity_selectors.client_matches(client_access, interests),
        "can_write": can_write,
    }
