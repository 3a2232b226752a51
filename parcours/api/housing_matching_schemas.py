"""Schemas of the housing matching API: a client's housing preferences, the
matches of a vacancy and of a client (with their reasons) and offers. Input
schemas refuse unknown fields."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict

from parcours.housing.matching_selectors import stalled_before
from parcours.housing.models import (
    AccessibilityNeed,
    DeclineSide,
    HousingOffer,
    HousingPreference,
    LivingArrangement,
    OfferReason,
    OfferStatus,
    UnitType,
)


class MatchingStrictIn(Schema):
    """Input schemas refuse unknown fields: a misspelt field is a 422, not ignored."""

    model_config = ConfigDict(extra="forbid")


class MatchingOrganizationRef(Schema):
    id: uuid.UUID
    name: str


class HousingPreferenceIn(MatchingStrictIn):
    areas: list[str] = Field(default_factory=list, max_length=20)
    areas_to_avoid: list[str] = Field(default_factory=list, max_length=20)
    unit_types: list[UnitType] = Field(default_factory=list)
    min_bedrooms: int = Field(0, ge=0, le=20)
    accessibility_needs: list[AccessibilityNeed] = Field(default_factory=list)
    has_pets: bool = False
    living: LivingArrangement = LivingArrangement.EITHER
    max_rent: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    constraints: str = Field("", max_length=4000)


class HousingPreferenceOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    areas: list[str]
    areas_to_avoid: list[str]
    unit_types: list[str]
    min_bedrooms: int
    accessibility_needs: list[str]
    has_pets: bool
    living: LivingArrangement
    max_rent: str | None
    constraints: str
    organization: MatchingOrganizationRef
    version: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_max_rent(obj: HousingPreference) -> str | None:
        return None if obj.max_rent is None else f"{obj.max_rent:.2f}"


class FitOut(Schema):
    score: int
    fits: list[str]
    misfits: list[str]


class ClientMatchOut(Schema):
    rank: int
    client_id: uuid.UUID
    client_name: str
    priority_reasons: list[str]
    fit: FitOut


class UnitMatchOut(Schema):
    unit_id: uuid.UUID
    unit: str
    unit_type: UnitType
    bedrooms: int
    monthly_rent: str
    available_from: dt.date | None
    fit: FitOut


class OfferFilter(Schema):
    show: Literal["open", "stalled", "all"] = Field(
        "open", description="Open offers (the default), only the stalled ones, or all."
    )


class OfferIn(MatchingStrictIn):
    unit_id: uuid.UUID
    client_id: uuid.UUID
    respond_by: dt.date | None = Field(
        None, description="Empty: the offer date plus HOUSING_OFFER_STALL_DAYS."
    )
    note: str = Field("", max_length=2000)


class OfferAnswerIn(MatchingStrictIn):
    answer: Literal["accept", "decline", "withdraw"]
    decline_side: DeclineSide | None = None
    reason: OfferReason | None = None
    note: str = Field("", max_length=2000)
    pause_days: int | None = Field(
        None, ge=0, le=365, description="A decline: pause the client's next offers (days)."
    )


class OfferOut(Schema):
    id: uuid.UUID
    unit_id: uuid.UUID
    unit: str
    client_id: uuid.UUID
    offered_on: dt.date
    respond_by: dt.date
    status: OfferStatus
    stalled: bool
    decline_side: DeclineSide | None
    reason: OfferReason | None
    note: str
    answered_on: dt.date | None
    paused_until: dt.date | None
    tenancy_id: uuid.UUID | None
    organization: MatchingOrganizationRef
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_unit(obj: HousingOffer) -> str:
        return str(obj.unit)

    @staticmethod
    def resolve_stalled(obj: HousingOffer) -> bool:
        return obj.status == OfferStatus.OFFERED and obj.offered_on < stalled_before(
            timezone.localdate()
        )

    @staticmethod
    def resolve_decline_side(obj: HousingOffer) -> str | None:
        return obj.decline_side or None

    @staticmethod
    def resolve_reason(obj: HousingOffer) -> str | None:
        return obj.reason or None
