"""Screens of the life-skills groups. Thin: forms parse, services
(``community.services.groups``) write, selectors (``community.selectors.groups``)
read through the policy (``access.community``). A roster shown and a client's
sessions shown are reads of those clients' records, in the audit log."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.access.base import require_partner_staff
from parcours.access.clients import client_access_for, client_get_for_staff
from parcours.access.community import (
    can_run_session,
    require_session_offerer,
    require_session_runner,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.community import services
from parcours.community.group_forms import GroupListForm, RegisterForm, SessionForm
from parcours.community.models import AttendanceStatus, GroupSession
from parcours.community.selectors import groups as selectors
from parcours.community.selectors import tracker_goals
from parcours.community.services import groups as group_services
from parcours.core.client_file import client_file_url
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate

GROUPS_SECTION = "group-sessions"
PAGE_SIZE = 20


def _partner(request: AuthenticatedRequest) -> User:
    user = require_partner_staff(request.user)
    require_session_offerer(user)
    return user


@login_required
@require_http_methods(["GET"])
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every partner's sessions, upcoming or past, by topic and by partner."""
    user = _partner(request)
    form = GroupListForm(request.GET or None, organizations=selectors.session_organizations(user))
    filters = form.filters()
    page = paginate(request, selectors.group_sessions(user, **filters), per_page=PAGE_SIZE)
    return render(
        request,
        "community/group_list.html",
        {"form": form, "page_obj": page, "when": filters["when"]},
    )


def _session_page(
    request: AuthenticatedRequest, form: SessionForm, session: GroupSession | None
) -> HttpResponse:
    return render(
        request,
        "community/group_form.html",
        {"form": form, "session": session},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request: AuthenticatedRequest) -> HttpResponse:
    user = _partner(request)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = group_services.group_session_create(acting_user=user, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The group session was created."))
            return redirect("community:group_detail", session_id=session.pk)
    return _session_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    user = _partner(request)
    session = selectors.group_session_get(user, session_id)
    require_session_runner(user, session)
    if request.method == "POST":
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                group_services.group_session_update(
                    acting_user=user, session=session, data=form.to_data()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The group session was saved."))
                return redirect("community:group_detail", session_id=session.pk)
    else:
        form = SessionForm(initial=SessionForm.initial_of(group_services.session_data_of(session)))
    return _session_page(request, form, session)


@login_required
@require_POST
def group_cancel(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    user = _partner(request)
    session = selectors.group_session_get(user, session_id)
    try:
        group_services.group_session_cancel(acting_user=user, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The group session was cancelled."))
    return redirect("community:group_detail", session_id=session.pk)


def _mark(user: User, roster: selectors.Roster, data: Any) -> dict[str, list[str]]:
    """Mark every row whose status changed, all or nothing; the errors by row."""
    errors: dict[str, list[str]] = {}
    try:
        with transaction.atomic():
            for attendance in roster.attendances:
                status = data.get(f"status-{attendance.pk}")
                if status is None or status == attendance.status:
                    continue
                try:
                    group_services.group_attendance_mark(
                        acting_user=user,
                        client_access=client_access_for(user, attendance.client),
                        attendance=attendance,
                        status=status,
                    )
                except (ValidationError, Http404) as exc:
                    messages_of = (
                        exc.messages if isinstance(exc, ValidationError) else [_("Not found.")]
                    )
                    errors[str(attendance.pk)] = list(messages_of)
            if errors:
                raise ValidationError(_("Nothing was saved."))
    except ValidationError:
        pass
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def group_detail(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    """The session, its roster (the clients the user may see; the others
    counted) and, for the running organization, the attendance form."""
    user = _partner(request)
    session = selectors.group_session_get(user, session_id)
    runs = can_run_session(user, session)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        require_session_runner(user, session)
        errors = _mark(user, selectors.session_roster(user, session), request.POST)
        if not errors:
            messages.success(request, _("The attendance was saved."))
            return redirect("community:group_detail", session_id=session.pk)
    roster = selectors.session_roster(user, session)
    services.trackers_viewed(
        acting_user=user,
        client_ids=[a.client_id for a in roster.attendances],
        section="group_roster",
    )
    rows = [
        (a, errors.get(str(a.pk), []), request.POST.get(f"status-{a.pk}", a.status))
        for a in roster.attendances
    ]
    return render(
        request,
        "community/group_detail.html",
        {
            "session": session,
            "roster": roster,
            "rows": rows,
            "places_left": selectors.places_left(session),
            "runs": runs,
            "statuses": AttendanceStatus.choices,
            "has_errors": bool(errors),
        },
        status=422 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_register(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """Register the client for a session of the user's organization with a place left."""
    user, client_access = client_get_for_staff(request.user, client_id)
    require_session_offerer(user)
    form = RegisterForm(
        request.POST or None,
        sessions=selectors.sessions_open_for(user),
        goals=tracker_goals(client_access),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group_services.group_attendance_register(
                acting_user=user,
                client_access=client_access,
                session=form.cleaned_data["session"],
                goal=form.cleaned_data["goal"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The client was registered for the session."))
            return redirect(client_file_url(client_access.client.pk, GROUPS_SECTION))
    return render(
        request,
        "community/group_register.html",
        {"form": form, "client": client_access.client},
        status=422 if request.method == "POST" else 200,
    )
