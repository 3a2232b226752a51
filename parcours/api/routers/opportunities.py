"""API routes of the opportunities board: every partner reads the
opportunities and posts its own; a client's interests and placements are
case-plan client data (only what the caller may see, each read in the audit
log); a placement is made by referring the client through the referral loop.
What the caller may not see is a 404; bad input is a 422 with translated
messages and nothing is written."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from parcours import access
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.opportunity_schemas import (
    OpportunityClientMatchOut,
    OpportunityFilters,
    OpportunityIn,
    OpportunityInterestIn,
    OpportunityInterestOut,
    OpportunityMatchOut,
    OpportunityOut,
    OpportunityPlacementIn,
    OpportunityPlacementOut,
    OpportunityPlacementPatch,
)
from parcours.api.pagination import Pagination
from parcours.community import services as community_services
from parcours.community.models import Opportunity, OpportunityInterest, Placement
from parcours.community.selectors import opportunities as selectors
from parcours.community.services import opportunities as services

router = Router(tags=["community"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
OPPORTUNITIES = "/opportunities"
INTERESTS = "/opportunity-interests"
PLACEMENTS = "/opportunity-placements"


def _partner(request: HttpRequest) -> Any:
    user = deps.partner_staff(request)
    access.require_opportunity_poster(user)
    return user


def _viewed(user: Any, client_ids: list[Any], section: str) -> None:
    community_services.trackers_viewed(
        acting_user=user, client_ids=client_ids, section=section, via="api"
    )


def _match(match: Any) -> dict[str, list[str]]:
    return {"reasons": list(match.reasons), "unmet": list(match.unmet)}


@router.get(
    OPPORTUNITIES,
    response={200: list[OpportunityOut], **ERRORS},
    summary="Every partner's opportunities, open ones by default (paginated)",
)
@paginate(Pagination)
def opportunity_list(
    request: HttpRequest, filters: Query[OpportunityFilters]
) -> QuerySet[Opportunity]:
    user = _partner(request)
    return selectors.opportunities(
        user,
        q=filters.q,
        kind=filters.kind.value if filters.kind else "",
        include_closed=filters.include_closed,
        sort=filters.sort,
    )


@router.post(
    OPPORTUNITIES,
    response={201: OpportunityOut, **ERRORS},
    summary="Post an opportunity, kept by the caller's organization",
)
def opportunity_create(request: HttpRequest, payload: OpportunityIn) -> Status[Opportunity]:
    user = _partner(request)
    values = payload.model_dump()
    for name in ("kind", "schedule", "language"):
        values[name] = values[name].value
    values["requirements"] = [r.value for r in payload.requirements]
    created = services.opportunity_create(acting_user=user, data=services.OpportunityData(**values))
    return Status(201, selectors.opportunity_get(user, created.pk))


@router.get(
    OPPORTUNITIES + "/{opportunity_id}",
    response={200: OpportunityOut, **ERRORS},
    summary="One opportunity",
)
def opportunity_detail(request: HttpRequest, opportunity_id: uuid.UUID) -> Opportunity:
    return selectors.opportunity_get(_partner(request), opportunity_id)


@router.get(
    OPPORTUNITIES + "/{opportunity_id}/matches",
    response={200: list[OpportunityClientMatchOut], **ERRORS},
    summary="The clients the opportunity fits (those the caller may see), with the reasons",
)
def opportunity_matches(request: HttpRequest, opportunity_id: uuid.UUID) -> list[dict[str, Any]]:
    user = _partner(request)
    opportunity = selectors.opportunity_get(user, opportunity_id)
    matches = selectors.opportunity_matches(user, opportunity)
    _viewed(user, [m.interest.client_id for m in matches], "opportunity_matches")
    return [
        {"client_id": m.interest.client_id, "interest_id": m.interest.pk, "match": _match(m.match)}
        for m in matches
    ]


@router.get(
    "/clients/{client_id}/opportunity-matches",
    response={200: list[OpportunityMatchOut], **ERRORS},
    summary="The open opportunities the client fits, with the reasons",
)
def client_matches(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = _partner(request)
    client_access = access.client_get_for_user(user, client_id)
    _viewed(user, [client_access.client.pk], "opportunities")
    return [
        {"opportunity": m.opportunity, "match": _match(m.match)}
        for m in selectors.client_matches(client_access)
    ]


@router.get(
    "/clients/{client_id}/opportunity-interests",
    response={200: list[OpportunityInterestOut], **ERRORS},
    summary="The client's interests the caller may see",
)
def interest_list(request: HttpRequest, client_id: uuid.UUID) -> list[OpportunityInterest]:
    user = _partner(request)
    client_access = access.client_get_for_user(user, client_id)
    _viewed(user, [client_access.client.pk], "opportunities")
    return list(selectors.client_interests(client_access))


@router.post(
    INTERESTS,
    response={201: OpportunityInterestOut, **ERRORS},
    summary="Record (or change) what a client is looking for, kept by the caller's organization",
)
def interest_create(
    request: HttpRequest, payload: OpportunityInterestIn
) -> Status[OpportunityInterest]:
    user = _partner(request)
    client_access = access.client_get_for_user(user, payload.client_id)
    data = services.InterestData(
        kinds=[k.value for k in payload.kinds],
        language=payload.language.value,
        area=payload.area,
        available_daytime=payload.available_daytime,
        available_evenings=payload.available_evenings,
        available_weekends=payload.available_weekends,
        lacks=[r.value for r in payload.lacks],
        notes=payload.notes,
    )
    saved = services.interest_save(acting_user=user, client_access=client_access, data=data)
    return Status(201, saved)


@router.get(
    INTERESTS + "/{interest_id}",
    response={200: OpportunityInterestOut, **ERRORS},
    summary="One interest",
)
def interest_detail(request: HttpRequest, interest_id: uuid.UUID) -> OpportunityInterest:
    user = _partner(request)
    interest = selectors.interest_get(user, interest_id)
    _viewed(user, [interest.client_id], "opportunities")
    return interest


@router.get(
    "/clients/{client_id}/opportunity-placements",
    response={200: list[OpportunityPlacementOut], **ERRORS},
    summary="The client's placements the caller may see",
)
def placement_list(request: HttpRequest, client_id: uuid.UUID) -> list[Placement]:
    user = _partner(request)
    client_access = access.client_get_for_user(user, client_id)
    _viewed(user, [client_access.client.pk], "opportunities")
    return list(selectors.client_placements(client_access))


@router.post(
    PLACEMENTS,
    response={201: OpportunityPlacementOut, **ERRORS},
    summary="Refer a client to an opportunity (a referral of the loop, and its placement)",
)
def placement_create(request: HttpRequest, payload: OpportunityPlacementIn) -> Status[Placement]:
    user = _partner(request)
    client_access = access.client_get_for_user(user, payload.client_id)
    opportunity = selectors.opportunity_get(user, payload.opportunity_id)
    placement = services.opportunity_refer(
        acting_user=user,
        client_access=client_access,
        opportunity=opportunity,
        reason=payload.reason,
        beyond_consent_reason=payload.beyond_consent_reason,
        acknowledge_duplicates=payload.acknowledge_duplicates,
    )
    return Status(201, placement)


@router.get(
    PLACEMENTS + "/{placement_id}",
    response={200: OpportunityPlacementOut, **ERRORS},
    summary="One placement",
)
def placement_detail(request: HttpRequest, placement_id: uuid.UUID) -> Placement:
    user = _partner(request)
    placement = selectors.placement_get(user, placement_id)
    _viewed(user, [placement.client_id], "placement")
    return placement


@router.patch(
    PLACEMENTS + "/{placement_id}",
    response={200: OpportunityPlacementOut, **ERRORS},
    summary="Record an outcome (started, completed, ended early) or the 3-month follow-up",
)
def placement_patch(
    request: HttpRequest, placement_id: uuid.UUID, payload: OpportunityPlacementPatch
) -> Placement:
    user = _partner(request)
    placement = selectors.placement_get(user, placement_id)
    access.require_outcome_recorder(user, placement)
    if (payload.status is None) == (payload.retained_at_3_months is None):
        raise ValidationError(
            {"status": _("Give a status or the 3-month follow-up: one of the two.")}
        )
    if payload.status is not None:
        return services.placement_record_outcome(
            acting_user=user, placement=placement, status=payload.status.value, on=payload.on
        )
    assert payload.retained_at_3_months is not None
    return services.placement_follow_up(
        acting_user=user,
        placement=placement,
        still_there=payload.retained_at_3_months,
        on=payload.on,
    )
