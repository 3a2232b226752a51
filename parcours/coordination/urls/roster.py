"""Routes of the coordination app: the coverage roster."""

from __future__ import annotations

from django.urls import URLPattern, path

from parcours.coordination.views import roster as views

urlpatterns: list[URLPattern] = [
    path("roster/", views.roster_list, name="roster_list"),
    path("roster/<uuid:program_id>/", views.roster, name="roster"),
    path("roster/<uuid:program_id>/shifts/new/", views.shift_new, name="roster_shift_new"),
    path("roster/<uuid:program_id>/standard/", views.standard_edit, name="roster_standard"),
    path("roster/shifts/<uuid:shift_id>/remove/", views.shift_remove, name="roster_shift_remove"),
]
