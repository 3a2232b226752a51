"""Routes of data exchange: HMIS CSV imports."""

from __future__ import annotations

from django.urls import path

from parcours.interop import views

app_name = "interop"
urlpatterns = [
    path("data-exchange/hmis/", views.import_list, name="imports"),
    path("data-exchange/hmis/<uuid:import_id>/", views.import_detail, name="import_detail"),
]
