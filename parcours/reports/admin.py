"""The prioritization rules in the admin site (network administrators): no
client data. The explanations are edited here; points, order and the active
flag on the audited rules page (``/reports/priority-rules/``). One rule per
criterion, seeded by the migration: none is added or deleted."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from parcours.reports.models import FidelityAnchor, PriorityRule


@admin.register(PriorityRule)
class PriorityRuleAdmin(admin.ModelAdmin[PriorityRule]):
    list_display = ["criterion", "weight", "per_days", "max_points", "position", "is_active"]
    list_filter = ["is_active"]
    ordering = ["position", "criterion"]
    fields = [
        "criterion",
        "weight",
        "per_days",
        "max_points",
        "position",
        "is_active",
        "explanation_en",
        "explanation_fr",
    ]
    readonly_fields = ["criterion", "weight", "per_days", "max_points", "position", "is_active"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PriorityRule | None = None) -> bool:
        return False


@admin.register(FidelityAnchor)
class FidelityAnchorAdmin(admin.ModelAdmin[FidelityAnchor]):
    """The anchor points of the fidelity ratings, editable: the community may
    adopt other anchors than DACTS's."""

    list_display = ["item", "rating", "comparison", "threshold", "source"]
    list_filter = ["item"]
    ordering = ["item", "-rating"]
