"""Screens of the opportunities board. Thin: forms parse, services
(``community.services.opportunities``) write, selectors
(``community.selectors.opportunities``) read through the policy
(``access.opportunities``). Clients shown (an opportunity's matches, a
client's interests, matches and placements) are reads of those clients'
records, in the audit log."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.access.base import require_partner_staff
from parcours.access.clients import client_access_for, client_get_for_staff
from parcours.access.opportunities import (
    can_change_opportunity,
    can_record_outcome,
    can_view_supply_demand,
    can_work_on_opportunities_for,
    require_interest_writer,
    require_opportunity_owner,
    require_opportunity_poster,
    require_outcome_recorder,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.community import services
from parcours.community.models import Opportunity
from parcours.community.opportunity_forms import (
    FollowUpForm,
    InterestForm,
    OpportunityForm,
    OpportunityListForm,
    OutcomeForm,
    ReferForm,
)
from parcours.community.selectors import opportunities as selectors
from parcours.community.services import opportunities as opportunity_services
from parcours.core.client_file import client_file_url
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate

OPPORTUNITIES_SECTION = "opportunities"
PAGE_SIZE = 20


def _partner(request: AuthenticatedRequest) -> User:
    user = require_partner_staff(request.user)
    require_opportunity_poster(user)
    return user


def _status(request: AuthenticatedRequest) -> int:
    return 422 if request.method == "POST" else 200


@login_required
@require_http_methods(["GET"])
def opportunity_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every partner's opportunities: search, by kind, sorted, a page at a time."""
    user = _partner(request)
    form = OpportunityListForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.opportunities(user, **filters), per_page=PAGE_SIZE)
    return render(
        request,
        "community/opportunity_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(filters["q"] or filters["kind"]),
            "sees_counts": can_view_supply_demand(user),
        },
    )


