"""Screens of the care team and the coordinated care plan: the care team's
history, adding, changing and ending a membership, every partner's part of
the plan, and the coordinators' overview. Thin: parse, call, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parcours import access
from parcours.access.care_team import can_view_care_overview
from parcours.access.coordination import can_change_care_team
from parcours.accounts.http import AuthenticatedRequest
from parcours.coordination.forms.care_team import (
    CareOverviewFilterForm,
    CareTeamMemberAddForm,
    CareTeamMemberEditForm,
    CareTeamMemberEndForm,
)
from parcours.coordination.selectors import care_team as selectors
from parcours.coordination.services import care_team as services
from parcours.core.client_file import client_file_url
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


@login_required
@require_GET
def care_team_history(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    page = paginate(request, selectors.care_team_former(client_access))
    services.care_team_viewed(
        acting_user=user,
        client_access=client_access,
        section="care_team_history",
        member_ids=[m.pk for m in page],
    )
    return render(
        request,
        "coordination/care_team/history.html",
        {"client": client_access.client, "client_access": client_access, "page_obj": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def care_team_add(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not can_change_care_team(client_access):
        raise Http404
    form = CareTeamMemberAddForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.care_team_member_add(
                    acting_user=user,
                    client_access=client_access,
                    worker=data["worker"],
                    outside_name=data["outside_name"],
                    role=data["role"],
                    contact=data["contact"],
                    since=data["since"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The member is added to the care team."))
                return redirect(client_file_url(client_access.client.pk, "care-team"))
    return render(
        request,
        "coordination/care_team/member_form.html",
        {
            "client": client_access.client,
            "form": form,
            "title": _("Add a member to the care team"),
            "submit": _("Add to the care team"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def care_team_member_edit(request: AuthenticatedRequest, member_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    member, client_access = selectors.care_team_member_get_changeable(user, member_id)
    if not member.is_current:
        raise Http404
    form = CareTeamMemberEditForm(
        request.POST or None, initial={"role": member.role, "contact": member.contact}
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.care_team_member_update(
                    acting_user=user,
                    client_access=client_access,
                    member=member,
                    changes=form.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The member's role and contact are saved."))
                return redirect(client_file_url(client_access.client.pk, "care-team"))
    else:
        services.care_team_viewed(
            acting_user=user,
            client_access=client_access,
            section="care_team_member",
            member_ids=[member.pk],
        )
    return render(
        request,
        "coordination/care_team/member_form.html",
        {
            "client": client_access.client,
            "member": member,
            "form": form,
            "title": _("Change a member of the care team"),
            "submit": _("Save"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def care_team_member_end(request: AuthenticatedRequest, member_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    member, client_access = selectors.care_team_member_get_changeable(user, member_id)
    if not member.is_current:
        raise Http404
    form = CareTeamMemberEndForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.care_team_member_end(
                    acting_user=user,
                    client_access=client_access,
                    member=member,
                    until=form.cleaned_data["until"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The membership has ended; it is in the history."))
                return redirect(client_file_url(client_access.client.pk, "care-team"))
    return render(
        request,
        "coordination/care_team/member_end.html",
        {
            "client": client_access.client,
            "member": member,
            "form": form,
            "title": _("End a membership of the care team"),
        },
        status=status,
    )


@login_required
@require_GET
def care_plan(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    plan = selectors.care_plan_for(client_access)
    services.care_team_viewed(
        acting_user=user,
        client_access=client_access,
        section="care_plan",
        member_ids=selectors.care_plan_record_ids(plan),
    )
    return render(
        request,
        "coordination/care_team/care_plan.html",
        {"client": client_access.client, "client_access": client_access, "care_plan": plan},
    )


@login_required
@require_GET
def care_overview(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    if not can_view_care_overview(user):
        raise PermissionDenied
    form = CareOverviewFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    clients = selectors.care_overview(
        user, ordering=data.get("sort") or "partners", query=data.get("q") or ""
    )
    page = paginate(request, clients)
    services.care_overview_viewed(acting_user=user, client_ids=[c.pk for c in page])
    template = (
        "coordination/care_team/overview.html#results"
        if request.htmx
        else "coordination/care_team/overview.html"
    )
    return render(request, template, {"form": form, "page_obj": page})
