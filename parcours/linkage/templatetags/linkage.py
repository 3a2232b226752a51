"""The identities panel of a client's file: ``{% load linkage %}{% identities_panel %}``.

The clients app's view stays unaware of identity resolution: the panel reads
the person's other records and the merges in force through the linkage
selectors (the access policy)."""

from __future__ import annotations

from typing import Any

from django import template

from parcours import access
from parcours.linkage import selectors

register = template.Library()


@register.inclusion_tag("linkage/_identities.html", takes_context=True)
def identities_panel(context: dict[str, Any]) -> dict[str, Any]:
    client = context.get("client")
    request = context.get("request")
    if client is None or request is None:
        return {}
    user = request.user
    return {
        "identities": selectors.identities_for(user, client),
        "merges": selectors.merges_for(user, client),
        "can_review_duplicates": access.can_review_duplicates(user),
    }
