"""Screens of the coverage roster: the programs whose roster the user sees
(with their gaps), a program's 14 days of shifts, on-call periods and gaps,
adding and removing shifts, and the coverage standard. Thin: forms parse,
services write, selectors read through ``access.roster``."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.access.roster import can_edit_coverage_standard, can_edit_roster
from parcours.accounts.http import AuthenticatedRequest
from parcours.coordination.forms.roster import CoverageStandardForm, RosterStartForm, ShiftForm
from parcours.coordination.selectors import roster as selectors
from parcours.coordination.services import roster as services
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


def _start(request: AuthenticatedRequest) -> tuple[RosterStartForm, dt.date]:
    form = RosterStartForm(request.GET)
    start = (form.cleaned_data.get("start") if form.is_valid() else None) or timezone.localdate()
    if form.is_valid():
        # Show the first day shown, today when none was chosen.
        form = RosterStartForm({"start": start.isoformat()})
    return form, start


@login_required
def roster_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    page = paginate(request, selectors.roster_programs(user))
    today = timezone.localdate()
    programs = list(page)
    counts = selectors.gap_counts(programs, today)
    rows = [(p, counts[p.pk]) for p in programs]
    return render(
        request,
        "coordination/roster/list.html",
        {"page_obj": page, "rows": rows, "today": today, "days": selectors.ROSTER_DAYS},
    )


@login_required
def roster(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.roster_program_get(user, program_id)
    form, start = _start(request)
    days = selectors.ROSTER_DAYS
    return render(
        request,
        "coordination/roster/roster.html",
        {
            "program": program,
            "form": form,
            "roster": selectors.program_roster(program, start, days),
            "previous": start - dt.timedelta(days=days),
            "next": start + dt.timedelta(days=days),
            "today": timezone.localdate(),
            "now": timezone.now(),
            "can_edit": can_edit_roster(user, program),
            "can_edit_standard": can_edit_coverage_standard(user, program),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shift_new(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.roster_program_for_edit(user, program_id)
    initial = {"day": request.GET.get("day") or timezone.localdate(), "repeat_weeks": 1}
    form = ShiftForm(
        request.POST or None, initial=initial, workers=selectors.roster_workers(program)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            starts_at, ends_at = services.shift_times(
                data["day"], data["start_time"], data["end_time"]
            )
            added = services.shifts_add(
                acting_user=user,
                program=program,
                worker=data["worker"],
                starts_at=starts_at,
                ends_at=ends_at,
                on_call=data["on_call"],
                phone=data["phone"],
                repeat_weeks=data["repeat_weeks"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s shift(s) added to the roster.") % {"count": len(added)},
            )
            url = f"{_roster_url(program.pk)}?start={data['day'].isoformat()}"
            return redirect(url)
    return render(
        request, "coordination/roster/shift_form.html", {"form": form, "program": program}
    )


def _roster_url(program_id: uuid.UUID) -> str:
    return reverse("coordination:roster", kwargs={"program_id": program_id})


@login_required
@require_POST
def shift_remove(request: AuthenticatedRequest, shift_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    shift = selectors.shift_get_for_edit(user, shift_id)
    program_id = shift.program_id
    day = timezone.localtime(shift.starts_at).date()
    try:
        services.shift_remove(acting_user=user, shift=shift)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The shift is removed from the roster."))
    return redirect(f"{_roster_url(program_id)}?start={day.isoformat()}")


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.standard_program_for_edit(user, program_id)
    standard = selectors.coverage_standard_for(program)
    initial = {
        "around_the_clock": standard.around_the_clock,
        "weekdays": standard.weekdays,
        "start_time": standard.start_time,
        "end_time": standard.end_time,
        "on_call_counts": standard.on_call_counts,
    }
    form = CoverageStandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.coverage_standard_update(
                acting_user=user, program=program, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The coverage standard is saved."))
            return redirect("coordination:roster", program_id=program.pk)
    return render(
        request,
        "coordination/roster/standard_form.html",
        {"form": form, "program": program, "standard": standard},
    )
