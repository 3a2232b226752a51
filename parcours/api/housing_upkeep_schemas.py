"""Schemas of the housing upkeep API: repairs of a unit, damages of a
tenancy, budgeting help sessions of a client. Amounts are decimal strings or
numbers; input schemas refuse unknown fields."""

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Schema
from pydantic.json_schema import SkipJsonSchema

from parcours.api.housing_schemas import HousingOrganizationRef, HousingStrictIn
from parcours.housing.models import (
    MAX_SESSION_MINUTES,
    BudgetingSession,
    BudgetTopic,
    DamagePayer,
    RepairKind,
    RepairParty,
    RepairStatus,
)


class RepairOut(Schema):
    id: uuid.UUID
    unit_id: uuid.UUID
    tenancy_id: uuid.UUID | None
    kind: RepairKind
    description: str
    reported_on: dt.date
    reported_by: str
    handled_by: RepairParty
    status: RepairStatus
    done_on: dt.date | None
    cost: Decimal | None
    organization: HousingOrganizationRef
    created_at: dt.datetime
    updated_at: dt.datetime


class RepairIn(HousingStrictIn):
    kind: RepairKind
    description: str = Field(..., max_length=4000)
    reported_on: dt.date
    reported_by: str = Field("", max_length=200)
    handled_by: RepairParty = RepairParty.LANDLORD
    status: RepairStatus = RepairStatus.OPEN
    done_on: dt.date | SkipJsonSchema[None] = None
    cost: Decimal | SkipJsonSchema[None] = Field(None, max_digits=9, decimal_places=2)
    tenancy_id: uuid.UUID | SkipJsonSchema[None] = Field(
        None, description="The tenancy it concerns (then it is the tenant's housing data)."
    )


class RepairStatusPatch(HousingStrictIn):
    status: RepairStatus
    done_on: dt.date | SkipJsonSchema[None] = Field(
        None, description="When it was done (today when empty and the status is done)."
    )
    cost: Decimal | SkipJsonSchema[None] = Field(None, max_digits=9, decimal_places=2)


class DamageOut(Schema):
    id: uuid.UUID
    tenancy_id: uuid.UUID
    found_on: dt.date
    description: str
    cost: Decimal
    paid_by: DamagePayer
    repayment_plan: str
    settled_on: dt.date | None
    organization: HousingOrganizationRef
    created_at: dt.datetime


class DamageIn(HousingStrictIn):
    found_on: dt.date
    description: str = Field(..., max_length=4000)
    cost: Decimal = Field(..., max_digits=9, decimal_places=2)
    paid_by: DamagePayer
    repayment_plan: str = Field("", max_length=2000)


class DamageSettleIn(HousingStrictIn):
    settled_on: dt.date | SkipJsonSchema[None] = Field(None, description="Today when empty.")


class BudgetingSessionOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    date: dt.date
    duration_minutes: int
    topics: list[BudgetTopic]
    notes: str
    goal_id: uuid.UUID | None
    organization: HousingOrganizationRef
    created_at: dt.datetime

    @staticmethod
    def resolve_topics(obj: BudgetingSession) -> list[str]:
        return [topic for topic in obj.topics if topic in BudgetTopic.values]


class BudgetingSessionIn(HousingStrictIn):
    date: dt.date
    duration_minutes: int = Field(..., description=f"1 to {MAX_SESSION_MINUTES} minutes.")
    topics: list[BudgetTopic] = Field(..., max_length=len(BudgetTopic.values))
    notes: str = Field("", max_length=4000)
    goal_id: uuid.UUID | SkipJsonSchema[None] = Field(
        None, description="A goal of the client's plan this session serves."
    )
