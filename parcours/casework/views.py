"""Screens of the casework app. Thin: forms parse, services write,
selectors read through the access policy, and every client read is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.access import ClientAccess
from parcours.access import casework as casework_access
from parcours.accounts.models import User
from parcours.casework import selectors, services, worklist
from parcours.casework.forms import (
    AddendumForm,
    AssessmentForm,
    CloseForm,
    EncounterForm,
    EnrollmentForm,
    GoalEditForm,
    GoalForm,
    GoalReviewForm,
    LevelForm,
    NoteCorrectForm,
    NoteForm,
    OfferForm,
    PlanForm,
    PlanReviewForm,
    ReassignForm,
    StandardForm,
    StepForm,
    TransferForm,
    WaitlistAddForm,
    WaitlistRemoveForm,
)
from parcours.casework.models import CasePlan, EnrollmentEndReason, Goal
from parcours.casework.pdf import plan_pdf
from parcours.casework.services import STANDARD_FIELDS
from parcours.clients.services import client_record_viewed
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


def _back_to_file(client_access: ClientAccess) -> HttpResponse:
    return redirect("clients:detail", client_id=client_access.client.pk)


# --- Caseloads ---------------------------------------------------------------


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    rows = selectors.caseload_programs(user)
    return render(request, "casework/program_list.html", {"rows": rows})


@login_required
def caseload(request: HttpRequest, program_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.caseload_program_get(user, program_id)
    load = selectors.program_caseload(user, program)
    # The page names clients: which ones it showed is audited.
    services.caseload_viewed(acting_user=user, program=program, client_ids=load.visible_client_ids)
    return render(request, "casework/caseload.html", {"load": load, "program": program})


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, program_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.caseload_program_get(user, program_id)
    if not access.can_coordinate_program(user, program):
        raise Http404
    standard = services.program_standard(program)
    form = StandardForm(
        request.POST or None, instance=standard, initial={"version": standard.version}
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in STANDARD_FIELDS}
        try:
            services.program_standard_update(
                acting_user=user,
                program=program,
                expected_version=form.cleaned_data["version"],
                changes=changes,
            )
        except services.StaleEdit as exc:
            stale = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The program's standards are saved."))
            return redirect("casework:caseload", program_id=program.pk)
    return render(
        request,
        "casework/standard_form.html",
        {"form": form, "program": program, "stale": stale},
    )


# --- Enrollments -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    previous = selectors.enrollments_for(client_access).filter(
        end_date__gte=timezone.localdate() - dt.timedelta(days=90),
        end_reason__in=[
            EnrollmentEndReason.STEPPED_DOWN,
            EnrollmentEndReason.TRANSFERRED,
            EnrollmentEndReason.CTI_COMPLETED,
        ],
        next_enrollments__isnull=True,
    )
    form = EnrollmentForm(
        request.POST or None, user=user, previous=previous if previous.exists() else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrollment = services.enrollment_open(
                acting_user=user,
                client=client_access.client,
                program=data["program"],
                start_date=data["start_date"],
                primary_worker=data["primary_worker"],
                team=data["team"],
                override_reason=data["override_reason"],
                previous_enrollment=data.get("previous_enrollment"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s is enrolled in %(program)s.")
                % {"client": client_access.client, "program": enrollment.program},
            )
            return _back_to_file(client_access)
    return render(
        request,
        "casework/enrollment_form.html",
        {"form": form, "client": client_access.client, "title": _("Enroll in a program")},
    )


def _own_enrollment(request: HttpRequest, enrollment_id: Any) -> tuple[User, Any, ClientAccess]:
    user = access.require_partner_staff(request.user)
    enrollment, client_access = selectors.enrollment_get_own(user, enrollment_id)
    return user, enrollment, client_access


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_close(request: HttpRequest, enrollment_id: Any) -> HttpResponse:
    user, enrollment, client_access = _own_enrollment(request, enrollment_id)
    if request.method == "GET":
        client_record_viewed(user=user, client_access=client_access, section="enrollments")
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_close(acting_user=user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The enrollment is closed."))
            return _back_to_file(client_access)
    return render(
        request,
        "casework/enrollment_close.html",
        {"form": form, "client": client_access.client, "enrollment": enrollment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_transfer(request: HttpRequest, enrollment_id: Any) -> HttpResponse:
    user, enrollment, client_access = _own_enrollment(request, enrollment_id)
    form = TransferForm(request.POST or None, user=user, exclude_program=enrollment.program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.enrollment_transfer(
                acting_user=user,
                enrollment=enrollment,
                to_program=data["to_program"],
                transfer_date=data["transfer_date"],
                end_reason=data["end_reason"],
                reason=data["reason"],
                primary_worker=data["primary_worker"],
                team=data["team"],
                override_reason=data["override_reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s moved from %(old)s to %(new)s.")
                % {"client": client_access.client, "old": enrollment.program, "new": new.program},
            )
            return _back_to_file(client_access)
    return render(
        request,
        "casework/enrollment_transfer.html",
        {"form": form, "client": client_access.client, "enrollment": enrollment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_reassign(request: HttpRequest, enrollment_id: Any) -> HttpResponse:
    user, enrollment, client_access = _own_enrollment(request, enrollment_id)
    form = ReassignForm(
        request.POST or None,
        user=user,
        program=enrollment.program,
        initial={
            "version": enrollment.version,
            "primary_worker": enrollment.primary_worker_id,
            "team": enrollment.team_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enrollment_reassign(
                acting_user=user,
                enrollment=enrollment,
                expected_version=data["version"],
                primary_worker=data["primary_worker"],
                team=data["team"],
                override_reason=data["override_reason"],
            )
        except services.StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The enrollment is reassigned."))
            return _back_to_file(client_access)
    return render(
        request,
        "casework/enrollment_form.html",
        {
            "form": form,
            "client": client_access.client,
            "enrollment": enrollment,
            "title": _("Change the worker or team"),
        },
    )


# --- Waitlist ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def waitlist_add(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = WaitlistAddForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.waitlist_add(
                acting_user=user,
                program=form.cleaned_data["program"],
                client=client_access.client,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s is number %(position)s on the waitlist of %(program)s.")
                % {
                    "client": client_access.client,
                    "position": entry.position,
                    "program": entry.program,
                },
            )
            return _back_to_file(client_access)
    return render(
        request, "casework/waitlist_add.html", {"form": form, "client": client_access.client}
    )


@login_required
@require_POST
def waitlist_move(request: HttpRequest, entry_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    try:
        services.waitlist_move(
            acting_user=user, entry=entry, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("casework:caseload", program_id=entry.program_id)


@login_required
@require_http_methods(["GET", "POST"])
def waitlist_remove(request: HttpRequest, entry_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    form = WaitlistRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waitlist_remove(
                acting_user=user, entry=entry, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(client)s left the waitlist.") % {"client": entry.client})
            return redirect("casework:caseload", program_id=entry.program_id)
    return render(request, "casework/waitlist_remove.html", {"form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def waitlist_offer(request: HttpRequest, entry_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    entry = selectors.waitlist_entry_get_for_user(user, entry_id)
    form = OfferForm(request.POST or None, user=user, program=entry.program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.waitlist_offer(
                acting_user=user,
                entry=entry,
                start_date=data["start_date"],
                primary_worker=data["primary_worker"],
                team=data["team"],
                override_reason=data["override_reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s is enrolled in %(program)s.")
                % {"client": entry.client, "program": entry.program},
            )
            return redirect("casework:caseload", program_id=entry.program_id)
    return render(request, "casework/waitlist_offer.html", {"form": form, "entry": entry})


# --- The client's casework page ------------------------------------------------


@login_required
def client_casework(request: HttpRequest, client_id: Any) -> HttpResponse:
    """The client's enrollments (all of them, with their history)."""
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(user=user, client_access=client_access, section="enrollments")
    return render(
        request,
        "casework/client_enrollments.html",
        {
            "client": client_access.client,
            "client_access": client_access,
            "enrollments": list(selectors.enrollments_for(client_access)),
            "waitlists": list(selectors.client_waitlist_entries(client_access)),
        },
    )


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
def plan_detail(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(user=user, client_access=client_access, section="plan")
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
def plan_edit(request: HttpRequest, client_id: Any) -> HttpResponse:
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
def plan_review(request: HttpRequest, client_id: Any) -> HttpResponse:
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
def goal_new(request: HttpRequest, client_id: Any) -> HttpResponse:
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
def goal_edit(request: HttpRequest, goal_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    goal, client_access = selectors.goal_get_writable(user, goal_id)
    if request.method == "GET":
        client_record_viewed(user=user, client_access=client_access, section="goal")
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
def goal_step_new(request: HttpRequest, goal_id: Any) -> HttpResponse:
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
def goal_step_done(request: HttpRequest, step_id: Any) -> HttpResponse:
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
def goal_review_new(request: HttpRequest, goal_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    goal, client_access = selectors.goal_get_writable(user, goal_id)
    if request.method == "GET":
        client_record_viewed(user=user, client_access=client_access, section="goal")
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
def plan_history(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    plan = selectors.plan_for(client_access)
    if plan is None:
        raise Http404
    client_record_viewed(user=user, client_access=client_access, section="plan_history")
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
def plan_print(request: HttpRequest, client_id: Any) -> HttpResponse:
    """The plan as a PDF in the client's preferred language."""
    user, client_access = access.client_get_for_staff(request.user, client_id)
    plan = selectors.plan_for(client_access)
    if plan is None:
        raise Http404
    client_record_viewed(user=user, client_access=client_access, section="plan_pdf")
    pdf = plan_pdf(
        plan=plan,
        goals=list(selectors.goals_for(client_access, plan)),
        enrollments=[e for e in selectors.enrollments_for(client_access) if e.is_open],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{client_access.client.pk}.pdf"'
    return response


# --- Encounters and notes -------------------------------------------------------


def _encounter_form(request: HttpRequest, user: User, client_access: ClientAccess) -> EncounterForm:
    plan = selectors.plan_for(client_access)
    goals = (
        selectors.goals_for(client_access, plan).filter(status__in=["active", "on_hold"])
        if plan
        else Goal.objects.none()
    )
    programs = (
        selectors.programs_for_enrollment(user)
        .filter(enrollments__client=client_access.client)
        .distinct()
    )
    return EncounterForm(request.POST or None, user=user, goals=goals, programs=programs)


@login_required
def encounter_list(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(user=user, client_access=client_access, section="encounters")
    page = paginate(request, selectors.encounters_for(client_access), per_page=25)
    return render(
        request,
        "casework/encounter_list.html",
        {"client": client_access.client, "client_access": client_access, "page_obj": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def encounter_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = _encounter_form(request, user, client_access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.encounter_record(
                acting_user=user,
                client_access=client_access,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                duration_minutes=data["duration_minutes"],
                staff=list(data["staff"]),
                location=data["location"],
                support_type=data["support_type"],
                goals=list(data["goals"]),
                program=data["program"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The encounter is recorded."))
            return redirect("casework:encounters", client_id=client_access.client.pk)
    return render(
        request,
        "casework/encounter_form.html",
        {"form": form, "client": client_access.client, "title": _("Record an encounter")},
    )


@login_required
def note_list(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(user=user, client_access=client_access, section="notes")
    page = paginate(request, selectors.notes_for(client_access), per_page=25)
    now = timezone.now()
    for note in page:
        note.editable = casework_access.can_correct_note(user, note) and note.is_editable(now)
    return render(
        request,
        "casework/note_list.html",
        {
            "client": client_access.client,
            "client_access": client_access,
            "page_obj": page,
            "form": NoteForm(user=user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = NoteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_write(acting_user=user, client_access=client_access, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("casework:notes", client_id=client_access.client.pk)
    return render(
        request,
        "casework/note_form.html",
        {"form": form, "client": client_access.client, "title": _("Write a note")},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_correct(request: HttpRequest, note_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    note, client_access = selectors.note_get_for_user(user, note_id)
    if not casework_access.can_correct_note(user, note):
        raise Http404
    if not note.is_editable(timezone.now()):
        messages.info(request, _("This note is more than 24 hours old: add an addendum instead."))
        return redirect("casework:note_amend", note_id=note.pk)
    if request.method == "GET":
        client_record_viewed(user=user, client_access=client_access, section="note")
    form = NoteCorrectForm(
        request.POST or None,
        initial={"version": note.version, "text": note.text, "is_sensitive": note.is_sensitive},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_correct(
                acting_user=user,
                client_access=client_access,
                note=note,
                expected_version=data["version"],
                text=data["text"],
                is_sensitive=data["is_sensitive"],
            )
        except services.StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The note is corrected."))
            return redirect("casework:notes", client_id=client_access.client.pk)
    return render(
        request,
        "casework/note_form.html",
        {
            "form": form,
            "client": client_access.client,
            "note": note,
            "title": _("Correct the note"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_amend(request: HttpRequest, note_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    note, client_access = selectors.note_get_for_user(user, note_id)
    if request.method == "GET":
        client_record_viewed(user=user, client_access=client_access, section="note")
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_amend(
                acting_user=user,
                client_access=client_access,
                note=note,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The addendum is added to the note."))
            return redirect("casework:notes", client_id=client_access.client.pk)
    return render(
        request,
        "casework/note_form.html",
        {"form": form, "client": client_access.client, "note": note, "title": _("Add an addendum")},
    )


@login_required
def note_history(request: HttpRequest, note_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    note, client_access = selectors.note_get_for_user(user, note_id)
    client_record_viewed(user=user, client_access=client_access, section="note_history")
    versions = list(note.history.select_related("history_user").order_by("-history_date"))
    return render(
        request,
        "casework/note_history.html",
        {"client": client_access.client, "note": note, "versions": versions},
    )


# --- Acuity assessment -------------------------------------------------------------


@login_required
def assessment_list(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(user=user, client_access=client_access, section="assessments")
    assessments = list(selectors.assessments_for(client_access))
    # Change over time: each assessment against the previous one.
    for current, previous in zip(assessments, [*assessments[1:], None], strict=False):
        current.change = (  # type: ignore[attr-defined]
            current.total_score - previous.total_score if previous is not None else None
        )
    return render(
        request,
        "casework/assessment_list.html",
        {
            "client": client_access.client,
            "assessments": assessments,
            "instruments": list(selectors.active_instruments()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    instruments = selectors.active_instruments()
    code = request.GET.get("instrument") or request.POST.get("instrument")
    instrument = (instruments.filter(code=code) if code else instruments).first()
    if instrument is None:
        raise Http404
    form = AssessmentForm(request.POST or None, domains=selectors.instrument_questions(instrument))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_record(
                acting_user=user,
                client_access=client_access,
                instrument=instrument,
                answers=form.answers(),
                assessed_on=data["assessed_on"],
                chosen_level=data["chosen_level"],
                override_reason=data["override_reason"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    name = field if field in form.fields else f"q_{field}"
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The assessment is recorded."))
            return redirect("casework:assessment", assessment_id=assessment.pk)
    return render(
        request,
        "casework/assessment_form.html",
        {"form": form, "client": client_access.client, "instrument": instrument},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, assessment_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    assessment, client_access = selectors.assessment_get_for_user(user, assessment_id)
    can_change = casework_access.can_change_assessment(user, assessment)
    form = LevelForm(
        request.POST or None,
        initial={
            "chosen_level": assessment.chosen_level,
            "override_reason": assessment.override_reason,
        },
    )
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            try:
                services.assessment_choose_level(
                    acting_user=user,
                    client_access=client_access,
                    assessment=assessment,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The level of service is saved."))
                return redirect("casework:assessment", assessment_id=assessment.pk)
    else:
        client_record_viewed(user=user, client_access=client_access, section="assessment")
    return render(
        request,
        "casework/assessment_detail.html",
        {
            "client": client_access.client,
            "assessment": assessment,
            "why": services.explain(assessment),
            "form": form,
            "can_change": can_change,
        },
    )


# --- Worklist ----------------------------------------------------------------------


@login_required
def worklist_page(request: HttpRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    teams = access.teams_for_worklist(user)
    team = selectors.worklist_team_get(user, request.GET.get("team", ""))
    items = worklist.worklist(user, team=team)
    services.worklist_viewed(acting_user=user, team=team, client_ids=[i.client.pk for i in items])
    kind = request.GET.get("kind", "")
    shown = [i for i in items if i.kind == kind] if kind else items
    counts: dict[str, int] = {}
    for i in items:
        counts[i.kind] = counts.get(i.kind, 0) + 1
    page = paginate(request, shown, per_page=50)
    return render(
        request,
        "casework/worklist.html",
        {
            "teams": teams,
            "team": team,
            "page_obj": page,
            "total": len(items),
            "counts": [(k, label, counts.get(k, 0)) for k, label in WORK_KINDS],
            "kind": kind,
        },
    )


WORK_KINDS = [
    (worklist.Kind.NO_CONTACT, gettext_lazy("No recent contact")),
    (worklist.Kind.PLAN_REVIEW, gettext_lazy("Plan review due")),
    (worklist.Kind.CTI_PHASE, gettext_lazy("CTI phase change")),
    (worklist.Kind.CTI_END, gettext_lazy("CTI ending")),
    (worklist.Kind.ICM_TRANSITION, gettext_lazy("ICM transition planning")),
    (worklist.Kind.ACT_STEP_DOWN, gettext_lazy("ACT step-down review")),
    (worklist.Kind.CONSENT, gettext_lazy("Consent expiring")),
    (worklist.Kind.ASSESSMENT, gettext_lazy("Assessment due")),
]
