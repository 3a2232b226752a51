from django.urls import URLPattern, URLResolver, path

from parcours.casework import views

app_name = "casework"

urlpatterns: list[URLPattern | URLResolver] = [
    path("caseloads/", views.program_list, name="programs"),
    path("caseloads/<uuid:program_id>/", views.caseload, name="caseload"),
    path("caseloads/<uuid:program_id>/standards/", views.standard_edit, name="standard_edit"),
    path(
        "clients/<uuid:client_id>/enrollments/",
        views.client_casework,
        name="client_enrollments",
    ),
    path("clients/<uuid:client_id>/enrollments/new/", views.enrollment_new, name="enrollment_new"),
    path("clients/<uuid:client_id>/waitlist/", views.waitlist_add, name="waitlist_add"),
    path(
        "enrollments/<uuid:enrollment_id>/close/", views.enrollment_close, name="enrollment_close"
    ),
    path(
        "enrollments/<uuid:enrollment_id>/transfer/",
        views.enrollment_transfer,
        name="enrollment_transfer",
    ),
    path(
        "enrollments/<uuid:enrollment_id>/reassign/",
        views.enrollment_reassign,
        name="enrollment_reassign",
    ),
    path("waitlist/<uuid:entry_id>/move/", views.waitlist_move, name="waitlist_move"),
    path("waitlist/<uuid:entry_id>/remove/", views.waitlist_remove, name="waitlist_remove"),
    path("waitlist/<uuid:entry_id>/offer/", views.waitlist_offer, name="waitlist_offer"),
]
