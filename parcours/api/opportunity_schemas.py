"""Schemas of the opportunities API: opportunities (partner data), a
client's interests and placements (case-plan client data: only what the
caller may see). Input schemas refuse unknown fields."""

import datetime as dt
import uuid

from ninja import Field, Schema

from parcours.api.community_schemas import CommunityStrictIn
from parcours.community.models import (
    Language,
    Opportunity,
    OpportunityKind,
    PlacementStatus,
    Requirement,
    Schedule,
)


class OpportunityOut(Schema):
    id: uuid.UUID
    kind: OpportunityKind
    title: str
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    host: str
    location: str
    area: str
    schedule: Schedule
    schedule_detail: str
    requirements: list[Requirement]
    requirements_detail: str
    language: Language
    places: int
    places_left: int
    closes_on: dt.date | None
    closed_at: dt.datetime | None
    organization_id: uuid.UUID
    organization: str
    created_at: dt.datetime

    @staticmethod
    def resolve_organization(obj: Opportunity) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_places_left(obj: Opportunity) -> int:
        return max(obj.places - int(getattr(obj, "taken", 0)), 0)


class OpportunityIn(CommunityStrictIn):
    kind: OpportunityKind
    host: str = Field(..., max_length=200)
    schedule: Schedule
    language: Language
    places: int = Field(..., description="1 to 500.")
    title_fr: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description_fr: str = Field("", max_length=4000)
    description_en: str = Field("", max_length=4000)
    location: str = Field("", max_length=200)
    area: str = Field("", max_length=100)
    schedule_detail: str = Field("", max_length=200)
    requirements: list[Requirement] = Field(default_factory=list)
    requirements_detail: str = Field("", max_length=2000)
    closes_on: dt.date | None = None


class OpportunityFilters(Schema):
    q: str = Field("", max_length=100)
    kind: OpportunityKind | None = None
    include_closed: bool = False
    sort: str = Field("closing", pattern="^(closing|newest|title)$")


class OpportunityMatchReasonsOut(Schema):
    reasons: list[str]
    unmet: list[str]


class OpportunityInterestOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    kinds: list[OpportunityKind]
    language: Language
    area: str
    available_daytime: bool
    available_evenings: bool
    available_weekends: bool
    lacks: list[Requirement]
    notes: str
    ended_at: dt.datetime | None
    organization_id: uuid.UUID
    created_at: dt.datetime
    updated_at: dt.datetime


class OpportunityInterestIn(CommunityStrictIn):
    client_id: uuid.UUID
    kinds: list[OpportunityKind]
    language: Language
    area: str = Field("", max_length=100)
    available_daytime: bool = True
    available_evenings: bool = False
    available_weekends: bool = False
    lacks: list[Requirement] = Field(default_factory=list)
    notes: str = Field("", max_length=4000)


class OpportunityPlacementOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    opportunity_id: uuid.UUID
    referral_id: uuid.UUID | None
    status: PlacementStatus
    started_on: dt.date | None
    ended_on: dt.date | None
    retained_at_3_months: bool | None
    followed_up_on: dt.date | None
    organization_id: uuid.UUID
    created_at: dt.datetime


class OpportunityPlacementIn(CommunityStrictIn):
    client_id: uuid.UUID
    opportunity_id: uuid.UUID
    reason: str = Field(..., max_length=4000)
    beyond_consent_reason: str = Field("", max_length=500)
    acknowledge_duplicates: bool = False


class OpportunityPlacementPatch(CommunityStrictIn):
    status: PlacementStatus | None = None
    on: dt.date | None = Field(None, description="The date of the status, or of the follow-up.")
    retained_at_3_months: bool | None = Field(
        None, description="The 3-month follow-up (from 90 days after the start)."
    )


class OpportunityMatchOut(Schema):
    opportunity: OpportunityOut
    match: OpportunityMatchReasonsOut


class OpportunityClientMatchOut(Schema):
    client_id: uuid.UUID
    interest_id: uuid.UUID
    match: OpportunityMatchReasonsOut
