"""Routes of the reports: the by-name list, the monthly flow and the
prioritization rules."""

from __future__ import annotations

from django.urls import path

from parcours.reports import export_views, fidelity_views, outcomes_views, views

app_name = "reports"
urlpatterns = [
    path("reports/by-name-list/", views.by_name_list, name="by_name_list"),
    path("reports/by-name-list.csv", views.by_name_list_csv, name="by_name_list_csv"),
    path("reports/monthly-flow/", views.monthly_flow, name="monthly_flow"),
    path("reports/monthly-flow.csv", views.monthly_flow_csv, name="monthly_flow_csv"),
    path("reports/monthly-flow/publish/", views.monthly_flow_publish, name="monthly_flow_publish"),
    path("reports/priority-rules/", views.priority_rules, name="priority_rules"),
    path("reports/fidelity/", fidelity_views.fidelity, name="fidelity"),
    path("reports/outcomes/", outcomes_views.outcomes, name="outcomes"),
    path("reports/outcomes.csv", outcomes_views.outcomes_csv, name="outcomes_csv"),
    path("reports/exports/", export_views.export_list, name="exports"),
    path("reports/exports/new/", export_views.export_create, name="export_create"),
    path(
        "reports/exports/<uuid:export_id>/download/",
        export_views.export_download,
        name="export_download",
    ),
    path(
        "reports/exports/<uuid:export_id>/delete/", export_views.export_delete, name="export_delete"
    ),
]
