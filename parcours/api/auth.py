from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from parcours.accounts.lockout import API_LOCKED_OUT
from parcours.accounts.services import api_token_authenticate

# The "username" under which wrong API tokens are counted, per address, by the
# same lock-out as sign-in (django-axes, in the database: every app server
# sees the same count).
API_TOKEN_CREDENTIALS = {"username": "api-token"}


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``parcours
    create_api_token`` or the "API tokens" page. A revoked or expired token,
    or the token of a deactivated account, is refused; after
    ``LOGIN_FAILURE_LIMIT`` wrong tokens from one address, that address gets
    429 for ``LOGIN_LOCKOUT_MINUTES``, even with a good token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(
            request, API_TOKEN_CREDENTIALS
        ):
            raise HttpError(429, str(API_LOCKED_OUT))
        user = api_token_authenticate(token.strip())
        if user is None:
            user_login_failed.send(
                sender=BearerToken, credentials=dict(API_TOKEN_CREDENTIALS), request=request
            )
            return None
        request.user = user
        return user
