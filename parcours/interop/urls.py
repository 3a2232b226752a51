"""Routes of data exchange: HMIS CSV imports."""

from __future__ import annotations

from django.urls import path

from parcours.interop import client_list_views, views

app_name = "interop"
urlpatterns = [
    path("data-exchange/hmis/", views.import_list, name="imports"),
    path("data-exchange/hmis/<uuid:import_id>/", views.import_detail, name="import_detail"),
    path(
        "data-exchange/client-lists/",
        client_list_views.client_list_upload,
        name="client_lists",
    ),
    path(
        "data-exchange/client-lists/<uuid:list_id>/columns/",
        client_list_views.client_list_map,
        name="client_list_map",
    ),
    path(
        "data-exchange/client-lists/<uuid:list_id>/",
        client_list_views.client_list_check,
        name="client_list_check",
    ),
    path(
        "data-exchange/client-lists/<uuid:list_id>/import/",
        client_list_views.client_list_import,
        name="client_list_import",
    ),
]
