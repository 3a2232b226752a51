"""Schemas of the institution-stay routes (``/clients/{id}/institution-stays``,
``/institution-stays/{id}``, ``/discharges``). Closed lists are typed with
the models' choices; the rules stay in
``parcours.coordination.services.institutions``."""

import datetime as dt
import uuid
from typing import Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import StrictIn
from parcours.coordination.models import (
    DischargeDestination,
    DischargeTask,
    DischargeTaskKind,
    InstitutionKind,
    InstitutionStay,
    LearnedFrom,
)


class InstitutionRefOut(Schema):
    """An organization (an institution, the partner that recorded a stay) or a staff member."""

    id: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(getattr(obj, "full_name", "") or getattr(obj, "name", "") or obj)


class InstitutionDischargeTaskOut(Schema):
    id: uuid.UUID
    kind: DischargeTaskKind
    due_on: dt.date
    assigned_to: InstitutionRefOut | None
    done_at: dt.datetime | None


class InstitutionStayOut(Schema):
    id: uuid.UUID
    version: int
    client_id: uuid.UUID
    kind: InstitutionKind
    institution: InstitutionRefOut | None
    institution_name: str
    place: str
    contact: str
    admitted_on: dt.date
    expected_discharge_on: dt.date | None
    discharged_on: dt.date | None
    destination: DischargeDestination | None
    learned_from: LearnedFrom
    note: str
    organization: InstitutionRefOut
    days: int
    discharge_overdue: bool
    tasks: list[InstitutionDischargeTaskOut]

    @staticmethod
    def resolve_destination(obj: InstitutionStay) -> str | None:
        return obj.destination or None

    @staticmethod
    def resolve_days(obj: InstitutionStay) -> int:
        return obj.days(timezone.localdate())

    @staticmethod
    def resolve_discharge_overdue(obj: InstitutionStay) -> bool:
        return obj.is_discharge_overdue(timezone.localdate())

    @staticmethod
    def resolve_tasks(obj: InstitutionStay) -> list[DischargeTask]:
        return list(obj.tasks.all())


class InstitutionClientRefOut(Schema):
    id: uuid.UUID
    display_name: str


class InstitutionDischargeAlertOut(Schema):
    """An open stay on the discharges list, with its urgency."""

    id: uuid.UUID
    version: int
    client: InstitutionClientRefOut
    kind: InstitutionKind
    place: str
    contact: str
    admitted_on: dt.date
    expected_discharge_on: dt.date | None
    days: int
    urgency: Literal["overdue", "due_soon", "other"]

    @staticmethod
    def resolve_days(obj: InstitutionStay) -> int:
        return obj.days(timezone.localdate())

    @staticmethod
    def resolve_urgency(obj: InstitutionStay) -> str:
        return ("overdue", "due_soon", "other")[getattr(obj, "urgency", 2)]


class InstitutionDischargesPageOut(Schema):
    items: list[InstitutionDischargeAlertOut]
    count: int


class InstitutionStayIn(StrictIn):
    """An admission: ``institution_id`` (an external institution of the
    network, see ``/organizations?is_partner=false``) or ``institution_name``."""

    kind: InstitutionKind
    institution_id: uuid.UUID | None = None
    institution_name: str = Field("", max_length=200)
    contact: str = Field("", max_length=200)
    admitted_on: dt.date
    expected_discharge_on: dt.date | None = None
    learned_from: LearnedFrom
    note: str = Field("", max_length=500)


class InstitutionStayPatch(StrictIn):
    """Change an open stay; ``version`` is the one you read. Fields left out
    keep their value; ``expected_discharge_on: null`` clears the date."""

    version: int
    expected_discharge_on: dt.date | None = None
    contact: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=500)


class InstitutionDischargeIn(StrictIn):
    """A discharge; with ``cti_program_id`` (a CTI program of the caller's
    organization) a CTI enrollment starts on the discharge date."""

    discharged_on: dt.date
    destination: DischargeDestination
    cti_program_id: uuid.UUID | None = None
    cti_primary_worker_id: uuid.UUID | None = None
