"""Schemas of referrals and notifications."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from parcours.api.pagination import PageInput
from parcours.coordination.models import ReferralKind, ReferralStatus


class ReferralIn(Schema):
    service_id: uuid.UUID
    reason: str = Field(..., max_length=4000)
    kind: ReferralKind = ReferralKind.SERVICE
    goal_id: uuid.UUID | None = None
    from_enrollment_id: uuid.UUID | None = None
    urgent: bool = False
    respond_by: dt.date | None = None
    beyond_consent_reason: str = Field("", max_length=500)
    acknowledge_duplicates: bool = False
    send: bool = True


class ReferralTransitionIn(Schema):
    status: ReferralStatus
    note: str = Field("", max_length=500)
    version: int | None = Field(None, description="The version read; 409 if it changed since.")


class ReferralMessageIn(Schema):
    body: str = Field(..., max_length=4000)


class ReferralOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    client_name: str = Field(
        "", description="Empty when the client's identity is not shared with you."
    )
    kind: str
    status: str
    service_id: uuid.UUID
    service_name: str
    referring_organization: str
    receiving_organization: str | None
    receiving_program_id: uuid.UUID | None
    goal_id: uuid.UUID | None
    from_enrollment_id: uuid.UUID | None
    to_enrollment_id: uuid.UUID | None
    reason: str
    urgent: bool
    respond_by: dt.date | None
    sent_at: dt.datetime | None
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    decline_reason: str
    outcome_note: str
    beyond_consent: bool
    days_pending: int | None
    overdue: bool
    version: int
    allowed_transitions: list[str]


class ReferralPage(Schema):
    items: list[ReferralOut]
    count: int


class ReferralInboxQuery(PageInput):
    box: str = Field("received", pattern="^(received|sent)$")
    status: ReferralStatus | None = None


class ReferralMessageOut(Schema):
    id: uuid.UUID
    author: str
    organization: str
    body: str
    created_at: dt.datetime


class NotificationOut(Schema):
    id: uuid.UUID
    kind: str
    client_id: uuid.UUID | None
    client_name: str
    text: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int
    unread: int


class NotificationQuery(PageInput):
    unread_only: bool = False
