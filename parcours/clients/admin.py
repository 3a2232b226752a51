"""Only reference data is in the admin site: client records are reached
through the screens and the API, which apply the access policy and the audit."""

from __future__ import annotations

from django.contrib import admin

from parcours.clients.models import ReferenceOption


@admin.register(ReferenceOption)
class ReferenceOptionAdmin(admin.ModelAdmin[ReferenceOption]):
    list_display = ["list", "code", "name_en", "name_fr", "sort_order", "is_active"]
    list_filter = ["list", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name_en", "name_fr"]
