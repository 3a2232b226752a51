"""``{% institutions_for_client client_access as inst %}``: what the client
file shows of institution stays (the open stay, its tasks, how many past
stays), read through the access policy; ``None`` when the user may not see
the client's case plan (the section is not shown)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from parcours.access import ClientAccess
from parcours.access.institutions import can_record_institution_stay, can_see_institution_stays
from parcours.coordination.selectors import institutions as selectors

register = template.Library()


@register.simple_tag
def institutions_for_client(client_access: ClientAccess) -> dict[str, Any] | None:
    if not can_see_institution_stays(client_access):
        return None
    stays = selectors.stays_for(client_access)
    return {
        "open": stays.filter(discharged_on__isnull=True).first(),
        "past": stays.filter(discharged_on__isnull=False).count(),
        "tasks": list(selectors.open_tasks_for(client_access)),
        "can_write": can_record_institution_stay(client_access),
        "today": timezone.localdate(),
    }
