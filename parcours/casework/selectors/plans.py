"""Reads of the client's plan, its goals and their history."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.casework.models import (
    CasePlan,
    Goal,
    GoalReview,
    GoalStep,
)
from parcours.clients.models import DataCategory

PLAN_LABEL = "casework.caseplan"


GOAL_LABEL = "casework.goal"


def plan_for(client_access: ClientAccess) -> CasePlan | None:
    """The client's plan, if the user may see it: their organization started
    it, or the client shares the case plan with them (less lock-boxes)."""
    plan = (
        CasePlan.objects.filter(client=client_access.client).select_related("organization").first()
    )
    if plan is None:
        return None
    if not client_access.can_see_record(
        plan, category=DataCategory.CASE_PLAN, organization_id=plan.organization_id
    ):
        return None
    return plan


def goals_for(client_access: ClientAccess, plan: CasePlan) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(plan=plan)
        .filter(
            client_access.record_filter(category=DataCategory.CASE_PLAN, model_label=GOAL_LABEL)
        )
        .select_related(
            "organization", "responsible_worker", "responsible_organization", "recorded_by"
        )
        .prefetch_related(
            Prefetch("steps", queryset=GoalStep.objects.order_by("created_at")),
            Prefetch(
                "reviews",
                queryset=GoalReview.objects.select_related("reviewed_by", "organization").order_by(
                    "-reviewed_on", "-created_at"
                ),
            ),
        )
        .order_by("status", "target_date", "created_at")
    )


def goal_get_for_user(user: User, goal_id: uuid.UUID | str) -> tuple[Goal, ClientAccess]:
    """A goal the user may see, with what they may see of its client; 404 otherwise."""
    try:
        goal = Goal.objects.select_related("plan", "plan__client").get(pk=goal_id)
    except (Goal.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, goal.plan.client_id)
    if (
        plan_for(client_access) is None
        and goal.organization_id != client_access.user.organization_id
    ):
        raise Http404
    if not client_access.can_see_record(
        goal, category=DataCategory.CASE_PLAN, organization_id=goal.organization_id
    ):
        raise Http404
    return goal, client_access


def goal_get_writable(user: User, goal_id: uuid.UUID | str) -> tuple[Goal, ClientAccess]:
    """A goal the user may change (edit, add a step or a review): one they may
    see, on a plan they may write to; 404 otherwise."""
    goal, client_access = goal_get_for_user(user, goal_id)
    if not access.can_write_plan(client_access, goal.plan):
        raise Http404
    return goal, client_access


def goal_step_get_for_user(user: User, step_id: uuid.UUID | str) -> tuple[GoalStep, ClientAccess]:
    try:
        step = GoalStep.objects.select_related("goal").get(pk=step_id)
    except (GoalStep.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    goal, client_access = goal_get_for_user(user, step.goal_id)
    step.goal = goal
    return step, client_access


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    what: str
    kind: str
    changes: list[tuple[str, Any, Any]]


def plan_history(client_access: ClientAccess, plan: CasePlan) -> list[HistoryEntry]:
    """Who changed what in the plan and its goals, newest first (from the records' history)."""
    entries: list[HistoryEntry] = []
    goal_ids = list(goals_for(client_access, plan).values_list("pk", flat=True))
    sources: list[tuple[Any, Any, str, list[str]]] = [
        (
            CasePlan,
            CasePlan.history.filter(id=plan.pk),
            "plan",
            ["in_own_words", "strengths", "context", "last_reviewed_on", "next_review_on"],
        ),
        (
            Goal,
            Goal.history.filter(id__in=goal_ids),
            "goal",
            ["statement", "support_type", "sub_domain", "responsible", "target_date", "status"],
        ),
        (
            GoalStep,
            GoalStep.history.filter(goal_id__in=goal_ids),
            "step",
            ["description", "responsible", "target_date", "done_on"],
        ),
    ]
    for model, qs, kind, fields in sources:
        previous: dict[Any, Any] = {}
        for record in qs.select_related("history_user").order_by("history_date"):
            before = previous.get(record.id)
            changes = [
                (f, getattr(before, f) if before else None, getattr(record, f))
                for f in fields
                if before is None or getattr(before, f) != getattr(record, f)
            ]
            changes = [
                (
                    str(model._meta.get_field(f).verbose_name),
                    display_value(model, f, then),
                    display_value(model, f, now),
                )
                for f, then, now in changes
                if then != now
            ]
            previous[record.id] = record
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    what=str(record.instance) if kind != "plan" else "",
                    kind=record.history_type,
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def display_value(model: Any, name: str, value: Any) -> Any:
    """A field's value as a person reads it: the label of a choice, the
    record a foreign key points to, "—" for nothing."""
    field = model._meta.get_field(name.removesuffix("_id"))
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return field.related_model._default_manager.filter(pk=value).first() or value
    return value
