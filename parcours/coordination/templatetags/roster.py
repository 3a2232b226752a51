"""Template tags of the coverage roster:

* ``{% on_call_for_client client_access as on_call %}``: who is on shift or on
  call now for the client's programs (the client file's section);
* ``{{ standard.weekdays|weekday_names }}``: the days of a coverage standard in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.coordination.forms.roster import WEEKDAY_CHOICES
from parcours.coordination.selectors import roster as selectors

register = template.Library()


@register.simple_tag
def on_call_for_client(client_access: ClientAccess) -> selectors.OnCall:
    return selectors.on_call_now(client_access)


@register.filter
def weekday_names(weekdays: Any) -> str:
    days = {int(d) for d in weekdays or []}
    if days == {1, 2, 3, 4, 5, 6, 7}:
        return _("every day")
    if days == {1, 2, 3, 4, 5}:
        return _("Monday to Friday")
    return ", ".join(str(label) for value, label in WEEKDAY_CHOICES if value in days)
