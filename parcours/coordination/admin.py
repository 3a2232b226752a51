"""The service directory in the admin site (network administrators):
organizations, services and locations. Referrals, care teams, stays and the
rest of coordination are client data: they stay out of it."""

from __future__ import annotations

from django.contrib import admin

from parcours.coordination.models import (
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
)


class ServiceAtLocationInline(admin.TabularInline[ServiceAtLocation, Service]):
    model = ServiceAtLocation
    extra = 0
    fields = ["location", "description"]
    autocomplete_fields = ["location"]


@admin.register(DirectoryOrganization)
class DirectoryOrganizationAdmin(admin.ModelAdmin[DirectoryOrganization]):
    list_display = ["name", "alternate_name", "partner", "phone"]
    list_filter = [("partner", admin.EmptyFieldListFilter)]
    search_fields = ["name", "alternate_name"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = [
        "name",
        "organization",
        "status",
        "is_mainstream",
        "support_type",
        "sub_domain",
        "program",
    ]
    list_filter = ["status", "is_mainstream", "support_type", "sub_domain"]
    search_fields = ["name", "alternate_name", "description", "organization__name"]
    list_select_related = ["organization", "program"]
    inlines = [ServiceAtLocationInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ["name", "organization", "address_1", "city", "region"]
    search_fields = ["name", "address_1", "city", "postal_code"]
    list_select_related = ["organization"]
