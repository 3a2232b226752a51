"""Reading preferences, matches and offers through the policy
(``parcours.access.housing_matching``).

**Matching**: for a vacancy, the eligible clients ranked by priority first
(``parcours.housing.priority.priorities``), then by their fit with the unit;
for a client, the available units that fit. Each row says why (priority
reasons, what fits, what does not). Hard exclusions: rent over the client's
maximum, an area the client avoids, an accessibility need the unit does not
meet, pets where pets are not allowed, fewer bedrooms than the minimum.

Every list fetches what it shows up front: a page costs the same few queries
whatever its length."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess, client_access_for
from parcours.access.housing import require_housing_reader, units_visible_to
from parcours.access.housing_matching import (
    offers_of,
    offers_visible_to,
    preferences_of,
    preferences_visible_to,
    require_client_housing_reader,
    require_offer_board,
)
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.housing.models import (
    HOLDING,
    AccessibilityNeed,
    HousingOffer,
    HousingPreference,
    HousingUnit,
    LivingArrangement,
    OfferStatus,
    Tenancy,
    UnitStatus,
    UnitType,
)
from parcours.housing.priority import Priority, priorities

# Words of a unit's accessibility features (French and English) that meet a need.
NEED_WORDS: dict[str, tuple[str, ...]] = {
    AccessibilityNeed.GROUND_FLOOR: (
        "ground floor",
        "main floor",
        "rez-de-chaussee",
        "rez de chaussee",
        "plain-pied",
        "step-free",
        "sans marche",
    ),
    AccessibilityNeed.ELEVATOR: ("elevator", "lift", "ascenseur"),
    AccessibilityNeed.GRAB_BARS: ("grab bar", "barre d'appui", "barres d'appui"),
    AccessibilityNeed.VISUAL_ALARMS: ("visual alarm", "alarme visuelle", "alarmes visuelles"),
}
# A wheelchair-accessible unit is reached without stairs.
WHEELCHAIR_MEETS = {
    AccessibilityNeed.WHEELCHAIR,
    AccessibilityNeed.GROUND_FLOOR,
    AccessibilityNeed.ELEVATOR,
}


def fold(text: str) -> str:
    """Lower case without accents, for comparing places and features."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _place(unit: HousingUnit) -> str:
    return fold(f"{unit.address_line} {unit.city} {unit.postal_code}")


def _in_area(area: str, place: str) -> bool:
    return bool(fold(area)) and fold(area) in place


def meets_need(unit: HousingUnit, need: str) -> bool:
    if unit.wheelchair_accessible and need in WHEELCHAIR_MEETS:
        return True
    features = fold(unit.accessibility_features)
    return any(word in features for word in NEED_WORDS.get(need, ()))


@dataclass(frozen=True)
class Fit:
    """How a unit fits a client's preferences: ``exclusions`` (any → not a
    match), ``fits`` and ``misfits`` (translated reasons) and a score."""

    score: int
    fits: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.exclusions


def fit(preference: HousingPreference, unit: HousingUnit) -> Fit:
    """The fit of ``unit`` with ``preference`` (no query)."""
    score = 0
    fits: list[str] = []
    misfits: list[str] = []
    exclusions: list[str] = []
    place = _place(unit)
    # Rent.
    if preference.max_rent is not None:
        if unit.monthly_rent > preference.max_rent:
            exclusions.append(
                _("Rent over budget (%(rent)s $ > %(max)s $)")
                % {"rent": f"{unit.monthly_rent:.2f}", "max": f"{preference.max_rent:.2f}"}
            )
        else:
            score += 2
            fits.append(_("Rent within budget"))
    # Areas.
    avoided = [a for a in preference.areas_to_avoid if _in_area(a, place)]
    if avoided:
        exclusions.append(_("Area avoided (%(area)s)") % {"area": ", ".join(avoided)})
    if preference.areas:
        wanted = [a for a in preference.areas if _in_area(a, place)]
        if wanted:
            score += 3
            fits.append(_("Area wanted (%(area)s)") % {"area": ", ".join(wanted)})
        else:
            score -= 2
            misfits.append(_("Not in an area wanted"))
    # Accessibility.
    if preference.accessibility_needs:
        unmet = [n for n in preference.accessibility_needs if not meets_need(unit, n)]
        if unmet:
            exclusions.append(
                _("Accessibility needs not met: %(needs)s")
                % {"needs": ", ".join(str(AccessibilityNeed(n).label) for n in unmet)}
            )
        else:
            score += 2
            fits.append(_("Accessible"))
    # Pets.
    if preference.has_pets:
        if unit.pets_allowed:
            score += 1
            fits.append(_("Pets allowed"))
        else:
            exclusions.append(_("Pets not allowed"))
    # Bedrooms.
    if unit.bedrooms < preference.min_bedrooms:
        exclusions.append(
            _("Too few bedrooms (%(bedrooms)s < %(min)s)")
            % {"bedrooms": unit.bedrooms, "min": preference.min_bedrooms}
        )
    elif preference.min_bedrooms:
        fits.append(_("Enough bedrooms"))
    # Type.
    if preference.unit_types:
        if unit.unit_type in preference.unit_types:
            score += 2
            fits.append(_("Type wanted"))
        else:
            score -= 1
            misfits.append(
                _("Not a type wanted (%(type)s)") % {"type": unit.get_unit_type_display()}
            )
    # Alone or with others: a room is shared housing.
    shared = unit.unit_type == UnitType.ROOM
    if preference.living == LivingArrangement.ALONE and shared:
        score -= 1
        misfits.append(_("Shared housing (the client wants to live alone)"))
    elif preference.living == LivingArrangement.WITH_OTHERS and (shared or unit.bedrooms >= 2):
        score += 1
        fits.append(_("Room for living with others"))
    return Fit(score=score, fits=fits, misfits=misfits, exclusions=exclusions)


