"""Routes of the reports: the by-name list, the monthly flow and the
prioritization rules."""

from __future__ import annotations

from django.urls import path

from parcours.reports import fidelity_views, outcomes_views, views

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
]
