"""Uploaded HMIS exports: kept until the worker imports them, with the
import's progress in a file the page reads."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.interop.models import HmisImport, ImportStatus
from parcours.interop.services import hmis_import
from parcours.interop.storage import UPLOAD_FOLDER, check_upload_size, progress_path


def hmis_import_queue(
    *,
    acting_user: User,
    upload: UploadedFile,
    into_own_organization: bool = True,
    dry_run: bool = False,
    partial: bool = False,
) -> HmisImport:
    """Keep an uploaded export (a .zip) and queue its import for the worker
    (``parcours db_worker``; at once under the immediate backend)."""
    access.require_hmis_importer(acting_user)
    name = Path(upload.name or "export.zip").name
    if not name.lower().endswith(".zip") or not zipfile.is_zipfile(upload):
        raise ValidationError(
            {"file": _("Upload the export as one .zip archive of its CSV files.")}
        )
    check_upload_size(upload)
    into_own_organization = into_own_organization or not acting_user.is_superuser
    if into_own_organization and acting_user.organization is None:
        raise ValidationError(
            _("A network administrator imports into the export's own organizations.")
        )
    run = HmisImport(
        file_name=name[:300],
        imported_by=acting_user,
        organization=acting_user.organization if into_own_organization else None,
        dry_run=dry_run,
        partial=partial,
        status=ImportStatus.QUEUED,
    )
    folder = Path(settings.DATA_DIR) / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{run.pk}.zip"
    upload.seek(0)
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    run.stored_file = f"{UPLOAD_FOLDER}/{stored.name}"
    with transaction.atomic():
        run.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=run,
            after={"file": run.file_name, "status": run.status},
        )
        transaction.on_commit(lambda: enqueue_hmis_import(run.pk))
    return run


def enqueue_hmis_import(import_id: uuid.UUID) -> None:
    from parcours.interop.tasks import run_hmis_import

    run_hmis_import.enqueue(str(import_id))


def hmis_import_run_queued(import_id: uuid.UUID) -> HmisImport:
    """Run a queued upload (the worker's task): its progress in a file the
    page reads (the import's transaction hides its own writes), the file
    deleted afterwards; a failure is recorded, nothing is half-imported."""
    run = HmisImport.objects.select_related("imported_by", "organization").get(pk=import_id)
    if run.status != ImportStatus.QUEUED:
        return run
    stored = Path(settings.DATA_DIR) / run.stored_file
    marker = progress_path(run)
    run.status = ImportStatus.RUNNING
    run.save(update_fields=["status", "updated_at"])

    def progress(file: str, done: int, total: int) -> None:
        if done == total or done % 200 == 0:
            marker.write_text(json.dumps({"file": file, "done": done, "total": total}))

    try:
        return hmis_import(
            path=stored,
            acting_user=run.imported_by,
            organization=run.organization,
            dry_run=run.dry_run,
            partial=run.partial,
            progress=progress,
            queued=run,
        )
    except Exception as exc:
        run.refresh_from_db()
        run.status = ImportStatus.FAILED
        run.failure = str(exc)[:2000] or exc.__class__.__name__
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "failure", "finished_at", "updated_at"])
        if not isinstance(exc, ValidationError | PermissionDenied):
            raise
        return run
    finally:
        stored.unlink(missing_ok=True)
        marker.unlink(missing_ok=True)
        HmisImport.objects.filter(pk=run.pk).update(stored_file="")