# --- Preferences and offers of one client --------------------------------------------------


def preference_get(client_access: ClientAccess) -> HousingPreference | None:
    """The client's current preferences, if recorded and the user may see them."""
    require_client_housing_reader(client_access)
    return preferences_of(client_access).select_related("organization", "recorded_by").first()


def client_offers(client_access: ClientAccess) -> QuerySet[HousingOffer]:
    """The client's offers the user may see, newest first."""
    require_client_housing_reader(client_access)
    return offers_of(client_access).select_related(
        "unit", "unit__landlord", "organization", "recorded_by", "tenancy"
    )


# --- Matching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientMatch:
    preference: HousingPreference
    priority: Priority
    fit: Fit

    @property
    def client(self) -> Client:
        return self.preference.client


@dataclass(frozen=True)
class UnitMatch:
    unit: HousingUnit
    fit: Fit


def _paused_filter(on: dt.date) -> Exists:
    return Exists(HousingOffer.objects.filter(client_id=OuterRef("client_id"), paused_until__gt=on))


def eligible_preferences(user: User, unit: HousingUnit, on: dt.date) -> QuerySet[HousingPreference]:
    """Preferences of clients who may be offered ``unit``: the user sees their
    housing, they are not housed, not paused and not already offered it."""
    return (
        preferences_visible_to(user)
        .annotate(
            housed=Exists(
                Tenancy.objects.filter(client_id=OuterRef("client_id"), end_date__isnull=True)
            ),
            paused=_paused_filter(on),
            offered=Exists(
                HousingOffer.objects.filter(HOLDING).filter(
                    client_id=OuterRef("client_id"), unit_id=unit.pk
                )
            ),
        )
        .filter(housed=False, paused=False, offered=False)
        .select_related("client")
    )


def unit_matches(user: User, unit: HousingUnit) -> list[ClientMatch]:
    """For an available unit, the eligible clients: priority first, then fit,
    then name. Empty when the unit is not available."""
    require_housing_reader(user)
    if unit.status != UnitStatus.AVAILABLE:
        return []
    today = timezone.localdate()
    candidates = list(eligible_preferences(user, unit, today))
    fits = {p.pk: fit(p, unit) for p in candidates}
    eligible = [p for p in candidates if fits[p.pk].eligible]
    ranks = priorities([p.client_id for p in eligible], today)
    rows = [
        ClientMatch(preference=p, priority=ranks[p.client_id], fit=fits[p.pk]) for p in eligible
    ]
    rows.sort(
        key=lambda r: (
            r.priority.key,
            -r.fit.score,
            r.preference.client.family_name.casefold(),
            r.preference.client.given_name.casefold(),
            str(r.preference.client_id),
        )
    )
    return rows


@dataclass(frozen=True)
class ClientStanding:
    """Whether a client may be matched now, and why not."""

    preference: HousingPreference | None
    housed: bool
    paused_until: dt.date | None

    @property
    def matchable(self) -> bool:
        return self.preference is not None and not self.housed and self.paused_until is None


