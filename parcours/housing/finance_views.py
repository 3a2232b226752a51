"""Screens of budgets, financial assistance and housing applications. Thin:
forms parse, services (``housing.finance``, ``housing.applications``) write,
selectors (``housing.finance_selectors``) read through the policy. Every
page that shows a client's assistance or applications is in the audit log."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcours.access.base import require_partner_staff
from parcours.access.clients import client_get_for_staff
from parcours.access.housing import landlords_visible_to
from parcours.access.housing_finance import (
    approval_threshold,
    budget_programs_for,
    budgets_open_for_requests,
    can_decide_assistance,
    can_record_payments,
    is_budget_coordinator,
    require_application_writer,
    require_assistance_requester,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services import client_record_viewed
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.housing import applications, finance
from parcours.housing import finance_selectors as selectors
from parcours.housing.finance_forms import (
    ApplicationForm,
    AssistanceRequestForm,
    BudgetForm,
    DecisionForm,
    PaymentForm,
)
from parcours.housing.models import AssistanceStatus
from parcours.housing.views import client_file_redirect

_client_file = client_file_redirect


# --- Budgets ---------------------------------------------------------------------------


@login_required
@require_GET
def budgets(request: AuthenticatedRequest) -> HttpResponse:
    user = selectors.require_budget_reader(require_partner_staff(request.user))
    sort = request.GET.get("sort", "")
    if sort not in selectors.BUDGET_SORTS:
        sort = ""
    page_obj = paginate(request, selectors.budget_list(user, sort))
    return render(
        request,
        "housing/finance/budgets.html",
        {
            "page_obj": page_obj,
            "sort": sort,
            "can_add": budget_programs_for(user).exists(),
            "notice_days": selectors.subsidy_notice_days(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_new(request: AuthenticatedRequest) -> HttpResponse:
    user = require_partner_staff(request.user)
    programs = budget_programs_for(user)
    if not programs.exists():
        raise PermissionDenied
    form = BudgetForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            budget = finance.budget_create(acting_user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The budget was opened."))
            return redirect("housing:budget", budget_id=budget.pk)
    return render(
        request,
        "housing/finance/budget_form.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def budget_detail(request: AuthenticatedRequest, budget_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    budget = selectors.budget_get(user, budget_id)
    page_obj = paginate(request, selectors.budget_lines(user, budget))
    named = [line.client_id for line in page_obj if line.shows_client]
    if named:
        finance.budget_viewed(acting_user=user, budget=budget, client_ids=named)
    return render(
        request,
        "housing/finance/budget_detail.html",
        {
            "budget": budget,
            "page_obj": page_obj,
            "notice_days": selectors.subsidy_notice_days(),
            "threshold": approval_threshold(),
        },
    )


# --- Financial assistance --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assistance_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_assistance_requester(client_access)
    form = AssistanceRequestForm(
        request.POST or None,
        budgets=budgets_open_for_requests(user).select_related("program").order_by("name"),
        landlords=landlords_visible_to(user).filter(active=True).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assistance = finance.assistance_request(
                acting_user=user, client_access=client_access, data=form.request_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The request was sent to the budget's program."))
            return redirect("housing:assistance", assistance_id=assistance.pk)
    return render(
        request,
        "housing/finance/assistance_form.html",
        {"form": form, "client": client_access.client, "threshold": approval_threshold()},
        status=422 if request.method == "POST" else 200,
    )


def _assistance_page(
    request: AuthenticatedRequest,
    assistance_id: uuid.UUID,
    decision_form: DecisionForm | None = None,
    payment_form: PaymentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    view = selectors.assistance_get(user, assistance_id)
    assistance = view.assistance
    if view.client_access is not None:
        client_record_viewed(
            acting_user=user, client_access=view.client_access, section="financial_assistance"
        )
    may_decide = assistance.status == AssistanceStatus.REQUESTED and can_decide_assistance(
        user, assistance
    )
    may_pay = assistance.status in (
        AssistanceStatus.APPROVED,
        AssistanceStatus.ENDED,
    ) and can_record_payments(user, assistance)
    return render(
        request,
        "housing/finance/assistance_detail.html",
        {
            "view": view,
            "assistance": assistance,
            "payments": selectors.assistance_payments(assistance),
            "decision_form": (decision_form or DecisionForm()) if may_decide else None,
            "may_override": is_budget_coordinator(user, assistance.budget),
            "payment_form": (payment_form or PaymentForm()) if may_pay else None,
            "left_to_pay": assistance.total_amount - getattr(assistance, "paid", 0),
        },
        status=status,
    )


@login_required
@require_GET
def assistance_detail(request: AuthenticatedRequest, assistance_id: uuid.UUID) -> HttpResponse:
    require_partner_staff(request.user)
    return _assistance_page(request, assistance_id)


@login_required
@require_POST
def assistance_decide(request: AuthenticatedRequest, assistance_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    assistance = selectors.assistance_get(user, assistance_id).assistance
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.APPROVE:
                finance.assistance_approve(
                    acting_user=user,
                    assistance=assistance,
                    override=data["override"],
                    override_reason=data["override_reason"],
                    note=data["note"],
                )
                messages.success(request, _("The assistance was approved."))
            else:
                finance.assistance_refuse(
                    acting_user=user, assistance=assistance, note=data["note"]
                )
                messages.success(request, _("The request was refused."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("housing:assistance", assistance_id=assistance.pk)
    return _assistance_page(request, assistance_id, decision_form=form, status=422)


@login_required
@require_POST
def payment_new(request: AuthenticatedRequest, assistance_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    assistance = selectors.assistance_get(user, assistance_id).assistance
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            finance.payment_record(acting_user=user, assistance=assistance, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The payment was recorded."))
            return redirect("housing:assistance", assistance_id=assistance.pk)
    return _assistance_page(request, assistance_id, payment_form=form, status=422)


# --- Housing applications --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_application_writer(client_access)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            applications.application_create(
                acting_user=user, client_access=client_access, data=form.application_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The housing application was recorded."))
            return _client_file(client_access.client.pk, "housing-applications")
    return render(
        request,
        "housing/applications/application_form.html",
        {"form": form, "client": client_access.client, "application": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: AuthenticatedRequest, application_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    application, client_access = selectors.application_get(user, application_id)
    require_application_writer(client_access)
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            try:
                applications.application_update(
                    acting_user=user,
                    client_access=client_access,
                    application=application,
                    data=form.application_data(),
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The housing application was saved."))
                return _client_file(client_access.client.pk, "housing-applications")
    else:
        client_record_viewed(
            acting_user=user, client_access=client_access, section="housing_application"
        )
        form = ApplicationForm(initial=ApplicationForm.initial_for(application))
    return render(
        request,
        "housing/applications/application_form.html",
        {"form": form, "client": client_access.client, "application": application},
        status=422 if request.method == "POST" else 200,
    )
