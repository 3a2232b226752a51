"""Schemas of the housing API: landlords and their relationship log, units
(the vacancies board) and inspections. Amounts are decimal strings or
numbers; input schemas refuse unknown fields."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

from parcours.housing.models import (
    ContactKind,
    HousingUnit,
    LandlordContactLog,
    LandlordKind,
    MoveInChecklist,
    Tenancy,
    TenancyEndReason,
    UnitCondition,
    UnitInspection,
    UnitStatus,
    UnitType,
)


class HousingStrictIn(Schema):
    """Input schemas refuse unknown fields: a misspelt field is a 422, not ignored."""

    model_config = ConfigDict(extra="forbid")


class HousingOrganizationRef(Schema):
    id: uuid.UUID
    name: str


class LandlordFilter(Schema):
    q: str = Field("", max_length=200, description="Words of the name, contact, phone or email.")
    include_inactive: bool = Field(False, description="Show inactive landlords too.")


class LandlordOut(Schema):
    id: uuid.UUID
    kind: LandlordKind
    name: str
    contact_person: str
    phone: str
    email: str
    languages: list[str]
    notes: str
    active: bool
    organization: HousingOrganizationRef
    created_at: dt.datetime
    updated_at: dt.datetime


class LandlordIn(HousingStrictIn):
    """A new landlord. ``organization_id`` is the keeping partner: a network
    administrator must give it; a partner's staff keep their own (leave it out)."""

    name: str = Field(..., max_length=200)
    kind: LandlordKind = LandlordKind.PERSON
    contact_person: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes.")
    notes: str = ""
    active: bool = True
    organization_id: uuid.UUID | None = None


class LandlordPatch(HousingStrictIn):
    """Changes to a landlord: send only the fields to change."""

    name: str | SkipJsonSchema[None] = Field(None, max_length=200)
    kind: LandlordKind | SkipJsonSchema[None] = None
    contact_person: str | SkipJsonSchema[None] = Field(None, max_length=200)
    phone: str | SkipJsonSchema[None] = Field(None, max_length=40)
    email: str | SkipJsonSchema[None] = Field(None, max_length=254)
    languages: list[str] | SkipJsonSchema[None] = None
    notes: str | SkipJsonSchema[None] = None
    active: bool | SkipJsonSchema[None] = None


class LandlordContactOut(Schema):
    id: uuid.UUID
    landlord_id: uuid.UUID
    date: dt.date
    kind: ContactKind
    summary: str
    outcome: str
    recorded_by: str
    organization: HousingOrganizationRef
    created_at: dt.datetime

    @staticmethod
    def resolve_recorded_by(obj: LandlordContactLog) -> str:
        return obj.recorded_by.full_name


class LandlordContactIn(HousingStrictIn):
    date: dt.date
    kind: ContactKind
    summary: str
    outcome: str = ""


class HousingUnitFilter(Schema):
    unit_type: UnitType | None = None
    min_bedrooms: int | None = Field(None, ge=0, le=20, description="At least this many bedrooms.")
    max_rent: Decimal | None = Field(None, ge=0, description="At most this monthly rent.")
    pets: bool = Field(False, description="Pets allowed only.")
    accessible: bool = Field(False, description="Wheelchair accessible only.")
    city: str = Field("", max_length=100)
    available_now: bool = Field(False, description="Available today or earlier.")
    status: UnitStatus | Literal["all"] | None = Field(
        None, description="Available units (the default), one status, or `all`."
    )
    landlord_id: uuid.UUID | None = None


class HousingLandlordRef(Schema):
    id: uuid.UUID
    name: str


class HousingUnitOut(Schema):
    id: uuid.UUID
    landlord: HousingLandlordRef
    address_line: str
    city: str
    province: str
    postal_code: str
    unit_type: UnitType
    bedrooms: int
    monthly_rent: str
    utilities_included: bool
    wheelchair_accessible: bool
    accessibility_features: str
    pets_allowed: bool
    subsidy_attached: str
    status: UnitStatus
    available_from: dt.date | None
    notes: str
    organization: HousingOrganizationRef
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_monthly_rent(obj: HousingUnit) -> str:
        return f"{obj.monthly_rent:.2f}"


