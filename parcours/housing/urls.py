"""Routes of housing supports: landlords, the vacancies board, units."""

from __future__ import annotations

from django.urls import path

from parcours.housing import finance_views, matching_views, upkeep_views, views

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
    path("housing/budgets/", finance_views.budgets, name="budgets"),
    path("housing/budgets/new/", finance_views.budget_new, name="budget_new"),
    path("housing/budgets/<uuid:budget_id>/", finance_views.budget_detail, name="budget"),
    path(
        "housing/clients/<uuid:client_id>/assistance/new/",
        finance_views.assistance_new,
        name="assistance_new",
    ),
    path(
        "housing/assistance/<uuid:assistance_id>/",
        finance_views.assistance_detail,
        name="assistance",
    ),
    path(
        "housing/assistance/<uuid:assistance_id>/decide/",
        finance_views.assistance_decide,
        name="assistance_decide",
    ),
    path(
        "housing/assistance/<uuid:assistance_id>/payments/new/",
        finance_views.payment_new,
        name="payment_new",
    ),
    path(
        "housing/clients/<uuid:client_id>/applications/new/",
        finance_views.application_new,
        name="application_new",
    ),
    path(
        "housing/applications/<uuid:application_id>/edit/",
        finance_views.application_edit,
        name="application_edit",
    ),
    # Preferences, matching and offers (parcours.housing.matching_views).
    path(
        "housing/clients/<uuid:client_id>/preferences/",
        matching_views.preferences_edit,
        name="preferences",
    ),
    path(
        "housing/clients/<uuid:client_id>/matches/",
        matching_views.client_matches,
        name="client_matches",
    ),
    path("housing/units/<uuid:unit_id>/matches/", matching_views.unit_matches, name="unit_matches"),
    path("housing/units/<uuid:unit_id>/offers/new/", matching_views.offer_new, name="offer_new"),
    path("housing/offers/", matching_views.offers, name="offers"),
    path(
        "housing/offers/<uuid:offer_id>/answer/", matching_views.offer_answer, name="offer_answer"
    ),
    path(
        "housing/offers/<uuid:offer_id>/tenancy/",
        matching_views.offer_tenancy,
        name="offer_tenancy",
    ),
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
