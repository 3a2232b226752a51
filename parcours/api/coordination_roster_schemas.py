"""Schemas of the coverage roster routes (``/programs/{id}/roster``,
``/programs/{id}/shifts``, ``/shifts/{id}/remove``,
``/programs/{id}/coverage-standard``, ``/clients/{id}/on-call``).

Every name starts with ``Roster`` (schema names are unique across the API)."""

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import OrganizationRef, StrictIn
from parcours.coordination.models import CoverageStandard
from parcours.coordination.selectors.roster import MAX_ROSTER_DAYS, ROSTER_DAYS
from parcours.coordination.services.roster import MAX_REPEAT_WEEKS


class RosterWorkerRef(Schema):
    id: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.full_name or obj.email)


class RosterProgramRef(Schema):
    id: uuid.UUID
    name: str
    kind: str
    organization: OrganizationRef


class RosterShiftOut(Schema):
    id: uuid.UUID
    program_id: uuid.UUID
    worker: RosterWorkerRef
    starts_at: dt.datetime
    ends_at: dt.datetime
    on_call: bool
    phone: str


class RosterGapOut(Schema):
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    minutes: int

    @staticmethod
    def resolve_minutes(obj: Any) -> int:
        return int(obj.duration.total_seconds() // 60)


class RosterStandardOut(Schema):
    program_id: uuid.UUID
    around_the_clock: bool
    weekdays: list[int]
    start_time: dt.time | None
    end_time: dt.time | None
    on_call_counts: bool
    is_default: bool = Field(description="True while the program uses its model's default.")

    @staticmethod
    def resolve_is_default(obj: CoverageStandard) -> bool:
        return obj._state.adding


class RosterStandardIn(StrictIn):
    around_the_clock: bool = False
    weekdays: list[int] = Field(default_factory=list, description="ISO days, 1 = Monday.")
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    on_call_counts: bool = False


class RosterOut(Schema):
    program: RosterProgramRef
    start: dt.date
    days: int
    standard: RosterStandardOut
    shifts: list[RosterShiftOut]
    gaps: list[RosterGapOut]


class RosterQuery(Schema):
    start: dt.date | None = Field(None, description="The first day (today by default).")
    days: int = Field(ROSTER_DAYS, ge=1, le=MAX_ROSTER_DAYS)


class RosterShiftIn(StrictIn):
    worker_id: uuid.UUID
    starts_at: dt.datetime = Field(description="With its offset; a naive time is the site's.")
    ends_at: dt.datetime
    on_call: bool = False
    phone: str = Field("", max_length=40)
    repeat_weeks: int = Field(
        1, ge=1, le=MAX_REPEAT_WEEKS, description="The same hours each week, all or none."
    )


class RosterOnCallOut(Schema):
    program: RosterProgramRef
    worker: RosterWorkerRef
    on_call: bool
    phone: str
    starts_at: dt.datetime
    ends_at: dt.datetime
