"""The request of a signed-in staff member, for views behind ``login_required``."""

from __future__ import annotations

from parcours.accounts.models import User
from parcours.core.http import HtmxRequest


class AuthenticatedRequest(HtmxRequest):
    """A request from a signed-in staff member: ``request.user`` is a ``User``
    (never anonymous) and ``request.htmx`` is django-htmx's."""

    user: User
