"""The client file's timeline and flags, for ``clients/client_detail.html``
(the clients app sits below the apps the timeline reads)."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.access import ClientAccess
from parcours.timeline import selectors

register = template.Library()


@register.inclusion_tag("timeline/_client_file.html", takes_context=True)
def timeline_panel(context: dict[str, Any]) -> dict[str, Any]:
    client_access: ClientAccess = context["client_access"]
    values = selectors.timeline_context(context["request"].GET, client_access)
    values.update({"client": client_access.client, "client_access": client_access})
    return values


@register.inclusion_tag("timeline/_flags.html", takes_context=True)
def flags_panel(context: dict[str, Any]) -> dict[str, Any]:
    client_access: ClientAccess = context["client_access"]
    return {"flags": selectors.client_flags(client_access)}
