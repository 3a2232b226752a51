"""Screens of preferences, matching and offers: a client's preferences
(form), the matches of a vacancy and of a client, making and answering an
offer, starting the tenancy of an accepted offer, and the coordinators' list
of open and stalled offers. Thin: forms parse, services write, selectors read
through the policy; every page that names clients is audited."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parcours.access.base import require_partner_staff
from parcours.access.clients import ClientAccess, client_get_for_staff, client_get_for_user
from parcours.access.housing import require_housing_reader, require_tenancy_writer
from parcours.access.housing_matching import (
    can_answer_offer,
    can_make_offer,
    can_write_preferences,
    require_client_housing_reader,
    require_offer_answerer,
    require_offer_maker,
    require_preferences_writer,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services.registry import client_record_viewed
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.housing import matching, matching_selectors, selectors, tenancies
from parcours.housing.forms import TenancyStartForm
from parcours.housing.matching_forms import (
    OfferAnswerForm,
    OfferForm,
    OfferListForm,
    PreferenceForm,
)
from parcours.housing.models import HousingUnit, OfferStatus
from parcours.housing.views import client_file_redirect

_client_file = client_file_redirect


@login_required
@require_http_methods(["GET", "POST"])
def preferences_edit(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_preferences_writer(client_access)
    preference = matching_selectors.preference_get(client_access)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                matching.preferences_save(
                    acting_user=user, client_access=client_access, data=form.preference_data()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The housing preferences were saved."))
                return _client_file(client_access.client.pk)
    else:
        form = PreferenceForm(initial=PreferenceForm.initial_for(preference))
        client_record_viewed(
            acting_user=user, client_access=client_access, section="housing_preferences"
        )
    return render(
        request,
        "housing/matching/preferences_form.html",
        {"form": form, "client": client_access.client, "preference": preference},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def client_matches(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_housing_reader(user)
    require_client_housing_reader(client_access)
    standing = matching_selectors.client_standing(client_access)
    rows = matching_selectors.client_matches(client_access, standing)
    client_record_viewed(acting_user=user, client_access=client_access, section="housing_matches")
    return render(
        request,
        "housing/matching/client_matches.html",
        {
            "client": client_access.client,
            "standing": standing,
            "rows": rows,
            "can_offer": can_make_offer(client_access),
            "can_edit": can_write_preferences(client_access),
        },
    )


@login_required
@require_GET
def unit_matches(request: AuthenticatedRequest, unit_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    require_housing_reader(user)
    unit = selectors.unit_get(user, unit_id)
    rows = matching_selectors.unit_matches(user, unit)
    holding = matching_selectors.unit_holding_offer(user, unit)
    matching.matching_viewed(
        acting_user=user,
        section="unit_matches",
        client_ids=[row.preference.client_id for row in rows],
        target=unit,
    )
    return render(
        request,
        "housing/matching/unit_matches.html",
        {"unit": unit, "rows": rows, "holding": holding},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request: AuthenticatedRequest, unit_id: uuid.UUID) -> HttpResponse:
    """Offer the unit to a client (``?client=``): a confirmation page, then the offer."""
    user = require_partner_staff(request.user)
    require_housing_reader(user)
    unit: HousingUnit = selectors.unit_get(user, unit_id)
    client_id = request.POST.get("client") or request.GET.get("client") or ""
    client_access = client_get_for_user(user, client_id)
    require_offer_maker(client_access, unit)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = matching.offer_make(
                acting_user=user,
                client_access=client_access,
                unit=unit,
                respond_by=form.cleaned_data["respond_by"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The unit was offered; it is held for the client until %(date)s.")
                % {"date": offer.respond_by.isoformat()},
            )
            return _client_file(client_access.client.pk)
    return render(
        request,
        "housing/matching/offer_form.html",
        {
            "form": form,
            "unit": unit,
            "client": client_access.client,
            "fit": _fit_for(client_access, unit),
        },
        status=422 if request.method == "POST" else 200,
    )


def _fit_for(client_access: ClientAccess, unit: HousingUnit) -> matching_selectors.Fit | None:
    preference = matching_selectors.preference_get(client_access)
    return matching_selectors.fit(preference, unit) if preference else None


@login_required
@require_http_methods(["GET", "POST"])
def offer_answer(request: AuthenticatedRequest, offer_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    offer, client_access = matching_selectors.offer_get(user, offer_id)
    require_offer_answerer(user, offer)
    form = OfferAnswerForm(request.POST or None, default_pause=matching.default_pause_days())
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            matching.offer_answer(
                acting_user=user,
                client_access=client_access,
                offer=offer,
                answer=answer,
                decline_side=form.cleaned_data["decline_side"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                pause_days=form.pause_days_value(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if answer == matching.ACCEPT:
                messages.success(
                    request, _("The offer was accepted; the unit stays held. Start the tenancy.")
                )
                return redirect("housing:offer_tenancy", offer_id=offer.pk)
            messages.success(request, _("The answer was recorded; the unit is available again."))
            return _client_file(client_access.client.pk)
    return render(
        request,
        "housing/matching/offer_answer.html",
        {"form": form, "offer": offer, "client": client_access.client},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_tenancy(request: AuthenticatedRequest, offer_id: uuid.UUID) -> HttpResponse:
    """Start the tenancy of an accepted offer: the tenancy form, its unit chosen."""
    user = require_partner_staff(request.user)
    offer, client_access = matching_selectors.offer_get(user, offer_id)
    require_tenancy_writer(client_access)
    if offer.status != OfferStatus.ACCEPTED or offer.tenancy_id is not None:
        messages.info(request, _("Only an accepted offer waiting for its tenancy starts one."))
        return _client_file(client_access.client.pk)
    units = selectors.units_to_let(user).filter(pk=offer.unit_id)
    form = TenancyStartForm(
        request.POST or None,
        units=units,
        initial={"unit": offer.unit_id, "start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            tenancies.tenancy_start(
                acting_user=user,
                client_access=client_access,
                unit=form.cleaned_data["unit"],
                start_date=form.cleaned_data["start_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The tenancy was started; its move-in checklist is open."))
            return _client_file(client_access.client.pk)
    return render(
        request,
        "housing/tenancy_form.html",
        {"form": form, "client": client_access.client, "offer": offer},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def offers(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinators' list: open offers with the stalled ones flagged."""
    user = require_partner_staff(request.user)
    form = OfferListForm(request.GET)
    show = form.cleaned_data.get("show") if form.is_valid() else ""
    sort = request.GET.get("sort", "offered_on")
    if sort not in matching_selectors.OFFER_SORTS:
        sort = "offered_on"
    rows = matching_selectors.offer_list(
        user, show=show or matching_selectors.OFFERS_OPEN, sort=sort
    )
    page_obj = paginate(request, rows)
    for offer in page_obj:
        offer.may_answer = can_answer_offer(user, offer)
    matching.matching_viewed(
        acting_user=user,
        section="housing_offers",
        client_ids=[offer.client_id for offer in page_obj],
    )
    return render(
        request,
        "housing/matching/offers.html",
        {
            "form": form,
            "page_obj": page_obj,
            "sort": sort,
            "show": show or matching_selectors.OFFERS_OPEN,
            "stall_days": matching.stall_days(),
        },
    )
