"""``{% casework_for_client acc as cw %}``: what the client file shows of
casework, read through the access policy (the client file's view needs no
change: the section brings its own data)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from parcours.casework import selectors
from parcours.casework.models import PlanGoalStatus
from parcours.core.access import ClientAccess

register = template.Library()


@register.simple_tag
def casework_for_client(acc: ClientAccess) -> dict[str, Any]:
    enrollments = list(selectors.enrollments_for(acc))
    today = timezone.localdate()
    for e in enrollments:
        if e.is_open:
            e.contact = selectors.contact_status(  # type: ignore[attr-defined]
                e, last_contact=getattr(e, "last_contact", None), today=today
            )
    plan = selectors.plan_for(acc)
    return {
        "plan": plan,
        "goals": (
            selectors.goals_for(acc, plan).filter(status=PlanGoalStatus.ACTIVE).count()
            if plan
            else 0
        ),
        "open": [e for e in enrollments if e.is_open],
        "total": len(enrollments),
        "waitlists": list(selectors.client_waitlist_entries(acc)),
    }
