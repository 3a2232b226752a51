"""API routes of housing upkeep: repairs of a unit (partner data, or the
tenant's housing data when linked to a tenancy), damages of a tenancy
(housing category) and budgeting help sessions of a client (financial
category). A client or record the caller may not see is a 404; a category
not shared, or a unit not kept, is a 403; bad input is a 422 and nothing is
written. Reads of client records are audited."""

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from parcours import access
from parcours.access.housing import require_housing_reader, tenancies_visible_to
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.housing_upkeep_schemas import (
    BudgetingSessionIn,
    BudgetingSessionOut,
    DamageIn,
    DamageOut,
    DamageSettleIn,
    RepairIn,
    RepairOut,
    RepairStatusPatch,
)
from parcours.casework.models import Goal
from parcours.clients.services import client_record_viewed
from parcours.housing import selectors, upkeep
from parcours.housing import upkeep_selectors as upkeep_read
from parcours.housing.models import BudgetingSession, DamageRecord, RepairRequest, Tenancy

router = Router(tags=["housing"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- Repairs ------------------------------------------------------------------------------


@router.get(
    "/housing/units/{unit_id}/repairs",
    response={200: list[RepairOut], **ERRORS},
    summary="The unit's repairs the caller may see, newest report first",
)
def repair_list(request: HttpRequest, unit_id: uuid.UUID) -> list[RepairRequest]:
    user = require_housing_reader(deps.signed_in(request))
    unit = selectors.unit_get(user, unit_id)
    repairs = list(upkeep_read.unit_repairs(user, unit))
    upkeep.upkeep_viewed(
        acting_user=user,
        client_ids=upkeep_read.repair_clients(repairs),
        section="repairs",
        via="api",
    )
    return repairs


@router.post(
    "/housing/units/{unit_id}/repairs",
    response={201: RepairOut, **ERRORS},
    summary="Record a repair, cleaning or pest control request for the unit",
)
def repair_create(
    request: HttpRequest, unit_id: uuid.UUID, payload: RepairIn
) -> Status[RepairRequest]:
    user = require_housing_reader(deps.signed_in(request))
    unit = selectors.unit_get(user, unit_id)
    tenancy = None
    tenancy_access = None
    if payload.tenancy_id is not None:
        tenancy = (
            tenancies_visible_to(user)
            .select_related("client")
            .filter(pk=payload.tenancy_id, unit=unit)
            .first()
        )
        if tenancy is None:
            raise ValidationError({"tenancy_id": _("No tenancy of this unit has this id.")})
        tenancy_access = access.client_access_for(user, tenancy.client)
    repair = upkeep.repair_create(
        acting_user=user,
        unit=unit,
        data=upkeep.RepairData(
            kind=payload.kind.value,
            description=payload.description,
            reported_on=payload.reported_on,
            reported_by=payload.reported_by,
            handled_by=payload.handled_by.value,
            status=payload.status.value,
            done_on=payload.done_on,
            cost=payload.cost,
        ),
        tenancy=tenancy,
        tenancy_access=tenancy_access,
    )
    return Status(201, repair)


@router.patch(
    "/housing/repairs/{repair_id}",
    response={200: RepairOut, **ERRORS},
    summary="Move a repair along: scheduled, done (date, cost) or cancelled",
)
def repair_update(
    request: HttpRequest, repair_id: uuid.UUID, payload: RepairStatusPatch
) -> RepairRequest:
    user = require_housing_reader(deps.signed_in(request))
    repair, tenancy_access = upkeep_read.repair_get(user, repair_id)
    return upkeep.repair_update_status(
        acting_user=user,
        repair=repair,
        status=payload.status.value,
        done_on=payload.done_on,
        cost=payload.cost,
        tenancy_access=tenancy_access,
    )


# --- Damages ------------------------------------------------------------------------------


def _tenancy(request: HttpRequest, tenancy_id: uuid.UUID) -> tuple[Tenancy, access.ClientAccess]:
    user = deps.partner_staff(request)
    return selectors.tenancy_get(user, tenancy_id)


@router.get(
    "/housing/tenancies/{tenancy_id}/damages",
    response={200: list[DamageOut], **ERRORS},
    summary="The tenancy's damages the caller may see, newest first",
)
def damage_list(request: HttpRequest, tenancy_id: uuid.UUID) -> list[DamageRecord]:
    tenancy, client_access = _tenancy(request, tenancy_id)
    client_record_viewed(
        acting_user=client_access.user, client_access=client_access, via="api", section="damages"
    )
    return list(upkeep_read.client_damages(client_access).filter(tenancy=tenancy))


@router.post(
    "/housing/tenancies/{tenancy_id}/damages",
    response={201: DamageOut, **ERRORS},
    summary="Record damage found during the tenancy",
)
def damage_create(
    request: HttpRequest, tenancy_id: uuid.UUID, payload: DamageIn
) -> Status[DamageRecord]:
    tenancy, client_access = _tenancy(request, tenancy_id)
    damage = upkeep.damage_create(
        acting_user=client_access.user,
        client_access=client_access,
        tenancy=tenancy,
        data=upkeep.DamageData(
            found_on=payload.found_on,
            description=payload.description,
            cost=payload.cost,
            paid_by=payload.paid_by.value,
            repayment_plan=payload.repayment_plan,
        ),
    )
    return Status(201, damage)


@router.post(
    "/housing/damages/{damage_id}/settle",
    response={200: DamageOut, **ERRORS},
    summary="Mark a damage as settled (paid for)",
)
def damage_settle(
    request: HttpRequest, damage_id: uuid.UUID, payload: DamageSettleIn
) -> DamageRecord:
    user = deps.partner_staff(request)
    damage, client_access = upkeep_read.damage_get(user, damage_id)
    return upkeep.damage_settle(
        acting_user=user,
        client_access=client_access,
        damage=damage,
        settled_on=payload.settled_on,
    )


# --- Budgeting help -----------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/budgeting-sessions",
    response={200: list[BudgetingSessionOut], **ERRORS},
    summary="The client's budgeting help sessions the caller may see, newest first",
)
def budgeting_list(request: HttpRequest, client_id: uuid.UUID) -> list[BudgetingSession]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="budgeting"
    )
    return list(upkeep_read.client_budgeting_sessions(client_access))


@router.post(
    "/clients/{client_id}/budgeting-sessions",
    response={201: BudgetingSessionOut, **ERRORS},
    summary="Record a budgeting help session (optionally serving a goal of the client's plan)",
)
def budgeting_create(
    request: HttpRequest, client_id: uuid.UUID, payload: BudgetingSessionIn
) -> Status[BudgetingSession]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    access.require_budgeting_writer(client_access)
    goal = None
    if payload.goal_id is not None:
        goal = Goal.objects.select_related("plan").filter(pk=payload.goal_id).first()
        if goal is None:
            raise ValidationError({"goal_id": _("No goal has this id.")})
    try:
        session = upkeep.budgeting_session_create(
            acting_user=user,
            client_access=client_access,
            data=upkeep.BudgetingData(
                date=payload.date,
                duration_minutes=payload.duration_minutes,
                topics=[topic.value for topic in payload.topics],
                notes=payload.notes,
                goal=goal,
            ),
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "goal" in exc.error_dict:
            exc.error_dict["goal_id"] = exc.error_dict.pop("goal")
        raise
    return Status(201, session)


__all__ = ["router"]
