"""Schemas of the stigma-and-advocacy API: a client's incidents (the
recording organization's only) and the network's de-identified counts.
Input schemas refuse unknown fields. In a PATCH, a field left out is
unchanged; ``null`` clears only the outcome date."""

import datetime as dt
import uuid

from ninja import Field, Schema

from parcours.api.community_schemas import CommunityStrictIn
from parcours.community.models import (
    AdvocacyOutcome,
    ProviderKind,
    StigmaGround,
    StigmaIncident,
)


class StigmaIncidentOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    occurred_on: dt.date
    provider_name: str
    provider_kind: ProviderKind
    grounds: list[StigmaGround]
    description: str
    advocacy: str
    outcome: AdvocacyOutcome
    outcome_on: dt.date | None
    organization: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_grounds(obj: StigmaIncident) -> list[str]:
        return sorted(g.ground for g in obj.grounds.all())

    @staticmethod
    def resolve_organization(obj: StigmaIncident) -> str:
        return obj.organization.name


class StigmaIncidentIn(CommunityStrictIn):
    occurred_on: dt.date
    provider_name: str = Field(..., max_length=200)
    provider_kind: ProviderKind
    grounds: list[StigmaGround] = Field(..., description="One or more.")
    description: str = Field("", max_length=4000)
    advocacy: str = Field("", max_length=4000)
    outcome: AdvocacyOutcome = AdvocacyOutcome.NONE_YET
    outcome_on: dt.date | None = None


class StigmaIncidentPatch(CommunityStrictIn):
    occurred_on: dt.date | None = None
    provider_name: str | None = Field(None, max_length=200)
    provider_kind: ProviderKind | None = None
    grounds: list[StigmaGround] | None = None
    description: str | None = Field(None, max_length=4000)
    advocacy: str | None = Field(None, max_length=4000)
    outcome: AdvocacyOutcome | None = None
    outcome_on: dt.date | None = None


class StigmaCellOut(Schema):
    incidents: int | None = Field(
        ..., description="null: hidden (fewer than five people, or it could be worked out)"
    )


class StigmaRowOut(Schema):
    label: str
    cells: list[StigmaCellOut]
    total: StigmaCellOut


class StigmaTableOut(Schema):
    columns: list[str]
    rows: list[StigmaRowOut]
    column_totals: list[StigmaCellOut]
    total: StigmaCellOut


class StigmaReportOut(Schema):
    since: dt.date | None
    until: dt.date | None
    min_people: int
    by_provider: StigmaTableOut
    by_kind: StigmaTableOut
