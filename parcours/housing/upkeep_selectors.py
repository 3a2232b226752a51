"""Reading repairs, damages and budgeting help sessions through the policy
(``parcours.access.housing_upkeep``): an unknown id, or one the user may not
see, is a 404. Lists fetch their related rows up front."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from parcours.access.clients import ClientAccess, client_access_for
from parcours.access.housing import require_housing_reader
from parcours.access.housing_upkeep import (
    budgeting_sessions_of,
    damages_of,
    damages_visible_to,
    repairs_of_tenancy,
    repairs_of_unit,
    repairs_visible_to,
)
from parcours.accounts.models import User
from parcours.casework.models import Goal, PlanGoalStatus
from parcours.casework.selectors import goals_for, plan_for
from parcours.housing.models import (
    OPEN_REPAIR_STATUSES,
    BudgetingSession,
    DamageRecord,
    HousingUnit,
    RepairRequest,
    Tenancy,
)

# The repairs list's sort keys (``?sort=``), newest report first by default.
REPAIR_SORTS = {
    "reported": ("reported_on", "created_at"),
    "-reported": ("-reported_on", "-created_at"),
    "status": ("status", "-reported_on"),
    "kind": ("kind", "-reported_on"),
    "cost": ("cost", "-reported_on"),
    "-cost": ("-cost", "-reported_on"),
}
DEFAULT_REPAIR_SORT = "-reported"


@dataclass(frozen=True)
class DamageTotals:
    count: int
    total: Decimal
    outstanding: Decimal


def unit_repairs(
    user: User, unit: HousingUnit, sort: str = DEFAULT_REPAIR_SORT
) -> QuerySet[RepairRequest]:
    """The unit's repairs the user may see (the linked ones only when the
    tenant's housing is shared with them)."""
    require_housing_reader(user)
    order = REPAIR_SORTS.get(sort, REPAIR_SORTS[DEFAULT_REPAIR_SORT])
    return (
        repairs_of_unit(user, unit)
        .select_related("recorded_by", "organization")
        .order_by(*order, "id")
    )


def open_repair_count(user: User, unit: HousingUnit) -> int:
    return repairs_of_unit(user, unit).filter(status__in=OPEN_REPAIR_STATUSES).count()


def repair_clients(repairs: list[RepairRequest]) -> list[uuid.UUID]:
    """The clients whose tenancies the shown repairs concern (for the audit)."""
    ids = {repair.tenancy_id for repair in repairs if repair.tenancy_id}
    if not ids:
        return []
    return list(Tenancy.objects.filter(pk__in=ids).values_list("client_id", flat=True).distinct())


def repair_get(user: User, repair_id: uuid.UUID | str) -> tuple[RepairRequest, ClientAccess | None]:
    """One repair the user may see, and what they may see of the tenant when
    it is linked to a tenancy (None when not linked or the tenant is unseen)."""
    require_housing_reader(user)
    try:
        repair = (
            repairs_visible_to(user)
            .select_related("unit", "unit__landlord", "tenancy", "tenancy__client")
            .get(pk=repair_id)
        )
    except (RepairRequest.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    tenancy_access = None
    if repair.tenancy is not None:
        try:
            tenancy_access = client_access_for(user, repair.tenancy.client)
        except Http404:
            tenancy_access = None
    return repair, tenancy_access


def tenancy_repairs(client_access: ClientAccess, tenancy: Tenancy) -> QuerySet[RepairRequest]:
    return repairs_of_tenancy(client_access, tenancy).select_related("recorded_by")


def client_damages(client_access: ClientAccess) -> QuerySet[DamageRecord]:
    """The client's damages (every tenancy) the user may see, newest first."""
    return damages_of(client_access).select_related("tenancy", "tenancy__unit", "recorded_by")


def damage_totals(damages: list[DamageRecord]) -> DamageTotals:
    total = sum((damage.cost for damage in damages), Decimal("0"))
    outstanding = sum(
        (damage.cost for damage in damages if damage.settled_on is None), Decimal("0")
    )
    return DamageTotals(count=len(damages), total=total, outstanding=outstanding)


def damage_get(user: User, damage_id: uuid.UUID | str) -> tuple[DamageRecord, ClientAccess]:
    try:
        damage = (
            damages_visible_to(user)
            .select_related("tenancy", "tenancy__client", "tenancy__unit")
            .get(pk=damage_id)
        )
    except (DamageRecord.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return damage, client_access_for(user, damage.tenancy.client)


def client_budgeting_sessions(client_access: ClientAccess) -> QuerySet[BudgetingSession]:
    """The client's budgeting help sessions the user may see, newest first."""
    return budgeting_sessions_of(client_access).select_related(
        "goal", "recorded_by", "organization"
    )


def budgeting_summary(client_access: ClientAccess) -> dict[str, int]:
    """How many sessions the user may see, and their minutes in all."""
    row = budgeting_sessions_of(client_access).aggregate(
        count=Count("id"), minutes=Sum("duration_minutes")
    )
    return {"count": row["count"] or 0, "minutes": row["minutes"] or 0}


def budgeting_goals(client_access: ClientAccess) -> QuerySet[Goal]:
    """The goals a session may serve: the client's goals in progress the user may see."""
    plan = plan_for(client_access)
    if plan is None:
        return Goal.objects.none()
    return goals_for(client_access, plan).filter(status=PlanGoalStatus.ACTIVE)


def budgeting_by_goal(client_access: ClientAccess) -> dict[uuid.UUID, list[BudgetingSession]]:
    """The client's sessions the user may see, grouped by the goal they serve."""
    grouped: dict[uuid.UUID, list[BudgetingSession]] = {}
    sessions = budgeting_sessions_of(client_access).filter(goal__isnull=False)
    for session in sessions.order_by("-date", "-created_at"):
        assert session.goal_id is not None
        grouped.setdefault(session.goal_id, []).append(session)
    return grouped


__all__ = [
    "DEFAULT_REPAIR_SORT",
    "REPAIR_SORTS",
    "DamageTotals",
    "budgeting_by_goal",
    "budgeting_goals",
    "budgeting_summary",
    "client_budgeting_sessions",
    "client_damages",
    "damage_get",
    "damage_totals",
    "open_repair_count",
    "repair_clients",
    "repair_get",
    "tenancy_repairs",
    "unit_repairs",
]
