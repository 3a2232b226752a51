"""Schemas of the identity-resolution routes (``/linkage``)."""

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import OrganizationRef, StrictIn
from parcours.api.pagination import PageInput
from parcours.linkage.explain import summary_of_evidence
from parcours.linkage.models import MatchCandidate, MatchStatus


class ReviewFilters(PageInput):
    status: MatchStatus = MatchStatus.PENDING


class RecordOut(Schema):
    id: uuid.UUID
    display_name: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    registered_by_organization: OrganizationRef


class ReasonOut(Schema):
    text: str
    supports_match: bool


class ReviewItemOut(Schema):
    id: uuid.UUID
    client_a: RecordOut
    client_b: RecordOut
    match_probability: float
    kept_apart: bool = Field(
        description="Likely twins, or two health card numbers: never merged automatically"
    )
    status: MatchStatus
    reasons: list[ReasonOut]
    decided_at: dt.datetime | None
    note: str
    merge_id: uuid.UUID | None

    @staticmethod
    def resolve_reasons(obj: MatchCandidate) -> list[dict[str, Any]]:
        return [
            {"text": text, "supports_match": positive}
            for text, positive in summary_of_evidence(obj.evidence)
        ]


class ReviewPage(Schema):
    items: list[ReviewItemOut]
    count: int


class DecisionIn(StrictIn):
    decision: Literal["same_person", "not_same_person", "deferred"]
    note: str = ""


class UnmergeIn(StrictIn):
    reason: str


class MergeOut(Schema):
    id: uuid.UUID
    client_a_id: uuid.UUID
    client_b_id: uuid.UUID
    automatic: bool
    match_probability: float | None
    created_at: dt.datetime
    unmerged_at: dt.datetime | None
    unmerge_reason: str


class IdentityOut(Schema):
    id: uuid.UUID
    display_name: str
    date_of_birth: dt.date | None
    registered_by_organization: OrganizationRef
