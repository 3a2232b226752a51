"""Reads of data exchange, through the access policy: the imports a user
may follow, one import with its report, its progress while it runs."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from parcours import access
from parcours.accounts.models import User
from parcours.interop.client_list import CheckedRow, check_rows
from parcours.interop.hmis.errors import RowError
from parcours.interop.hmis.spec import ORDER
from parcours.interop.models import ClientListImport, HmisImport
from parcours.interop.storage import progress_path
from parcours.linkage.selectors import Candidate, candidates_for, record_from_input

COUNT_KINDS = ("read", "created", "updated", "unchanged", "deleted", "skipped_deleted", "rejected")


def imports_for(user: User) -> QuerySet[HmisImport]:
    return (
        access.hmis_imports_visible_to(user)
        .select_related("imported_by", "organization")
        .order_by("-created_at")
    )


def import_get_for_user(user: User, import_id: uuid.UUID) -> HmisImport:
    run = imports_for(user).filter(pk=import_id).first()
    if run is None:
        raise Http404
    return run


@dataclass(frozen=True)
class Progress:
    file: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


def import_progress(run: HmisImport) -> Progress | None:
    """Where a running import is (rows written out of rows to write)."""
    if run.status != "running":
        return None
    try:
        data = json.loads(progress_path(run).read_text())
        return Progress(str(data["file"]), int(data["done"]), int(data["total"]))
    except (OSError, ValueError, KeyError):
        return None


def count_rows(run: HmisImport) -> list[tuple[str, list[int]]]:
    """Per file in the specification's order (files with nothing left out):
    its counts in the order of ``COUNT_KINDS``."""
    rows = []
    for file in ORDER:
        counts = run.counts.get(file, {})
        if any(counts.values()):
            rows.append((f"{file}.csv", [int(counts.get(kind, 0)) for kind in COUNT_KINDS]))
    return rows


def report_errors(run: HmisImport) -> list[RowError]:
    return [RowError.from_json(e) for e in run.errors]


def client_lists_for(user: User) -> QuerySet[ClientListImport]:
    return access.client_lists_visible_to(user).select_related("uploaded_by")


def client_list_get_for_user(user: User, list_id: uuid.UUID) -> ClientListImport:
    run = client_lists_for(user).filter(pk=list_id).first()
    if run is None:
        raise Http404
    return run


@dataclass
class PreviewRow:
    checked: CheckedRow
    # Records of the registry that may be this person: the user sees the
    # name of those they may see, a hint for the others.
    candidates: list[Candidate]


def client_list_checked(run: ClientListImport) -> list[CheckedRow]:
    return check_rows(run.rows, run.mapping, run.date_format)


def client_list_preview(user: User, rows: list[CheckedRow]) -> list[PreviewRow]:
    """The rows of one page with the likely records already in the registry."""
    preview = []
    for row in rows:
        v = row.values
        candidates: list[Candidate] = []
        if row.ok:
            record = record_from_input(v["given_name"], v["family_name"], v["date_of_birth"])
            candidates = [c for c in candidates_for(user, record) if c.match.probability >= 0.5]
        preview.append(PreviewRow(checked=row, candidates=candidates[:3]))
    return preview
