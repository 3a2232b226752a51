"""Routes of housing supports: landlords, the vacancies board, units."""

from __future__ import annotations

from django.urls import path

from parcours.housing import upkeep_views, views

app_name = "housing"
urlpatterns = [
    path("housing/landlords/", views.landlords, name="landlords"),
    path("housing/landlords/new/", views.landlord_new, name="landlord_new"),
    path("housing/landlords/<uuid:landlord_id>/", views.landlord_detail, name="landlord"),
    path("housing/landlords/<uuid:landlord_id>/edit/", views.landlord_edit, name="landlord_edit"),
    path(
        "housing/landlords/<uuid:landlord_id>/log/new/",
        views.landlord_log_new,
        name="landlord_log_new",
    ),
    path("housing/landlords/<uuid:landlord_id>/units/new/", views.unit_new, name="unit_new"),
    path("housing/vacancies/", views.vacancies, name="vacancies"),
    path("housing/units/<uuid:unit_id>/", views.unit_detail, name="unit"),
    path("housing/units/<uuid:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path(
        "housing/units/<uuid:unit_id>/inspections/new/",
        views.inspection_new,
        name="inspection_new",
    ),
    path("housing/clients/<uuid:client_id>/tenancies/new/", views.tenancy_new, name="tenancy_new"),
    path("housing/tenancies/<uuid:tenancy_id>/end/", views.tenancy_end, name="tenancy_end"),
    path("housing/tenancies/<uuid:tenancy_id>/move-in/", views.move_in, name="move_in"),
    path("housing/retention/", views.retention, name="retention"),
    # Repairs, damages, budgeting help (upkeep_views).
    path("housing/units/<uuid:unit_id>/repairs/", upkeep_views.unit_repairs, name="unit_repairs"),
    path("housing/units/<uuid:unit_id>/repairs/new/", upkeep_views.repair_new, name="repair_new"),
    path(
        "housing/repairs/<uuid:repair_id>/status/",
        upkeep_views.repair_status,
        name="repair_status",
    ),
    path(
        "housing/tenancies/<uuid:tenancy_id>/damages/new/",
        upkeep_views.damage_new,
        name="damage_new",
    ),
    path(
        "housing/damages/<uuid:damage_id>/settle/",
        upkeep_views.damage_settle,
        name="damage_settle",
    ),
    path(
        "housing/clients/<uuid:client_id>/budgeting/",
        upkeep_views.budgeting_list,
        name="budgeting",
    ),
    path(
        "housing/clients/<uuid:client_id>/budgeting/new/",
        upkeep_views.budgeting_new,
        name="budgeting_new",
    ),
]
