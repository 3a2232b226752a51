"""Schemas of the households routes (``/households``, ``/clients/{id}/households``).

Relationships, goal domains and statuses are typed with the models' choices so
that the OpenAPI document lists the accepted values; the rules themselves
stay in ``parcours.households.services``. Only members the caller may see
appear in any answer: a member they may not see is neither named nor counted."""

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import StrictIn
from parcours.api.pagination import PageInput
from parcours.households.models import (
    GoalDomain,
    GoalStatus,
    Household,
    HouseholdEnrollment,
    HouseholdMembership,
    Relationship,
)
from parcours.households.selectors import HouseholdAccess


class HouseholdSearch(PageInput):
    q: str = ""


class MemberOut(Schema):
    """A ``HouseholdMembership`` with its client selected."""

    id: uuid.UUID
    client_id: uuid.UUID
    display_name: str
    relationship: Relationship
    joined_on: dt.date
    left_on: dt.date | None
    leave_reason: str
    head_reason: str

    @staticmethod
    def resolve_display_name(obj: HouseholdMembership) -> str:
        return obj.client.display_name


class GuardianshipOut(Schema):
    id: uuid.UUID
    dependent_id: uuid.UUID
    guardian_id: uuid.UUID
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str


class HouseholdSummary(Schema):
    """A ``Household`` from ``household_list_for`` (its visible current
    members prefetched in ``visible_current``)."""

    id: uuid.UUID
    formed_on: dt.date
    version: int
    members: list[MemberOut] = Field(description="Current members the caller may see.")

    @staticmethod
    def resolve_members(obj: Household) -> list[HouseholdMembership]:
        members: list[HouseholdMembership] = obj.visible_current  # type: ignore[attr-defined]
        return members


class HouseholdPage(Schema):
    items: list[HouseholdSummary]
    count: int


class HouseholdDetail(Schema):
    """A ``HouseholdAccess``: the household as far as the caller may see it."""

    id: uuid.UUID
    formed_on: dt.date
    version: int
    members: list[MemberOut] = Field(
        description="Members the caller may see, current and past, in the order they joined."
    )
    guardianships: list[GuardianshipOut]
    youth_consent_due: list[uuid.UUID] = Field(
        description=(
            "Members who reached the age of consent and have no directive of their own in "
            "force (for the organization that records their consent)."
        )
    )

    @staticmethod
    def resolve_id(obj: HouseholdAccess) -> uuid.UUID:
        return obj.household.pk

    @staticmethod
    def resolve_formed_on(obj: HouseholdAccess) -> dt.date:
        return obj.household.formed_on

    @staticmethod
    def resolve_version(obj: HouseholdAccess) -> int:
        return obj.household.version

    @staticmethod
    def resolve_members(obj: HouseholdAccess) -> list[HouseholdMembership]:
        return obj.memberships

    @staticmethod
    def resolve_youth_consent_due(obj: HouseholdAccess) -> list[uuid.UUID]:
        return [m.client_id for m in obj.youth_consent_due()]


class HouseholdIn(StrictIn):
    client_id: uuid.UUID
    relationship: Relationship = Relationship.HEAD
    formed_on: dt.date
    head_reason: str = Field("", max_length=300)


class MemberIn(StrictIn):
    client_id: uuid.UUID
    relationship: Relationship
    joined_on: dt.date
    head_reason: str = Field("", max_length=300)
    version: int = Field(description="The household's version you read (409 if it changed).")


class MemberLeaveIn(StrictIn):
    left_on: dt.date
    reason: str = Field("", max_length=300)
    version: int


class RelationshipIn(StrictIn):
    relationship: Relationship
    on: dt.date
    head_reason: str = Field("", max_length=300)
    version: int


class MembersOnQuery(Schema):
    on: dt.date | None = None


class GuardianshipIn(StrictIn):
    dependent_id: uuid.UUID
    guardian_id: uuid.UUID
    start_date: dt.date


class GuardianshipEndIn(StrictIn):
    end_date: dt.date
    reason: str = Field(max_length=300)


class AssessmentIn(StrictIn):
    assessed_on: dt.date
    needs: list[GoalDomain] = []
    summary: str


class AssessmentOut(Schema):
    id: uuid.UUID
    assessed_on: dt.date
    needs: list[str]
    summary: str
    organization_id: uuid.UUID


class GoalIn(StrictIn):
    domain: GoalDomain
    description: str
    target_date: dt.date | None = None
    assessment_id: uuid.UUID | None = None


class GoalPatch(StrictIn):
    status: GoalStatus
    target_date: dt.date | None = None
    version: int


class GoalOut(Schema):
    id: uuid.UUID
    domain: GoalDomain
    description: str
    status: GoalStatus
    target_date: dt.date | None
    assessment_id: uuid.UUID | None
    organization_id: uuid.UUID
    version: int


class HouseholdEnrollmentIn(StrictIn):
    program_id: uuid.UUID
    start_date: dt.date
    primary_worker_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    override_reason: str = Field("", max_length=500)


class HouseholdEnrollmentOut(Schema):
    id: uuid.UUID
    program_id: uuid.UUID
    start_date: dt.date
    end_date: dt.date | None
    enrollment_ids: list[uuid.UUID] = Field(
        description="The individual enrollments of the members the caller may see."
    )

    @staticmethod
    def resolve_enrollment_ids(obj: HouseholdEnrollment) -> list[uuid.UUID]:
        """From ``HouseholdAccess.enrollments_shown()`` (``visible_members``)."""
        links = obj.visible_members  # type: ignore[attr-defined]
        return [link.enrollment_id for link in links]


class ClientMembershipOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID
    relationship: Relationship
    joined_on: dt.date
    left_on: dt.date | None
