"""Sites, rooms and beds in the admin site (network administrators). Stays,
holds, turnaways and restrictions are client data: they stay out of it."""

from __future__ import annotations

from django.contrib import admin

from parcours.beds.models import Bed, Room, Site


class BedInline(admin.TabularInline[Bed, Room]):
    model = Bed
    extra = 0
    fields = ["label", "is_active"]


class RoomInline(admin.TabularInline[Room, Site]):
    model = Room
    extra = 0
    fields = [
        "name",
        "is_family_room",
        "gender",
        "min_age",
        "max_age",
        "accessible",
        "pets_allowed",
        "sort_order",
        "is_active",
    ]
    show_change_link = True


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["name", "kind", "program", "night_by_night", "evening_intake_time", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "program__name", "program__organization__name"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin[Room]):
    list_display = ["name", "site", "is_family_room", "gender", "accessible", "pets_allowed"]
    list_filter = ["is_family_room", "gender", "site__kind"]
    search_fields = ["name", "site__name"]
    inlines = [BedInline]
