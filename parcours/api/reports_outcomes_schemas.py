"""Schemas of the outcomes report API."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class OutcomesFilter(Schema):
    first: str = Field(
        "", pattern=r"^(|\d{4}-\d{2})$", description="First month YYYY-MM (default: 12 months ago)."
    )
    last: str = Field(
        "", pattern=r"^(|\d{4}-\d{2})$", description="Last month YYYY-MM (default: last month)."
    )
    organization: uuid.UUID | None = Field(None, description="Persons enrolled with it.")
    program: uuid.UUID | None = Field(None, description="Persons enrolled in it.")
    team: uuid.UUID | None = Field(None, description="Persons enrolled with the program's team.")
    figure: str = Field(
        "", pattern=r"^(|[a-z0-9_]+)$", description="Drill-down: the figure's persons."
    )


class OutcomesPerson(Schema):
    client_id: uuid.UUID | None = Field(description="Null: a person whose record is not shared.")
    name: str | None = Field(description="Null: a person whose record is not shared.")
    value: float | None = Field(description="The person's own figure.")
    counted: bool = Field(description="Whether the person counts in the numerator.")


class OutcomesFigure(Schema):
    group: str
    key: str
    label: str
    value: float | None
    unit: str = Field(description="percent, days, persons or visits.")
    numerator: int | None
    denominator: int | None
    persons: int = Field(description="The persons behind the figure (the drill-down's length).")
    mean: float | None = Field(None, description="For figures in days: the mean.")


class OutcomesOut(Schema):
    period_start: dt.date
    period_end: dt.date
    network_counts: bool = Field(description="Counts of the whole network (coordinators).")
    figures: list[OutcomesFigure]
    figure: str = Field(description="The figure drilled down, or empty.")
    people: list[OutcomesPerson] = Field(description="Its persons, else empty.")
