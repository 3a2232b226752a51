"""The client's plan: its text, goals, steps, reviews, history and PDF."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.http import AuthenticatedRequest
from parcours.casework import selectors, services
from parcours.casework.forms import (
    GoalEditForm,
    GoalForm,
    GoalReviewForm,
    PlanForm,
    PlanReviewForm,
    StepForm,
)
from parcours.casework.models import CasePlan, Goal
from parcours.casework.pdf import plan_pdf
from parcours.clients.services import client_record_viewed
from parcours.core.forms import apply_errors

# --- The client's plan ---------------------------------------------------------


def _plan_context(client_access: ClientAccess, **extra: Any) -> dict[str, Any]:
    plan = selectors.plan_for(client_access)
    goals = list(selectors.goals_for(client_access, plan)) if plan else []
    return {
        "client": client_access.client,
        "client_access": client_access,
        "plan": plan,
        "goals": goals,
        "can_write": access.can_write_plan(client_access, plan)
        and (
            plan is not None or CasePlan.objects.filter(client=client_access.client).first() is None
        ),
        **extra,
    }


@login_required
def plan_detail(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="plan")
    context = _plan_context(client_access)
    plan = context["plan"]
    context.update(
        plan_form=PlanForm(instance=plan, initial={"version": plan.version if plan else 0}),
        review_form=PlanReviewForm(initial={"version": plan.version if plan else 0}),
        goal_form=GoalForm(user=user),
        step_form=StepForm(),
    )
    return render(request, "casework/plan.html", context)


@login_required
@require_POST
def plan_edit(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    plan = selectors.plan_for(client_access)
    form = PlanForm(request.POST, instance=plan)
    stale = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_save(
                acting_user=user,
                client_access=client_access,
                expected_version=data["version"],
                changes={f: data[f] for f in services.PLAN_FIELDS},
            )
        except services.StaleEdit as exc:
            stale = exc
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("casework:plan", client_id=client_access.client.pk)
    context = _plan_context(
        client_access, plan_form=form, stale=stale, stale_labels=_labels(CasePlan, stale)
    )
    plan = context["plan"]
    context.update(
        review_form=PlanReviewForm(initial={"version": plan.version if plan else 0}),
        goal_form=GoalForm(user=user),
        step_form=StepForm(),
    )
    return render(request, "casework/plan.html", context, status=409 if stale else 422)


def _labels(model: Any, stale: services.StaleEdit | None) -> list[tuple[str, Any, Any]]:
    """What changed since the user opened the record: (label, then, now)."""
    if stale is None:
        return []
    return [
        (
            str(model._meta.get_field(name).verbose_name),
            selectors.display_value(model, name, then),
            selectors.display_value(model, name, now),
        )
        for name, (then, now) in stale.changed.items()
    ]


@login_required
@require_POST
def plan_review(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = PlanReviewForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_review_record(
                acting_user=user,
                client_access=client_access,
                expected_version=form.cleaned_data["version"],
                reviewed_on=form.cleaned_data["reviewed_on"],
            )
        except services.StaleEdit as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The plan review is recorded; the next one is due on %(date)s.")
                % {"date": plan.next_review_on.isoformat() if plan.next_review_on else "—"},
            )
    else:
        messages.error(request, _("Enter the date of the review."))
    return redirect("casework:plan", client_id=client_access.client.pk)


@login_required
@require_POST
def goal_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = GoalForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_add(
                acting_user=user,
                client_access=client_access,
                statement=data["statement"],
                support_type=form.support_type(),
                sub_domain=data["sub_domain"],
                responsible=data["responsible"],
                responsible_worker=data["responsible_worker"],
                responsible_organization=data["responsible_organization"],
                target_date=data["target_date"],
                steps=data["steps"].splitlines(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The goal is added to the plan."))
            return redirect("casework:plan", client_id=client_access.client.pk)
    context = _plan_context(client_access, goal_form=form)
    plan = context["plan"]
    context.update(
        plan_form=PlanForm(instance=plan, initial={"version": plan.version if plan else 0}),
        review_form=PlanReviewForm(initial={"version": plan.version if plan else 0}),
        step_form=StepForm(),
    )
    return render(request, "casework/plan.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    goal, client_access = selectors.goal_get_writable(user, goal_id)
    if request.method == "GET":
        client_record_viewed(acting_user=user, client_access=client_access, section="goal")
    initial = {
        "statement": goal.statement,
        "sub_domain": goal.sub_domain,
        "responsible": goal.responsible,
        "responsible_worker": goal.responsible_worker_id,
        "responsible_organization": goal.responsible_organization_id,
        "target_date": goal.target_date,
        "status": goal.status,
        "version": goal.version,
    }
    form = GoalEditForm(request.POST or None, user=user, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_update(
                acting_user=user,
                client_access=client_access,
                goal=goal,
                expected_version=data["version"],
                changes={
                    "statement": data["statement"],
                    "support_type": form.support_type(),
                    "sub_domain": data["sub_domain"],
                    "responsible": data["responsible"],
                    "responsible_worker": data["responsible_worker"],
                    "responsible_organization": data["responsible_organization"],
                    "target_date": data["target_date"],
                    "status": data["status"],
                },
            )
        except services.StaleEdit as exc:
            stale = exc
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect("casework:plan", client_id=client_access.client.pk)
    return render(
        request,
        "casework/goal_form.html",
        {
            "form": form,
            "client": client_access.client,
            "goal": goal,
            "stale": stale,
            "stale_labels": _labels(Goal, stale),
            "title": _("Change the goal"),
        },
        status=409 if stale else 200,
    )


@login_required
@require_POST
def goal_step_new(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    goal, client_access = selectors.goal_get_writable(user, goal_id)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.goal_step_add(
                acting_user=user, client_access=client_access, goal=goal, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The step is added."))
    else:
        messages.error(request, _("Describe the step and who is responsible."))
    return redirect(f"{_plan_url(client_access)}#goal-{goal.pk}")


def _plan_url(client_access: ClientAccess) -> str:
    return reverse("casework:plan", kwargs={"client_id": client_access.client.pk})


@login_required
@require_POST
def goal_step_done(request: AuthenticatedRequest, step_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    step, client_access = selectors.goal_step_get_for_user(user, step_id)
    try:
        services.goal_step_done(
            acting_user=user,
            client_access=client_access,
            step=step,
            done=request.POST.get("done") != "0",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{_plan_url(client_access)}#goal-{step.goal_id}")


@login_required
@require_http_methods(["GET", "POST"])
def goal_review_new(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    goal, client_access = selectors.goal_get_writable(user, goal_id)
    if request.method == "GET":
        client_record_viewed(acting_user=user, client_access=client_access, section="goal")
    form = GoalReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_review_add(
                acting_user=user, client_access=client_access, goal=goal, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The progress review is recorded."))
            return redirect(f"{_plan_url(client_access)}#goal-{goal.pk}")
    return render(
        request,
        "casework/goal_form.html",
        {"form": form, "client": client_access.client, "goal": goal, "title": _("Review progress")},
    )


@login_required
def plan_history(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    plan = selectors.plan_for(client_access)
    if plan is None:
        raise Http404
    client_record_viewed(acting_user=user, client_access=client_access, section="plan_history")
    return render(
        request,
        "casework/plan_history.html",
        {
            "client": client_access.client,
            "plan": plan,
            "entries": selectors.plan_history(client_access, plan),
        },
    )


@login_required
def plan_print(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """The plan as a PDF in the client's preferred language."""
    user, client_access = access.client_get_for_staff(request.user, client_id)
    plan = selectors.plan_for(client_access)
    if plan is None:
        raise Http404
    client_record_viewed(acting_user=user, client_access=client_access, section="plan_pdf")
    pdf = plan_pdf(
        plan=plan,
        goals=list(selectors.goals_for(client_access, plan)),
        enrollments=[e for e in selectors.enrollments_for(client_access) if e.is_open],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{client_access.client.pk}.pdf"'
    return response
