from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import (
    ApiToken,
    Discipline,
    Organization,
    Program,
    ProgramMembership,
    Team,
    TeamMembership,
    User,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "kind", "is_partner", "city", "require_two_factor"]
    list_filter = ["kind", "is_partner", "require_two_factor"]
    search_fields = ["name", "city"]


class TeamInline(admin.TabularInline[Team, Program]):
    model = Team
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["name", "organization", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "organization__name"]
    inlines = [TeamInline]


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin[Discipline]):
    list_display = ["code", "name_en", "name_fr", "is_clinical", "sort_order"]
    list_editable = ["is_clinical", "sort_order"]


class ProgramMembershipInline(admin.TabularInline[ProgramMembership, User]):
    model = ProgramMembership
    extra = 0


class TeamMembershipInline(admin.TabularInline[TeamMembership, User]):
    model = TeamMembership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["family_name", "given_name"]
    list_display = ["email", "given_name", "family_name", "organization", "discipline", "is_active"]
    list_filter = ["is_active", "is_org_admin", "organization", "discipline"]
    search_fields = ["email", "given_name", "family_name"]
    inlines = [ProgramMembershipInline, TeamMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("given_name", "family_name", "preferred_language")}),
        (_("Work"), {"fields": ("organization", "discipline", "is_org_admin")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "user", "created_at", "last_used_at"]
    search_fields = ["prefix", "user__email"]

    def has_add_permission(self, request: object) -> bool:
        return False
