"""The admin site holds the programs' standards (reference data); client
records (enrollments, plans, notes) stay out of it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parcours.casework.models import ProgramStandard


@admin.register(ProgramStandard)
class ProgramStandardAdmin(admin.ModelAdmin[ProgramStandard]):
    list_display = (
        "program",
        "model",
        "clients_per_staff",
        "team_based",
        "contact_frequency_days",
        "plan_review_days",
    )
    list_filter = ("model", "team_based")
    search_fields = ("program__name", "program__organization__name")
    readonly_fields = ("version",)

    def save_model(
        self, request: HttpRequest, obj: ProgramStandard, form: Any, change: bool
    ) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
