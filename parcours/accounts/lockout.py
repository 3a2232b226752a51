"""The key that sign-in lock-out counts failures by.

Sign-in finds an account whatever the case of its email and the spaces
around it (``UserManager.get_by_natural_key``); the lock-out must count
every such spelling as one, or ``ALICE@…`` would get fresh guesses after
``alice@…`` is locked."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# What the API answers an address locked out for wrong tokens (both where the
# lock-out starts, in ``lockout_response``, and while it lasts, in api.auth).
API_LOCKED_OUT = _("Too many wrong API tokens from this address: try again later.")


def lockout_username(value: str) -> str:
    """One key for every spelling that signs in to the same account."""
    return value.strip().casefold()


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return lockout_username(str(raw))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' ``AXES_LOCKOUT_CALLABLE``: the API answers its usual JSON
    error shape; screens show the lock-out page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": str(API_LOCKED_OUT),
                "errors": [],
            },
            status=429,
        )
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {}, status=429)
