"""The key that sign-in lock-out counts failures by.

Sign-in finds an account whatever the case of its email and the spaces
around it (``UserManager.get_by_natural_key``); the lock-out must count
every such spelling as one, or ``ALICE@…`` would get fresh guesses after
``alice@…`` is locked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def lockout_username(value: str) -> str:
    """One key for every spelling that signs in to the same account."""
    return value.strip().casefold()


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return lockout_username(str(raw))
