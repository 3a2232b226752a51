"""Reads that name clients are audited: which clients a caseload or a
worklist showed, on the screens and through the API alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parcours.accounts.models import Program, Team, User
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction


def caseload_viewed(
    *, acting_user: User, program: Program, client_ids: Iterable[Any], via: str = "web"
) -> None:
    """A program's caseload was shown: the clients it named are audited."""
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=program,
        detail={"via": via, "section": "caseload", "clients": [str(c) for c in client_ids]},
    )


def worklist_viewed(
    *, acting_user: User, team: Team | None, client_ids: Iterable[Any], via: str = "web"
) -> None:
    """A worklist was shown: the team it was for and the clients it named are audited."""
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        detail={
            "via": via,
            "section": "worklist",
            "team": str(team.pk) if team else None,
            "clients": sorted({str(c) for c in client_ids}),
        },
    )
