from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from parcours.core.signals import SESSION_LAST_SEEN, SESSION_LOGIN_AT

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
