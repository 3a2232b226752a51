"""Routes of the coordination app: directory."""

from __future__ import annotations

from django.urls import URLPattern, path

from parcours.coordination.views import directory as views

urlpatterns: list[URLPattern] = [
    path("directory/", views.directory, name="directory"),
    path("directory/services/<uuid:service_id>/", views.service_detail, name="service_detail"),
    path(
        "directory/services/<uuid:service_id>/edit/",
        views.service_edit,
        name="directory_service_edit",
    ),
    path("directory/organizations/", views.organizations, name="directory_organizations"),
    path(
        "directory/organizations/new/",
        views.organization_new,
        name="directory_organization_new",
    ),
    path(
        "directory/organizations/<uuid:organization_id>/edit/",
        views.organization_edit,
        name="directory_organization_edit",
    ),
    path(
        "directory/organizations/<uuid:organization_id>/services/new/",
        views.service_new,
        name="directory_service_new",
    ),
]
