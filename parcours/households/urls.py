from django.urls import URLPattern, URLResolver, path

from parcours.households import views

app_name = "households"

urlpatterns: list[URLPattern | URLResolver] = [
    path("households/", views.household_list, name="list"),
    path("clients/<uuid:client_id>/household/new/", views.household_start, name="start"),
    path("households/<uuid:household_id>/", views.household_detail, name="detail"),
    path("households/<uuid:household_id>/members/add/", views.member_add, name="member_add"),
    path(
        "households/<uuid:household_id>/members/<uuid:membership_id>/leave/",
        views.member_leave,
        name="member_leave",
    ),
    path(
        "households/<uuid:household_id>/members/<uuid:membership_id>/relationship/",
        views.member_relationship,
        name="member_relationship",
    ),
    path(
        "households/<uuid:household_id>/guardians/new/",
        views.guardianship_new,
        name="guardianship_new",
    ),
    path(
        "households/<uuid:household_id>/guardians/<uuid:guardianship_id>/end/",
        views.guardianship_end,
        name="guardianship_end",
    ),
    path(
        "households/<uuid:household_id>/assessments/new/",
        views.assessment_new,
        name="assessment_new",
    ),
    path("households/<uuid:household_id>/goals/new/", views.goal_new, name="goal_new"),
    path(
        "households/<uuid:household_id>/goals/<uuid:goal_id>/status/",
        views.goal_status,
        name="goal_status",
    ),
    path("households/<uuid:household_id>/enroll/", views.household_enroll, name="enroll"),
]
