"""Writes to the client's plan: the plan itself, its goals, their steps and
progress reviews. Plans and goals carry a version: a save based on an older
version is refused (``StaleEdit``, with what changed since), never lost.
Every change is in the audit log and in the records' history."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import Organization, User
from parcours.casework.models import (
    SUBDOMAIN_SUPPORT,
    CasePlan,
    Enrollment,
    Goal,
    GoalProgress,
    GoalReview,
    GoalStep,
    PlanGoalStatus,
    ResponsibleParty,
    SubDomain,
    SupportType,
)
from parcours.casework.services.enrollments import StaleEdit, program_standard
from parcours.casework.signals import plan_changed_on_commit
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

PLAN_FIELDS = ["in_own_words", "strengths", "context", "next_review_on"]
GOAL_FIELDS = [
    "statement",
    "support_type",
    "sub_domain",
    "responsible",
    "responsible_worker_id",
    "responsible_organization_id",
    "target_date",
    "status",
]
DEFAULT_REVIEW_DAYS = 90


def _org_id(acting_user: User) -> Any:
    if acting_user.organization_id is None:
        raise ValidationError(_("Only staff of a partner organization can write to a plan."))
    return acting_user.organization_id


def _check_can_write(client_access: ClientAccess, plan: CasePlan | None) -> None:
    if not access.can_write_plan(client_access, plan):
        raise ValidationError(
            _(
                "The client's plan is kept by another partner: the client must share "
                "the case plan with your organization first."
            )
        )


def plan_review_interval(client_id: uuid.UUID) -> int:
    """Days between plan reviews: the shortest interval of the programs the
    client is enrolled in (90 days without enrollment)."""
    enrollments = Enrollment.objects.filter(
        client_id=client_id, end_date__isnull=True
    ).select_related("program", "program__standard")
    days = [program_standard(e.program).plan_review_days for e in enrollments]
    return min(days) if days else DEFAULT_REVIEW_DAYS


def _changes_since(obj: Model, expected_version: int, fields: Sequence[str]) -> dict[str, Any]:
    """What changed between the version the user opened and the current one,
    from the record's history: {field: (then, now)}."""
    history = getattr(obj, "history", None)
    if history is None:
        return {}
    then = history.filter(version=expected_version).order_by("-history_date").first()
    if then is None:
        return {}
    changed: dict[str, Any] = {}
    for name in fields:
        old, new = getattr(then, name, None), getattr(obj, name, None)
        if old != new:
            changed[name.removesuffix("_id")] = (old, new)
    return changed


def _stale(obj: Model, expected_version: int, fields: Sequence[str]) -> StaleEdit:
    return StaleEdit(obj, _changes_since(obj, expected_version, fields))


def plan_ensure(*, acting_user: User, client_access: ClientAccess) -> CasePlan:
    """The client's plan, started on behalf of the acting user's organization
    when there is none yet (audited)."""
    plan = CasePlan.objects.filter(client=client_access.client).first()
    _check_can_write(client_access, plan)
    if plan is not None:
        return plan
    today = timezone.localdate()
    plan = CasePlan(
        client=client_access.client,
        organization_id=_org_id(acting_user),
        next_review_on=today + dt.timedelta(days=plan_review_interval(client_access.client.pk)),
    )
    plan.full_clean()
    with transaction.atomic():
        plan._history_user = acting_user  # type: ignore[attr-defined]
        plan.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=plan,
            client_id=client_access.client.pk,
            after=audit_snapshot(plan, PLAN_FIELDS),
        )
    return plan


