"""Who is calling: the staff member a route acts for, written once for every router.

``BearerToken`` (``api/auth.py``) has already checked the token; these only
give routes a typed user and refuse those who may not call a route at all."""

from __future__ import annotations

from django.http import HttpRequest

from parcours import access
from parcours.accounts.models import User


def signed_in(request: HttpRequest) -> User:
    """The staff member whose token signed the request."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user


def partner_staff(request: HttpRequest) -> User:
    """The staff member, if they work for a partner organization (client data
    is always seen through one); 403 otherwise."""
    return access.require_partner_staff(signed_in(request))
