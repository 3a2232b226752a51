"""Demo preferences, matches and offers: about forty homeless demo clients
with housing preferences (areas of Ottawa, budgets, accessibility, pets), ten
open offers (two stalled, made more than a week ago), declines with their
reasons (one pausing the client's next offers) and accepted offers waiting
for their tenancy (the unit held; the worker starts it from the client's
file — the tenancy demo keeps its own fifteen).

Written through the services (audited, the policy checked); idempotent and
seeded."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import ClientAccess, client_access_for
from parcours.access.housing import can_write_tenancies
from parcours.accounts.models import Organization, User
from parcours.demo.housing_tenancies import _candidates
from parcours.housing.matching import (
    ACCEPT,
    DECLINE,
    PreferenceData,
    offer_answer,
    offer_make,
    preferences_save,
)
from parcours.housing.matching_selectors import client_matches, client_standing
from parcours.housing.models import (
    AccessibilityNeed,
    DeclineSide,
    HousingOffer,
    HousingPreference,
    LivingArrangement,
    OfferReason,
    Tenancy,
    UnitType,
)

PREFERENCES = 40
OPEN_OFFERS = 10
STALLED_OFFERS = 2
DECLINED_OFFERS = 4
ACCEPTED_OFFERS = 2

AREAS = [
    "Ottawa",
    "K1N",
    "K1L",
    "K1R",
    "K1S",
    "K1Y",
    "K1K",
    "rue Rideau",
    "rue Dalhousie",
    "Bank Street",
    "boulevard St-Laurent",
]
AVOID = ["Bank Street", "rue Murray", "Somerset Street West", "K1G", "rue Dalhousie"]
CONSTRAINTS = [
    "Près de la clinique du Centre de santé communautaire. / Close to the community health centre.",
    "Loin de son ancien quartier (sécurité). / Away from the old neighbourhood (safety).",
    "Accès au transport en commun, pas de voiture. / Near a bus line, no car.",
    "Rez-de-chaussée de préférence (genoux). / Ground floor preferred (knees).",
    "Garde son chien, Biscuit. / Keeps her dog, Biscuit.",
    "",
    "",
]
DECLINES = [
    (
        DeclineSide.CLIENT,
        OfferReason.LOCATION,
        "Trop loin de sa fille. / Too far from her daughter.",
    ),
    (
        DeclineSide.PROVIDER,
        OfferReason.LANDLORD_REFUSED,
        "Le propriétaire a choisi un autre locataire. / The landlord chose another tenant.",
    ),
    (
        DeclineSide.CLIENT,
        OfferReason.UNIT_CONDITION,
        "Moisissures dans la salle de bain. / Mould in the bathroom.",
    ),
    (
        DeclineSide.CLIENT,
        OfferReason.CLIENT_UNREACHABLE,
        "Pas de nouvelles depuis dix jours. / No news for ten days.",
    ),
]


def _preference(rng: random.Random) -> PreferenceData:
    areas = rng.sample(AREAS, rng.choice([0, 1, 1, 2, 3]))
    avoid = [a for a in rng.sample(AVOID, rng.choice([0, 0, 1, 2])) if a not in areas]
    needs: list[str] = []
    if rng.random() < 0.12:
        needs = [AccessibilityNeed.WHEELCHAIR]
    elif rng.random() < 0.1:
        needs = [AccessibilityNeed.GROUND_FLOOR]
    return PreferenceData(
        areas=areas,
        areas_to_avoid=avoid,
        unit_types=rng.choice(
            [
                [],
                [],
                [UnitType.APARTMENT],
                [UnitType.APARTMENT, UnitType.SOCIAL],
                [UnitType.ROOM, UnitType.SUPPORTIVE],
            ]
        ),
        min_bedrooms=rng.choice([0, 0, 0, 1, 1, 2]),
        accessibility_needs=needs,
        has_pets=rng.random() < 0.2,
        living=rng.choice(LivingArrangement.values),
        max_rent=Decimal(rng.randrange(800, 2001, 50)) if rng.random() < 0.85 else None,
        constraints=rng.choice(CONSTRAINTS),
    )


def _homeless_clients(keepers: list[tuple[Organization, User]]) -> list[tuple[User, ClientAccess]]:
    """Clients without an active tenancy whose housing a keeper may write."""
    housed = set(Tenancy.objects.filter(end_date__isnull=True).values_list("client_id", flat=True))
    seen: set[object] = set()
    found: list[tuple[User, ClientAccess]] = []
    for _org, staff in keepers:
        for client in _candidates(staff):
            if client.pk in seen or client.pk in housed:
                continue
            seen.add(client.pk)
            try:
                access = client_access_for(staff, client)
            except Http404:
                continue
            if can_write_tenancies(access):
                found.append((staff, access))
    return found


def _offer_best(
    staff: User, access: ClientAccess, offered_on: dt.date, taken: set[object]
) -> HousingOffer | None:
    standing = client_standing(access)
    for row in client_matches(access, standing):
        if row.unit.pk in taken:
            continue
        taken.add(row.unit.pk)
        try:
            return offer_make(
                acting_user=staff,
                client_access=access,
                unit=row.unit,
                offered_on=offered_on,
                note="Visite proposée avec l'intervenante. / Viewing offered with the worker.",
            )
        except ValidationError:
            continue
    return None


def seed_matching(seed: int, keepers: list[tuple[Organization, User]]) -> str:
    """Seed the demo preferences and offers (idempotent); a one-line summary."""
    rng = random.Random(seed + 1616)
    today = timezone.localdate()
    people = _homeless_clients(keepers)
    rng.shuffle(people)
    recorded = 0
    have = set(HousingPreference.objects.values_list("client_id", flat=True))
    for staff, access in people:
        if len(have) >= PREFERENCES:
            break
        if access.client.pk in have:
            continue
        try:
            preferences_save(acting_user=staff, client_access=access, data=_preference(rng))
        except ValidationError:
            continue
        have.add(access.client.pk)
        recorded += 1
    if HousingOffer.objects.exists():
        return f"Matching: {recorded} preferences recorded; offers already there."
    with_prefs = [(s, a) for s, a in people if a.client.pk in have]
    taken: set[object] = set()
    counts = {"open": 0, "stalled": 0, "declined": 0, "accepted": 0}
    for staff, access in with_prefs:
        if counts["declined"] < DECLINED_OFFERS:
            made = _offer_best(staff, access, today - dt.timedelta(days=rng.randint(15, 40)), taken)
            if made is None:
                continue
            side, reason, note = DECLINES[counts["declined"]]
            offer_answer(
                acting_user=staff,
                client_access=access,
                offer=made,
                answer=DECLINE,
                decline_side=side,
                reason=reason,
                note=note,
                pause_days=14 if counts["declined"] == 0 else 0,
            )
            counts["declined"] += 1
        elif counts["accepted"] < ACCEPTED_OFFERS:
            made = _offer_best(staff, access, today - dt.timedelta(days=rng.randint(3, 6)), taken)
            if made is None:
                continue
            # Accepted: the unit stays held; the worker starts the tenancy
            # from the client's file (the tenancy demo keeps its own count).
            offer_answer(acting_user=staff, client_access=access, offer=made, answer=ACCEPT)
            counts["accepted"] += 1
        elif counts["stalled"] < STALLED_OFFERS:
            days = 9 if counts["stalled"] == 0 else 12
            if _offer_best(staff, access, today - dt.timedelta(days=days), taken):
                counts["stalled"] += 1
        elif counts["open"] < OPEN_OFFERS - STALLED_OFFERS:
            if _offer_best(staff, access, today - dt.timedelta(days=rng.randint(0, 5)), taken):
                counts["open"] += 1
        else:
            break
    return (
        f"Matching: {recorded} preferences recorded; offers: {counts['open'] + counts['stalled']} "
        f"open ({counts['stalled']} stalled), {counts['declined']} declined, "
        f"{counts['accepted']} accepted (tenancy to start)."
    )


__all__ = ["seed_matching"]