def client_standing(client_access: ClientAccess) -> ClientStanding:
    today = timezone.localdate()
    client = client_access.client
    return ClientStanding(
        preference=preference_get(client_access),
        housed=Tenancy.objects.filter(client=client, end_date__isnull=True).exists(),
        paused_until=HousingOffer.objects.filter(client=client, paused_until__gt=today)
        .order_by("-paused_until")
        .values_list("paused_until", flat=True)
        .first(),
    )


def client_matches(client_access: ClientAccess, standing: ClientStanding) -> list[UnitMatch]:
    """For a client, the available units that fit, best fit first."""
    require_housing_reader(client_access.user)
    preference = standing.preference
    if preference is None or not standing.matchable:
        return []
    units = (
        units_visible_to(client_access.user)
        .filter(status=UnitStatus.AVAILABLE, landlord__active=True)
        .select_related("landlord", "organization")
    )
    if preference.max_rent is not None:
        units = units.filter(monthly_rent__lte=preference.max_rent)
    if preference.min_bedrooms:
        units = units.filter(bedrooms__gte=preference.min_bedrooms)
    if preference.has_pets:
        units = units.filter(pets_allowed=True)
    rows = [UnitMatch(unit=u, fit=fit(preference, u)) for u in units]
    rows = [r for r in rows if r.fit.eligible]
    rows.sort(
        key=lambda r: (
            -r.fit.score,
            r.unit.available_from or dt.date.max,
            r.unit.monthly_rent,
            str(r.unit.pk),
        )
    )
    return rows


def unit_holding_offer(user: User, unit: HousingUnit) -> HousingOffer | None:
    """The offer that holds the unit ("held for"), if the user may see it."""
    return (
        offers_visible_to(user)
        .filter(HOLDING, unit=unit)
        .select_related("client", "organization")
        .first()
    )


# --- The coordinators' list of offers ----------------------------------------------------------

OFFERS_OPEN = "open"
OFFERS_STALLED = "stalled"
OFFERS_ALL = "all"
OFFER_SORTS = {
    "offered_on": ("offered_on", "created_at"),
    "-offered_on": ("-offered_on", "-created_at"),
    "respond_by": ("respond_by", "offered_on"),
    "-respond_by": ("-respond_by", "-offered_on"),
    "client": ("client__family_name", "client__given_name", "offered_on"),
    "status": ("status", "offered_on"),
}


def stalled_before(on: dt.date) -> dt.date:
    """An open offer made before this date is stalled (open more than the stall days)."""
    return on - dt.timedelta(days=int(settings.HOUSING_OFFER_STALL_DAYS))


def offer_list(
    user: User, *, show: str = OFFERS_OPEN, sort: str = "offered_on"
) -> QuerySet[HousingOffer]:
    """Offers of the clients the coordinator may see: open ones (stalled ones
    flagged), only the stalled ones, or all; each row has ``stalled``."""
    require_offer_board(user)
    today = timezone.localdate()
    limit = stalled_before(today)
    offers = offers_visible_to(user).annotate(
        stalled=ExpressionWrapper(
            Q(status=OfferStatus.OFFERED, offered_on__lt=limit), output_field=BooleanField()
        ),
    )
    if show == OFFERS_STALLED:
        offers = offers.filter(status=OfferStatus.OFFERED, offered_on__lt=limit)
    elif show != OFFERS_ALL:
        offers = offers.filter(status=OfferStatus.OFFERED)
    order = OFFER_SORTS.get(sort, OFFER_SORTS["offered_on"])
    return offers.select_related(
        "client", "unit", "unit__landlord", "organization", "recorded_by"
    ).order_by(*order, "id")


def offer_get(user: User, offer_id: uuid.UUID | str) -> tuple[HousingOffer, ClientAccess]:
    """One offer the user may see and what they may see of its client (404 otherwise)."""
    try:
        offer = (
            offers_visible_to(user)
            .select_related("client", "unit", "unit__landlord", "organization", "tenancy")
            .get(pk=offer_id)
        )
    except (HousingOffer.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return offer, client_access_for(user, offer.client)


__all__ = [
    "OFFERS_ALL",
    "OFFERS_OPEN",
    "OFFERS_STALLED",
    "OFFER_SORTS",
    "ClientMatch",
    "ClientStanding",
    "Fit",
    "UnitMatch",
    "client_matches",
    "client_offers",
    "client_standing",
    "eligible_preferences",
    "fit",
    "fold",
    "meets_need",
    "offer_get",
    "offer_list",
    "preference_get",
    "stalled_before",
    "unit_holding_offer",
    "unit_matches",
]
