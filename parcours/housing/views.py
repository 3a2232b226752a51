"""Screens of housing supports: landlords (list, page with units and the
relationship log, create and edit), the vacancies board, units (page,
create, edit) and inspections. Thin: forms parse, services write, selectors
read through the policy."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcours.access.base import is_coordinator, is_network_admin, require_partner_staff
from parcours.access.clients import client_get_for_staff
from parcours.access.housing import (
    can_keep_landlord,
    can_keep_landlords,
    can_keep_unit,
    keeping_organizations_for,
    require_housing_reader,
    require_landlord_keeper,
    require_tenancy_writer,
    require_unit_keeper,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.coordination.languages import language_name
from parcours.core.client_file import client_file_url
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.housing import selectors, services, tenancies
from parcours.housing.forms import (
    ContactLogForm,
    InspectionForm,
    LandlordForm,
    LandlordSearchForm,
    MoveInForm,
    TenancyEndForm,
    TenancyStartForm,
    UnitForm,
    VacancyFilterForm,
)
from parcours.housing.models import HousingUnit, Landlord
from parcours.housing.retention import retention_for


@login_required
@require_GET
def landlords(request: AuthenticatedRequest) -> HttpResponse:
    user = require_housing_reader(request.user)
    form = LandlordSearchForm(request.GET)
    page_obj = paginate(request, selectors.landlord_list(user, form.filters()))
    template = "housing/landlords.html#results" if request.htmx else "housing/landlords.html"
    return render(
        request,
        template,
        {"form": form, "page_obj": page_obj, "can_add": can_keep_landlords(user)},
    )


def _landlord_page(
    request: AuthenticatedRequest,
    landlord: Landlord,
    log_form: ContactLogForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_keep = can_keep_landlord(user, landlord)
    return render(
        request,
        "housing/landlord_detail.html",
        {
            "landlord": landlord,
            "languages": [language_name(code) for code in landlord.languages],
            "can_keep": can_keep,
            "log_form": (log_form or ContactLogForm()) if can_keep else None,
        },
        status=status,
    )


@login_required
@require_GET
def landlord_detail(request: AuthenticatedRequest, landlord_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    return _landlord_page(request, selectors.landlord_get(user, landlord_id))


@login_required
@require_POST
def landlord_log_new(request: AuthenticatedRequest, landlord_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    landlord = selectors.landlord_get(user, landlord_id)
    require_landlord_keeper(user, landlord)
    form = ContactLogForm(request.POST)
    if form.is_valid():
        try:
            services.landlord_contact_add(acting_user=user, landlord=landlord, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The contact was added to the relationship log."))
            return redirect("housing:landlord", landlord_id=landlord.pk)
    return _landlord_page(request, landlord, form, status=422)


def _landlord_form_page(request: AuthenticatedRequest, landlord: Landlord | None) -> HttpResponse:
    user = request.user
    organizations = (
        keeping_organizations_for(user) if landlord is None and is_network_admin(user) else None
    )
    if request.method == "POST":
        form = LandlordForm(request.POST, organizations=organizations)
        if form.is_valid():
            try:
                if landlord is None:
                    landlord = services.landlord_create(
                        acting_user=user,
                        data=form.landlord_data(),
                        organization=form.cleaned_data.get("organization"),
                    )
                    messages.success(request, _("The landlord was added."))
                else:
                    services.landlord_update(
                        acting_user=user, landlord=landlord, data=form.landlord_data()
                    )
                    messages.success(request, _("The landlord was saved."))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("housing:landlord", landlord_id=landlord.pk)
    else:
        initial = LandlordForm.initial_for(landlord) if landlord else {}
        form = LandlordForm(initial=initial, organizations=organizations)
    return render(
        request,
        "housing/landlord_form.html",
        {"form": form, "landlord": landlord},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def landlord_new(request: AuthenticatedRequest) -> HttpResponse:
    user = require_housing_reader(request.user)
    if not can_keep_landlords(user):
        raise PermissionDenied
    return _landlord_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def landlord_edit(request: AuthenticatedRequest, landlord_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    landlord = selectors.landlord_get(user, landlord_id)
    require_landlord_keeper(user, landlord)
    return _landlord_form_page(request, landlord)


@login_required
@require_GET
def vacancies(request: AuthenticatedRequest) -> HttpResponse:
    user = require_housing_reader(request.user)
    form = VacancyFilterForm(request.GET)
    page_obj = paginate(request, selectors.vacancy_search(user, form.filters()))
    template = "housing/vacancies.html#results" if request.htmx else "housing/vacancies.html"
    return render(request, template, {"form": form, "page_obj": page_obj})


def _unit_page(
    request: AuthenticatedRequest,
    unit: HousingUnit,
    inspection_form: InspectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_keep = can_keep_unit(request.user, unit)
    return render(
        request,
        "housing/unit_detail.html",
        {
            "unit": unit,
            "can_keep": can_keep,
            "inspection_form": (inspection_form or InspectionForm()) if can_keep else None,
        },
        status=status,
    )


@login_required
@require_GET
def unit_detail(request: AuthenticatedRequest, unit_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    return _unit_page(request, selectors.unit_get(user, unit_id))


@login_required
@require_POST
def inspection_new(request: AuthenticatedRequest, unit_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    unit = selectors.unit_get(user, unit_id)
    require_unit_keeper(user, unit)
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            services.unit_inspection_record(acting_user=user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The inspection was recorded."))
            return redirect("housing:unit", unit_id=unit.pk)
    return _unit_page(request, unit, form, status=422)


def _unit_form_page(
    request: AuthenticatedRequest, landlord: Landlord, unit: HousingUnit | None
) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = UnitForm(request.POST)
        if form.is_valid():
            try:
                if unit is None:
                    unit = services.unit_create(
                        acting_user=user, landlord=landlord, data=form.unit_data()
                    )
                    messages.success(request, _("The unit was added."))
                else:
                    services.unit_update(acting_user=user, unit=unit, data=form.unit_data())
                    messages.success(request, _("The unit was saved."))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("housing:unit", unit_id=unit.pk)
    else:
        form = UnitForm(initial=UnitForm.initial_for(unit) if unit else {})
    return render(
        request,
        "housing/unit_form.html",
        {"form": form, "landlord": landlord, "unit": unit},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_new(request: AuthenticatedRequest, landlord_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    landlord = selectors.landlord_get(user, landlord_id)
    require_landlord_keeper(user, landlord)
    return _unit_form_page(request, landlord, None)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedRequest, unit_id: uuid.UUID) -> HttpResponse:
    user = require_housing_reader(request.user)
    unit = selectors.unit_get(user, unit_id)
    require_unit_keeper(user, unit)
    return _unit_form_page(request, unit.landlord, unit)


# --- Tenancies (housing-category client data) --------------------------------------------


def client_file_redirect(client_id: object, anchor: str = "housing") -> HttpResponse:
    """Back to the client's file, at one of its housing sections."""
    return redirect(client_file_url(client_id, anchor))


