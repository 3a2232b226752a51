"""One person, one count: which person each client record is.

Merged records share a ``PersonIdentity.person_key`` (the id of the person's
oldest record); an anonymous record linked to a named one (``linked_to``) is
the named record's person. Every figure of the reports counts person keys,
never client records, through ``person_keys``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from parcours.clients.models import Client
from parcours.linkage.models import PersonIdentity


def person_keys(client_ids: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, uuid.UUID]:
    """Client id → person key, for the given clients (every client when
    None). A record alone is its own person. Two queries."""
    clients = Client.objects.all()
    if client_ids is not None:
        clients = clients.filter(pk__in=list(client_ids))
    links: dict[uuid.UUID, uuid.UUID | None] = dict(clients.values_list("pk", "linked_to_id"))
    identities = PersonIdentity.objects.all()
    if client_ids is not None:
        wanted = set(links) | {t for t in links.values() if t is not None}
        identities = identities.filter(client_id__in=wanted)
    identity: dict[uuid.UUID, uuid.UUID] = dict(identities.values_list("client_id", "person_key"))
    result: dict[uuid.UUID, uuid.UUID] = {}
    for client_id, linked_to in links.items():
        record = linked_to if linked_to is not None else client_id
        result[client_id] = identity.get(record, record)
    return result
