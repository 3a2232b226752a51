from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from parcours.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``parcours
    create_api_token`` or the "API tokens" page. A revoked token, or the
    token of a deactivated account, is refused."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token.strip())
        if user is not None:
            request.user = user
        return user
