"""Housing preferences and offers: **housing-category client data**, like
tenancies (``parcours.access.housing``):

* the organization that recorded a row sees it; another partner sees it while
  the client shares the housing category with it (less lock-boxes), and only
  for a client it may see at all;
* a partner writes a client's preferences, and offers the client a unit, when
  it may write the client's housing (``can_write_tenancies``: it may read the
  client's housing category, or registered the client) — the unit's keeping
  organization or the client's worker;
* an offer is answered (accepted, declined, withdrawn) by the offering
  organization or the organization that keeps the unit, when it may still
  see the client;
* coordinators (and organization administrators) see the list of open and
  stalled offers of the clients they may see.

Staff outside the network (a hospital) see none of it; a client the user
may not see is a 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from parcours.access.base import is_coordinator, staff_org
from parcours.access.clients import ClientAccess, clients_visible_to, records_visible_filter
from parcours.access.housing import can_write_tenancies
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.housing.models import HousingOffer, HousingPreference, HousingUnit

PREFERENCE_LABEL = "housing.housingpreference"
OFFER_LABEL = "housing.housingoffer"


def _is_partner_staff(user: User) -> bool:
    org = user.organization if staff_org(user) is not None else None
    return org is not None and org.is_partner


def preferences_visible_to(user: User) -> QuerySet[HousingPreference]:
    """Preferences of clients the user may see, by the housing category."""
    if not _is_partner_staff(user):
        return HousingPreference.objects.none()
    return HousingPreference.objects.filter(
        records_visible_filter(user, category=DataCategory.HOUSING, model_label=PREFERENCE_LABEL),
        client__in=clients_visible_to(user).values("pk"),
    )


def preferences_of(client_access: ClientAccess) -> QuerySet[HousingPreference]:
    """The client's preferences, if the user may see them."""
    return HousingPreference.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=DataCategory.HOUSING, model_label=PREFERENCE_LABEL)
    )


def offers_visible_to(user: User) -> QuerySet[HousingOffer]:
    """Offers to clients the user may see, by the housing category."""
    if not _is_partner_staff(user):
        return HousingOffer.objects.none()
    return HousingOffer.objects.filter(
        records_visible_filter(user, category=DataCategory.HOUSING, model_label=OFFER_LABEL),
        client__in=clients_visible_to(user).values("pk"),
    )


def offers_answerable_by(user: User) -> QuerySet[HousingOffer]:
    """Offers the user may answer: visible, made by their organization or of a
    unit it keeps."""
    org_id = staff_org(user)
    return offers_visible_to(user).filter(
        Q(organization_id=org_id) | Q(unit__organization_id=org_id)
    )


def offers_of(client_access: ClientAccess) -> QuerySet[HousingOffer]:
    """The client's offers the user may see."""
    return HousingOffer.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=DataCategory.HOUSING, model_label=OFFER_LABEL)
    )


def can_see_client_housing(client_access: ClientAccess) -> bool:
    """Read the client's preferences, offers and matches: a partner that may
    write their housing (reads what it writes)."""
    return can_write_tenancies(client_access)


def require_client_housing_reader(client_access: ClientAccess) -> None:
    if not can_see_client_housing(client_access):
        raise PermissionDenied(_("This client's housing information is not shared with you."))


def can_write_preferences(client_access: ClientAccess) -> bool:
    return can_write_tenancies(client_access)


def require_preferences_writer(client_access: ClientAccess) -> None:
    if not can_write_preferences(client_access):
        raise PermissionDenied(
            _("You may not record housing preferences for this client (housing is not shared).")
        )


def can_make_offer(client_access: ClientAccess, unit: HousingUnit | None = None) -> bool:
    """Offer a unit to the client: a partner that may write the client's housing."""
    return can_write_tenancies(client_access)


def require_offer_maker(client_access: ClientAccess, unit: HousingUnit | None = None) -> None:
    if not can_make_offer(client_access, unit):
        raise PermissionDenied(
            _("You may not offer a unit to this client (housing information is not shared).")
        )


def can_answer_offer(user: User, offer: HousingOffer) -> bool:
    """Record the answer to an offer: the offering organization or the unit's keeper."""
    org_id = staff_org(user)
    if org_id is None:
        return False
    return org_id in (offer.organization_id, offer.unit.organization_id)


def require_offer_answerer(user: User, offer: HousingOffer) -> None:
    if not can_answer_offer(user, offer):
        raise PermissionDenied(
            _("Only the organization that made this offer or keeps the unit can answer it.")
        )


def can_see_offer_board(user: User) -> bool:
    """The coordinators' list of open and stalled offers."""
    return _is_partner_staff(user) and is_coordinator(user)


def require_offer_board(user: User) -> User:
    if not can_see_offer_board(user):
        raise PermissionDenied(_("The list of offers is for coordinators."))
    return user


__all__ = [
    "OFFER_LABEL",
    "PREFERENCE_LABEL",
    "can_answer_offer",
    "can_make_offer",
    "can_see_client_housing",
    "can_see_offer_board",
    "can_write_preferences",
    "offers_answerable_by",
    "offers_of",
    "offers_visible_to",
    "preferences_of",
    "preferences_visible_to",
    "require_client_housing_reader",
    "require_offer_answerer",
    "require_offer_board",
    "require_offer_maker",
    "require_preferences_writer",
]
