"""Landlords and housing units in the admin site (network administrators):
partner data that names no client. Tenancies, move-in, damages, repairs
linked to tenancies and budgeting help are client data: they stay out of it."""

from __future__ import annotations

from django.contrib import admin

from parcours.housing.models import HousingUnit, Landlord


class HousingUnitInline(admin.TabularInline[HousingUnit, Landlord]):
    model = HousingUnit
    extra = 0
    fields = ["address_line", "city", "unit_type", "bedrooms", "monthly_rent", "status"]
    show_change_link = True


@admin.register(Landlord)
class LandlordAdmin(admin.ModelAdmin[Landlord]):
    list_display = ["name", "kind", "contact_person", "phone", "organization", "active"]
    list_filter = ["kind", "active", "organization"]
    search_fields = ["name", "contact_person", "email", "phone"]
    inlines = [HousingUnitInline]


@admin.register(HousingUnit)
class HousingUnitAdmin(admin.ModelAdmin[HousingUnit]):
    list_display = [
        "address_line",
        "city",
        "unit_type",
        "bedrooms",
        "monthly_rent",
        "status",
        "available_from",
        "landlord",
        "organization",
    ]
    list_filter = ["status", "unit_type", "city", "pets_allowed", "wheelchair_accessible"]
    search_fields = ["address_line", "city", "postal_code", "landlord__name"]
    autocomplete_fields = ["landlord"]
