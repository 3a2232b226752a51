"""Screens of the casework app (a package, one module per screen family).
Thin: forms parse, services write, selectors read through the access policy,
and every client read is audited (by services)."""

from parcours.casework.views.assessments import (
    assessment_detail,
    assessment_list,
    assessment_new,
)
from parcours.casework.views.caseloads import (
    caseload,
    program_list,
    standard_edit,
    waitlist_add,
    waitlist_move,
    waitlist_offer,
    waitlist_remove,
)
from parcours.casework.views.enrollments import (
    client_casework,
    enrollment_close,
    enrollment_new,
    enrollment_reassign,
    enrollment_transfer,
)
from parcours.casework.views.notes import (
    encounter_list,
    encounter_new,
    note_amend,
    note_correct,
    note_history,
    note_list,
    note_new,
)
from parcours.casework.views.plans import (
    goal_edit,
    goal_new,
    goal_review_new,
    goal_step_done,
    goal_step_new,
    plan_detail,
    plan_edit,
    plan_history,
    plan_print,
    plan_review,
)
from parcours.casework.views.worklists import (
    WORK_KINDS,
    work_item_bring_back,
    work_item_put_aside,
    worklist_page,
)

__all__ = [
    "WORK_KINDS",
    "assessment_detail",
    "assessment_list",
    "assessment_new",
    "caseload",
    "client_casework",
    "encounter_list",
    "encounter_new",
    "enrollment_close",
    "enrollment_new",
    "enrollment_reassign",
    "enrollment_transfer",
    "goal_edit",
    "goal_new",
    "goal_review_new",
    "goal_step_done",
    "goal_step_new",
    "note_amend",
    "note_correct",
    "note_history",
    "note_list",
    "note_new",
    "plan_detail",
    "plan_edit",
    "plan_history",
    "plan_print",
    "plan_review",
    "program_list",
    "standard_edit",
    "waitlist_add",
    "waitlist_move",
    "waitlist_offer",
    "waitlist_remove",
    "work_item_bring_back",
    "work_item_put_aside",
    "worklist_page",
]
