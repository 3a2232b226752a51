"""Reading landlords, units and vacancies through the policy
(``parcours.access.housing``): every partner's staff reads them; others get
PermissionDenied, an unknown id is a 404. Lists fetch their related rows up
front, so a page costs the same few queries whatever its length."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import ClientAccess, client_access_for
from parcours.access.housing import (
    landlords_visible_to,
    require_housing_reader,
    tenancies_of,
    tenancies_visible_to,
    units_visible_to,
)
from parcours.accounts.models import User
from parcours.core import context
from parcours.housing.models import (
    HousingUnit,
    Landlord,
    LandlordContactLog,
    Tenancy,
    UnitInspection,
    UnitStatus,
)

# The board's "status" filter: vacancies (the default), every unit, or one status.
STATUS_VACANT = ""
STATUS_ALL = "all"


@dataclass(frozen=True)
class LandlordFilters:
    q: str = ""
    include_inactive: bool = False


@dataclass(frozen=True)
class VacancyFilters:
    unit_type: str = ""
    min_bedrooms: int | None = None
    max_rent: Decimal | None = None
    pets: bool = False
    accessible: bool = False
    city: str = ""
    available_now: bool = False
    status: str = STATUS_VACANT


def landlord_list(user: User, filters: LandlordFilters) -> QuerySet[Landlord]:
    """Landlords by name, with their keeping organization and their number of
    units and vacancies."""
    require_housing_reader(user)
    landlords = landlords_visible_to(user)
    if not filters.include_inactive:
        landlords = landlords.filter(active=True)
    for word in filters.q.split():
        landlords = landlords.filter(
            Q(name__icontains=word)
            | Q(contact_person__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
        )
    return (
        landlords.select_related("organization")
        .annotate(
            unit_count=Count("units", distinct=True),
            vacancy_count=Count(
                "units", filter=Q(units__status=UnitStatus.AVAILABLE), distinct=True
            ),
        )
        .order_by("name", "id")
    )


def landlord_get(user: User, landlord_id: uuid.UUID | str) -> Landlord:
    """One landlord with its units and relationship log."""
    require_housing_reader(user)
    try:
        return (
            landlords_visible_to(user)
            .select_related("organization")
            .prefetch_related(
                Prefetch(
                    "units",
                    queryset=HousingUnit.objects.order_by("address_line", "id"),
                ),
                Prefetch(
                    "contact_log",
                    queryset=LandlordContactLog.objects.select_related(
                        "recorded_by", "organization"
                    ),
                ),
            )
            .get(pk=landlord_id)
        )
    except (Landlord.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def landlord_contact_log(user: User, landlord: Landlord) -> QuerySet[LandlordContactLog]:
    require_housing_reader(user)
    return LandlordContactLog.objects.filter(landlord=landlord).select_related(
        "recorded_by", "organization"
    )


def vacancy_search(user: User, filters: VacancyFilters) -> QuerySet[HousingUnit]:
    """The vacancies board: available units (or the status asked for) that
    meet the filters, soonest available first, then cheapest."""
    require_housing_reader(user)
    units = units_visible_to(user).filter(landlord__active=True)
    if filters.status == STATUS_VACANT:
        units = units.filter(status=UnitStatus.AVAILABLE)
    elif filters.status != STATUS_ALL:
        units = units.filter(status=filters.status)
    if filters.unit_type:
        units = units.filter(unit_type=filters.unit_type)
    if filters.min_bedrooms is not None:
        units = units.filter(bedrooms__gte=filters.min_bedrooms)
    if filters.max_rent is not None:
        units = units.filter(monthly_rent__lte=filters.max_rent)
    if filters.pets:
        units = units.filter(pets_allowed=True)
    if filters.accessible:
        units = units.filter(wheelchair_accessible=True)
    if filters.city.strip():
        units = units.filter(city__icontains=filters.city.strip())
    if filters.available_now:
        units = units.filter(status=UnitStatus.AVAILABLE, available_from__lte=timezone.localdate())
    return units.select_related("landlord", "organization").order_by(
        "available_from", "monthly_rent", "id"
    )


def unit_get(user: User, unit_id: uuid.UUID | str) -> HousingUnit:
    """One unit with its landlord and inspections."""
    require_housing_reader(user)
    try:
        return (
            units_visible_to(user)
            .select_related("landlord", "organization", "landlord__organization")
            .prefetch_related(
                Prefetch(
                    "inspections",
                    queryset=UnitInspection.objects.select_related("inspected_by"),
                )
            )
            .get(pk=unit_id)
        )
    except (HousingUnit.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def unit_inspections(user: User, unit: HousingUnit) -> QuerySet[UnitInspection]:
    require_housing_reader(user)
    return UnitInspection.objects.filter(unit=unit).select_related("inspected_by")


def client_tenancies(client_access: ClientAccess) -> QuerySet[Tenancy]:
    """The client's tenancies the user may see, newest first, with their
    unit, landlord and move-in checklist."""
    return tenancies_of(client_access).select_related(
        "unit", "unit__landlord", "move_in", "organization", "recorded_by"
    )


def client_latest_tenancies(client_access: ClientAccess) -> list[Tenancy]:
    """The client's ten latest tenancies the user may see, newest first: read
    once per (safe) request for the panels of the file that show them."""
    return context.remembered(
        ("client_latest_tenancies", client_access.user.pk, client_access.client.pk),
        lambda: list(client_tenancies(client_access)[:10]),
    )


def tenancy_get(user: User, tenancy_id: uuid.UUID | str) -> tuple[Tenancy, ClientAccess]:
    """One tenancy the user may see and what they may see of its client (404
    otherwise)."""
    try:
        tenancy = (
            tenancies_visible_to(user)
            .select_related("client", "unit", "unit__landlord", "move_in")
            .get(pk=tenancy_id)
        )
    except (Tenancy.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return tenancy, client_access_for(user, tenancy.client)


def units_to_let(user: User) -> QuerySet[HousingUnit]:
    """Units a tenancy may start in: available or held."""
    return (
        units_visible_to(user)
        .filter(status__in=[UnitStatus.AVAILABLE, UnitStatus.HELD], landlord__active=True)
        .select_related("landlord")
        .order_by("city", "address_line", "id")
    )


__all__ = [
    "STATUS_ALL",
    "STATUS_VACANT",
    "LandlordFilters",
    "VacancyFilters",
    "client_tenancies",
    "landlord_contact_log",
    "landlord_get",
    "landlord_list",
    "tenancy_get",
    "unit_get",
    "unit_inspections",
    "units_to_let",
    "vacancy_search",
]
