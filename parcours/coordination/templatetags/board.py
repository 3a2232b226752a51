"""``{% appointments_for_client client_access as ap %}`` (the client file's
section): read through the access policy and the app's selectors."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.access import ClientAccess
from parcours.access.board import can_record_appointment
from parcours.coordination.selectors import appointments as selectors

register = template.Library()


@register.simple_tag
def appointments_for_client(client_access: ClientAccess) -> dict[str, Any]:
    return {
        "upcoming": list(selectors.client_appointments(client_access)[:5]),
        "due": selectors.appointments_due(client_access).count(),
        "can_record": can_record_appointment(client_access, "other"),
    }
