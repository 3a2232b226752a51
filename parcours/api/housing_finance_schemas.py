"""Schemas of the housing finance API: budgets, financial assistance and its
payments, housing applications. Amounts are decimal strings or numbers;
input schemas refuse unknown fields."""

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

from parcours.housing.models import (
    ApplicationKind,
    ApplicationStatus,
    AssistanceKind,
    AssistancePayment,
    AssistanceStatus,
    FinancialAssistance,
    HousingApplication,
    HousingBudget,
)


class FinanceStrictIn(Schema):
    """Input schemas refuse unknown fields: a misspelt field is a 422, not ignored."""

    model_config = ConfigDict(extra="forbid")


class BudgetOut(Schema):
    id: uuid.UUID
    program_id: uuid.UUID
    program: str
    organization: str
    name: str
    period_start: dt.date
    period_end: dt.date
    total_amount: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal
    requested: int
    ending_soon: int = Field(description="Approved subsidies ending within the notice days.")

    @staticmethod
    def resolve_program(obj: HousingBudget) -> str:
        return obj.program.name

    @staticmethod
    def resolve_organization(obj: HousingBudget) -> str:
        return obj.program.organization.name


class AssistanceOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID | None = Field(
        description="Empty when the caller sees the line only as a budget's amounts."
    )
    budget_id: uuid.UUID
    kind: AssistanceKind
    amount: Decimal
    total_amount: Decimal
    period_start: dt.date
    period_end: dt.date
    payee: str
    landlord_id: uuid.UUID | None
    status: AssistanceStatus
    requested_on: dt.date
    organization: str
    override: bool
    override_reason: str
    decision_note: str
    note: str
    paid: Decimal

    @staticmethod
    def resolve_client_id(obj: FinancialAssistance) -> uuid.UUID | None:
        return obj.client_id if getattr(obj, "shows_client", True) else None

    @staticmethod
    def resolve_organization(obj: FinancialAssistance) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_paid(obj: FinancialAssistance) -> Decimal:
        return getattr(obj, "paid", Decimal("0"))

    @staticmethod
    def resolve_note(obj: FinancialAssistance) -> str:
        return obj.note if getattr(obj, "shows_client", True) else ""


class AssistanceIn(FinanceStrictIn):
    budget_id: uuid.UUID
    kind: AssistanceKind
    amount: Decimal = Field(description="More than 0; for a recurring supplement, monthly.")
    period_start: dt.date
    period_end: dt.date
    payee: str = Field("", max_length=300)
    landlord_id: uuid.UUID | SkipJsonSchema[None] = None
    note: str = Field("", max_length=2000)


class ApproveIn(FinanceStrictIn):
    override: bool = Field(False, description="Beyond the remaining budget (coordinators only).")
    override_reason: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)


class RefuseIn(FinanceStrictIn):
    note: str = Field(..., max_length=2000)


class PaymentOut(Schema):
    id: uuid.UUID
    assistance_id: uuid.UUID
    date: dt.date
    amount: Decimal
    reference: str
    paid_by: str

    @staticmethod
    def resolve_paid_by(obj: AssistancePayment) -> str:
        return obj.paid_by.full_name


class PaymentIn(FinanceStrictIn):
    date: dt.date
    amount: Decimal
    reference: str = Field("", max_length=100)


class ApplicationOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    kind: ApplicationKind
    provider: str
    submitted_on: dt.date | None
    status: ApplicationStatus
    waitlist_position: int | None
    documents_needed: list[str]
    next_follow_up: dt.date | None
    notes: str
    organization: str
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_documents_needed(obj: HousingApplication) -> list[str]:
        return obj.documents

    @staticmethod
    def resolve_organization(obj: HousingApplication) -> str:
        return obj.organization.name


class ApplicationIn(FinanceStrictIn):
    kind: ApplicationKind
    provider: str = Field(..., max_length=300)
    status: ApplicationStatus = ApplicationStatus.PREPARING
    submitted_on: dt.date | SkipJsonSchema[None] = None
    waitlist_position: int | SkipJsonSchema[None] = Field(None, ge=1)
    documents_needed: list[str] = Field(default_factory=list, max_length=50)
    next_follow_up: dt.date | SkipJsonSchema[None] = None
    notes: str = Field("", max_length=4000)


class ApplicationPatch(FinanceStrictIn):
    kind: ApplicationKind | SkipJsonSchema[None] = None
    provider: str | SkipJsonSchema[None] = Field(None, max_length=300)
    status: ApplicationStatus | SkipJsonSchema[None] = None
    submitted_on: dt.date | None = None
    waitlist_position: int | None = Field(None, ge=1)
    documents_needed: list[str] | SkipJsonSchema[None] = Field(None, max_length=50)
    next_follow_up: dt.date | None = None
    notes: str | SkipJsonSchema[None] = Field(None, max_length=4000)
    version: int | SkipJsonSchema[None] = Field(
        None, description="The version read: a stale one is refused (422)."
    )
