"""Schemas of the reports API: the by-name list and the monthly flow."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from parcours.api.pagination import PageInput


class ByNameListFilter(PageInput):
    on: dt.date | None = Field(None, description="The date of the statuses (today by default).")
    housing: str = Field("", pattern="^(|homeless|chronic|transitional|housed|unknown)$")
    activity: str = Field("", pattern="^(|active|inactive)$")
    status: str = Field("", pattern="^(|active|housed|inactive)$")
    population: str = Field("all", pattern="^(all|chronic|indigenous|youth|family)$")
    q: str = Field("", max_length=100, description="Name search (persons you may see).")
    sort: str = Field(
        "name",
        pattern="^(-?(name|first_contact|last_activity)|priority)$",
        description="Sort order ('priority': highest priority first).",
    )
    month: str = Field("", pattern=r"^(|\d{4}-\d{2})$", description="Drill-down: a month YYYY-MM.")
    flow: str = Field(
        "",
        pattern="^(|active|newly_identified|returned_from_housing|returned_from_inactive"
        "|aged_in|moved_to_housing|moved_to_inactive|aged_out)$",
        description="Drill-down: the figure of the month's flow.",
    )


class ByNameListRow(Schema):
    shared: bool = Field(description="False: a person whose record is not shared with you.")
    housing_shared: bool = Field(
        description=(
            "False: you see the person's record but not its housing category; the housing "
            "and list statuses are then 'not_shared', chronic and homeless days null."
        )
    )
    client_id: uuid.UUID | None
    name: str
    housing_status: str
    activity_status: str
    list_status: str
    first_contact: dt.date | None
    last_activity: dt.date | None
    homeless_days_past_year: int | None
    chronic: bool | None
    indigenous: bool | None
    youth: bool | None
    family: bool | None
    priority_score: int | None = Field(
        description="The prioritization score (null where the housing category is not shared)."
    )
    priority_rank: int | None = Field(
        description=(
            "Rank among the actively homeless persons of the date, by priority (1 first); "
            "null when not actively homeless or not shared."
        )
    )
    priority_reasons: list[str] | None = Field(
        description="Why: the points of each rule (null for a person not shared with you)."
    )


class ByNameListOut(Schema):
    on: dt.date
    network_counts: bool
    total: int
    counts_by_housing: dict[str, int]
    counts_by_activity: dict[str, int]
    counts_by_status: dict[str, int]
    count: int = Field(description="Rows matching every filter (all pages).")
    items: list[ByNameListRow]


class MonthFlowFilter(Schema):
    first: str = Field("", pattern=r"^(|\d{4}-\d{2})$")
    last: str = Field("", pattern=r"^(|\d{4}-\d{2})$")
    organization: uuid.UUID | None = Field(
        None, description="Only the persons this partner organization served each month."
    )
    program: uuid.UUID | None = Field(
        None, description="Only the persons this program served each month (wins)."
    )


class MonthFlowLine(Schema):
    month: str
    population: str
    previous_active: int
    figures: dict[str, int]
    correction: int
    balanced: bool
    net_percent: float | None
    published_at: dt.datetime | None


class MonthlyFlowOut(Schema):
    first: str
    last: str
    lines: list[MonthFlowLine]


class PublishIn(Schema):
    month: str = Field(pattern=r"^\d{4}-\d{2}$")


class PublishOut(Schema):
    month: str
    populations: list[str]