def _opportunity_page(
    request: AuthenticatedRequest, form: OpportunityForm, opportunity: Opportunity | None
) -> HttpResponse:
    return render(
        request,
        "community/opportunity_form.html",
        {"form": form, "opportunity": opportunity},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_new(request: AuthenticatedRequest) -> HttpResponse:
    user = _partner(request)
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = opportunity_services.opportunity_create(acting_user=user, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The opportunity was posted."))
            return redirect("community:opportunity_detail", opportunity_id=created.pk)
    return _opportunity_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: AuthenticatedRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    user = _partner(request)
    opportunity = selectors.opportunity_get(user, opportunity_id)
    require_opportunity_owner(user, opportunity)
    if request.method == "POST":
        form = OpportunityForm(request.POST)
        if form.is_valid():
            try:
                opportunity_services.opportunity_update(
                    acting_user=user, opportunity=opportunity, data=form.to_data()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The opportunity was saved."))
                return redirect("community:opportunity_detail", opportunity_id=opportunity.pk)
    else:
        data = opportunity_services.opportunity_data_of(opportunity)
        form = OpportunityForm(initial=OpportunityForm.initial_of(data))
    return _opportunity_page(request, form, opportunity)


@login_required
@require_POST
def opportunity_close(request: AuthenticatedRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    user = _partner(request)
    opportunity = selectors.opportunity_get(user, opportunity_id)
    try:
        opportunity_services.opportunity_close(acting_user=user, opportunity=opportunity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The opportunity was closed."))
    return redirect("community:opportunity_detail", opportunity_id=opportunity.pk)


@login_required
@require_http_methods(["GET"])
def opportunity_detail(request: AuthenticatedRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    """The opportunity and the clients it fits (those the user may see), with the reasons."""
    user = _partner(request)
    opportunity = selectors.opportunity_get(user, opportunity_id)
    matches = selectors.opportunity_matches(user, opportunity)
    services.trackers_viewed(
        acting_user=user,
        client_ids=[m.interest.client_id for m in matches],
        section="opportunity_matches",
    )
    return render(
        request,
        "community/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "matches": matches,
            "places_left": selectors.places_left(opportunity),
            "owns": can_change_opportunity(user, opportunity),
        },
    )


@login_required
@require_http_methods(["GET"])
def client_opportunities(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """The client's interests, the opportunities they fit (with the reasons) and placements."""
    user, client_access = client_get_for_staff(request.user, client_id)
    require_opportunity_poster(user)
    interests = list(selectors.client_interests(client_access))
    placements = list(selectors.client_placements(client_access))
    matches = selectors.client_matches(client_access, interests)
    services.trackers_viewed(
        acting_user=user, client_ids=[client_access.client.pk], section="opportunities"
    )
    return render(
        request,
        "community/client_opportunities.html",
        {
            "client": client_access.client,
            "interests": interests,
            "placements": placements,
            "matches": matches,
            "can_write": can_work_on_opportunities_for(client_access),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interest_edit(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """Record or change what the client wants, as the user's organization keeps it."""
    user, client_access = client_get_for_staff(request.user, client_id)
    require_opportunity_poster(user)
    require_interest_writer(client_access)
    mine = (
        selectors.client_interests(client_access)
        .filter(organization_id=client_access.organization_id)
        .first()
    )
    if request.method == "POST":
        form = InterestForm(request.POST)
        if form.is_valid():
            try:
                opportunity_services.interest_save(
                    acting_user=user, client_access=client_access, data=form.to_data()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The client's interests were saved."))
                return redirect("community:client_opportunities", client_id=client_id)
    elif mine is not None:
        initial = InterestForm.initial_of(opportunity_services.interest_data_of(mine))
        form = InterestForm(initial=initial)
    else:
        form = InterestForm(initial={"available_daytime": True})
    return render(
        request,
        "community/interest_form.html",
        {"form": form, "client": client_access.client, "interest": mine},
        status=_status(request),
    )


@login_required
@require_POST
def interest_end(request: AuthenticatedRequest, interest_id: uuid.UUID) -> HttpResponse:
    user = _partner(request)
    interest = selectors.interest_get(user, interest_id)
    client_access = client_access_for(user, interest.client)
    try:
        opportunity_services.interest_end(
            acting_user=user, client_access=client_access, interest=interest
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The client is no longer looking, as recorded."))
    return redirect("community:client_opportunities", client_id=interest.client_id)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_refer(
    request: AuthenticatedRequest, client_id: uuid.UUID, opportunity_id: uuid.UUID
) -> HttpResponse:
    """Refer the client to the opportunity through the referral loop."""
    user, client_access = client_get_for_staff(request.user, client_id)
    require_opportunity_poster(user)
    require_interest_writer(client_access)
    opportunity = selectors.opportunity_get(user, opportunity_id)
    form = ReferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity_services.opportunity_refer(
                acting_user=user,
                client_access=client_access,
                opportunity=opportunity,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("You may not refer this client."))
        else:
            messages.success(request, _("The client was referred to the opportunity."))
            return redirect(client_file_url(client_id, OPPORTUNITIES_SECTION))
    return render(
        request,
        "community/opportunity_refer.html",
        {"form": form, "client": client_access.client, "opportunity": opportunity},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_detail(request: AuthenticatedRequest, placement_id: uuid.UUID) -> HttpResponse:
    """A placement and its outcome: started, completed or ended early; the
    3-month follow-up."""
    user = _partner(request)
    placement = selectors.placement_get(user, placement_id)
    outcome_form = OutcomeForm(request.POST if request.POST.get("step") == "outcome" else None)
    follow_form = FollowUpForm(request.POST if request.POST.get("step") == "follow_up" else None)
    if request.method == "POST":
        require_outcome_recorder(user, placement)
        try:
            if outcome_form.is_bound and outcome_form.is_valid():
                opportunity_services.placement_record_outcome(
                    acting_user=user, placement=placement, **outcome_form.cleaned_data
                )
            elif follow_form.is_bound and follow_form.is_valid():
                opportunity_services.placement_follow_up(
                    acting_user=user, placement=placement, **follow_form.cleaned_data
                )
            else:
                raise ValidationError(_("Nothing was saved: see the errors below."))
        except ValidationError as exc:
            apply_errors(outcome_form if outcome_form.is_bound else follow_form, exc)
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect("community:placement_detail", placement_id=placement.pk)
    services.trackers_viewed(
        acting_user=user, client_ids=[placement.client_id], section="placement"
    )
    return render(
        request,
        "community/placement_detail.html",
        {
            "placement": placement,
            "outcome_form": outcome_form,
            "follow_form": follow_form,
            "can_record": can_record_outcome(user, placement),
        },
        status=_status(request),
    )


@login_required
@require_http_methods(["GET"])
def supply_demand(request: AuthenticatedRequest) -> HttpResponse:
    """Clients wanting each kind of opportunity against places offered: counts only."""
    user = _partner(request)
    if not can_view_supply_demand(user):
        raise PermissionDenied(_("Supply and demand is for coordinators and administrators."))
    return render(
        request,
        "community/supply_demand.html",
        {"rows": selectors.supply_demand(user)},
    )
