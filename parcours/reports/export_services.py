"""Writes of report exports: asking for one (queued for the worker), building
it (the task), downloading it (checked again and audited), deleting it, and
purging old ones.

An export holds client data: it is built with the asking user's permissions
as of the build (the selectors the page reads, so never a name the page would
not show), only that user downloads it, and the download checks again that
they may still read the report and still see every record it names."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.reports import export_formats, exports, tasks
from parcours.reports.export_selectors import export_get_for_user
from parcours.reports.models import ExportFormat, ExportStatus, ReportExport

logger = logging.getLogger(__name__)
SECTION = "report_export"


def keep_days() -> int:
    return int(getattr(settings, "REPORT_EXPORT_DAYS", 7))


def export_request(
    *,
    acting_user: User,
    report: str,
    query: Mapping[str, str],
    fmt: str,
    language: str,
) -> ReportExport:
    """Queue an export of ``report`` with the page's filters (``query``): the
    worker builds it (at once with the immediate backend). Refused (403) to a
    user who may not read the report; bad filters are a ValidationError and
    nothing is written."""
    spec = exports.REPORTS.get(report)
    if spec is None:
        raise ValidationError({"report": _("This report cannot be exported.")})
    spec.require(acting_user)
    if fmt not in ExportFormat.values:
        raise ValidationError({"fmt": _("Choose CSV, XLSX or PDF.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose French or English.")})
    params = exports.clean_params(spec, query, acting_user)
    with transaction.atomic():
        export = ReportExport(
            requested_by=acting_user,
            report=report,
            params=params,
            format=fmt,
            language=language,
            title=str(spec.label),
        )
        export.full_clean()
        export.save()
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=export,
            detail={
                "section": SECTION,
                "report": report,
                "format": fmt,
                "language": language,
                "params": params,
            },
        )
        transaction.on_commit(lambda: tasks.enqueue_export(export.pk))
    return export


def _progress(export_id: uuid.UUID) -> exports.Progress:
    reached = [0]

    def report(percent: int) -> None:
        percent = max(0, min(int(percent), 99))
        if percent > reached[0]:
            reached[0] = percent
            ReportExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
                progress=percent, updated_at=timezone.now()
            )

    return report


def _fail(export_id: uuid.UUID, message: str) -> None:
    ReportExport.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED,
        error=message[:1000],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def export_build(*, export_id: uuid.UUID) -> ReportExport | None:
    """Build a queued export (the task): the report's table with the asking
    user's permissions as of now, in the export's language, rendered to its
    format; progress is saved as it goes. A refusal or an error is recorded
    on the export (status *failed*, the message). Returns the export, None
    when it was deleted or already built."""
    started = ReportExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=1, updated_at=timezone.now()
    )
    if not started:
        return None
    export = ReportExport.objects.select_related("requested_by").get(pk=export_id)
    user = export.requested_by
    spec = exports.REPORTS.get(export.report)
    progress = _progress(export_id)
    try:
        if spec is None:
            raise ValidationError(_("This report cannot be exported."))
        with translation.override(export.language):
            table = exports.build_table(spec, user, dict(export.params), progress)
            now = timezone.now()
            content = export_formats.render(
                table,
                fmt=export.format,
                requested_by=user.full_name or user.get_username(),
                generated_at=timezone.localtime(now),
                language=export.language,
                progress=progress,
            )
            filename = export_formats.file_name(table, export.format, timezone.localdate(now))
    except PermissionDenied as exc:
        with translation.override(export.language):
            _fail(export_id, str(exc) or _("You may no longer read this report."))
    except ValidationError as exc:
        _fail(export_id, " ".join(exc.messages))
    except Exception as exc:
        logger.exception("Report export %s failed", export_id)
        with translation.override(export.language):
            _fail(
                export_id,
                _(
                    "The export could not be built (%(error)s). Try again, or tell your administrator."
                )
                % {"error": type(exc).__name__},
            )
    else:
        with transaction.atomic():
            done = ReportExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
                status=ExportStatus.DONE,
                progress=100,
                content=content,
                filename=filename,
                title=table.title[:200],
                rows=len(table.rows),
                shown_clients=table.shown,
                error="",
                finished_at=now,
                updated_at=now,
            )
            if done:
                audit_record(
                    action=AuditAction.UPDATE,
                    actor=user,
                    target=export,
                    detail={
                        "section": SECTION,
                        "report": export.report,
                        "format": export.format,
                        "status": ExportStatus.DONE,
                        "rows": len(table.rows),
                        "clients": table.shown.get(DataCategory.IDENTITY, []),
                    },
                )
    export.refresh_from_db()
    return export


def export_download(*, acting_user: User, export_id: uuid.UUID) -> ReportExport:
    """The file of one of the user's exports, checked again now: the user may
    still read the report and still sees every record it names (403
    otherwise: export it again); another user's export is a 404. The download
    is audited with the records it names."""
    export = export_get_for_user(acting_user, export_id)
    if export.status != ExportStatus.DONE or export.content is None or expired(export):
        raise Http404
    spec = exports.REPORTS.get(export.report)
    if spec is None:
        raise Http404
    spec.require(acting_user)
    if not exports.still_shown(acting_user, export.shown_clients):
        raise PermissionDenied(
            _(
                "Since this export was built, some of the persons it names are no longer "
                "shared with you. Export the report again."
            )
        )
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=export,
        detail={
            "section": SECTION,
            "via": "download",
            "report": export.report,
            "format": export.format,
            "clients": list(export.shown_clients.get(DataCategory.IDENTITY, [])),
        },
    )
    return export


def expired(export: ReportExport, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return export.created_at < now - dt.timedelta(days=keep_days())


def export_delete(*, acting_user: User, export_id: uuid.UUID) -> None:
    """Delete one of the user's exports (and its file)."""
    export = export_get_for_user(acting_user, export_id)
    with transaction.atomic():
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=export,
            detail={"section": SECTION, "deleted": True, "report": export.report},
        )
        export.delete()


def exports_purge(*, days: int | None = None) -> int:
    """Delete the exports asked for more than ``days`` (REPORT_EXPORT_DAYS)
    days ago, with their files. Returns how many."""
    days = keep_days() if days is None else days
    cutoff = timezone.now() - dt.timedelta(days=days)
    with transaction.atomic():
        count, _by_model = ReportExport.objects.filter(created_at__lt=cutoff).delete()
        if count:
            audit_record(
                action=AuditAction.UPDATE,
                actor_label="purge_exports",
                target_type="reports.reportexport",
                detail={"section": SECTION, "purged": count, "days": days},
            )
    return count
