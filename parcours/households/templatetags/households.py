"""The household panel of a client's file: ``{% load households %}{% household_panel %}``.

The clients app's view stays unaware of households: the panel reads through
the households selectors (the access policy) and audits the members it shows."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.households import selectors, services

register = template.Library()


@register.inclusion_tag("households/client_panel.html", takes_context=True)
def household_panel(context: dict[str, Any]) -> dict[str, Any]:
    client_access = context.get("client_access")
    request = context.get("request")
    if client_access is None or request is None:
        return {"show": False}
    user = request.user
    # One read of the client's memberships (few): the current one and the past.
    memberships = list(selectors.client_households(client_access))
    membership = next((m for m in memberships if m.left_on is None), None)
    others: list[Any] = []
    if membership is not None:
        others = [
            m
            for m in selectors.household_current_members_visible(user, membership.household_id)
            if m.client_id != client_access.client.pk
        ]
        if others:
            services.household_viewed(
                acting_user=user,
                household=membership.household,
                client_ids=[m.client_id for m in others],
                section="client_file",
            )
    return {
        "show": True,
        "client": client_access.client,
        "membership": membership,
        "others": others,
        "history": [m for m in memberships if m.left_on is not None][:10],
        "youth_consent_due": client_access.can_record_consent
        and selectors.youth_consent_due(client_access.client),
    }