_client_file = client_file_redirect


@login_required
@require_http_methods(["GET", "POST"])
def tenancy_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_tenancy_writer(client_access)
    units = selectors.units_to_let(user)
    form = TenancyStartForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            tenancies.tenancy_start(
                acting_user=user,
                client_access=client_access,
                unit=form.cleaned_data["unit"],
                start_date=form.cleaned_data["start_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The tenancy was started; its move-in checklist is open."))
            return _client_file(client_access.client.pk)
    return render(
        request,
        "housing/tenancy_form.html",
        {"form": form, "client": client_access.client},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tenancy_end(request: AuthenticatedRequest, tenancy_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    tenancy, client_access = selectors.tenancy_get(user, tenancy_id)
    require_tenancy_writer(client_access)
    form = TenancyEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tenancies.tenancy_end(
                acting_user=user, client_access=client_access, tenancy=tenancy, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The tenancy was ended."))
            return _client_file(client_access.client.pk)
    return render(
        request,
        "housing/tenancy_end.html",
        {"form": form, "tenancy": tenancy, "client": client_access.client},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def move_in(request: AuthenticatedRequest, tenancy_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    tenancy, client_access = selectors.tenancy_get(user, tenancy_id)
    require_tenancy_writer(client_access)
    checklist = tenancy.move_in
    form = MoveInForm(request.POST or None, instance=checklist)
    if request.method == "POST" and form.is_valid():
        try:
            tenancies.move_in_update(
                acting_user=user,
                client_access=client_access,
                checklist=checklist,
                items=form.items(),
                close=form.cleaned_data["close"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The move-in checklist was saved."))
            return _client_file(client_access.client.pk)
    return render(
        request,
        "housing/move_in.html",
        {"form": form, "tenancy": tenancy, "client": client_access.client},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def retention(request: AuthenticatedRequest) -> HttpResponse:
    """Retention at 6 and 12 months over the tenancies the coordinator may see."""
    user = require_partner_staff(request.user)
    if not is_coordinator(user):
        raise PermissionDenied
    return render(request, "housing/retention.html", {"results": retention_for(user)})
