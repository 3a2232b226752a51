"""Caseloads, program standards and waitlists."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.casework import selectors, services
from parcours.casework.forms import (
    OfferForm,
    StandardForm,
    WaitlistAddForm,
    WaitlistRemoveForm,
)
from parcours.casework.services import STANDARD_FIELDS
from parcours.casework.views.base import back_to_file
from parcours.core.forms import apply_errors

# --- Caseloads ---------------------------------------------------------------


@login_required
def program_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    rows = selectors.caseload_programs(user)
    return render(request, "casework/program_list.html", {"rows": rows})


@login_required
def caseload(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.caseload_program_get(user, program_id)
    load = selectors.program_caseload(user, program)
    # The page names clients: which ones it showed is audited.
    services.caseload_viewed(acting_user=user, program=program, client_ids=load.visible_client_ids)
    return render(request, "casework/caseload.html", {"load": load, "program": program})


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
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


# --- Waitlist ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def waitlist_add(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
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
            return back_to_file(client_access)
    return render(
        request, "casework/waitlist_add.html", {"form": form, "client": client_access.client}
    )


@login_required
@require_POST
def waitlist_move(request: AuthenticatedRequest, entry_id: uuid.UUID) -> HttpResponse:
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
def waitlist_remove(request: AuthenticatedRequest, entry_id: uuid.UUID) -> HttpResponse:
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
def waitlist_offer(request: AuthenticatedRequest, entry_id: uuid.UUID) -> HttpResponse:
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
