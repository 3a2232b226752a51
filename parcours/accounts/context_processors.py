from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from parcours import access
from parcours.accounts.models import User


def parcours(request: HttpRequest) -> dict[str, Any]:
    # No ``request.user`` when a page fails before the authentication middleware.
    user: User | AnonymousUser = getattr(request, "user", None) or AnonymousUser()
    has_clients = access.can_break_glass(user)
    coordinator = access.can_review_break_glass(user)
    return {
        "parcours_site_name": settings.PARCOURS_SITE_NAME,
        "nav_can_view_audit": access.can_view_audit(user),
        "nav_can_manage_staff": access.can_view_staff_admin(user),
        "nav_can_import_hmis": access.can_import_hmis(user),
        "nav_has_clients": has_clients,
        # Staff of a network partner (not of a hospital outside it): the
        # community items (trackers, groups, opportunities) are theirs.
        "nav_network_partner": (
            has_clients and isinstance(user, User) and access.can_offer_sessions(user)
        ),
        "nav_can_review_break_glass": coordinator,
        # access.can_review_duplicates (a privacy reviewer or a superuser of a
        # partner), without asking the database again.
        "nav_can_review_duplicates": has_clients and (coordinator or user.is_superuser),
    }
