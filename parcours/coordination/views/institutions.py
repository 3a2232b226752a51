"""Screens of institution stays and discharge planning. Thin: forms parse,
services write, selectors read through the policy, and every page that
names clients is audited."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.access import ClientAccess
from parcours.access.institutions import can_record_institution_stay, can_see_institution_stays
from parcours.accounts.http import AuthenticatedRequest
from parcours.casework.services import StaleEdit
from parcours.clients.services import client_record_viewed
from parcours.coordination.forms.institutions import (
    AdmissionForm,
    DischargeForm,
    StayUpdateForm,
)
from parcours.coordination.selectors import institutions as selectors
from parcours.coordination.services import institutions as services
from parcours.core.client_file import client_file_url
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


def _back_to_file(client_access: ClientAccess) -> HttpResponse:
    return redirect(client_file_url(client_access.client.pk, "institutions"))


def _writer(request: AuthenticatedRequest, client_id: uuid.UUID) -> ClientAccess:
    _user, client_access = access.client_get_for_staff(request.user, client_id)
    if not can_record_institution_stay(client_access):
        raise PermissionDenied
    return client_access


@login_required
@require_http_methods(["GET", "POST"])
def stay_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """Record an admission from the client file."""
    client_access = _writer(request, client_id)
    user = client_access.user
    form = AdmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_stay_admit(
                acting_user=user, client_access=client_access, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The admission is recorded; the client's workers are told.")
            )
            return _back_to_file(client_access)
    return render(
        request,
        "coordination/institutions/stay_form.html",
        {"form": form, "client": client_access.client, "title": _("Record an admission")},
    )


@login_required
def client_stays(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """Every stay of the client the user may see, with the open tasks."""
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not can_see_institution_stays(client_access):
        raise PermissionDenied
    client_record_viewed(acting_user=user, client_access=client_access, section="institutions")
    page = paginate(request, selectors.stays_for(client_access), per_page=25)
    return render(
        request,
        "coordination/institutions/client_stays.html",
        {
            "client": client_access.client,
            "client_access": client_access,
            "page_obj": page,
            "tasks": list(selectors.open_tasks_for(client_access)),
            "can_write": can_record_institution_stay(client_access),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def stay_edit(request: AuthenticatedRequest, stay_id: uuid.UUID) -> HttpResponse:
    """Move the expected discharge date (the tasks follow), the contact, the note."""
    user = access.require_partner_staff(request.user)
    stay, client_access = selectors.stay_get_for_change(user, stay_id)
    initial = {
        "expected_discharge_on": stay.expected_discharge_on,
        "contact": stay.contact,
        "note": stay.note,
        "version": stay.version,
    }
    form = StayUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.institution_stay_update(
                acting_user=user,
                client_access=client_access,
                stay=stay,
                expected_version=data["version"],
                expected_discharge_on=data["expected_discharge_on"],
                contact=data["contact"],
                note=data["note"],
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The stay is updated."))
            return _back_to_file(client_access)
    return render(
        request,
        "coordination/institutions/stay_form.html",
        {
            "form": form,
            "client": client_access.client,
            "stay": stay,
            "title": _("Change the stay"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def stay_discharge(request: AuthenticatedRequest, stay_id: uuid.UUID) -> HttpResponse:
    """Record the discharge and the destination (and, optionally, start CTI)."""
    user = access.require_partner_staff(request.user)
    stay, client_access = selectors.stay_get_for_change(user, stay_id)
    form = DischargeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.institution_stay_discharge(
                acting_user=user,
                client_access=client_access,
                stay=stay,
                discharged_on=data["discharged_on"],
                destination=data["destination"],
                cti_program=data.get("cti_program"),
                cti_primary_worker=data.get("cti_primary_worker"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The discharge is recorded; the client's workers are told.")
            )
            return _back_to_file(client_access)
    return render(
        request,
        "coordination/institutions/stay_form.html",
        {
            "form": form,
            "client": client_access.client,
            "stay": stay,
            "title": _("Record the discharge"),
            "confirm": _("Record the discharge? The stay will be closed."),
        },
    )


def _next_or(request: AuthenticatedRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


@login_required
@require_POST
def task_done(request: AuthenticatedRequest, task_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    task, client_access = selectors.task_get_for_change(user, task_id)
    try:
        services.discharge_task_done(acting_user=user, client_access=client_access, task=task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The task is done."))
    return _next_or(request, client_file_url(client_access.client.pk, "institutions"))


@login_required
def discharges(request: AuthenticatedRequest) -> HttpResponse:
    """Open stays by urgency, recent discharges without a destination, my tasks."""
    user = access.require_partner_staff(request.user)
    today = timezone.localdate()
    page = paginate(request, selectors.discharge_alerts(user, today), per_page=50)
    extra = selectors.discharges_page(user, today)
    services.institution_stays_viewed(
        acting_user=user,
        section="discharges",
        client_ids=[
            *(s.client_id for s in page),
            *(s.client_id for s in extra.without_destination),
            *(t.stay.client_id for t in extra.tasks),
        ],
    )
    return render(
        request,
        "coordination/institutions/discharges.html",
        {
            "page_obj": page,
            "without_destination": extra.without_destination,
            "tasks": extra.tasks,
            "today": today,
            "overdue": selectors.OVERDUE,
            "due_soon": selectors.DUE_SOON,
        },
    )
