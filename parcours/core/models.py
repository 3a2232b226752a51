"""Shared base models and the append-only audit log.

Nothing here imports a domain app: the domain apps build on these.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.text import in_language


class BaseModel(models.Model):
    """A record with a public UUID and creation/update times (UTC)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class RecordedByOrganization(models.Model):
    """A record written by one staff member of one organization: the
    organization keeps it (it always sees what it wrote) and the access
    policy shares it with partners by its category."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class BilingualName(models.Model):
    """Reference data named in both official languages."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class AuditAction(models.TextChoices):
    LOGIN = "auth.login", _("Signed in")
    LOGIN_FAILED = "auth.login_failed", _("Failed sign-in")
    LOGOUT = "auth.logout", _("Signed out")
    SESSION_EXPIRED = "auth.session_expired", _("Session expired")
    API_TOKEN_CREATED = "auth.token_created", _("API token created")
    API_TOKEN_REVOKED = "auth.token_revoked", _("API token revoked")
    CREATE = "record.create", _("Created")
    UPDATE = "record.update", _("Changed")
    VIEW = "record.view", _("Viewed")
    SEARCH = "record.search", _("Searched")
    BREAK_GLASS = "access.break_glass", _("Emergency access")
    MERGE = "record.merge", _("Records merged")
    UNMERGE = "record.unmerge", _("Merge undone")
    STAFF_DEACTIVATED = "staff.deactivated", _("Staff account deactivated")
    STAFF_REACTIVATED = "staff.reactivated", _("Staff account reactivated")
    PASSWORD_RESET = "staff.password_reset", _("Password reset by an administrator")
    OTP_FAILED = "auth.otp_failed", _("Wrong two-factor code")
    OTP_ENROLLED = "auth.otp_enrolled", _("Two-factor sign-in set up")
    OTP_CODES_RENEWED = "auth.otp_codes_renewed", _("Recovery codes renewed")
    OTP_REMOVED = "auth.otp_removed", _("Two-factor sign-in removed")


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One append-only entry of the audit log, chained to the previous one.

    ``hash = HMAC-SHA256(AUDIT_CHAIN_KEY, previous_hash + canonical row)``:
    changing, inserting or removing a row breaks the chain, which ``parcours
    audit_verify`` detects, and without the key (kept out of the database)
    nobody can recompute it. Rows written before the chain was keyed carry a
    plain SHA-256 and are accepted only before the first keyed row. Removing
    the newest rows is caught by checkpoints (``parcours audit_checkpoint``).
    On PostgreSQL a trigger also rejects UPDATE and DELETE on the table.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("user name given"), max_length=254, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    target_type = models.CharField(_("record type"), max_length=80, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    client_id = models.UUIDField(_("client"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["organization", "occurred_at"]),
            models.Index(fields=["action", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are append-only.")

    def canonical(self) -> str:
        """The row as one stable JSON text: what the hash covers."""
        return json.dumps(
            {
                "occurred_at": self.occurred_at.isoformat(),
                "actor": str(self.actor_id) if self.actor_id else None,
                "actor_label": self.actor_label,
                "organization": str(self.organization_id) if self.organization_id else None,
                "ip_address": self.ip_address,
                "request_id": self.request_id,
                "action": self.action,
                "target_type": self.target_type,
                "target_id": self.target_id,
                "client_id": str(self.client_id) if self.client_id else None,
                "before": self.before,
                "after": self.after,
                "detail": self.detail,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )

    def compute_hash(self) -> str:
        """The keyed link: HMAC-SHA256 under ``settings.AUDIT_CHAIN_KEY``."""
        message = (self.previous_hash + self.canonical()).encode("utf-8")
        return hmac.new(settings.AUDIT_CHAIN_KEY.encode("utf-8"), message, "sha256").hexdigest()

    def compute_legacy_hash(self) -> str:
        """The plain SHA-256 link of rows written before the chain was keyed."""
        return hashlib.sha256((self.previous_hash + self.canonical()).encode("utf-8")).hexdigest()
