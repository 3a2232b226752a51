"""Reading the opportunities board through the policy
(``access.opportunities``): every partner's opportunities, searched, by kind,
sorted; the clients an opportunity fits and the opportunities a client fits,
each with its reasons (``community.selectors.matching``), only among the
interests and clients the user may see; a client's interests and
placements; the network's supply and demand, counts only. An unknown id, or
one the user may not see, is a 404. Lists fetch their related rows up front:
a page costs the same few queries whatever its length."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import ClientAccess, clients_visible_to
from parcours.access.opportunities import (
    interests_counted_for,
    interests_of,
    interests_visible_to,
    opportunities_visible_to,
    placements_of,
    placements_visible_to,
)
from parcours.accounts.models import User
from parcours.community.models import (
    Opportunity,
    OpportunityInterest,
    OpportunityKind,
    Placement,
    PlacementStatus,
)
from parcours.community.selectors.matching import (
    Match,
    facts_of_interest,
    facts_of_opportunity,
    match,
)

SORT_CLOSING = "closing"
SORT_NEWEST = "newest"
SORT_TITLE = "title"
SORTS = (SORT_CLOSING, SORT_NEWEST, SORT_TITLE)


def _with_taken(opportunities: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Each with ``taken``: the clients who started and are there now."""
    return opportunities.select_related("organization").annotate(
        taken=Count("placements", filter=Q(placements__status=PlacementStatus.STARTED))
    )


def _open(opportunities: QuerySet[Opportunity], today: dt.date) -> QuerySet[Opportunity]:
    return opportunities.filter(closed_at__isnull=True).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


def opportunities(
    user: User,
    *,
    q: str = "",
    kind: str = "",
    include_closed: bool = False,
    sort: str = SORT_CLOSING,
) -> QuerySet[Opportunity]:
    """Every partner's opportunities the user may see: open ones (or all),
    by words of the title, host, place or description, by kind; soonest
    closing first (those without a date last), newest first or by title."""
    found = opportunities_visible_to(user)
    if not include_closed:
        found = _open(found, timezone.localdate())
    for word in q.split()[:5]:
        found = found.filter(
            Q(title_fr__icontains=word)
            | Q(title_en__icontains=word)
            | Q(host__icontains=word)
            | Q(location__icontains=word)
            | Q(area__icontains=word)
            | Q(description_fr__icontains=word)
            | Q(description_en__icontains=word)
        )
    if kind:
        found = found.filter(kind=kind)
    found = _with_taken(found)
    if sort == SORT_NEWEST:
        return found.order_by("-created_at", "id")
    if sort == SORT_TITLE:
        return found.annotate(
            sort_title=Lower(Coalesce(NullIf("title_fr", Value("")), "title_en"))
        ).order_by("sort_title", "id")
    return found.order_by(F("closes_on").asc(nulls_last=True), "-created_at", "id")


def opportunity_get(user: User, opportunity_id: uuid.UUID | str) -> Opportunity:
    """An opportunity the user may see, with ``taken`` (404 otherwise)."""
    try:
        found = _with_taken(opportunities_visible_to(user)).filter(pk=opportunity_id).first()
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if found is None:
        raise Http404
    return found


def places_left(opportunity: Opportunity) -> int:
    taken = getattr(opportunity, "taken", None)
    if taken is None:
        taken = Placement.objects.filter(
            opportunity=opportunity, status=PlacementStatus.STARTED
        ).count()
    return max(opportunity.places - taken, 0)


@dataclass(frozen=True)
class InterestMatch:
    interest: OpportunityInterest
    match: Match


@dataclass(frozen=True)
class OpportunityMatch:
    opportunity: Opportunity
    match: Match


def _active_interests(interests: QuerySet[OpportunityInterest]) -> QuerySet[OpportunityInterest]:
    return interests.filter(ended_at__isnull=True).select_related("client", "organization")


def opportunity_matches(user: User, opportunity: Opportunity) -> list[InterestMatch]:
    """The clients this opportunity fits, among the active interests the user
    may see of clients the user may see; the best fits first."""
    today = timezone.localdate()
    facts = facts_of_opportunity(opportunity, places_left(opportunity))
    already = Placement.objects.filter(opportunity=opportunity).values("client_id")
    interests = _active_interests(
        interests_visible_to(user)
        .filter(client__in=clients_visible_to(user).values("pk"))
        .exclude(client_id__in=already)
    ).order_by("client__preferred_name", "client__given_name", "client_id", "created_at")
    best: dict[uuid.UUID, InterestMatch] = {}
    for interest in interests:
        found = match(facts, facts_of_interest(interest), today)
        if not found.fits:
            continue
        kept = best.get(interest.client_id)
        if kept is None or found.rank < kept.match.rank:
            best[interest.client_id] = InterestMatch(interest, found)
    return sorted(best.values(), key=lambda m: m.match.rank)


