"""Reads that are audited: a page or an answer that shows people is in the
audit log with the people it showed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import transaction

from parcours.accounts.models import User
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.households.models import (
    Household,
)


def household_viewed(
    *,
    acting_user: User,
    household: Household | None,
    client_ids: Sequence[uuid.UUID],
    via: str = "web",
    section: str = "household",
) -> None:
    """A household page shows people: one event per person shown, as for a
    client's file, so each person's access log lists it."""
    detail = {"via": via, "section": section}
    if household is not None:
        detail["household"] = str(household.pk)
    with transaction.atomic():
        for client_id in dict.fromkeys(client_ids):
            audit_record(
                action=AuditAction.VIEW,
                actor=acting_user,
                target_type="households.household" if household is not None else "",
                target_id=str(household.pk) if household is not None else "",
                client_id=client_id,
                detail=detail,
            )


def households_listed(
    *, acting_user: User, query: str, client_ids: Sequence[uuid.UUID], via: str = "web"
) -> None:
    """A list of households shows names: the records it showed are audited."""
    audit_record(
        action=AuditAction.SEARCH,
        actor=acting_user,
        detail={
            "via": via,
            "section": "households",
            "query": query[:200],
            "clients": [str(c) for c in dict.fromkeys(client_ids)],
        },
    )
