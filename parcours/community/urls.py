"""Routes of the income and ID-document trackers and of stigma incidents."""

from __future__ import annotations

from django.urls import path

from parcours.community import views

app_name = "community"
urlpatterns = [
    path("community/trackers/", views.my_trackers, name="my_trackers"),
    path(
        "community/clients/<uuid:client_id>/trackers/",
        views.client_trackers,
        name="client_trackers",
    ),
    path(
        "community/clients/<uuid:client_id>/benefits/new/",
        views.benefit_new,
        name="benefit_new",
    ),
    path(
        "community/benefits/<uuid:application_id>/edit/",
        views.benefit_edit,
        name="benefit_edit",
    ),
    path(
        "community/clients/<uuid:client_id>/documents/new/",
        views.document_new,
        name="document_new",
    ),
    path(
        "community/documents/<uuid:request_id>/edit/",
        views.document_edit,
        name="document_edit",
    ),
]
urlpatterns += [
    path(
        "community/clients/<uuid:client_id>/incidents/",
        views.client_incidents,
        name="client_incidents",
    ),
    path(
        "community/clients/<uuid:client_id>/incidents/new/",
        views.incident_new,
        name="incident_new",
    ),
    path(
        "community/incidents/<uuid:incident_id>/edit/",
        views.incident_edit,
        name="incident_edit",
    ),
    path("community/stigma-report/", views.stigma_report, name="stigma_report"),
]
