"""``{% care_team_for_client client_access as team %}``: the care team the
client file shows, read through the access policy (and the read audited);
``{% can_view_care_overview user as show %}`` for the menu."""

from __future__ import annotations

from typing import Any

from django import template

from parcours.access import ClientAccess
from parcours.access.care_team import can_view_care_overview as _can_view_care_overview
from parcours.coordination.selectors.care_team import CareTeam, care_team_for
from parcours.coordination.services.care_team import care_team_viewed

register = template.Library()


@register.simple_tag
def care_team_for_client(client_access: ClientAccess) -> CareTeam:
    team = care_team_for(client_access)
    care_team_viewed(
        acting_user=client_access.user,
        client_access=client_access,
        section="care_team",
        member_ids=[m.pk for m in team.current],
    )
    return team


@register.simple_tag
def can_view_care_overview(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and _can_view_care_overview(user)