class HousingUnitIn(HousingStrictIn):
    """A new unit of ``landlord_id``, kept by the landlord's organization."""

    landlord_id: uuid.UUID
    address_line: str = Field(..., max_length=300)
    city: str = Field(..., max_length=100)
    province: str = Field("ON", max_length=2)
    postal_code: str = Field("", max_length=10)
    unit_type: UnitType
    bedrooms: int = 1
    monthly_rent: Decimal = Field(..., max_digits=8, decimal_places=2)
    utilities_included: bool = False
    wheelchair_accessible: bool = False
    accessibility_features: str = ""
    pets_allowed: bool = False
    subsidy_attached: str = Field("", max_length=300)
    status: UnitStatus = UnitStatus.AVAILABLE
    available_from: dt.date | None = None
    notes: str = ""


class HousingUnitPatch(HousingStrictIn):
    """Changes to a unit: send only the fields to change (``available_from``
    may be ``null``)."""

    address_line: str | SkipJsonSchema[None] = Field(None, max_length=300)
    city: str | SkipJsonSchema[None] = Field(None, max_length=100)
    province: str | SkipJsonSchema[None] = Field(None, max_length=2)
    postal_code: str | SkipJsonSchema[None] = Field(None, max_length=10)
    unit_type: UnitType | SkipJsonSchema[None] = None
    bedrooms: int | SkipJsonSchema[None] = None
    monthly_rent: Decimal | SkipJsonSchema[None] = Field(None, max_digits=8, decimal_places=2)
    utilities_included: bool | SkipJsonSchema[None] = None
    wheelchair_accessible: bool | SkipJsonSchema[None] = None
    accessibility_features: str | SkipJsonSchema[None] = None
    pets_allowed: bool | SkipJsonSchema[None] = None
    subsidy_attached: str | SkipJsonSchema[None] = Field(None, max_length=300)
    status: UnitStatus | SkipJsonSchema[None] = None
    available_from: dt.date | None = None
    notes: str | SkipJsonSchema[None] = None


class HousingInspectionOut(Schema):
    id: uuid.UUID
    unit_id: uuid.UUID
    date: dt.date
    condition: UnitCondition
    notes: str
    inspected_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_inspected_by(obj: UnitInspection) -> str:
        return obj.inspected_by.full_name


class HousingInspectionIn(HousingStrictIn):
    date: dt.date
    condition: UnitCondition
    notes: str = ""


# --- Tenancies (housing-category client data) ---------------------------------------------


class MoveInOut(Schema):
    lease_signed: bool
    keys_handed_over: bool
    utilities_connected: bool
    furniture: bool
    insurance: bool
    emergency_contacts: bool
    first_visit_booked: bool
    closed_at: dt.datetime | None


class TenancyOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    unit_id: uuid.UUID
    unit: str
    start_date: dt.date
    end_date: dt.date | None
    end_reason: TenancyEndReason | None
    note: str
    organization: HousingOrganizationRef
    version: int
    move_in: MoveInOut | None
    created_at: dt.datetime

    @staticmethod
    def resolve_unit(obj: Tenancy) -> str:
        return str(obj.unit)

    @staticmethod
    def resolve_end_reason(obj: Tenancy) -> str | None:
        return obj.end_reason or None

    @staticmethod
    def resolve_move_in(obj: Tenancy) -> MoveInChecklist | None:
        return getattr(obj, "move_in", None)


class TenancyIn(HousingStrictIn):
    unit_id: uuid.UUID
    start_date: dt.date
    note: str = Field("", max_length=2000)


class TenancyEndIn(HousingStrictIn):
    end_date: dt.date
    end_reason: TenancyEndReason
    note: str = Field("", max_length=2000)


class MoveInPatch(HousingStrictIn):
    lease_signed: bool | SkipJsonSchema[None] = None
    keys_handed_over: bool | SkipJsonSchema[None] = None
    utilities_connected: bool | SkipJsonSchema[None] = None
    furniture: bool | SkipJsonSchema[None] = None
    insurance: bool | SkipJsonSchema[None] = None
    emergency_contacts: bool | SkipJsonSchema[None] = None
    first_visit_booked: bool | SkipJsonSchema[None] = None
    close: bool = Field(False, description="Close move-in: refused (422) until every item is done.")
