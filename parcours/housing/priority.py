"""Who comes first for a home: the coordinated-access priority of clients.

Matching reads it through ONE function, ``priorities(client_ids, on)``. The
default (``default_priorities``) puts clients in chronic homelessness first,
then those with the most homeless days in the past three years
(``parcours.beds.homelessness.chronic_statuses``: a few queries for any
number of clients). The setting ``HOUSING_PRIORITY_PROVIDER`` (a dotted path
to a function with the same signature) replaces it — the by-name list's
prioritization plugs in there, and matching does not change."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.beds.homelessness import chronic_statuses


@dataclass(frozen=True)
class Priority:
    """A client's place in the queue: ``key`` sorts ascending (first = most
    urgent); ``reasons`` say why, translated."""

    key: tuple[int | float | str, ...]
    reasons: list[str] = field(default_factory=list)


PriorityProvider = Callable[[Iterable[uuid.UUID], dt.date], dict[uuid.UUID, Priority]]

# Someone the provider knows nothing of comes last.
LAST = Priority(key=(9, 0))


def default_priorities(client_ids: Iterable[uuid.UUID], on: dt.date) -> dict[uuid.UUID, Priority]:
    """Chronic status first, then the homeless days of the past three years."""
    result: dict[uuid.UUID, Priority] = {}
    for client_id, status in chronic_statuses(client_ids, on=on).items():
        days = status.days_past_three_years
        reasons = []
        if status.is_chronic:
            reasons.append(_("Chronically homeless"))
        reasons.append(
            ngettext(
                "%(days)s homeless day in the past 3 years",
                "%(days)s homeless days in the past 3 years",
                days,
            )
            % {"days": days}
        )
        result[client_id] = Priority(key=(0 if status.is_chronic else 1, -days), reasons=reasons)
    return result


def priorities(client_ids: Iterable[uuid.UUID], on: dt.date) -> dict[uuid.UUID, Priority]:
    """The priority of each client on ``on``, from the configured provider;
    every client asked for is in the answer."""
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return {}
    provider: PriorityProvider = import_string(settings.HOUSING_PRIORITY_PROVIDER)
    found = provider(ids, on)
    return {client_id: found.get(client_id, LAST) for client_id in ids}


__all__ = ["LAST", "Priority", "PriorityProvider", "default_priorities", "priorities"]
