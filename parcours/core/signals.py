"""Audit events for sign-in, failed sign-in and sign-out.

These receivers record what happened; they hold no business rule."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from parcours.core.audit import audit_record
from parcours.core.models import AuditAction

SESSION_LOGIN_AT = "parcours_login_at"
SESSION_LAST_SEEN = "parcours_last_seen"


@receiver(user_logged_in)
def _logged_in(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_LAST_SEEN] = now
    audit_record(action=AuditAction.LOGIN, actor=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    label = str(credentials.get("username") or credentials.get("email") or "")
    audit_record(action=AuditAction.LOGIN_FAILED, actor_label=label)


@receiver(user_logged_out)
def _logged_out(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    if user is None:
        return
    # Set by accounts.middleware on the request of a session it ends.
    reason = getattr(request, "parcours_session_expired", "") if request is not None else ""
    expired = bool(reason)
    action = AuditAction.SESSION_EXPIRED if expired else AuditAction.LOGOUT
    detail = {"reason": reason} if expired else {}
    audit_record(action=action, actor=user, detail=detail)
