"""Schemas of the life-skills groups API: sessions (partner data) and their
rosters (case-plan client data: only the clients the caller may see). Input
schemas refuse unknown fields; in a PATCH, a field left out is unchanged."""

import datetime as dt
import uuid

from ninja import Field, Schema

from parcours.api.community_schemas import CommunityStrictIn
from parcours.community.models import AttendanceStatus, GroupSession, GroupTopic


class GroupSessionOut(Schema):
    id: uuid.UUID
    title: str
    topic: GroupTopic
    starts_at: dt.datetime
    duration_minutes: int
    place: str
    facilitator: str
    capacity: int
    registered: int = Field(..., description="Everyone on the roster, seen by the caller or not.")
    places_left: int
    description: str
    cancelled_at: dt.datetime | None
    organization_id: uuid.UUID
    organization: str

    @staticmethod
    def resolve_organization(obj: GroupSession) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_registered(obj: GroupSession) -> int:
        return int(getattr(obj, "registered", 0))

    @staticmethod
    def resolve_places_left(obj: GroupSession) -> int:
        return max(obj.capacity - int(getattr(obj, "registered", 0)), 0)


class GroupSessionIn(CommunityStrictIn):
    title: str = Field(..., max_length=200)
    topic: GroupTopic
    starts_at: dt.datetime
    duration_minutes: int = Field(..., description="15 to 480.")
    facilitator: str = Field(..., max_length=200)
    capacity: int = Field(..., description="At least 1.")
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=4000)


class GroupSessionPatch(CommunityStrictIn):
    title: str | None = Field(None, max_length=200)
    topic: GroupTopic | None = None
    starts_at: dt.datetime | None = None
    duration_minutes: int | None = None
    facilitator: str | None = Field(None, max_length=200)
    capacity: int | None = None
    place: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=4000)
    cancelled: bool | None = Field(None, description="true cancels the session (for good).")


class GroupSessionFilters(Schema):
    when: str = Field("upcoming", pattern="^(upcoming|past)$")
    topic: GroupTopic | None = None
    organization_id: uuid.UUID | None = None


class GroupAttendanceOut(Schema):
    id: uuid.UUID
    session_id: uuid.UUID
    client_id: uuid.UUID
    status: AttendanceStatus
    goal_id: uuid.UUID | None
    encounter_id: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class GroupAttendanceIn(CommunityStrictIn):
    client_id: uuid.UUID
    goal_id: uuid.UUID | None = None


class GroupAttendancePatch(CommunityStrictIn):
    status: AttendanceStatus
