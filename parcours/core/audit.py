"""Writing and verifying the tamper-evident audit log.

``audit_record`` is called by services inside their transaction, so an audit
event exists exactly when the change it describes was committed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from parcours.core import context
from parcours.core.models import AuditAction, AuditEvent

GENESIS_HASH = "0" * 64
# Any fixed number: the PostgreSQL advisory lock that serialises writers of
# the chain, so two transactions never link to the same previous row.
_CHAIN_LOCK_KEY = 727_001


def _normalise_ip(ip: str | None) -> str | None:
    if not ip:
        return None
    if ":" in ip:
        try:
            return clean_ipv6_address(ip)
        except Exception:
            return None
    return ip


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def audit_snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON values, for an event's before/after."""
    return {f: _jsonable(getattr(obj, f)) for f in fields}


def audit_record(
    *,
    action: AuditAction | str,
    actor: Any = None,
    actor_label: str = "",
    organization: Any = None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    client_id: uuid.UUID | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain (inside the caller's transaction)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if actor is not None:
        actor_label = actor_label or actor.get_username()
        if organization is None:
            organization = getattr(actor, "organization", None)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    ctx = context.current()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor=actor,
            actor_label=actor_label[:254],
            organization=organization,
            ip_address=_normalise_ip(ctx.ip_address if ctx else None),
            request_id=ctx.request_id if ctx else "",
            action=str(action),
            target_type=target_type,
            target_id=target_id,
            client_id=client_id,
            before=before,
            after=after,
            detail=detail or {},
            previous_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def audit_verify_chain(batch_size: int = 2000) -> ChainCheck:
    """Walk the whole chain in order; report the first row that does not fit."""
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.previous_hash != previous:
                return ChainCheck(False, checked, event.id, "previous_hash")
            if event.compute_hash() != event.hash:
                return ChainCheck(False, checked, event.id, "hash")
            previous = event.hash
            checked += 1
            last_id = event.id
    return ChainCheck(True, checked)
