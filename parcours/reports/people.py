"""One person, one count: which person each client record is.

Merged records share a ``PersonIdentity.person_key`` (the id of the person's
oldest record); an anonymous record linked to a named one (``linked_to``) is
the named record's person. Every figure of the reports counts person keys,
never client records, through ``person_keys``."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from typing import Any, TypeVar

from django.db.models import QuerySet

from parcours.clients.models import Client
from parcours.linkage.models import PersonIdentity

# Beyond this many ids, a query reads every row and the caller skips the
# others: a huge ``IN`` list (every client of a province) costs more to build,
# send and plan than the rows it saves.
IN_LIST_LIMIT = 2000

_Q = TypeVar("_Q", bound=QuerySet[Any])


def narrowed(rows: _Q, field: str, ids: Collection[Any]) -> _Q:
    """``rows`` whose ``field`` is one of ``ids``, or all of them when the ids
    are too many for an ``IN`` list (the caller then skips the others)."""
    if len(ids) > IN_LIST_LIMIT:
        return rows
    return rows.filter(**{f"{field}__in": list(ids)})


def person_keys(client_ids: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, uuid.UUID]:
    """Client id → person key, for the given clients (every client when
    None). A record alone is its own person. Two queries."""
    clients = Client.objects.all()
    asked = set(client_ids) if client_ids is not None else None
    if asked is not None:
        clients = narrowed(clients, "pk", asked)
    links: dict[uuid.UUID, uuid.UUID | None] = dict(clients.values_list("pk", "linked_to_id"))
    if asked is not None:
        links = {pk: to for pk, to in links.items() if pk in asked}
    identities = PersonIdentity.objects.all()
    if asked is not None:
        wanted = set(links) | {t for t in links.values() if t is not None}
        identities = narrowed(identities, "client_id", wanted)
    identity: dict[uuid.UUID, uuid.UUID] = dict(identities.values_list("client_id", "person_key"))
    result: dict[uuid.UUID, uuid.UUID] = {}
    for client_id, linked_to in links.items():
        record = linked_to if linked_to is not None else client_id
        result[client_id] = identity.get(record, record)
    return result
