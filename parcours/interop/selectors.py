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
from parcours.interop.hmis.errors import RowError
from parcours.interop.hmis.spec import ORDER
from parcours.interop.models import HmisImport
from parcours.interop.storage import progress_path

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
