from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.core.cli import OperatorLanguageCommand
from parcours.interop.hmis.errors import RowError
from parcours.interop.hmis.spec import ORDER
from parcours.interop.management.lookup import operator_and_organization
from parcours.interop.models import HmisImport, ImportStatus
from parcours.interop.services import hmis_import


def write_report(run: HmisImport, out: Any) -> None:
    """The counts per file, then every rejected line: file, line, column, reason."""
    out.write(
        _("Import %(source)s: %(status)s")
        % {"source": run.source_name, "status": run.get_status_display()}
    )
    labels = {
        "read": _("read"),
        "created": _("new"),
        "updated": _("updated"),
        "unchanged": _("unchanged"),
        "deleted": _("deleted at the source"),
        "skipped_deleted": _("deleted rows skipped"),
        "rejected": _("rejected"),
    }
    for file in ORDER:
        counts = run.counts.get(file, {})
        if not any(counts.values()):
            continue
        parts = ", ".join(f"{labels[k]} {counts[k]}" for k in labels if counts.get(k))
        out.write(f"  {file}.csv: {parts}")
    if run.queued_for_review:
        out.write(
            ngettext(
                "%(count)s possible duplicate is waiting in the review queue.",
                "%(count)s possible duplicates are waiting in the review queue.",
                run.queued_for_review,
            )
            % {"count": run.queued_for_review}
        )
    if run.linkage_deferred:
        out.write(
            _(
                "Many new people: batch linkage looks for their possible duplicates in the "
                "worker (parcours db_worker), or run parcours link_clients."
            )
        )
    for name in run.ignored_files:
        out.write(_("Not an HMIS CSV file, not read: %(name)s") % {"name": name})
    for data in run.errors:
        error = RowError.from_json(data)
        where = f"{error.file}:{error.line}" + (f" {error.column}" if error.column else "")
        out.write(f"{where}: {error.message()}")


class Command(OperatorLanguageCommand):
    help = (
        "Import an HMIS CSV FY2024 export (a folder or a .zip): organizations, projects "
        "(as programs), clients, enrollments and exits become Parcours records; the rows of "
        "the other files are kept as they came. Every rejected row is reported with its "
        "file, line, column and reason; nothing is written unless every row is valid "
        "(--partial accepts the valid rows). Importing the same export again changes "
        "nothing; a later export of the same source updates what changed. New people go "
        "through identity resolution (the review queue), never merged blindly. Messages "
        "follow LANGUAGE, LC_ALL, LC_MESSAGES, LANG (French or English)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the export: a folder of CSV files or a .zip")
        parser.add_argument(
            "--user",
            required=True,
            help="email of the administrator the import is recorded for",
        )
        parser.add_argument(
            "--organization",
            default=None,
            help="put everything in this existing organization (by name) instead of "
            "the export's organizations",
        )
        parser.add_argument(
            "--source",
            default=None,
            help="name of the source system (default: the Export file's SourceID)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--partial", action="store_true", help="import the valid rows, report the others"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user, organization = operator_and_organization(options)
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(_("%(path)s: no such file or folder") % {"path": path}, returncode=2)
        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(file=sys.stderr, unit=_("rows"), leave=False)

        def progress(file: str, done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.set_description(file)
                bar.update(done - bar.n)

        try:
            run = hmis_import(
                path=path,
                acting_user=user,
                organization=organization,
                source_name=options["source"],
                dry_run=options["dry_run"],
                partial=options["partial"],
                progress=progress,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from exc
        finally:
            if bar is not None:
                bar.close()
        write_report(run, self.stdout)
        if run.status == ImportStatus.REJECTED:
            raise CommandError(
                _("Nothing was imported: %(count)s errors. Correct the export, or use --partial.")
                % {"count": len(run.errors)},
                returncode=1,
            )
