"""Schemas of the community API: income-support applications and ID document
requests of a client. Amounts are decimal strings or numbers; input schemas
refuse unknown fields. In a PATCH, a field left out is unchanged, and so is
``null`` for a field that cannot be empty (program, status…)."""

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from parcours.community.models import (
    BenefitApplication,
    BenefitProgram,
    BenefitStatus,
    DocumentKind,
    DocumentStatus,
    IdDocumentRequest,
)


class CommunityStrictIn(Schema):
    """Input schemas refuse unknown fields: a misspelt field is a 422, not ignored."""

    model_config = ConfigDict(extra="forbid")


class _TrackerOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    next_step: str
    next_step_due: dt.date | None
    notes: str
    goal_id: uuid.UUID | None
    organization: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class BenefitApplicationOut(_TrackerOut):
    program: BenefitProgram
    program_name: str
    status: BenefitStatus
    started_on: dt.date
    submitted_on: dt.date | None
    decided_on: dt.date | None
    outcome: str
    monthly_amount: Decimal | None

    @staticmethod
    def resolve_organization(obj: BenefitApplication) -> str:
        return obj.organization.name


class IdDocumentOut(_TrackerOut):
    document: DocumentKind
    document_detail: str
    status: DocumentStatus
    requested_on: dt.date | None
    resolved_on: dt.date | None
    fee_paid: bool

    @staticmethod
    def resolve_organization(obj: IdDocumentRequest) -> str:
        return obj.organization.name


_GOAL = "A goal of the client's plan this tracker serves."
_VERSION = "The version read: a stale one is refused (422)."


class BenefitApplicationIn(CommunityStrictIn):
    program: BenefitProgram
    program_name: str = Field("", max_length=200, description="Needed when the program is other.")
    status: BenefitStatus = BenefitStatus.TO_START
    started_on: dt.date | None = Field(None, description="Today when empty.")
    submitted_on: dt.date | None = None
    decided_on: dt.date | None = None
    next_step: str = Field("", max_length=300)
    next_step_due: dt.date | None = None
    outcome: str = Field("", max_length=4000)
    monthly_amount: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    notes: str = Field("", max_length=4000)
    goal_id: uuid.UUID | None = Field(None, description=_GOAL)


class BenefitApplicationPatch(CommunityStrictIn):
    program: BenefitProgram | None = None
    program_name: str | None = Field(None, max_length=200)
    status: BenefitStatus | None = None
    started_on: dt.date | None = None
    submitted_on: dt.date | None = None
    decided_on: dt.date | None = None
    next_step: str | None = Field(None, max_length=300)
    next_step_due: dt.date | None = None
    outcome: str | None = Field(None, max_length=4000)
    monthly_amount: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    notes: str | None = Field(None, max_length=4000)
    goal_id: uuid.UUID | None = Field(None, description=_GOAL)
    version: int | None = Field(None, description=_VERSION)


class IdDocumentIn(CommunityStrictIn):
    document: DocumentKind
    document_detail: str = Field("", max_length=200, description="Needed when the kind is other.")
    status: DocumentStatus = DocumentStatus.NEEDED
    requested_on: dt.date | None = None
    resolved_on: dt.date | None = None
    fee_paid: bool = False
    next_step: str = Field("", max_length=300)
    next_step_due: dt.date | None = None
    notes: str = Field("", max_length=4000)
    goal_id: uuid.UUID | None = Field(None, description=_GOAL)


class IdDocumentPatch(CommunityStrictIn):
    document: DocumentKind | None = None
    document_detail: str | None = Field(None, max_length=200)
    status: DocumentStatus | None = None
    requested_on: dt.date | None = None
    resolved_on: dt.date | None = None
    fee_paid: bool | None = None
    next_step: str | None = Field(None, max_length=300)
    next_step_due: dt.date | None = None
    notes: str | None = Field(None, max_length=4000)
    goal_id: uuid.UUID | None = Field(None, description=_GOAL)
    version: int | None = Field(None, description=_VERSION)
