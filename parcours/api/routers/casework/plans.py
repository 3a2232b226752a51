"""The client's plan and its goals."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.api import deps
from parcours.api.casework_schemas import (
    GoalReviewIn,
    GoalReviewOut,
    PlanGoalIn,
    PlanGoalOut,
    PlanGoalPatch,
    PlanOut,
    PlanPatch,
    PlanStepIn,
    PlanStepOut,
)
from parcours.api.errors import ErrorOut
from parcours.api.routers.casework.common import (
    NOT_FOUND,
    _organization,
    _stale_message,
    _worker,
)
from parcours.casework import selectors, services
from parcours.casework.models import (
    SUBDOMAIN_SUPPORT,
    CasePlan,
    Goal,
    GoalReview,
)
from parcours.clients.services import client_record_viewed

router = Router(tags=["casework"])


def _plan(client_access: ClientAccess) -> dict[str, Any]:
    plan = selectors.plan_for(client_access)
    exists = CasePlan.objects.filter(client=client_access.client).exists()
    return {
        "id": plan.pk if plan else None,
        "version": plan.version if plan else 0,
        "in_own_words": plan.in_own_words if plan else "",
        "strengths": plan.strengths if plan else "",
        "context": plan.context if plan else "",
        "last_reviewed_on": plan.last_reviewed_on if plan else None,
        "next_review_on": plan.next_review_on if plan else None,
        "can_write": access.can_write_plan(client_access, plan)
        and (plan is not None or not exists),
        "goals": list(selectors.goals_for(client_access, plan)) if plan else [],
    }


@router.get(
    "/clients/{client_id}/plan",
    response={200: PlanOut, **NOT_FOUND},
    summary="The client's plan and the goals the caller may see",
)
def plan_detail(request: HttpRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, via="api", section="plan")
    return _plan(client_access)


@router.patch(
    "/clients/{client_id}/plan",
    response={200: PlanOut, 409: ErrorOut, **NOT_FOUND},
    summary="Change the plan (optimistic concurrency on `version`; 0 for a new plan)",
)
def plan_patch(request: HttpRequest, client_id: uuid.UUID, payload: PlanPatch) -> dict[str, Any]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes = {k: ("" if v is None and k != "next_review_on" else v) for k, v in changes.items()}
    try:
        services.plan_save(
            acting_user=user,
            client_access=client_access,
            expected_version=payload.version,
            changes=changes,
        )
    except services.StaleEdit as exc:
        raise HttpError(409, _stale_message(exc, CasePlan)) from exc
    return _plan(client_access)


@router.post(
    "/clients/{client_id}/goals",
    response={201: PlanGoalOut, **NOT_FOUND},
    summary="Add a goal, in the client's words, to the client's plan",
)
def goal_create(request: HttpRequest, client_id: uuid.UUID, payload: PlanGoalIn) -> Status[Goal]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    goal = services.goal_add(
        acting_user=user,
        client_access=client_access,
        statement=payload.statement,
        support_type=SUBDOMAIN_SUPPORT[payload.sub_domain.value],
        sub_domain=payload.sub_domain.value,
        responsible=payload.responsible.value,
        responsible_worker=_worker(user, payload.responsible_worker_id, "responsible_worker_id"),
        responsible_organization=_organization(payload.responsible_organization_id),
        target_date=payload.target_date,
        steps=payload.steps,
    )
    return Status(201, selectors.goal_get_for_user(user, goal.pk)[0])


def _visible_goal(user: User, goal_id: uuid.UUID) -> tuple[Goal, ClientAccess]:
    return selectors.goal_get_writable(user, goal_id)


@router.get(
    "/goals/{goal_id}",
    response={200: PlanGoalOut, **NOT_FOUND},
    summary="One goal with its steps and reviews",
)
def goal_detail(request: HttpRequest, goal_id: uuid.UUID) -> Goal:
    user = deps.signed_in(request)
    goal, client_access = selectors.goal_get_for_user(user, goal_id)
    client_record_viewed(acting_user=user, client_access=client_access, via="api", section="plan")
    return goal


@router.patch(
    "/goals/{goal_id}",
    response={200: PlanGoalOut, 409: ErrorOut, **NOT_FOUND},
    summary="Change a goal (optimistic concurrency on `version`)",
)
def goal_patch(request: HttpRequest, goal_id: uuid.UUID, payload: PlanGoalPatch) -> Goal:
    user = deps.signed_in(request)
    goal, client_access = _visible_goal(user, goal_id)
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "responsible_worker_id":
            changes["responsible_worker"] = _worker(user, value, key)
        elif key == "responsible_organization_id":
            changes["responsible_organization"] = _organization(value)
        elif value is None and key != "target_date":
            continue
        else:
            changes[key] = getattr(value, "value", value)
    if "sub_domain" in changes:
        changes["support_type"] = SUBDOMAIN_SUPPORT[changes["sub_domain"]]
    try:
        services.goal_update(
            acting_user=user,
            client_access=client_access,
            goal=goal,
            expected_version=payload.version,
            changes=changes,
        )
    except services.StaleEdit as exc:
        raise HttpError(409, _stale_message(exc, Goal)) from exc
    return selectors.goal_get_for_user(user, goal.pk)[0]


@router.post(
    "/goals/{goal_id}/steps",
    response={201: PlanStepOut, **NOT_FOUND},
    summary="Add a step to a goal",
)
def goal_step_create(request: HttpRequest, goal_id: uuid.UUID, payload: PlanStepIn) -> Status[Any]:
    user = deps.signed_in(request)
    goal, client_access = _visible_goal(user, goal_id)
    step = services.goal_step_add(
        acting_user=user,
        client_access=client_access,
        goal=goal,
        description=payload.description,
        responsible=payload.responsible.value,
        target_date=payload.target_date,
    )
    return Status(201, step)


@router.post(
    "/goals/{goal_id}/reviews",
    response={201: GoalReviewOut, **NOT_FOUND},
    summary="Record a progress review of a goal",
)
def goal_review_create(
    request: HttpRequest, goal_id: uuid.UUID, payload: GoalReviewIn
) -> Status[GoalReview]:
    user = deps.signed_in(request)
    goal, client_access = _visible_goal(user, goal_id)
    review = services.goal_review_add(
        acting_user=user,
        client_access=client_access,
        goal=goal,
        progress=payload.progress.value,
        note=payload.note,
        reviewed_on=payload.reviewed_on,
    )
    return Status(201, review)
