"""API routes of housing supports: landlords and their relationship log,
units (the vacancies board), inspections, and clients' tenancies with their
move-in checklist (housing-category client data: 404 for a client the caller
may not see, 403 when the client's housing is not shared with them).

Landlords and units are partner data: every partner's staff reads them (403
for others); the organization that keeps a landlord or a unit (and network
administrators) changes it (403 for other partners). Bad input is a 422 and
nothing is written."""

import uuid
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from parcours import access
from parcours.access.housing import require_housing_reader, require_tenancy_writer
from parcours.accounts.models import Organization
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.housing_schemas import (
    HousingInspectionIn,
    HousingInspectionOut,
    HousingUnitFilter,
    HousingUnitIn,
    HousingUnitOut,
    HousingUnitPatch,
    LandlordContactIn,
    LandlordContactOut,
    LandlordFilter,
    LandlordIn,
    LandlordOut,
    LandlordPatch,
    MoveInPatch,
    TenancyEndIn,
    TenancyIn,
    TenancyOut,
)
from parcours.api.pagination import Pagination
from parcours.housing import selectors, services, tenancies
from parcours.housing.models import (
    HousingUnit,
    Landlord,
    LandlordContactLog,
    Tenancy,
    UnitInspection,
)

router = Router(tags=["housing"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _landlord_data(landlord: Landlord, changes: dict[str, Any]) -> services.LandlordData:
    data = services.LandlordData(
        name=landlord.name,
        kind=landlord.kind,
        contact_person=landlord.contact_person,
        phone=landlord.phone,
        email=landlord.email,
        languages=list(landlord.languages),
        notes=landlord.notes,
        active=landlord.active,
    )
    return services.LandlordData(**{**asdict(data), **changes})


def _unit_data(unit: HousingUnit, changes: dict[str, Any]) -> services.UnitData:
    current = {name: getattr(unit, name) for name in services.UnitData.__dataclass_fields__}
    return services.UnitData(**{**current, **changes})


# --- Landlords -----------------------------------------------------------------------------


@router.get(
    "/housing/landlords",
    response={200: list[LandlordOut], **ERRORS},
    summary="The network's landlords, by name (paginated)",
)
@paginate(Pagination)
def landlord_list(request: HttpRequest, filters: Query[LandlordFilter]) -> QuerySet[Landlord]:
    return selectors.landlord_list(
        deps.signed_in(request),
        selectors.LandlordFilters(q=filters.q, include_inactive=filters.include_inactive),
    )


@router.post(
    "/housing/landlords",
    response={201: LandlordOut, **ERRORS},
    summary="Add a landlord, kept by the caller's organization",
)
def landlord_create(request: HttpRequest, payload: LandlordIn) -> Status[Landlord]:
    user = deps.signed_in(request)
    require_housing_reader(user)
    organization = None
    if payload.organization_id is not None:
        organization = Organization.objects.filter(pk=payload.organization_id).first()
        if organization is None:
            raise ValidationError({"organization_id": _("No organization has this id.")})
    data = services.LandlordData(**payload.model_dump(exclude={"organization_id"}))
    landlord = services.landlord_create(acting_user=user, data=data, organization=organization)
    return Status(201, selectors.landlord_get(user, landlord.pk))


@router.get(
    "/housing/landlords/{landlord_id}",
    response={200: LandlordOut, **ERRORS},
    summary="One landlord",
)
def landlord_detail(request: HttpRequest, landlord_id: uuid.UUID) -> Landlord:
    return selectors.landlord_get(deps.signed_in(request), landlord_id)


@router.patch(
    "/housing/landlords/{landlord_id}",
    response={200: LandlordOut, **ERRORS},
    summary="Change a landlord (its keeping organization or a network administrator)",
)
def landlord_patch(
    request: HttpRequest, landlord_id: uuid.UUID, payload: LandlordPatch
) -> Landlord:
    user = deps.signed_in(request)
    landlord = selectors.landlord_get(user, landlord_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.landlord_update(
        acting_user=user, landlord=landlord, data=_landlord_data(landlord, changes)
    )
    return selectors.landlord_get(user, landlord_id)


@router.get(
    "/housing/landlords/{landlord_id}/log",
    response={200: list[LandlordContactOut], **ERRORS},
    summary="A landlord's relationship log, newest first (paginated)",
)
@paginate(Pagination)
def landlord_log(request: HttpRequest, landlord_id: uuid.UUID) -> QuerySet[LandlordContactLog]:
    user = deps.signed_in(request)
    return selectors.landlord_contact_log(user, selectors.landlord_get(user, landlord_id))


@router.post(
    "/housing/landlords/{landlord_id}/log",
    response={201: LandlordContactOut, **ERRORS},
    summary="Add a contact, visit, incident or mediation session to a landlord's log",
)
def landlord_log_add(
    request: HttpRequest, landlord_id: uuid.UUID, payload: LandlordContactIn
) -> Status[LandlordContactLog]:
    user = deps.signed_in(request)
    landlord = selectors.landlord_get(user, landlord_id)
    entry = services.landlord_contact_add(
        acting_user=user,
        landlord=landlord,
        date=payload.date,
        kind=payload.kind.value,
        summary=payload.summary,
        outcome=payload.outcome,
    )
    return Status(201, entry)


# --- Units ---------------------------------------------------------------------------------


@router.get(
    "/housing/units",
    response={200: list[HousingUnitOut], **ERRORS},
    summary="The vacancies board: available units (or a status) that meet the filters",
)
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[HousingUnitFilter]) -> QuerySet[HousingUnit]:
    units = selectors.vacancy_search(
        deps.signed_in(request),
        selectors.VacancyFilters(
            unit_type=filters.unit_type.value if filters.unit_type else "",
            min_bedrooms=filters.min_bedrooms,
            max_rent=filters.max_rent,
            pets=filters.pets,
            accessible=filters.accessible,
            city=filters.city,
            available_now=filters.available_now,
            status=str(filters.status or ""),
        ),
    )
    if filters.landlord_id is not None:
        units = units.filter(landlord_id=filters.landlord_id)
    return units


@router.post(
    "/housing/units",
    response={201: HousingUnitOut, **ERRORS},
    summary="Add a unit to a landlord the caller's organization keeps",
)
def unit_create(request: HttpRequest, payload: HousingUnitIn) -> Status[HousingUnit]:
    user = deps.signed_in(request)
    try:
        landlord = selectors.landlord_get(user, payload.landlord_id)
    except Http404 as exc:
        raise ValidationError({"landlord_id": _("No landlord has this id.")}) from exc
    data = services.UnitData(
        **payload.model_dump(exclude={"landlord_id", "unit_type", "status"}),
        unit_type=payload.unit_type.value,
        status=payload.status.value,
    )
    unit = services.unit_create(acting_user=user, landlord=landlord, data=data)
    return Status(201, selectors.unit_get(user, unit.pk))


@router.get(
    "/housing/units/{unit_id}",
    response={200: HousingUnitOut, **ERRORS},
    summary="One unit",
)
def unit_detail(request: HttpRequest, unit_id: uuid.UUID) -> HousingUnit:
    return selectors.unit_get(deps.signed_in(request), unit_id)


@router.patch(
    "/housing/units/{unit_id}",
    response={200: HousingUnitOut, **ERRORS},
    summary="Change a unit, its status or vacancy (its keeping organization)",
)
def unit_patch(request: HttpRequest, unit_id: uuid.UUID, payload: HousingUnitPatch) -> HousingUnit:
    user = deps.signed_in(request)
    unit = selectors.unit_get(user, unit_id)
    changes: dict[str, Any] = {}
    for name, value in payload.model_dump(exclude_unset=True).items():
        if value is None and name != "available_from":
            continue
        changes[name] = getattr(value, "value", value)
    services.unit_update(acting_user=user, unit=unit, data=_unit_data(unit, changes))
    return selectors.unit_get(user, unit_id)


@router.get(
    "/housing/units/{unit_id}/inspections",
    response={200: list[HousingInspectionOut], **ERRORS},
    summary="A unit's inspections, newest first (paginated)",
)
@paginate(Pagination)
def inspection_list(request: HttpRequest, unit_id: uuid.UUID) -> QuerySet[UnitInspection]:
    user = deps.signed_in(request)
    return selectors.unit_inspections(user, selectors.unit_get(user, unit_id))


@router.post(
    "/housing/units/{unit_id}/inspections",
    response={201: HousingInspectionOut, **ERRORS},
    summary="Record an inspection of a unit",
)
def inspection_add(
    request: HttpRequest, unit_id: uuid.UUID, payload: HousingInspectionIn
) -> Status[UnitInspection]:
    user = deps.signed_in(request)
    unit = selectors.unit_get(user, unit_id)
    inspection = services.unit_inspection_record(
        acting_user=user,
        unit=unit,
        date=payload.date,
        condition=payload.condition.value,
        notes=payload.notes,
    )
    return Status(201, inspection)


# --- Tenancies ------------------------------------------------------------------------------


def _tenancy(user: Any, tenancy_id: uuid.UUID) -> Tenancy:
    tenancy, _access = selectors.tenancy_get(user, tenancy_id)
    return tenancy


@router.get(
    "/clients/{client_id}/tenancies",
    response={200: list[TenancyOut], **ERRORS},
    summary="A client's tenancies the caller may see, newest first",
)
def tenancy_list(request: HttpRequest, client_id: uuid.UUID) -> list[Tenancy]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    return list(selectors.client_tenancies(client_access))


@router.post(
    "/clients/{client_id}/tenancies",
    response={201: TenancyOut, **ERRORS},
    summary="Start a tenancy (the unit becomes occupied; the pathway moves to Stability)",
)
def tenancy_create(
    request: HttpRequest, client_id: uuid.UUID, payload: TenancyIn
) -> Status[Tenancy]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    require_tenancy_writer(client_access)
    try:
        unit = selectors.unit_get(user, payload.unit_id)
    except Http404 as exc:
        raise ValidationError({"unit_id": _("No unit has this id.")}) from exc
    tenancy = tenancies.tenancy_start(
        acting_user=user,
        client_access=client_access,
        unit=unit,
        start_date=payload.start_date,
        note=payload.note,
    )
    return Status(201, _tenancy(user, tenancy.pk))


@router.post(
    "/housing/tenancies/{tenancy_id}/end",
    response={200: TenancyOut, **ERRORS},
    summary="End a tenancy (an eviction or an abandonment moves the client back to Safety)",
)
def tenancy_end(request: HttpRequest, tenancy_id: uuid.UUID, payload: TenancyEndIn) -> Tenancy:
    user = deps.partner_staff(request)
    tenancy, client_access = selectors.tenancy_get(user, tenancy_id)
    tenancies.tenancy_end(
        acting_user=user,
        client_access=client_access,
        tenancy=tenancy,
        end_date=payload.end_date,
        end_reason=payload.end_reason.value,
        note=payload.note,
    )
    return _tenancy(user, tenancy_id)


@router.patch(
    "/housing/tenancies/{tenancy_id}/move-in",
    response={200: TenancyOut, **ERRORS},
    summary="Tick items of the move-in checklist, or close move-in",
)
def move_in_patch(request: HttpRequest, tenancy_id: uuid.UUID, payload: MoveInPatch) -> Tenancy:
    user = deps.partner_staff(request)
    tenancy, client_access = selectors.tenancy_get(user, tenancy_id)
    items = payload.model_dump(exclude_unset=True, exclude={"close"})
    tenancies.move_in_update(
        acting_user=user,
        client_access=client_access,
        checklist=tenancy.move_in,
        items={name: value for name, value in items.items() if value is not None},
        close=payload.close,
    )
    return _tenancy(user, tenancy_id)
