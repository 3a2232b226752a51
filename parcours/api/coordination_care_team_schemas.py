"""Schemas of the care team and coordinated care plan routes (names prefixed
``CareTeam``/``CarePlan``: unique across the API)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import StrictIn
from parcours.casework.models import PlanGoalStatus, ResponsibleParty
from parcours.coordination.models import CareRole, ReferralStatus


class CareTeamRef(Schema):
    """An organization, a program or a team, by its name."""

    id: uuid.UUID
    name: str


class CareTeamStaffRef(Schema):
    """A staff member, by their name."""

    id: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.full_name or obj.email)


class CareTeamMemberOut(Schema):
    id: uuid.UUID
    worker: CareTeamStaffRef | None
    outside_name: str
    organization: CareTeamRef
    role: CareRole
    role_label: str
    contact: str
    since: dt.date
    until: dt.date | None
    can_change: bool = False

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_can_change(obj: Any) -> bool:
        return bool(getattr(obj, "can_change", False))


class CareTeamImplicitOut(Schema):
    """A worker of one of the client's open enrollments (not a recorded member)."""

    worker: CareTeamStaffRef
    organization: CareTeamRef
    program: CareTeamRef
    team: CareTeamRef | None
    through_team: bool
    since: dt.date

    @staticmethod
    def resolve_program(obj: Any) -> Any:
        return obj.enrollment.program

    @staticmethod
    def resolve_team(obj: Any) -> Any:
        return obj.enrollment.team if obj.through_team else None


class CareTeamOut(Schema):
    client_id: uuid.UUID
    can_change: bool
    current: list[CareTeamMemberOut]
    implicit: list[CareTeamImplicitOut]
    former: list[CareTeamMemberOut]


class CareTeamMemberIn(StrictIn):
    worker_id: uuid.UUID | None = Field(
        None, description="A staff member of the caller's organization (or give outside_name)."
    )
    outside_name: str = Field("", max_length=200, description="A professional outside the network.")
    role: CareRole
    contact: str = Field("", max_length=200)
    since: dt.date | None = Field(None, description="Today when left out.")


class CareTeamMemberPatch(StrictIn):
    role: CareRole | None = None
    contact: str | None = Field(None, max_length=200)


class CareTeamMemberEndIn(StrictIn):
    until: dt.date | None = Field(None, description="Today when left out.")


class CarePlanGoalOut(Schema):
    id: uuid.UUID
    statement: str
    status: PlanGoalStatus
    target_date: dt.date | None
    responsible: ResponsibleParty
    responsible_name: str

    @staticmethod
    def resolve_responsible_name(obj: Any) -> str:
        if obj.responsible_worker is not None:
            return str(obj.responsible_worker.full_name or obj.responsible_worker.email)
        if obj.responsible_organization is not None:
            return str(obj.responsible_organization.name)
        return ""


class CarePlanStepOut(Schema):
    id: uuid.UUID
    goal_id: uuid.UUID
    description: str
    responsible: ResponsibleParty
    target_date: dt.date | None


class CarePlanReferralOut(Schema):
    id: uuid.UUID
    service_name: str
    status: ReferralStatus
    sent_at: dt.datetime | None
    organization: CareTeamRef
    receiving_organization: CareTeamRef | None

    @staticmethod
    def resolve_service_name(obj: Any) -> str:
        return str(obj.service.name)


class CarePlanPartOut(Schema):
    organization: CareTeamRef
    mine: bool
    editable: bool
    members: list[CareTeamMemberOut]
    workers: list[CareTeamImplicitOut]
    enrollment_programs: list[CareTeamRef]
    goals: list[CarePlanGoalOut]
    open_steps: list[CarePlanStepOut]
    referrals: list[CarePlanReferralOut]

    @staticmethod
    def resolve_enrollment_programs(obj: Any) -> list[Any]:
        return [e.program for e in obj.enrollments]


class CarePlanOut(Schema):
    client_id: uuid.UUID
    has_plan: bool
    can_write_plan: bool
    parts: list[CarePlanPartOut]
