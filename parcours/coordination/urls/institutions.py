"""Routes of the coordination app: institution stays and discharge planning."""

from __future__ import annotations

from django.urls import URLPattern, path

from parcours.coordination.views import institutions as views

urlpatterns: list[URLPattern] = [
    path("discharges/", views.discharges, name="discharges"),
    path(
        "clients/<uuid:client_id>/institution-stays/",
        views.client_stays,
        name="institution_stays",
    ),
    path(
        "clients/<uuid:client_id>/institution-stays/new/",
        views.stay_new,
        name="institution_stay_new",
    ),
    path(
        "institution-stays/<uuid:stay_id>/edit/",
        views.stay_edit,
        name="institution_stay_edit",
    ),
    path(
        "institution-stays/<uuid:stay_id>/discharge/",
        views.stay_discharge,
        name="institution_stay_discharge",
    ),
    path(
        "discharge-tasks/<uuid:task_id>/done/",
        views.task_done,
        name="discharge_task_done",
    ),
]
