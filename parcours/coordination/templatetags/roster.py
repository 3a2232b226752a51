"""Template tags of the coverage roster:

* ``{% on_call_for_client client_access as on_call %}``: who is on shift or on
  call now for the client's programs (the client file's section);
* ``{% roster_menu_visible request as show %}``: whether the user sees at least
  one roster (the menu item; coordinators and administrators without a query);
* ``{{ standard.weekdays|weekday_names }}``: the days of a coverage standard in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.translation import gettext as _

from parcours.access.base import is_staff_user
from parcours.access.clients import ClientAccess
from parcours.access.roster import programs_with_roster_visible_to
from parcours.coordination.forms.roster import WEEKDAY_CHOICES
from parcours.coordination.selectors import roster as selectors

register = template.Library()


@register.simple_tag
def on_call_for_client(client_access: ClientAccess) -> selectors.OnCall:
    return selectors.on_call_now(client_access)


@register.simple_tag
def roster_menu_visible(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not is_staff_user(user) or user.organization_id is None:
        return False
    cached: bool | None = getattr(request, "_parcours_roster_menu", None)
    if cached is None:
        cached = bool(user.is_org_admin) or programs_with_roster_visible_to(user).exists()
        request._parcours_roster_menu = cached  # type: ignore[attr-defined]
    return cached


@register.filter
def weekday_names(weekdays: Any) -> str:
    days = {int(d) for d in weekdays or []}
    if days == {1, 2, 3, 4, 5, 6, 7}:
        return _("every day")
    if days == {1, 2, 3, 4, 5}:
        return _("Monday to Friday")
    return ", ".join(str(label) for value, label in WEEKDAY_CHOICES if value in days)
