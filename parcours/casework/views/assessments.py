"""Acuity assessments."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.casework import selectors, services
from parcours.casework.forms import (
    AssessmentForm,
    LevelForm,
)
from parcours.clients.services import client_record_viewed
from parcours.core.forms import apply_errors

# --- Acuity assessment -------------------------------------------------------------


@login_required
def assessment_list(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="assessments")
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
def assessment_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
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
def assessment_detail(request: AuthenticatedRequest, assessment_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    assessment, client_access = selectors.assessment_get_for_user(user, assessment_id)
    can_change = access.can_change_assessment(user, assessment)
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
        client_record_viewed(acting_user=user, client_access=client_access, section="assessment")
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