def plan_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    expected_version: int,
    changes: dict[str, Any],
) -> CasePlan:
    """Change the plan's text or next review date (optimistic concurrency)."""
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in sorted(unknown)})
    plan = plan_ensure(acting_user=acting_user, client_access=client_access)
    with transaction.atomic():
        current = CasePlan.objects.select_for_update().get(pk=plan.pk)
        if current.version != expected_version:
            raise _stale(current, expected_version, PLAN_FIELDS)
        before = audit_snapshot(current, PLAN_FIELDS)
        for field, value in changes.items():
            setattr(current, field, value.strip() if isinstance(value, str) else value)
        current.full_clean()
        current.version += 1
        current._history_user = acting_user  # type: ignore[attr-defined]
        current.save()
        after = audit_snapshot(current, PLAN_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client_access.client.pk,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    plan_changed_on_commit(
        acting_user=acting_user, client=client_access.client, subject=current, change="plan"
    )
    return current


def plan_save(
    *,
    acting_user: User,
    client_access: ClientAccess,
    expected_version: int,
    changes: dict[str, Any],
) -> CasePlan:
    """Save the plan's text from a form or the API. ``expected_version`` is
    the version the user opened; 0 means "I start a new plan": when the
    client has a plan already (someone else started it meanwhile), the save
    is refused (``StaleEdit``, with what the other worker wrote), never
    merged into theirs."""
    with transaction.atomic():
        if expected_version == 0:
            existing = CasePlan.objects.select_for_update().filter(client=client_access.client)
            current = existing.first()
            if current is not None:
                _check_can_write(client_access, current)
                raise StaleEdit(current, _written_since_start(current))
            plan = plan_ensure(acting_user=acting_user, client_access=client_access)
            expected_version = plan.version
        return plan_update(
            acting_user=acting_user,
            client_access=client_access,
            expected_version=expected_version,
            changes=changes,
        )


def _written_since_start(plan: CasePlan) -> dict[str, Any]:
    """What a plan holds that a new, empty one would not: {field: (empty, now)}."""
    changed: dict[str, Any] = {}
    for name in ("in_own_words", "strengths", "context"):
        if getattr(plan, name):
            changed[name] = ("", getattr(plan, name))
    return changed


def plan_review_record(
    *,
    acting_user: User,
    client_access: ClientAccess,
    expected_version: int,
    reviewed_on: dt.date | None,
) -> CasePlan:
    """The plan was reviewed with the client: the next review is due after
    the program's interval."""
    plan = plan_ensure(acting_user=acting_user, client_access=client_access)
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": [_("The review date cannot be in the future.")]})
    with transaction.atomic():
        current = CasePlan.objects.select_for_update().get(pk=plan.pk)
        if current.version != expected_version:
            raise _stale(current, expected_version, PLAN_FIELDS)
        before = audit_snapshot(current, ["last_reviewed_on", "next_review_on"])
        current.last_reviewed_on = reviewed_on
        current.next_review_on = reviewed_on + dt.timedelta(
            days=plan_review_interval(client_access.client.pk)
        )
        current.version += 1
        current._history_user = acting_user  # type: ignore[attr-defined]
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(current, ["last_reviewed_on", "next_review_on"]),
            detail={"plan_review": True},
        )
    plan_changed_on_commit(
        acting_user=acting_user, client=client_access.client, subject=current, change="plan_review"
    )
    return current


def _check_goal(
    *,
    statement: str,
    support_type: str,
    sub_domain: str,
    responsible: str,
    responsible_worker: User | None,
    responsible_organization: Organization | None,
    acting_user: User,
    status: str = PlanGoalStatus.ACTIVE,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not statement.strip():
        errors.setdefault("statement", []).append(_("Write the goal as the client says it."))
    if support_type not in SupportType.values:
        errors.setdefault("support_type", []).append(_("Choose the type of support."))
    if sub_domain not in SubDomain.values:
        errors.setdefault("sub_domain", []).append(_("Choose the area of the goal."))
    elif support_type in SupportType.values and SUBDOMAIN_SUPPORT[sub_domain] != support_type:
        errors.setdefault("sub_domain", []).append(
            _("%(area)s is not an area of %(support)s.")
            % {
                "area": SubDomain(sub_domain).label,
                "support": SupportType(support_type).label,
            }
        )
    if responsible not in ResponsibleParty.values:
        errors.setdefault("responsible", []).append(_("Say who is responsible."))
    if responsible == ResponsibleParty.PARTNER and responsible_organization is None:
        errors.setdefault("responsible_organization", []).append(
            _("Name the partner organization that is responsible.")
        )
    if (
        responsible_worker is not None
        and responsible_worker.organization_id != acting_user.organization_id
    ):
        errors.setdefault("responsible_worker", []).append(
            _("Choose a worker of your organization.")
        )
    if status not in PlanGoalStatus.values:
        errors.setdefault("status", []).append(_("Choose a status."))
    return errors


def goal_add(
    *,
    acting_user: User,
    client_access: ClientAccess,
    statement: str,
    support_type: str,
    sub_domain: str,
    responsible: str = ResponsibleParty.CLIENT,
    responsible_worker: User | None = None,
    responsible_organization: Organization | None = None,
    target_date: dt.date | None = None,
    steps: Sequence[str] = (),
) -> Goal:
    """Add a goal, in the client's own words, to the client's plan."""
    errors = _check_goal(
        statement=statement,
        support_type=support_type,
        sub_domain=sub_domain,
        responsible=responsible,
        responsible_worker=responsible_worker,
        responsible_organization=responsible_organization,
        acting_user=acting_user,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = plan_ensure(acting_user=acting_user, client_access=client_access)
        goal = Goal(
            plan=plan,
            organization_id=_org_id(acting_user),
            statement=statement.strip(),
            support_type=support_type,
            sub_domain=sub_domain,
            responsible=responsible,
            responsible_worker=responsible_worker,
            responsible_organization=(
                responsible_organization if responsible == ResponsibleParty.PARTNER else None
            ),
            target_date=target_date,
            recorded_by=acting_user,
        )
        goal.full_clean()
        goal._history_user = acting_user  # type: ignore[attr-defined]
        goal.save(force_insert=True)
        for text in steps:
            if text.strip():
                step = GoalStep(goal=goal, description=text.strip()[:300], responsible=responsible)
                step._history_user = acting_user  # type: ignore[attr-defined]
                step.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=goal,
            client_id=client_access.client.pk,
            after={
                **audit_snapshot(goal, GOAL_FIELDS),
                "steps": [s for s in steps if s.strip()],
            },
        )
    plan_changed_on_commit(
        acting_user=acting_user, client=client_access.client, subject=goal, change="goal_added"
    )
    return goal


def _check_goal_access(client_access: ClientAccess, goal: Goal) -> None:
    if goal.plan.client_id != client_access.client.pk or not access.can_write_plan(
        client_access, goal.plan
    ):
        raise ValidationError(_("You may not change this goal."))


def goal_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    goal: Goal,
    expected_version: int,
    changes: dict[str, Any],
) -> Goal:
    """Change a goal (optimistic concurrency: a stale save is refused with what changed)."""
    _check_goal_access(client_access, goal)
    allowed = {f.removesuffix("_id") for f in GOAL_FIELDS}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in sorted(unknown)})
    with transaction.atomic():
        current = Goal.objects.select_for_update().get(pk=goal.pk)
        if current.version != expected_version:
            raise _stale(current, expected_version, GOAL_FIELDS)
        before = audit_snapshot(current, GOAL_FIELDS)
        for field, value in changes.items():
            setattr(current, field, value.strip() if isinstance(value, str) else value)
        if current.responsible != ResponsibleParty.PARTNER:
            current.responsible_organization = None
        errors = _check_goal(
            statement=current.statement,
            support_type=current.support_type,
            sub_domain=current.sub_domain,
            responsible=current.responsible,
            responsible_worker=current.responsible_worker,
            responsible_organization=current.responsible_organization,
            acting_user=acting_user,
            status=current.status,
        )
        if errors:
            raise ValidationError(errors)
        current.full_clean()
        current.version += 1
        current._history_user = acting_user  # type: ignore[attr-defined]
        current.save()
        after = audit_snapshot(current, GOAL_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client_access.client.pk,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    plan_changed_on_commit(
        acting_user=acting_user, client=client_access.client, subject=current, change="goal_changed"
    )
    return current


def goal_step_add(
    *,
    acting_user: User,
    client_access: ClientAccess,
    goal: Goal,
    description: str,
    responsible: str = ResponsibleParty.CLIENT,
    target_date: dt.date | None = None,
) -> GoalStep:
    _check_goal_access(client_access, goal)
    if not description.strip():
        raise ValidationError({"description": [_("Describe the step.")]})
    step = GoalStep(
        goal=goal,
        description=description.strip(),
        responsible=responsible,
        target_date=target_date,
    )
    step.full_clean()
    with transaction.atomic():
        step._history_user = acting_user  # type: ignore[attr-defined]
        step.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=step,
            client_id=client_access.client.pk,
            after=audit_snapshot(step, ["goal_id", "description", "responsible", "target_date"]),
        )
    plan_changed_on_commit(
        acting_user=acting_user, client=client_access.client, subject=step, change="step_added"
    )
    return step


