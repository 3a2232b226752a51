"""Import an HMIS CSV FY2024 export into Parcours.

The whole export is read and checked first; unless the operator accepts
the valid rows (``partial``), one rejected row means nothing is written.
Everything is then written in one transaction: a crash, or a process killed
in the middle, leaves the database as it was. A dry run does all of it and
rolls back, so its report is exactly what the real import would say.

Each row is remembered by its source, file and own id (``HmisRecord``):
the same export imported again changes nothing; a later export of the same
source updates what changed (the writer: ``interop.writer``). New people are
registered, never merged: the ones that look like someone already in the
registry go to the coordinators' review queue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import Organization, Program, User
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.interop.hmis.errors import RowError
from parcours.interop.hmis.reader import ExportUnreadable, read_export
from parcours.interop.hmis.spec import FILES, ORDER
from parcours.interop.hmis.validate import Checked, check_export
from parcours.interop.models import HmisImport, HmisRecord, HmisSource, ImportStatus
from parcours.interop.writer import (
    MAPPED,
    HmisWriter,
    Progress,
)
from parcours.linkage.services import linkage_queue_new_clients, linkage_run_registry_later


def _owners(
    checked: Checked, orgs: dict[str, Organization], programs: dict[str, Program]
) -> dict[str, Organization]:
    """Each new person belongs to the organization of their earliest enrollment."""
    owner: dict[str, Organization] = {}
    enrollments = sorted(
        checked.accepted.get("Enrollment", {}).values(), key=lambda p: p.values["EntryDate"]
    )
    for parsed in enrollments:
        program = programs.get(parsed.values["ProjectID"])
        if program is not None:
            owner.setdefault(parsed.values["PersonalID"], program.organization)
    return owner


def _known(source: HmisSource | None) -> tuple[dict[str, set[str]], dict[str, dt.date]]:
    known: dict[str, set[str]] = {}
    entries: dict[str, dt.date] = {}
    if source is None:
        return known, entries
    for file, source_key, data in HmisRecord.objects.filter(source=source).values_list(
        "file", "source_key", "data"
    ):
        known.setdefault(file, set()).add(source_key)
        if file == "Enrollment" and data.get("EntryDate"):
            entries[source_key] = dt.date.fromisoformat(str(data["EntryDate"])[:10])
    return known, entries


def hmis_import(
    *,
    path: Path | str,
    acting_user: User,
    organization: Organization | None = None,
    source_name: str | None = None,
    dry_run: bool = False,
    partial: bool = False,
    progress: Progress | None = None,
    queued: HmisImport | None = None,
) -> HmisImport:
    """Import the export at ``path`` (a folder or a .zip) on behalf of
    ``acting_user`` (who must be allowed to import); all of its organizations
    become ``organization`` when one is given. Returns the import, saved with
    its counts and its report, whatever the outcome; ``queued`` is the
    import an upload recorded, filled in instead of a new one."""
    access.require_hmis_importer(acting_user)
    # An organization's administrator imports into their own organization; a
    # network administrator into any, or into the export's organizations.
    if not acting_user.is_superuser:
        own = acting_user.organization
        if organization is not None and organization != own:
            raise PermissionDenied(_("An administrator imports into their own organization only."))
        organization = own
    path = Path(path)
    try:
        export = read_export(path)
    except ExportUnreadable as exc:
        raise ValidationError(
            _("%(path)s is neither a folder nor a .zip archive of HMIS CSV files.")
            % {"path": path.name}
        ) from exc
    pre = _source_name_of(export)
    name = (source_name or pre or path.stem).strip()[:200]
    source = HmisSource.objects.filter(name=name).first()
    known, entries = _known(source)
    checked = check_export(export, known, entries)
    run = queued or HmisImport(file_name=path.name[:300])
    run.source_name = name
    run.imported_by = acting_user
    run.organization = organization
    run.dry_run, run.partial = dry_run, partial
    run.errors = [e.as_json() for e in sorted(checked.errors, key=_error_order)]
    run.ignored_files = export.ignored
    read = {n: len(f.rows) for n, f in export.files.items()}
    if checked.errors and not partial:
        run.status = ImportStatus.REJECTED
        run.counts = {n: {"read": read.get(n, 0)} for n in read}
        _rejected_counts(run, checked)
        run.finished_at = timezone.now()
        run.save()
        return run
    with transaction.atomic():
        source = source or HmisSource.objects.create(name=name)
        run.source = source
        run.save()
        writer = HmisWriter(
            run=run,
            source=source,
            acting_user=acting_user,
            organization=organization,
            progress=progress,
        )
        writer.total = sum(len(rows) for rows in checked.accepted.values())
        orgs = writer.organizations(checked.accepted.get("Organization", {}))
        programs = writer.projects(checked.accepted.get("Project", {}), orgs)
        clients = writer.clients(
            checked.accepted.get("Client", {}), _owners(checked, orgs, programs)
        )
        writer.enrollments(
            checked.accepted.get("Enrollment", {}),
            checked.accepted.get("Exit", {}),
            programs,
            clients,
        )
        writer.history(
            checked.accepted.get("Services", {}),
            checked.accepted.get("CurrentLivingSituation", {}),
        )
        for file in ("Assessment", "Event"):
            writer.coordinated_entry(file, checked.accepted.get(file, {}))
        for file in ORDER:
            if file not in MAPPED and file != "Export":
                writer.rows_as_they_came(file, checked.accepted.get(file, {}))
        writer.rows_as_they_came("Export", checked.accepted.get("Export", {}))
        writer.deleted(checked)
        writer.flush()
        writer.audit()
        if len(writer.new_clients) > settings.HMIS_IMPORT_SCORE_LIMIT:
            # Many new people: the batch engine scores the registry after
            # the import commits (the worker), rather than one by one.
            run.linkage_deferred = True
            linkage_run_registry_later()
        else:
            run.queued_for_review = linkage_queue_new_clients(writer.new_clients)
        for file, n in read.items():
            writer.counts.setdefault(file, {})["read"] = n
        run.counts = writer.counts
        _rejected_counts(run, checked)
        run.status = (
            ImportStatus.DRY_RUN
            if dry_run
            else ImportStatus.PARTIAL
            if checked.errors
            else ImportStatus.IMPORTED
        )
        run.finished_at = timezone.now()
        if dry_run:
            transaction.set_rollback(True)
        else:
            run.save()
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=run,
                after={"status": run.status, "counts": run.counts},
            )
    if dry_run:
        # The rollback took the import's row (or its last state) with it.
        run.source = HmisSource.objects.filter(name=name).first()
        run._state.adding = queued is None
        run.save(force_insert=queued is None)
    return run


def _source_name_of(export: Any) -> str:
    for row in export.rows("Export"):
        name = row.values.get("SourceID") or row.values.get("SourceName")
        if name:
            return str(name)
    return ""


def _error_order(error: RowError) -> tuple[int, int, str]:
    files = [FILES[n].filename for n in ORDER]
    position = files.index(error.file) if error.file in files else len(files)
    return position, error.line, error.column


def _rejected_counts(run: HmisImport, checked: Checked) -> None:
    lines: dict[str, set[int]] = {}
    for error in checked.errors:
        lines.setdefault(error.file.removesuffix(".csv"), set()).add(error.line)
    for file, rejected in lines.items():
        run.counts.setdefault(file, {})["rejected"] = len(rejected)
