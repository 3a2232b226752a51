from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from parcours.core.models import AuditEvent

# What an audit event shows in the admin site: who, when, what, which record.
_SHOWN = (
    "id",
    "occurred_at",
    "actor_label",
    "organization",
    "ip_address",
    "request_id",
    "action",
    "target_type",
    "target_id",
    "client_id",
)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit log is append-only.

    The admin site is no side door to client data: an event shows who did
    what to which record (ids), never its before/after snapshot or detail,
    which may hold a client's identity or health information. Those are read
    in Parcours' own audit-log page, filtered by the access policy."""

    fields = _SHOWN
    readonly_fields = _SHOWN
    list_display = ["id", "occurred_at", "actor_label", "action", "target_type", "client_id"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_id", "request_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
