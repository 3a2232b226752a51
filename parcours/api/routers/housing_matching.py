"""API routes of housing preferences, matching and offers (housing-category
client data): 404 for a client the caller may not see, 403 when the client's
housing is not shared with them or they may not act, 422 on bad input (nothing
written). Every answer that names clients is in the audit log."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from parcours import access
from parcours.access.housing import require_housing_reader
from parcours.access.housing_matching import require_client_housing_reader
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.housing_matching_schemas import (
    ClientMatchOut,
    FitOut,
    HousingPreferenceIn,
    HousingPreferenceOut,
    OfferAnswerIn,
    OfferFilter,
    OfferIn,
    OfferOut,
    UnitMatchOut,
)
from parcours.api.pagination import Pagination
from parcours.clients.services.registry import client_record_viewed
from parcours.housing import matching, matching_selectors, selectors
from parcours.housing.models import HousingOffer, HousingPreference, UnitType

router = Router(tags=["housing matching"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _fit(fit: matching_selectors.Fit) -> FitOut:
    return FitOut(score=fit.score, fits=fit.fits, misfits=fit.misfits)


def _offer(user: Any, offer_id: uuid.UUID) -> HousingOffer:
    offer, _access = matching_selectors.offer_get(user, offer_id)
    return offer


@router.get(
    "/clients/{client_id}/housing-preferences",
    response={200: HousingPreferenceOut, **ERRORS},
    summary="A client's housing preferences (404 when none are recorded)",
)
def preferences_get(request: HttpRequest, client_id: uuid.UUID) -> HousingPreference:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    preference = matching_selectors.preference_get(client_access)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="housing_preferences"
    )
    if preference is None:
        raise Http404
    return preference


@router.put(
    "/clients/{client_id}/housing-preferences",
    response={200: HousingPreferenceOut, **ERRORS},
    summary="Record a client's housing preferences (replaces the current ones)",
)
def preferences_put(
    request: HttpRequest, client_id: uuid.UUID, payload: HousingPreferenceIn
) -> HousingPreference:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    data = matching.PreferenceData(
        **{
            **payload.model_dump(),
            "unit_types": [t.value for t in payload.unit_types],
            "accessibility_needs": [n.value for n in payload.accessibility_needs],
            "living": payload.living.value,
        }
    )
    matching.preferences_save(acting_user=user, client_access=client_access, data=data)
    preference = matching_selectors.preference_get(client_access)
    assert preference is not None
    return preference


@router.get(
    "/housing/units/{unit_id}/matches",
    response={200: list[ClientMatchOut], **ERRORS},
    summary="For an available unit, the eligible clients: priority first, then fit, with reasons",
)
def unit_matches(request: HttpRequest, unit_id: uuid.UUID) -> list[ClientMatchOut]:
    user = deps.partner_staff(request)
    require_housing_reader(user)
    unit = selectors.unit_get(user, unit_id)
    rows = matching_selectors.unit_matches(user, unit)
    matching.matching_viewed(
        acting_user=user,
        section="unit_matches",
        client_ids=[row.preference.client_id for row in rows],
        target=unit,
        via="api",
    )
    return [
        ClientMatchOut(
            rank=rank,
            client_id=row.preference.client_id,
            client_name=row.preference.client.display_name,
            priority_reasons=row.priority.reasons,
            fit=_fit(row.fit),
        )
        for rank, row in enumerate(rows, start=1)
    ]


@router.get(
    "/clients/{client_id}/housing-matches",
    response={200: list[UnitMatchOut], **ERRORS},
    summary="For a client, the available units that fit, best fit first, with reasons",
)
def client_matches(request: HttpRequest, client_id: uuid.UUID) -> list[UnitMatchOut]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    require_client_housing_reader(client_access)
    standing = matching_selectors.client_standing(client_access)
    rows = matching_selectors.client_matches(client_access, standing)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="housing_matches"
    )
    return [
        UnitMatchOut(
            unit_id=row.unit.pk,
            unit=str(row.unit),
            unit_type=UnitType(row.unit.unit_type),
            bedrooms=row.unit.bedrooms,
            monthly_rent=f"{row.unit.monthly_rent:.2f}",
            available_from=row.unit.available_from,
            fit=_fit(row.fit),
        )
        for row in rows
    ]


@router.get(
    "/housing/offers",
    response={200: list[OfferOut], **ERRORS},
    summary="Offers to the clients the coordinator may see (open, stalled or all; paginated)",
)
@paginate(Pagination)
def offer_list(request: HttpRequest, filters: Query[OfferFilter]) -> QuerySet[HousingOffer]:
    user = deps.partner_staff(request)
    offers = matching_selectors.offer_list(user, show=filters.show, sort="offered_on")
    matching.matching_viewed(
        acting_user=user,
        section="housing_offers",
        client_ids=list(offers.values_list("client_id", flat=True)[:500]),
        via="api",
    )
    return offers


@router.post(
    "/housing/offers",
    response={201: OfferOut, **ERRORS},
    summary="Offer an available unit to a client (the unit is held for them)",
)
def offer_create(request: HttpRequest, payload: OfferIn) -> Status[HousingOffer]:
    user = deps.partner_staff(request)
    require_housing_reader(user)
    client_access = access.client_get_for_user(user, payload.client_id)
    try:
        unit = selectors.unit_get(user, payload.unit_id)
    except Http404 as exc:
        raise ValidationError({"unit_id": _("No unit has this id.")}) from exc
    offer = matching.offer_make(
        acting_user=user,
        client_access=client_access,
        unit=unit,
        respond_by=payload.respond_by,
        note=payload.note,
    )
    return Status(201, _offer(user, offer.pk))


@router.post(
    "/housing/offers/{offer_id}/answer",
    response={200: OfferOut, **ERRORS},
    summary="Record the answer to an offer: accept, decline (who and why) or withdraw",
)
def offer_answer(request: HttpRequest, offer_id: uuid.UUID, payload: OfferAnswerIn) -> HousingOffer:
    user = deps.partner_staff(request)
    offer, client_access = matching_selectors.offer_get(user, offer_id)
    matching.offer_answer(
        acting_user=user,
        client_access=client_access,
        offer=offer,
        answer=payload.answer,
        decline_side=payload.decline_side.value if payload.decline_side else "",
        reason=payload.reason.value if payload.reason else "",
        note=payload.note,
        pause_days=payload.pause_days,
    )
    return _offer(user, offer_id)
