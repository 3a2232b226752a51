"""Routes of the coordination app: care_team (the care team, the coordinated
care plan and the coordinators' overview)."""

from __future__ import annotations

from django.urls import URLPattern, path

from parcours.coordination.views import care_team as views

urlpatterns: list[URLPattern] = [
    path(
        "clients/<uuid:client_id>/care-team/history/",
        views.care_team_history,
        name="care_team_history",
    ),
    path("clients/<uuid:client_id>/care-team/add/", views.care_team_add, name="care_team_add"),
    path("care-team/<uuid:member_id>/edit/", views.care_team_member_edit, name="care_team_edit"),
    path("care-team/<uuid:member_id>/end/", views.care_team_member_end, name="care_team_end"),
    path("clients/<uuid:client_id>/care-plan/", views.care_plan, name="care_plan"),
    path("coordination/overview/", views.care_overview, name="overview"),
]
