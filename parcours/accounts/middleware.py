from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts import two_factor
from parcours.accounts.models import User
from parcours.core.signals import SESSION_LAST_SEEN, SESSION_LOGIN_AT

_API_PREFIX = "api/"
# Write the "last seen" time at most this often, not on every request.
_TOUCH_EVERY_SECONDS = 30


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_IDLE_MINUTES without a request, and in any
    case SESSION_MAX_HOURS after sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            login_at = request.session.get(SESSION_LOGIN_AT, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            reason = ""
            if now - login_at > settings.SESSION_MAX_HOURS * 3600:
                reason = "max_age"
            elif now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                reason = "idle"
            if reason:
                request.parcours_session_expired = reason  # type: ignore[attr-defined]
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                login_url = reverse(settings.LOGIN_URL)
                if getattr(request, "htmx", False):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                return HttpResponseRedirect(
                    f"{login_url}?{urlencode({'next': request.get_full_path()})}"
                )
            if SESSION_LOGIN_AT not in request.session:
                request.session[SESSION_LOGIN_AT] = now
            if now - last_seen > _TOUCH_EVERY_SECONDS or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


# The pages a signed-in user reaches before proving a second factor.
_TWO_FACTOR_OPEN_VIEWS = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:two_factor_enrol",
        "accounts:logout",
        "accounts:login",
        "set_language",
    }
)


class TwoFactorMiddleware:
    """Sends a signed-in user who has not proved a second factor this session
    to the code page (they have an authenticator app) or to its set-up page
    (the access policy requires one: ``access.two_factor_required``), from
    every page but those two, signing out and the language switch. Static
    files never reach here and the API signs in with tokens, not sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in _TWO_FACTOR_OPEN_VIEWS:
            return None
        if request.path_info.startswith(f"/{_API_PREFIX}"):
            return None
        user = request.user
        if not user.is_authenticated or access.two_factor_verified(user):
            return None
        assert isinstance(user, User)
        if two_factor.has_second_factor(user):
            target = reverse("accounts:two_factor_verify")
        elif access.two_factor_required(user):
            target = reverse("accounts:two_factor_enrol")
        else:
            return None
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)
