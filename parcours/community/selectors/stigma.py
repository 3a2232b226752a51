"""Reading stigma incidents through the policy (``access.community``): a
client's incidents for the organization that recorded them, and the
network's **de-identified** counts for its coordinators.

The counts never let a client be recognised: a cell is shown only when at
least ``MIN_PEOPLE`` different people are behind it (one person, one count:
merged records and an anonymous record linked to a named one are one person);
providers with fewer people than that are counted together as "Other
providers"; and where a row or a column would show its total beside a single
hidden cell, a second cell is hidden too, so that no hidden cell can be
worked out by subtraction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet, UUIDField
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess, client_access_for
from parcours.access.community import (
    stigma_incidents_counted_for,
    stigma_incidents_of,
    stigma_incidents_visible_to,
)
from parcours.accounts.models import User
from parcours.community.models import ProviderKind, StigmaGround, StigmaIncident

MIN_PEOPLE = 5
OTHER_PROVIDERS = "__other__"


def client_stigma_incidents(client_access: ClientAccess) -> QuerySet[StigmaIncident]:
    """The client's incidents the user's organization recorded, newest first."""
    return (
        stigma_incidents_of(client_access)
        .select_related("organization", "recorded_by")
        .prefetch_related("grounds")
    )


def stigma_incident_get(user: User, incident_id: uuid.UUID) -> tuple[StigmaIncident, ClientAccess]:
    """An incident the user may see, with the access to its client (404 otherwise)."""
    incident = (
        stigma_incidents_visible_to(user)
        .select_related("client", "organization")
        .prefetch_related("grounds")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise Http404
    return incident, client_access_for(user, incident.client)


# --- The de-identified report ---------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """Incidents counted in a cell, and how many people they concern; ``None``
    when the cell is hidden (fewer than ``MIN_PEOPLE`` people, or hidden so
    that another cannot be worked out)."""

    incidents: int | None
    people: int

    @property
    def hidden(self) -> bool:
        return self.incidents is None


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class CountTable:
    """Rows (providers, or kinds of service) × grounds."""

    columns: list[str]
    rows: list[Row]
    column_totals: list[Cell]
    total: Cell


@dataclass(frozen=True)
class StigmaReport:
    since: dt.date | None
    until: dt.date | None
    by_provider: CountTable
    by_kind: CountTable
    min_people: int = MIN_PEOPLE


@dataclass(frozen=True)
class _Fact:
    incident: uuid.UUID
    person: uuid.UUID
    provider: str
    provider_name: str
    kind: str
    ground: str


def _facts(user: User, since: dt.date | None, until: dt.date | None) -> list[_Fact]:
    incidents = stigma_incidents_counted_for(user)
    if since is not None:
        incidents = incidents.filter(occurred_on__gte=since)
    if until is not None:
        incidents = incidents.filter(occurred_on__lte=until)
    # One person, one count: the person's key through merges and links.
    person = Coalesce(
        F("client__linked_to__person_identity__person_key"),
        F("client__linked_to_id"),
        F("client__person_identity__person_key"),
        F("client_id"),
        output_field=UUIDField(),
    )
    rows = incidents.annotate(person=person).values_list(
        "pk", "person", "provider_key", "provider_name", "provider_kind", "grounds__ground"
    )
    return [
        _Fact(pk, person_key, key, name, kind, ground or "")
        for pk, person_key, key, name, kind, ground in rows
    ]


def _cell(facts: Iterable[_Fact]) -> Cell:
    facts = list(facts)
    people = len({f.person for f in facts})
    incidents = len({f.incident for f in facts})
    return Cell(incidents if people >= MIN_PEOPLE or people == 0 else None, people)


def _hide(cell: Cell) -> Cell:
    return Cell(None, cell.people)


def _protect(matrix: list[list[Cell]]) -> None:
    """Complementary suppression on the table with its totals (the last row
    and column): a line whose total is shown never has one hidden cell alone,
    since it could be worked out from the others; hide the smallest shown
    non-empty cell beside it (or, if there is none, the total), until no line
    has. The totals row and column are lines too, of the grand total."""
    rows, columns = len(matrix) - 1, len(matrix[0]) - 1
    lines = [([(r, c) for c in range(columns)], (r, columns)) for r in range(rows + 1)]
    lines += [([(r, c) for r in range(rows)], (rows, c)) for c in range(columns + 1)]
    changed = True
    while changed:
        changed = False
        for cells, (tr, tc) in lines:
            if matrix[tr][tc].hidden:
                continue
            hidden = [rc for rc in cells if matrix[rc[0]][rc[1]].hidden]
            if len(hidden) != 1:
                continue
            shown = [
                rc
                for rc in cells
                if not matrix[rc[0]][rc[1]].hidden and matrix[rc[0]][rc[1]].people
            ]
            r, c = (
                min(shown, key=lambda rc: (matrix[rc[0]][rc[1]].people, rc)) if shown else (tr, tc)
            )
            matrix[r][c] = _hide(matrix[r][c])
            changed = True


def _table(facts: list[_Fact], key_of: Any, label_of: dict[str, str], other: str) -> CountTable:
    grounds = list(StigmaGround.values)
    by_row: dict[str, list[_Fact]] = defaultdict(list)
    for fact in facts:
        by_row[key_of(fact)].append(fact)
    # Rows with fewer people than the threshold are counted together.
    merged: dict[str, list[_Fact]] = defaultdict(list)
    for key, row_facts in by_row.items():
        people = len({f.person for f in row_facts})
        merged[key if people >= MIN_PEOPLE else OTHER_PROVIDERS].extend(row_facts)
    keys = sorted(
        (k for k in merged if k != OTHER_PROVIDERS),
        key=lambda k: (-len({f.incident for f in merged[k]}), label_of.get(k, k)),
    )
    if OTHER_PROVIDERS in merged:
        keys.append(OTHER_PROVIDERS)
    matrix = [
        [*(_cell(f for f in merged[k] if f.ground == g) for g in grounds), _cell(merged[k])]
        for k in keys
    ]
    matrix.append([*(_cell(f for f in facts if f.ground == g) for g in grounds), _cell(facts)])
    _protect(matrix)
    labels = dict(StigmaGround.choices)
    rows = [
        Row(k, other if k == OTHER_PROVIDERS else label_of.get(k, k), matrix[i][:-1], matrix[i][-1])
        for i, k in enumerate(keys)
    ]
    totals = matrix[-1]
    return CountTable([str(labels[g]) for g in grounds], rows, totals[:-1], totals[-1])


def _care_in(name: str) -> tuple[bool, int]:
    """How carefully a name is written: mixed case, then accented letters."""
    return (name not in (name.lower(), name.upper()), sum(not c.isascii() for c in name))


def stigma_report(
    user: User, *, since: dt.date | None = None, until: dt.date | None = None
) -> StigmaReport:
    """Incidents of every partner, by provider and by kind of service, per
    ground; empty for a user who may not see the report."""
    facts = _facts(user, since, until)
    names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fact in facts:
        names[fact.provider][fact.provider_name] += 1
    # A provider is named as most of its incidents write it; between as many,
    # as written with capitals and accents rather than all in one case.
    provider_labels = {
        key: max(spellings, key=lambda name: (spellings[name], _care_in(name), name))
        for key, spellings in names.items()
    }
    kind_labels = {k: str(v) for k, v in ProviderKind.choices}
    return StigmaReport(
        since,
        until,
        by_provider=_table(
            facts,
            lambda f: f.provider,
            provider_labels,
            _("Other providers (fewer than %(n)d people each)") % {"n": MIN_PEOPLE},
        ),
        by_kind=_table(
            facts,
            lambda f: f.kind,
            kind_labels,
            _("Other kinds of service (fewer than %(n)d people each)") % {"n": MIN_PEOPLE},
        ),
    )


__all__ = [
    "MIN_PEOPLE",
    "Cell",
    "CountTable",
    "Row",
    "StigmaReport",
    "client_stigma_incidents",
    "stigma_incident_get",
    "stigma_report",
]
