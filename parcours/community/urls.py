"""Routes of the income and ID-document trackers, stigma incidents, life-skills groups
and the opportunities board."""

from __future__ import annotations

from django.urls import path

from parcours.community import group_views, opportunity_views, views

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
urlpatterns += [
    path("community/groups/", group_views.group_list, name="group_list"),
    path("community/groups/new/", group_views.group_new, name="group_new"),
    path("community/groups/<uuid:session_id>/", group_views.group_detail, name="group_detail"),
    path("community/groups/<uuid:session_id>/edit/", group_views.group_edit, name="group_edit"),
    path(
        "community/groups/<uuid:session_id>/cancel/",
        group_views.group_cancel,
        name="group_cancel",
    ),
    path(
        "community/clients/<uuid:client_id>/groups/register/",
        group_views.group_register,
        name="group_register",
    ),
]
urlpatterns += [
    path("community/opportunities/", opportunity_views.opportunity_list, name="opportunity_list"),
    path(
        "community/opportunities/new/",
        opportunity_views.opportunity_new,
        name="opportunity_new",
    ),
    path(
        "community/opportunities/supply-demand/",
        opportunity_views.supply_demand,
        name="opportunity_supply_demand",
    ),
    path(
        "community/opportunities/<uuid:opportunity_id>/",
        opportunity_views.opportunity_detail,
        name="opportunity_detail",
    ),
    path(
        "community/opportunities/<uuid:opportunity_id>/edit/",
        opportunity_views.opportunity_edit,
        name="opportunity_edit",
    ),
    path(
        "community/opportunities/<uuid:opportunity_id>/close/",
        opportunity_views.opportunity_close,
        name="opportunity_close",
    ),
    path(
        "community/clients/<uuid:client_id>/opportunities/",
        opportunity_views.client_opportunities,
        name="client_opportunities",
    ),
    path(
        "community/clients/<uuid:client_id>/opportunities/interest/",
        opportunity_views.interest_edit,
        name="interest_edit",
    ),
    path(
        "community/clients/<uuid:client_id>/opportunities/<uuid:opportunity_id>/refer/",
        opportunity_views.opportunity_refer,
        name="opportunity_refer",
    ),
    path(
        "community/opportunity-interests/<uuid:interest_id>/end/",
        opportunity_views.interest_end,
        name="interest_end",
    ),
    path(
        "community/placements/<uuid:placement_id>/",
        opportunity_views.placement_detail,
        name="placement_detail",
    ),
]
