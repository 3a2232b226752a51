"""Schemas of the fidelity report API."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class FidelityFilter(Schema):
    program: uuid.UUID | None = Field(None, description="Drill-down: the program.")
    team: uuid.UUID | None = Field(None, description="Drill-down: the team (of the program).")
    item: str = Field(
        "",
        pattern="^(|caseload|contact_frequency|intensity|team_approach|time_in_program)$",
        description="Drill-down: the item whose clients are listed.",
    )
    organization: uuid.UUID | None = Field(
        None, description="Only the programs of this organization."
    )
    weeks: int | None = Field(
        None, description="The period of the figures: the last 4, 8, 13 or 26 weeks."
    )


class FidelityClient(Schema):
    client_id: uuid.UUID | None = Field(description="Null: a person whose record is not shared.")
    name: str | None = Field(description="Null: a person whose record is not shared.")
    value: float | None = Field(description="The client's figure for the item.")
    counted: bool = Field(description="Whether the client counts in the item's figure.")


class FidelityItemOut(Schema):
    item: str
    label: str
    value: float | None
    display: str
    standard: str
    rating: int | None = Field(description="1–5 from the anchors; null: not rated.")
    counted: int | None
    total: int | None


class FidelityUnitOut(Schema):
    program_id: uuid.UUID
    program: str
    organization: str
    team_id: uuid.UUID | None
    team: str | None
    model: str
    staff: int
    items: list[FidelityItemOut]


class FidelityOut(Schema):
    on: dt.date
    units: list[FidelityUnitOut]
    human_items: list[str] = Field(description="Items a fidelity review rates by hand.")
    clients: list[FidelityClient] = Field(
        description="The clients behind the item asked for (program and item), else empty."
    )
