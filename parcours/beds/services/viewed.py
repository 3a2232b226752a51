"""Reads that are audited: a page or an answer that names clients is in the
audit log with the clients it showed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from parcours.accounts.models import User
from parcours.beds.models import (
    Site,
)
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction


def bed_records_viewed(
    *,
    acting_user: User,
    section: str,
    client_ids: Sequence[uuid.UUID],
    site: Site | None = None,
    via: str = "web",
) -> None:
    """A page or an answer that names clients (a site's board, its turnaways,
    holds, a client's stays) is in the audit log with the clients it showed.
    One event for a list; one per client for a client's own page."""
    ids = list(dict.fromkeys(client_ids))
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=site,
        client_id=ids[0] if len(ids) == 1 else None,
        detail={"via": via, "section": section, "clients": [str(c) for c in ids]},
    )
