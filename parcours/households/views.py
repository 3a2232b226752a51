"""Screens of the households app. Thin: forms parse, services write,
selectors read through the access policy, and every page that shows people
is audited with the people it showed."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.clients import selectors as client_selectors
from parcours.clients import services as client_services
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.households import selectors, services
from parcours.households.forms import (
    AssessmentForm,
    GoalForm,
    GoalStatusForm,
    GuardianshipEndForm,
    GuardianshipForm,
    HouseholdEnrollForm,
    HouseholdSearchForm,
    HouseholdStartForm,
    MemberAddForm,
    MemberLeaveForm,
    RelationshipChangeForm,
)
from parcours.households.models import Relationship
from parcours.households.selectors import HouseholdAccess


def _household(
    request: AuthenticatedRequest, household_id: uuid.UUID
) -> tuple[User, HouseholdAccess]:
    user = access.require_partner_staff(request.user)
    return user, selectors.household_get_for_user(user, household_id)


def _choices(field: Any) -> Any:
    """The choices of a choice field (``Field`` itself declares none)."""
    return field.choices


def _stale(form: BaseForm, exc: services.StaleHousehold) -> None:
    form.add_error(None, str(exc))


# --- List and detail ------------------------------------------------------------


@login_required
def household_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    form = HouseholdSearchForm(request.GET)
    query = form.data.get("q", "").strip() if form.is_valid() else ""
    page = paginate(request, selectors.household_list_for(user, query), per_page=25)
    shown = [m.client_id for h in page for m in h.visible_current]
    services.households_listed(acting_user=user, query=query, client_ids=shown)
    template = (
        "households/household_list.html#results"
        if request.htmx
        else "households/household_list.html"
    )
    return render(request, template, {"form": form, "page_obj": page, "query": query})


@login_required
def household_detail(request: AuthenticatedRequest, household_id: uuid.UUID) -> HttpResponse:
    user, hh = _household(request, household_id)
    services.household_viewed(acting_user=user, household=hh.household, client_ids=hh.client_ids)
    context = {
        "hh": hh,
        "household": hh.household,
        "assessments": list(hh.assessments()[:20]),
        "goals": list(hh.goals()),
        "enrollments": list(hh.enrollments()),
        "youth_due": hh.youth_consent_due(),
        "guardian_form_allowed": any(a.registered_here for a in hh.accesses.values()),
        "goal_status_choices": _choices(GoalStatusForm.base_fields["status"]),
    }
    return render(request, "households/household_detail.html", context)


# --- Forming a household and its members ------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def household_start(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """Start a household with this client as its first member."""
    user = access.require_partner_staff(request.user)
    client_access = access.client_get_for_user(user, client_id)
    if request.method == "GET":
        client_services.client_record_viewed(
            acting_user=user, client_access=client_access, section="household_start"
        )
    form = HouseholdStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.household_create(
                acting_user=user,
                client_access=client_access,
                formed_on=data["formed_on"],
                relationship=data["relationship"],
                head_reason=data["head_reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The household is recorded."))
            return redirect("households:detail", household_id=household.pk)
    return render(
        request, "households/household_start.html", {"form": form, "client": client_access.client}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedRequest, household_id: uuid.UUID) -> HttpResponse:
    """Find a person (search before adding) and add them to the household."""
    user, hh = _household(request, household_id)
    query = request.GET.get("q", "").strip()
    members = {m.client_id for m in hh.current}
    candidates = []
    if query:
        candidates = [
            c for c in client_selectors.client_search(user, query)[:20] if c.pk not in members
        ]
        client_services.clients_searched(
            acting_user=user, query=query, client_ids=[c.pk for c in candidates]
        )
    form = MemberAddForm(
        request.POST or None,
        initial={"version": hh.household.version, "relationship": Relationship.CHILD},
    )
    chosen = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen_acc = access.client_get_for_user(user, data["client"])
        chosen = chosen_acc.client
        try:
            services.household_member_add(
                acting_user=user,
                household=hh.household,
                client_access=chosen_acc,
                relationship=data["relationship"],
                joined_on=data["joined_on"],
                head_reason=data["head_reason"],
                expected_version=data["version"],
            )
        except services.StaleHousehold as exc:
            _stale(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now a member of the household.") % {"name": chosen.display_name},
            )
            return redirect("households:detail", household_id=hh.household.pk)
    return render(
        request,
        "households/member_add.html",
        {"hh": hh, "form": form, "query": query, "candidates": candidates, "chosen": chosen},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(
    request: AuthenticatedRequest, household_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    user, hh = _household(request, household_id)
    membership = hh.membership(membership_id)
    if membership.left_on is not None:
        raise Http404
    client_access = hh.access_for(membership.client_id)
    form = MemberLeaveForm(request.POST or None, initial={"version": hh.household.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.household_member_leave(
                acting_user=user,
                membership=membership,
                client_access=client_access,
                left_on=data["left_on"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except services.StaleHousehold as exc:
            _stale(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s left the household.") % {"name": membership.client.display_name},
            )
            return redirect("households:detail", household_id=hh.household.pk)
    return render(
        request,
        "households/member_leave.html",
        {"hh": hh, "membership": membership, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_relationship(
    request: AuthenticatedRequest, household_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    user, hh = _household(request, household_id)
    membership = hh.membership(membership_id)
    if membership.left_on is not None:
        raise Http404
    client_access = hh.access_for(membership.client_id)
    form = RelationshipChangeForm(
        request.POST or None,
        initial={"version": hh.household.version, "relationship": membership.relationship},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.household_member_relationship_change(
                acting_user=user,
                membership=membership,
                client_access=client_access,
                relationship=data["relationship"],
                on=data["on"],
                head_reason=data["head_reason"],
                expected_version=data["version"],
            )
        except services.StaleHousehold as exc:
            _stale(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The relationship is changed."))
            return redirect("households:detail", household_id=hh.household.pk)
    return render(
        request,
        "households/member_relationship.html",
        {"hh": hh, "membership": membership, "form": form},
    )


# --- Guardians ------------------------------------------------------------------------


def _guardian_form(hh: HouseholdAccess, data: Any = None) -> GuardianshipForm:
    dependents = [
        (str(m.client_id), m.client.display_name)
        for m in hh.current
        if access.can_change_guardianship(hh.accesses[m.client_id])
    ]
    guardians = [(str(m.client_id), m.client.display_name) for m in hh.current]
    return GuardianshipForm(data, dependents=dependents, guardians=guardians)


@login_required
@require_http_methods(["GET", "POST"])
def guardianship_new(request: AuthenticatedRequest, household_id: uuid.UUID) -> HttpResponse:
    user, hh = _household(request, household_id)
    form = _guardian_form(hh, request.POST or None)
    if not _choices(form.fields["dependent"]):
        # Guardians are recorded by the organization that registered the child.
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.guardianship_add(
                acting_user=user,
                household=hh.household,
                dependent=access.client_get_for_user(user, data["dependent"]),
                guardian=access.client_get_for_user(user, data["guardian"]),
                start_date=data["start_date"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The guardian is recorded."))
            return redirect("households:detail", household_id=hh.household.pk)
    return render(request, "households/guardianship_form.html", {"hh": hh, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def guardianship_end(
    request: AuthenticatedRequest, household_id: uuid.UUID, guardianship_id: uuid.UUID
) -> HttpResponse:
    user, hh = _household(request, household_id)
    guardianship = hh.guardianship(guardianship_id)
    dependent = hh.access_for(guardianship.dependent_id)
    if not access.can_change_guardianship(dependent) or guardianship.end_date is not None:
        raise Http404
    form = GuardianshipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.guardianship_end(
                acting_user=user,
                guardianship=guardianship,
                dependent=dependent,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The guardianship has ended."))
            return redirect("households:detail", household_id=hh.household.pk)
    return render(
        request,
        "households/guardianship_end.html",
        {"hh": hh, "guardianship": guardianship, "form": form},
    )


# --- The family's assessment and goals -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: AuthenticatedRequest, household_id: uuid.UUID) -> HttpResponse:
    user, hh = _household(request, household_id)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_assessment_record(
                acting_user=user, household=hh.household, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The family's assessment is recorded."))
            return redirect("households:detail", household_id=hh.household.pk)
    return render(request, "households/assessment_form.html", {"hh": hh, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: AuthenticatedRequest, household_id: uuid.UUID) -> HttpResponse:
    user, hh = _household(request, household_id)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_goal_add(
                acting_user=user, household=hh.household, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The family's goal is recorded."))
            return redirect("households:detail", household_id=hh.household.pk)
    return render(request, "households/goal_form.html", {"hh": hh, "form": form})


@login_required
@require_POST
def goal_status(
    request: AuthenticatedRequest, household_id: uuid.UUID, goal_id: uuid.UUID
) -> HttpResponse:
    user, hh = _household(request, household_id)
    goal = hh.goal(goal_id)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        try:
            services.household_goal_update(
                acting_user=user,
                goal=goal,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleHousehold as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The goal's status is changed."))
    else:
        messages.error(request, _("Choose the goal's status."))
    return redirect("households:detail", household_id=hh.household.pk)


# --- Enrolling the family ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def household_enroll(request: AuthenticatedRequest, household_id: uuid.UUID) -> HttpResponse:
    user, hh = _household(request, household_id)
    form = HouseholdEnrollForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.household_enroll(acting_user=user, household=hh, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The family is enrolled in %(program)s.") % {"program": data["program"]},
            )
            return redirect("households:detail", household_id=hh.household.pk)
    return render(request, "households/household_enroll.html", {"hh": hh, "form": form})
