"""Screens of repairs, damages and budgeting help. Thin: forms parse,
services write (``housing.upkeep``), selectors read through the policy
(``housing.upkeep_selectors``); reads of client records are audited."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcours.access.base import require_partner_staff
from parcours.access.clients import ClientAccess, client_access_for, client_get_for_staff
from parcours.access.housing import require_housing_reader, tenancies_visible_to
from parcours.access.housing_upkeep import (
    can_write_budgeting,
    can_write_repair,
    require_budgeting_writer,
    require_damage_writer,
    require_repair_writer,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services import client_record_viewed
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.housing import selectors, upkeep
from parcours.housing import upkeep_selectors as upkeep_read
from parcours.housing.models import Tenancy
from parcours.housing.upkeep_forms import (
    BudgetingForm,
    DamageForm,
    RepairForm,
    RepairStatusForm,
)
from parcours.housing.views import client_file_redirect

_client_file = client_file_redirect


# --- Repairs ------------------------------------------------------------------------------


@login_required
@require_GET
def unit_repairs(request: AuthenticatedRequest, unit_id: uuid.UUID) -> HttpResponse:
    """Every repair of the unit the user may see, sortable and paginated."""
    user = require_housing_reader(request.user)
    unit = selectors.unit_get(user, unit_id)
    sort = request.GET.get("sort", upkeep_read.DEFAULT_REPAIR_SORT)
    if sort not in upkeep_read.REPAIR_SORTS:
        sort = upkeep_read.DEFAULT_REPAIR_SORT
    page_obj = paginate(request, upkeep_read.unit_repairs(user, unit, sort))
    repairs = list(page_obj.object_list)
    upkeep.upkeep_viewed(
        acting_user=user, client_ids=upkeep_read.repair_clients(repairs), section="repairs"
    )
    return render(
        request,
        "housing/upkeep/unit_repairs.html",
        {
            "unit": unit,
            "page_obj": page_obj,
            "repairs": repairs,
            "sort": sort,
            "open_count": upkeep_read.open_repair_count(user, unit),
            "can_write": can_write_repair(user, unit),
        },
    )


def _tenancy_for_repair(
    request: AuthenticatedRequest, unit_id: uuid.UUID
) -> tuple[Tenancy | None, ClientAccess | None]:
    """The tenancy a new repair is for (``?tenancy=``): one the user sees, in this unit."""
    raw = request.GET.get("tenancy") or request.POST.get("tenancy")
    if not raw:
        return None, None
    try:
        tenancy = (
            tenancies_visible_to(request.user).select_related("client").get(pk=raw, unit_id=unit_id)
        )
    except (Tenancy.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    return tenancy, client_access_for(request.user, tenancy.client)


@login_required
@require_http_methods(["GET", "POST"])
def repair_new(request: AuthenticatedRequest, unit_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    unit = selectors.unit_get(user, unit_id)
    tenancy, tenancy_access = _tenancy_for_repair(request, unit_id)
    require_repair_writer(user, unit, tenancy_access)
    form = RepairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            upkeep.repair_create(
                acting_user=user,
                unit=unit,
                data=form.repair_data(),
                tenancy=tenancy,
                tenancy_access=tenancy_access,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The repair request was recorded."))
            if tenancy is not None and request.POST.get("next") == "client":
                return _client_file(tenancy.client_id)
            return redirect("housing:unit_repairs", unit_id=unit.pk)
    return render(
        request,
        "housing/upkeep/repair_form.html",
        {
            "form": form,
            "unit": unit,
            "tenancy": tenancy,
            "back_to_client": request.GET.get("next") == "client"
            or request.POST.get("next") == "client",
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def repair_status(request: AuthenticatedRequest, repair_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    repair, tenancy_access = upkeep_read.repair_get(user, repair_id)
    require_repair_writer(user, repair.unit, tenancy_access)
    if repair.tenancy is not None and tenancy_access is not None:
        client_record_viewed(acting_user=user, client_access=tenancy_access, section="repairs")
    form = RepairStatusForm(
        request.POST or None,
        initial={"status": repair.status, "done_on": repair.done_on, "cost": repair.cost},
    )
    if request.method == "POST" and form.is_valid():
        try:
            upkeep.repair_update_status(
                acting_user=user,
                repair=repair,
                tenancy_access=tenancy_access,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The repair was updated."))
            return redirect("housing:unit_repairs", unit_id=repair.unit_id)
    return render(
        request,
        "housing/upkeep/repair_status.html",
        {"form": form, "repair": repair},
        status=422 if request.method == "POST" else 200,
    )


# --- Damages ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def damage_new(request: AuthenticatedRequest, tenancy_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    tenancy, client_access = selectors.tenancy_get(user, tenancy_id)
    require_damage_writer(client_access)
    form = DamageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            upkeep.damage_create(
                acting_user=user,
                client_access=client_access,
                tenancy=tenancy,
                data=form.damage_data(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The damage was recorded."))
            return _client_file(client_access.client.pk)
    return render(
        request,
        "housing/upkeep/damage_form.html",
        {"form": form, "tenancy": tenancy, "client": client_access.client},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def damage_settle(request: AuthenticatedRequest, damage_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    damage, client_access = upkeep_read.damage_get(user, damage_id)
    require_damage_writer(client_access)
    try:
        upkeep.damage_settle(acting_user=user, client_access=client_access, damage=damage)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The damage is marked as settled."))
    return _client_file(client_access.client.pk)


# --- Budgeting help -----------------------------------------------------------------------


@login_required
@require_GET
def budgeting_list(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="budgeting")
    page_obj = paginate(request, upkeep_read.client_budgeting_sessions(client_access))
    return render(
        request,
        "housing/upkeep/budgeting_list.html",
        {
            "client": client_access.client,
            "page_obj": page_obj,
            "summary": upkeep_read.budgeting_summary(client_access),
            "can_write": can_write_budgeting(client_access),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budgeting_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_budgeting_writer(client_access)
    goals = upkeep_read.budgeting_goals(client_access)
    initial: dict[str, str] = {}
    if goal_id := request.GET.get("goal"):
        initial["goal"] = goal_id
    form = BudgetingForm(request.POST or None, goals=goals, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            upkeep.budgeting_session_create(
                acting_user=user, client_access=client_access, data=form.budgeting_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The budgeting help session was recorded."))
            return _client_file(client_access.client.pk, "budgeting")
    return render(
        request,
        "housing/upkeep/budgeting_form.html",
        {"form": form, "client": client_access.client},
        status=422 if request.method == "POST" else 200,
    )
