"""``/linkage``: the coordinators' review queue of possible duplicates,
merges and their undoing, and the other identities of a client.

Thin routes over ``parcours.linkage`` services and selectors: only a
coordinator who may see both records of a pair reviews it; a pair or merge
they may not see is a 404."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router

from parcours import access
from parcours.accounts.models import User
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.linkage_schemas import (
    DecisionIn,
    IdentityOut,
    MergeOut,
    ReviewFilters,
    ReviewItemOut,
    ReviewPage,
    UnmergeIn,
)
from parcours.clients.models import Client
from parcours.clients.services import client_record_viewed
from parcours.linkage import selectors, services
from parcours.linkage.models import ClientMerge, MatchCandidate

router = Router(tags=["linkage"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _reviewer(request: HttpRequest) -> User:
    user = deps.signed_in(request)
    if not access.can_review_duplicates(user):
        raise PermissionDenied
    return user


@router.get(
    "/linkage/review",
    response={200: ReviewPage, **ERRORS},
    summary="The review queue of possible duplicates (coordinators)",
    description=(
        "Pairs that batch linkage (`parcours link_clients`) found likely to be one "
        "person, likeliest first, with why; only pairs whose two records the caller may "
        "see. The records shown are in the audit log."
    ),
)
def review_list(request: HttpRequest, filters: Query[ReviewFilters]) -> dict[str, Any]:
    user = _reviewer(request)
    qs = selectors.review_queue(user, status=filters.status)
    page = list(qs[filters.offset : filters.offset + filters.limit])
    services.review_items_shown(acting_user=user, items=page, view="review_queue", via="api")
    return {"items": page, "count": qs.count()}


@router.post(
    "/linkage/review/{item_id}/decision",
    response={200: ReviewItemOut, **ERRORS},
    summary="Decide on a possible duplicate: same person (merge), not the same, or defer",
)
def review_decide(request: HttpRequest, item_id: uuid.UUID, payload: DecisionIn) -> MatchCandidate:
    user = _reviewer(request)
    candidate = selectors.match_candidate_get_for_user(user, item_id)
    services.match_decide(
        acting_user=user, candidate=candidate, decision=payload.decision, note=payload.note
    )
    return selectors.match_candidate_get_for_user(user, item_id)


@router.post(
    "/linkage/merges/{merge_id}/undo",
    response={200: MergeOut, **ERRORS},
    summary="Undo a merge: the two records are two people again, exactly as before",
)
def merge_undo(request: HttpRequest, merge_id: uuid.UUID, payload: UnmergeIn) -> ClientMerge:
    user = _reviewer(request)
    merge = selectors.merge_get_for_user(user, merge_id)
    return services.client_unmerge(acting_user=user, merge=merge, reason=payload.reason)


@router.get(
    "/clients/{client_id}/identities",
    response={200: list[IdentityOut], 401: ErrorOut, 404: ErrorOut},
    summary="The client's other records (same person) that the caller may see",
)
def client_identities(request: HttpRequest, client_id: uuid.UUID) -> list[Client]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="identities"
    )
    return selectors.identities_for(user, client_access.client)
