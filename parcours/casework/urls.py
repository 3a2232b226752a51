from django.urls import URLPattern, URLResolver, path

from parcours.casework import views

app_name = "casework"

urlpatterns: list[URLPattern | URLResolver] = [
    path("caseloads/", views.program_list, name="programs"),
    path("worklist/", views.worklist_page, name="worklist"),
    path("worklist/put-aside/", views.work_item_put_aside, name="work_item_put_aside"),
    path(
        "worklist/put-aside/<uuid:snooze_id>/bring-back/",
        views.work_item_bring_back,
        name="work_item_bring_back",
    ),
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
    path("clients/<uuid:client_id>/plan/", views.plan_detail, name="plan"),
    path("clients/<uuid:client_id>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("clients/<uuid:client_id>/plan/review/", views.plan_review, name="plan_review"),
    path("clients/<uuid:client_id>/plan/history/", views.plan_history, name="plan_history"),
    path("clients/<uuid:client_id>/plan/print/", views.plan_print, name="plan_print"),
    path("clients/<uuid:client_id>/goals/new/", views.goal_new, name="goal_new"),
    path("goals/<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<uuid:goal_id>/steps/", views.goal_step_new, name="goal_step_new"),
    path("goals/<uuid:goal_id>/review/", views.goal_review_new, name="goal_review"),
    path("steps/<uuid:step_id>/done/", views.goal_step_done, name="goal_step_done"),
    path("clients/<uuid:client_id>/encounters/", views.encounter_list, name="encounters"),
    path("clients/<uuid:client_id>/encounters/new/", views.encounter_new, name="encounter_new"),
    path("clients/<uuid:client_id>/notes/", views.note_list, name="notes"),
    path("clients/<uuid:client_id>/notes/new/", views.note_new, name="note_new"),
    path("notes/<uuid:note_id>/correct/", views.note_correct, name="note_correct"),
    path("notes/<uuid:note_id>/addendum/", views.note_amend, name="note_amend"),
    path("notes/<uuid:note_id>/history/", views.note_history, name="note_history"),
    path("clients/<uuid:client_id>/assessments/", views.assessment_list, name="assessments"),
    path("clients/<uuid:client_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/<uuid:assessment_id>/", views.assessment_detail, name="assessment"),
    path("waitlist/<uuid:entry_id>/move/", views.waitlist_move, name="waitlist_move"),
    path("waitlist/<uuid:entry_id>/remove/", views.waitlist_remove, name="waitlist_remove"),
    path("waitlist/<uuid:entry_id>/offer/", views.waitlist_offer, name="waitlist_offer"),
]
