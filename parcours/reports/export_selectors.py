"""Reads of report exports: a staff member sees their own exports only
(anybody else's is a 404, like a record they may not know exists)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from parcours.accounts.models import User
from parcours.reports.models import ExportStatus, ReportExport

# The list never reads the files themselves.
LIST_FIELDS = (
    "id",
    "created_at",
    "report",
    "format",
    "language",
    "status",
    "progress",
    "title",
    "rows",
    "filename",
    "error",
    "finished_at",
    "requested_by_id",
)


def exports_of(user: User) -> QuerySet[ReportExport]:
    """The user's exports, newest first, without their files."""
    return (
        ReportExport.objects.filter(requested_by=user)
        .only(*LIST_FIELDS)
        .order_by("-created_at", "-id")
    )


def export_get_for_user(user: User, export_id: uuid.UUID) -> ReportExport:
    """One of the user's exports (404 for anybody else's)."""
    export = ReportExport.objects.filter(pk=export_id, requested_by=user).first()
    if export is None:
        raise Http404
    return export


def any_in_progress(exports: list[ReportExport]) -> bool:
    return any(e.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) for e in exports)
