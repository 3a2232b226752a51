"""Helpers of the upkeep tests: a tenancy, a goal, a repair, a damage and a
budgeting session made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from parcours.access import client_access_for
from parcours.accounts.models import User
from parcours.casework.models import Goal
from parcours.casework.services import goal_add
from parcours.clients.models import Client
from parcours.housing.models import (
    BudgetingSession,
    DamageRecord,
    HousingUnit,
    RepairRequest,
    Tenancy,
)
from parcours.housing.tenancies import tenancy_start
from parcours.housing.upkeep import (
    BudgetingData,
    DamageData,
    RepairData,
    budgeting_session_create,
    damage_create,
    repair_create,
)


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def start_tenancy(user: User, client: Client, unit: HousingUnit, days: int = 60) -> Tenancy:
    return tenancy_start(
        acting_user=user,
        client_access=client_access_for(user, client),
        unit=unit,
        start_date=days_ago(days),
    )


def add_goal(user: User, client: Client, statement: str = "Faire un budget") -> Goal:
    return goal_add(
        acting_user=user,
        client_access=client_access_for(user, client),
        statement=statement,
        support_type="complementary",
        sub_domain="life_skills",
    )


def repair(
    user: User, unit: HousingUnit, tenancy: Tenancy | None = None, **changes
) -> RepairRequest:
    values = {
        "kind": "repair",
        "description": "Robinet qui fuit dans la cuisine",
        "reported_on": days_ago(5),
        "reported_by": "La locataire",
    }
    values.update(changes)
    return repair_create(
        acting_user=user,
        unit=unit,
        data=RepairData(**values),
        tenancy=tenancy,
        tenancy_access=client_access_for(user, tenancy.client) if tenancy else None,
    )


def damage(user: User, tenancy: Tenancy, **changes) -> DamageRecord:
    values = {
        "found_on": days_ago(3),
        "description": "Porte de la salle de bain brisée",
        "cost": Decimal("250.00"),
        "paid_by": "tenant",
        "repayment_plan": "25 $ par mois",
    }
    values.update(changes)
    return damage_create(
        acting_user=user,
        client_access=client_access_for(user, tenancy.client),
        tenancy=tenancy,
        data=DamageData(**values),
    )


def budgeting(user: User, client: Client, **changes) -> BudgetingSession:
    values = {
        "date": days_ago(2),
        "duration_minutes": 45,
        "topics": ["budget_plan", "rent_payment"],
        "notes": "Budget mensuel préparé ensemble",
    }
    values.update(changes)
    return budgeting_session_create(
        acting_user=user,
        client_access=client_access_for(user, client),
        data=BudgetingData(**values),
    )
