"""``{% casework_for_client client_access as cw %}``: what the client file shows of
casework, read through the access policy (the client file's view needs no
change: the section brings its own data)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from parcours.access import ClientAccess
from parcours.casework import selectors
from parcours.casework.models import PlanGoalStatus

register = template.Library()


@register.simple_tag
def casework_for_client(client_access: ClientAccess) -> dict[str, Any]:
    enrollments = list(selectors.enrollments_for(client_access))
    today = timezone.localdate()
    for e in enrollments:
        if e.is_open:
            e.contact = selectors.contact_status(  # type: ignore[attr-defined]
                e, last_contact=getattr(e, "last_contact", None), today=today
            )
    plan = selectors.plan_for(client_access)
    return {
        "plan": plan,
        "goals": (
            selectors.goals_for(client_access, plan).filter(status=PlanGoalStatus.ACTIVE).count()
            if plan
            else 0
        ),
        "open": [e for e in enrollments if e.is_open],
        "total": len(enrollments),
        "waitlists": list(selectors.client_waitlist_entries(client_access)),
    }
