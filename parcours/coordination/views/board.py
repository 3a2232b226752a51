"""Screens of the ACT daily team meeting board: the boards the user may
open, and one board for a day, with its writes (assign and remove visits,
the one-line update, crisis flags). Every write answers an HTMX request with
the board's body and a plain POST with a redirect to the board."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import Program, User
from parcours.casework.models import EncounterKind
from parcours.coordination.forms.board import (
    AssignForm,
    CrisisLiftForm,
    CrisisRaiseForm,
    DayForm,
    QuickUpdateForm,
)
from parcours.coordination.selectors import board as selectors
from parcours.coordination.services import board as services


def _day(request: AuthenticatedRequest, data: Any = None) -> dt.date:
    form = DayForm(data if data is not None else request.GET)
    if form.is_valid() and form.cleaned_data["day"]:
        day: dt.date = form.cleaned_data["day"]
        return day
    return timezone.localdate()


def _board_url(program: Program, day: dt.date) -> str:
    url = reverse("coordination:board", kwargs={"program_id": program.pk})
    return url if day == timezone.localdate() else f"{url}?day={day.isoformat()}"


def _render_board(
    request: AuthenticatedRequest,
    user: User,
    program: Program,
    day: dt.date,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    board = selectors.board_for(user, program, day)
    services.board_viewed(acting_user=user, program=program, day=day, client_ids=board.client_ids)
    template = "coordination/board/board.html"
    if request.htmx:
        template += "#body"
    return render(
        request,
        template,
        {
            "board": board,
            "program": program,
            "errors": errors or [],
            "board_url": _board_url(program, day),
            "editable": day >= board.today,
            "encounter_kinds": EncounterKind.choices,
        },
        status=status,
    )


def _after_write(
    request: AuthenticatedRequest,
    user: User,
    program: Program,
    day: dt.date,
    exc: ValidationError | None,
    done: str,
) -> HttpResponse:
    """HTMX: the board's body (with the errors); otherwise back to the board."""
    errors = exc.messages if exc is not None else []
    if request.htmx:
        return _render_board(
            request, user, program, day, errors=errors, status=422 if errors else 200
        )
    for message in errors:
        messages.error(request, message)
    if not errors:
        messages.success(request, done)
    return redirect(_board_url(program, day))


@login_required
def board_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    return render(
        request, "coordination/board/list.html", {"programs": list(selectors.boards_for(user))}
    )


@login_required
def board(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.board_program_get(user, program_id)
    return _render_board(request, user, program, _day(request))


@login_required
@require_POST
def board_assign(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.board_program_get(user, program_id)
    form = AssignForm(request.POST, workers=selectors.board_workers(program))
    day = _day(request, request.POST)
    error: ValidationError | None = None
    if not form.is_valid():
        error = ValidationError(
            [str(e) for errors in form.errors.values() for e in errors]
            or [_("Choose a staff member.")]
        )
    else:
        data = form.cleaned_data
        enrollment = selectors.board_enrollment_get(user, program, data["client"])
        try:
            services.visit_assign(
                acting_user=user,
                program=program,
                client=enrollment.client,
                worker=data["worker"],
                day=data["day"],
                purpose=data["purpose"],
            )
        except ValidationError as exc:
            error = exc
    return _after_write(request, user, program, day, error, _("The visit is assigned."))


@login_required
@require_POST
def board_unassign(request: AuthenticatedRequest, assignment_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    assignment = selectors.visit_assignment_get(user, assignment_id)
    program = selectors.board_program_get(user, assignment.program_id)
    day = assignment.day
    error: ValidationError | None = None
    try:
        services.visit_unassign(acting_user=user, assignment=assignment)
    except ValidationError as exc:
        error = exc
    return _after_write(request, user, program, day, error, _("The visit is removed."))


@login_required
@require_POST
def board_update(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.board_program_get(user, program_id)
    form = QuickUpdateForm(request.POST)
    day = _day(request, request.POST)
    error: ValidationError | None = None
    if not form.is_valid():
        error = ValidationError(
            [str(e) for errors in form.errors.values() for e in errors] or [_("Write the update.")]
        )
    else:
        data = form.cleaned_data
        enrollment = selectors.board_enrollment_get(user, program, data["client"])
        client_access = access.client_access_for(user, enrollment.client)
        try:
            services.quick_update(
                acting_user=user,
                program=program,
                client_access=client_access,
                text=data["text"],
                kind=data["kind"],
            )
        except ValidationError as exc:
            error = exc
    return _after_write(
        request, user, program, day, error, _("The update is recorded as an encounter.")
    )


@login_required
@require_POST
def board_crisis_raise(request: AuthenticatedRequest, program_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    program = selectors.board_program_get(user, program_id)
    form = CrisisRaiseForm(request.POST)
    day = _day(request, request.POST)
    error: ValidationError | None = None
    if not form.is_valid():
        error = ValidationError(
            [str(e) for errors in form.errors.values() for e in errors]
            or [_("Say what is happening.")]
        )
    else:
        enrollment = selectors.board_enrollment_get(user, program, form.cleaned_data["client"])
        try:
            services.crisis_raise(
                acting_user=user,
                program=program,
                client=enrollment.client,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = exc
    return _after_write(request, user, program, day, error, _("The crisis flag is raised."))


@login_required
@require_POST
def board_crisis_lift(request: AuthenticatedRequest, flag_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    flag = selectors.crisis_flag_get(user, flag_id)
    program = selectors.board_program_get(user, flag.program_id)
    form = CrisisLiftForm(request.POST)
    day = _day(request, request.POST)
    error: ValidationError | None = None
    if not form.is_valid():
        error = ValidationError(
            [str(e) for errors in form.errors.values() for e in errors]
            or [_("Say why the crisis is over.")]
        )
    else:
        try:
            services.crisis_lift(acting_user=user, flag=flag, note=form.cleaned_data["note"])
        except ValidationError as exc:
            error = exc
    return _after_write(request, user, program, day, error, _("The crisis flag is lifted."))