def goal_step_done(
    *, acting_user: User, client_access: ClientAccess, step: GoalStep, done: bool = True
) -> GoalStep:
    """Mark a step done today (or not done)."""
    _check_goal_access(client_access, step.goal)
    with transaction.atomic():
        before = audit_snapshot(step, ["done_on"])
        step.done_on = timezone.localdate() if done else None
        step._history_user = acting_user  # type: ignore[attr-defined]
        step.save(update_fields=["done_on", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=step,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(step, ["done_on"]),
        )
    plan_changed_on_commit(
        acting_user=acting_user, client=client_access.client, subject=step, change="step_done"
    )
    return step


def goal_review_add(
    *,
    acting_user: User,
    client_access: ClientAccess,
    goal: Goal,
    progress: str,
    note: str = "",
    reviewed_on: dt.date | None = None,
) -> GoalReview:
    """Record a progress review of a goal; an "achieved" review marks the goal achieved."""
    _check_goal_access(client_access, goal)
    errors: dict[str, list[str]] = {}
    if progress not in GoalProgress.values:
        errors.setdefault("progress", []).append(_("Choose the progress."))
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate():
        errors.setdefault("reviewed_on", []).append(_("The review date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    review = GoalReview(
        goal=goal,
        organization_id=_org_id(acting_user),
        reviewed_on=reviewed_on,
        progress=progress,
        note=note.strip(),
        reviewed_by=acting_user,
    )
    review.full_clean()
    with transaction.atomic():
        review.save(force_insert=True)
        if progress == GoalProgress.ACHIEVED and goal.status != PlanGoalStatus.ACHIEVED:
            current = Goal.objects.select_for_update().get(pk=goal.pk)
            current.status = PlanGoalStatus.ACHIEVED
            current.version += 1
            current._history_user = acting_user  # type: ignore[attr-defined]
            current.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=review,
            client_id=client_access.client.pk,
            after=audit_snapshot(review, ["goal_id", "reviewed_on", "progress", "note"]),
        )
    plan_changed_on_commit(
        acting_user=acting_user, client=client_access.client, subject=review, change="goal_review"
    )
    return review
