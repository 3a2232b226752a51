"""Route of the client timeline's own page ("show more", and the filters
without the rest of the file)."""

from __future__ import annotations

from django.urls import path

from parcours.timeline import views

app_name = "timeline"
urlpatterns = [
    path("clients/<uuid:client_id>/timeline/", views.client_timeline, name="client"),
]
