"""Writing and verifying the tamper-evident audit log.

``audit_record`` is called by services inside their transaction, so an audit
event exists exactly when the change it describes was committed.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
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
    if isinstance(value, dt.date | dt.datetime | dt.time):
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
    # No savepoint: an event that cannot be written fails the caller's
    # transaction with it (nothing is done unaudited), one round trip fewer.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # A statement of its own: the head is read after the lock is held,
            # in a snapshot that sees the event the last holder wrote.
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


def audit_record_many(events: list[dict[str, Any]], *, actor: Any = None) -> int:
    """Append many events by one actor at once (an import: one per person
    written), chained in the order given: one lock, one read of the head,
    one insert per batch. Each item takes ``audit_record``'s keywords but
    ``actor``. Returns how many were written."""
    if not events:
        return 0
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    actor_label = actor.get_username() if actor is not None else ""
    organization_id = getattr(actor, "organization_id", None)
    ctx = context.current()
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        previous = (
            AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
            or GENESIS_HASH
        )
        now = timezone.now()
        rows = []
        for item in events:
            target = item.get("target")
            event = AuditEvent(
                occurred_at=now,
                actor=actor,
                actor_label=(item.get("actor_label") or actor_label)[:254],
                organization_id=organization_id,
                ip_address=_normalise_ip(ctx.ip_address if ctx else None),
                request_id=ctx.request_id if ctx else "",
                action=str(item["action"]),
                target_type=item.get("target_type")
                or (target._meta.label_lower if target is not None else ""),
                target_id=item.get("target_id") or (str(target.pk) if target is not None else ""),
                client_id=item.get("client_id"),
                before=item.get("before"),
                after=item.get("after"),
                detail=item.get("detail") or {},
                previous_hash=previous,
            )
            event.hash = event.compute_hash()
            previous = event.hash
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_id: int | None = None
    # "previous_hash", "hash", "checkpoint" (the chain no longer reaches a
    # checkpoint: its newest rows were removed) or "checkpoint_mac" (the
    # checkpoint was not made with this installation's key).
    reason: str = ""


@dataclass(frozen=True)
class Checkpoint:
    """The head of the chain at one moment, signed with the chain's key: kept
    by the operator outside the database, it proves how far the chain reached."""

    id: int
    hash: str
    mac: str
    taken_at: str = ""

    @staticmethod
    def mac_of(event_id: int, event_hash: str) -> str:
        message = f"parcours-audit-checkpoint:{event_id}:{event_hash}".encode()
        return hmac.new(settings.AUDIT_CHAIN_KEY.encode("utf-8"), message, "sha256").hexdigest()

    @property
    def signed(self) -> bool:
        return hmac.compare_digest(self.mac, self.mac_of(self.id, self.hash))

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.id, "hash": self.hash, "mac": self.mac, "taken_at": self.taken_at},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """A checkpoint from the line ``audit_checkpoint`` wrote (ValueError when it is not one)."""
        try:
            data = json.loads(text)
            return cls(
                id=int(data["id"]),
                hash=str(data["hash"]),
                mac=str(data["mac"]),
                taken_at=str(data.get("taken_at", "")),
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not an audit checkpoint: {exc}") from exc


def audit_checkpoint() -> Checkpoint:
    """The chain's head now (id 0 and the genesis hash when the log is empty)."""
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    event_id, event_hash = head if head else (0, GENESIS_HASH)
    return Checkpoint(
        id=event_id,
        hash=event_hash,
        mac=Checkpoint.mac_of(event_id, event_hash),
        taken_at=timezone.now().isoformat(),
    )


def audit_verify_chain(
    batch_size: int = 2000, checkpoints: Iterable[Checkpoint] = ()
) -> ChainCheck:
    """Walk the whole chain in order; report the first row that does not fit,
    or the first checkpoint the chain no longer reaches."""
    expected = {c.id: c for c in checkpoints}
    for checkpoint in expected.values():
        if not checkpoint.signed:
            return ChainCheck(False, 0, checkpoint.id, "checkpoint_mac")
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    keyed_seen = False
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.previous_hash != previous:
                return ChainCheck(False, checked, event.id, "previous_hash")
            if hmac.compare_digest(event.hash, event.compute_hash()):
                keyed_seen = True
            elif keyed_seen or event.hash != event.compute_legacy_hash():
                return ChainCheck(False, checked, event.id, "hash")
            reached = expected.pop(event.id, None)
            if reached is not None and reached.hash != event.hash:
                return ChainCheck(False, checked, event.id, "checkpoint")
            previous = event.hash
            checked += 1
            last_id = event.id
    for checkpoint in sorted(expected.values(), key=lambda c: c.id):
        if not (checkpoint.id == 0 and checkpoint.hash == GENESIS_HASH):
            return ChainCheck(False, checked, checkpoint.id, "checkpoint")
    return ChainCheck(True, checked)
