"""Screens of a client's appointments: upcoming and past lists, plan one,
record its outcome, follow up a missed one. Thin: forms parse, services
write, selectors read through the access policy; every list is audited."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.access.board import can_record_appointment
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services import client_record_viewed
from parcours.coordination.forms.appointments import AppointmentForm, OutcomeForm
from parcours.coordination.selectors import appointments as selectors
from parcours.coordination.selectors.board import follow_up_program
from parcours.coordination.services import appointments as services
from parcours.coordination.services.board import missed_appointment_visit
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


@login_required
def appointment_list(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    past = request.GET.get("show") == "past"
    client_record_viewed(
        acting_user=user,
        client_access=client_access,
        section="appointments_past" if past else "appointments",
    )
    page = paginate(request, selectors.client_appointments(client_access, past=past), per_page=25)
    due = [] if past else list(selectors.appointments_due(client_access)[:20])
    return render(
        request,
        "coordination/appointments/list.html",
        {
            "client": client_access.client,
            "client_access": client_access,
            "page_obj": page,
            "past": past,
            "due": due,
            "can_record": can_record_appointment(client_access, "other"),
            "follow_up_program": follow_up_program(user, client_access.client) if past else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not can_record_appointment(client_access, "other") and not can_record_appointment(
        client_access, "clinic"
    ):
        raise PermissionDenied
    initial = {"starts_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = AppointmentForm(
        request.POST or None, initial=initial, staff=selectors.staff_to_accompany(user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appointment_create(
                acting_user=user,
                client_access=client_access,
                kind=data["kind"],
                starts_at=data["starts_at"],
                place=data["place"],
                with_whom=data["with_whom"],
                accompanied_by=data["accompanied_by"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The appointment is planned."))
            return redirect("coordination:appointments", client_id=client_access.client.pk)
    return render(
        request,
        "coordination/appointments/form.html",
        {"form": form, "client": client_access.client, "title": _("Plan an appointment")},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_outcome(request: AuthenticatedRequest, appointment_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    appointment, client_access = selectors.appointment_get_for_user(user, appointment_id)
    if request.method == "GET":
        client_record_viewed(acting_user=user, client_access=client_access, section="appointment")
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appointment_record_outcome(
                acting_user=user,
                client_access=client_access,
                appointment=appointment,
                outcome=data["outcome"],
                note=data["note"],
                new_starts_at=data["new_starts_at"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("coordination:appointments", client_id=client_access.client.pk)
    return render(
        request,
        "coordination/appointments/outcome.html",
        {
            "form": form,
            "client": client_access.client,
            "appointment": appointment,
            "title": _("Record the outcome"),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def appointment_follow_up(request: AuthenticatedRequest, appointment_id: uuid.UUID) -> HttpResponse:
    """One click on a missed appointment: a visit tomorrow for the client's
    ACT team (``as=visit``), or a new planned appointment."""
    user = access.require_partner_staff(request.user)
    appointment, client_access = selectors.appointment_get_for_user(user, appointment_id)
    program = follow_up_program(user, client_access.client)
    try:
        if request.POST.get("as") == "visit" and program is not None:
            missed_appointment_visit(acting_user=user, program=program, appointment=appointment)
            messages.success(request, _("A visit is assigned to you for tomorrow."))
        else:
            services.appointment_follow_up(
                acting_user=user, client_access=client_access, appointment=appointment
            )
            messages.success(request, _("A new appointment is planned for tomorrow."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    url = reverse("coordination:appointments", kwargs={"client_id": client_access.client.pk})
    return redirect(f"{url}?show=past")
