from django.urls import path

from parcours.clients import views

app_name = "clients"

urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("clients/new/", views.client_register, name="register"),
    path("clients/emergency-access/", views.break_glass, name="break_glass"),
    path("clients/<uuid:client_id>/", views.client_detail, name="detail"),
    path("clients/<uuid:client_id>/edit/", views.client_edit, name="edit"),
    path("clients/<uuid:client_id>/aliases/", views.alias_add, name="alias_add"),
    path("clients/<uuid:client_id>/link/", views.client_link, name="link"),
    path("clients/<uuid:client_id>/visits/new/", views.visit_new, name="visit_new"),
    path("clients/<uuid:client_id>/pathway/", views.pathway_move, name="pathway_move"),
    path("clients/<uuid:client_id>/consents/new/", views.consent_new, name="consent_new"),
    path("clients/<uuid:client_id>/lock-boxes/new/", views.lock_box_new, name="lock_box_new"),
    path(
        "clients/<uuid:client_id>/lock-boxes/<uuid:box_id>/remove/",
        views.lock_box_remove,
        name="lock_box_remove",
    ),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<uuid:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("emergency-access/reviews/", views.break_glass_reviews, name="break_glass_reviews"),
    path(
        "emergency-access/reviews/<uuid:grant_id>/",
        views.break_glass_review,
        name="break_glass_review",
    ),
    path("services/totals/", views.service_totals, name="service_totals"),
]

# The consent form to sign (a PDF): parcours/clients/print_views.py.
from parcours.clients import print_views  # noqa: E402

urlpatterns.append(
    path(
        "clients/<uuid:client_id>/consents/print/",
        print_views.consent_form_print,
        name="consent_form_print",
    )
)
