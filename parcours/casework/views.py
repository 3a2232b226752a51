"""Screens of the casework app. Thin: forms parse, services write,
selectors read through the access policy, and every client read is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.accounts.models import User
from parcours.casework import selectors, services
from parcours.casework.forms import (
    CloseForm,
    EnrollmentForm,
    OfferForm,
    ReassignForm,
    StandardForm,
    TransferForm,
    WaitlistAddForm,
    WaitlistRemoveForm,
)
from parcours.casework.services import STANDARD_FIELDS
from parcours.clients.services import client_record_viewed
from parcours.core import access
from parcours.core.access import ClientAccess
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction


def _apply_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's validation errors on the form's fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _client_access(request: HttpRequest, client_id: Any) -> tuple[User, ClientAccess]:
    user = access.require_partner_staff(request.user)
    return user, access.client_get_for_user(user, client_id)


def _back_to_file(acc: ClientAccess) -> HttpResponse:
    return redirect("clients:detail", client_id=acc.client.pk)


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
    audit_record(
        action=AuditAction.VIEW,
        actor=user,
        target=program,
        detail={
            "via": "web",
            "section": "caseload",
            "clients": [str(c) for c in load.visible_client_ids],
        },
    )
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
            _apply_errors(form, exc)
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
    user, acc = _client_access(request, client_id)
    form = EnrollmentForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrollment = services.enrollment_open(
                acting_user=user,
                client=acc.client,
                program=data["program"],
                start_date=data["start_date"],
                primary_worker=data["primary_worker"],
                team=data["team"],
                override_reason=data["override_reason"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s is enrolled in %(program)s.")
                % {"client": acc.client, "program": enrollment.program},
            )
            return _back_to_file(acc)
    return render(
        request,
        "casework/enrollment_form.html",
        {"form": form, "client": acc.client, "title": _("Enroll in a program")},
    )


def _own_enrollment(request: HttpRequest, enrollment_id: Any) -> tuple[User, Any, ClientAccess]:
    user = access.require_partner_staff(request.user)
    enrollment, acc = selectors.enrollment_get_for_user(user, enrollment_id)
    if not access.can_enroll_into(user, enrollment.program) or not enrollment.is_open:
        raise Http404
    return user, enrollment, acc


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_close(request: HttpRequest, enrollment_id: Any) -> HttpResponse:
    user, enrollment, acc = _own_enrollment(request, enrollment_id)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_close(acting_user=user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The enrollment is closed."))
            return _back_to_file(acc)
    return render(
        request,
        "casework/enrollment_close.html",
        {"form": form, "client": acc.client, "enrollment": enrollment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_transfer(request: HttpRequest, enrollment_id: Any) -> HttpResponse:
    user, enrollment, acc = _own_enrollment(request, enrollment_id)
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
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s moved from %(old)s to %(new)s.")
                % {"client": acc.client, "old": enrollment.program, "new": new.program},
            )
            return _back_to_file(acc)
    return render(
        request,
        "casework/enrollment_transfer.html",
        {"form": form, "client": acc.client, "enrollment": enrollment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_reassign(request: HttpRequest, enrollment_id: Any) -> HttpResponse:
    user, enrollment, acc = _own_enrollment(request, enrollment_id)
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
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The enrollment is reassigned."))
            return _back_to_file(acc)
    return render(
        request,
        "casework/enrollment_form.html",
        {
            "form": form,
            "client": acc.client,
            "enrollment": enrollment,
            "title": _("Change the worker or team"),
        },
    )


# --- Waitlist ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def waitlist_add(request: HttpRequest, client_id: Any) -> HttpResponse:
    user, acc = _client_access(request, client_id)
    form = WaitlistAddForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.waitlist_add(
                acting_user=user,
                program=form.cleaned_data["program"],
                client=acc.client,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s is number %(position)s on the waitlist of %(program)s.")
                % {"client": acc.client, "position": entry.position, "program": entry.program},
            )
            return _back_to_file(acc)
    return render(request, "casework/waitlist_add.html", {"form": form, "client": acc.client})


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
            _apply_errors(form, exc)
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
            _apply_errors(form, exc)
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
    user, acc = _client_access(request, client_id)
    client_record_viewed(user=user, access=acc, section="enrollments")
    return render(
        request,
        "casework/client_enrollments.html",
        {
            "client": acc.client,
            "acc": acc,
            "enrollments": list(selectors.enrollments_for(acc)),
            "waitlists": list(selectors.client_waitlist_entries(acc)),
        },
    )
