"""Enrollments: open, close, transfer, reassign; the client's casework page."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.casework import selectors, services
from parcours.casework.forms import (
    CloseForm,
    EnrollmentForm,
    ReassignForm,
    TransferForm,
)
from parcours.casework.models import EnrollmentEndReason
from parcours.casework.views.base import back_to_file
from parcours.clients.services import client_record_viewed
from parcours.core.forms import apply_errors

# --- Enrollments -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
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
            return back_to_file(client_access)
    return render(
        request,
        "casework/enrollment_form.html",
        {"form": form, "client": client_access.client, "title": _("Enroll in a program")},
    )


def _own_enrollment(
    request: AuthenticatedRequest, enrollment_id: uuid.UUID
) -> tuple[User, Any, ClientAccess]:
    user = access.require_partner_staff(request.user)
    enrollment, client_access = selectors.enrollment_get_own(user, enrollment_id)
    return user, enrollment, client_access


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_close(request: AuthenticatedRequest, enrollment_id: uuid.UUID) -> HttpResponse:
    user, enrollment, client_access = _own_enrollment(request, enrollment_id)
    if request.method == "GET":
        client_record_viewed(acting_user=user, client_access=client_access, section="enrollments")
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_close(acting_user=user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The enrollment is closed."))
            return back_to_file(client_access)
    return render(
        request,
        "casework/enrollment_close.html",
        {"form": form, "client": client_access.client, "enrollment": enrollment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_transfer(request: AuthenticatedRequest, enrollment_id: uuid.UUID) -> HttpResponse:
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
            return back_to_file(client_access)
    return render(
        request,
        "casework/enrollment_transfer.html",
        {"form": form, "client": client_access.client, "enrollment": enrollment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_reassign(request: AuthenticatedRequest, enrollment_id: uuid.UUID) -> HttpResponse:
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
            return back_to_file(client_access)
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


# --- The client's casework page ------------------------------------------------


@login_required
def client_casework(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """The client's enrollments (all of them, with their history)."""
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="enrollments")
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