def client_interests(client_access: ClientAccess) -> QuerySet[OpportunityInterest]:
    """The client's interests the user may see, active ones first."""
    return (
        interests_of(client_access)
        .select_related("organization")
        .order_by(F("ended_at").desc(nulls_first=True), "-updated_at")
    )


def client_placements(client_access: ClientAccess) -> QuerySet[Placement]:
    """The client's placements the user may see, latest first."""
    return (
        placements_of(client_access)
        .select_related("opportunity", "opportunity__organization", "organization", "referral")
        .order_by("-created_at")
    )


def client_matches(
    client_access: ClientAccess, interests: list[OpportunityInterest] | None = None
) -> list[OpportunityMatch]:
    """The open opportunities the client fits, by the interests the user may
    see (the best of them for each opportunity; ``interests`` when the caller
    read them already); the best fits first, then the soonest closing; those
    the client was referred to left out."""
    today = timezone.localdate()
    if interests is None:
        interests = list(interests_of(client_access))
    facts = [facts_of_interest(i) for i in interests if i.ended_at is None]
    if not facts:
        return []
    referred = Placement.objects.filter(client=client_access.client).values("opportunity_id")
    candidates = _with_taken(
        _open(opportunities_visible_to(client_access.user), today).exclude(pk__in=referred)
    ).order_by(F("closes_on").asc(nulls_last=True), "-created_at", "id")
    found: list[OpportunityMatch] = []
    for opportunity in candidates:
        found_facts = facts_of_opportunity(opportunity, places_left(opportunity))
        fits = [m for m in (match(found_facts, i, today) for i in facts) if m.fits]
        if fits:
            found.append(OpportunityMatch(opportunity, min(fits, key=lambda m: m.rank)))
    return sorted(found, key=lambda m: m.match.rank)


def interest_get(user: User, interest_id: uuid.UUID | str) -> OpportunityInterest:
    try:
        found = (
            interests_visible_to(user)
            .select_related("client", "organization")
            .filter(pk=interest_id)
            .first()
        )
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if found is None:
        raise Http404
    return found


def placement_get(user: User, placement_id: uuid.UUID | str) -> Placement:
    try:
        found = (
            placements_visible_to(user)
            .select_related("client", "opportunity", "opportunity__organization", "referral")
            .filter(pk=placement_id)
            .first()
        )
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class SupplyDemandRow:
    kind: str
    label: str
    clients: int  # clients with an active interest in this kind
    opportunities: int  # open opportunities of this kind
    places: int  # places they offer
    places_left: int

    @property
    def gap(self) -> int:
        """Clients wanting more than places left (negative: places to spare)."""
        return self.clients - self.places_left


def supply_demand(user: User) -> list[SupplyDemandRow]:
    """Per kind: clients with an active interest (anyone's, counted once)
    against places on open opportunities. Counts only, no names."""
    wanting: dict[str, set[uuid.UUID]] = {k: set() for k in OpportunityKind.values}
    active = interests_counted_for(user).filter(ended_at__isnull=True)
    for client_id, kinds in active.values_list("client_id", "kinds"):
        for kind in kinds or ():
            if kind in wanting:
                wanting[kind].add(client_id)
    offered = _with_taken(_open(opportunities_visible_to(user), timezone.localdate())).order_by()
    supply: dict[str, list[int]] = {k: [0, 0, 0] for k in OpportunityKind.values}
    for opportunity in offered:
        supply[opportunity.kind][0] += 1
        supply[opportunity.kind][1] += opportunity.places
        supply[opportunity.kind][2] += places_left(opportunity)
    return [
        SupplyDemandRow(
            kind=kind,
            label=str(label),
            clients=len(wanting[kind]),
            opportunities=supply[kind][0],
            places=supply[kind][1],
            places_left=supply[kind][2],
        )
        for kind, label in OpportunityKind.choices
    ]


__all__ = [
    "SORTS",
    "SORT_CLOSING",
    "SORT_NEWEST",
    "SORT_TITLE",
    "InterestMatch",
    "OpportunityMatch",
    "SupplyDemandRow",
    "client_interests",
    "client_matches",
    "client_placements",
    "interest_get",
    "opportunities",
    "opportunity_get",
    "opportunity_matches",
    "placement_get",
    "places_left",
    "supply_demand",
]
