from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from parcours.core.cli import OperatorLanguageCommand
from parcours.interop.hmis.spec import ORDER
from parcours.interop.hmis_export import hmis_export
from parcours.interop.management.lookup import operator_and_organization


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}, returncode=2
        ) from exc


class Command(OperatorLanguageCommand):
    help = (
        "Write an HMIS CSV FY2024 export (every file of the specification) of an "
        "organization's enrollments that overlap the period, with their people, exits, "
        "programs and the rows earlier imports kept (services, living situations...). "
        "Only the people the user may see are written; the reading is audited. Messages "
        "follow LANGUAGE, LC_ALL, LC_MESSAGES, LANG (French or English)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="a folder to write the CSV files in, or a .zip file")
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--user", required=True, help="email of the administrator the export is made by"
        )
        parser.add_argument(
            "--organization",
            default=None,
            help="the organization to export (a network administrator; default: the user's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        user, organization = operator_and_organization(options)
        target = Path(options["target"])
        if not target.parent.is_dir():
            raise CommandError(
                _("%(path)s: no such file or folder") % {"path": target.parent}, returncode=2
            )
        try:
            result = hmis_export(
                target=target,
                acting_user=user,
                start=start,
                end=end,
                organization=organization,
                as_zip=target.suffix.lower() == ".zip",
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from exc
        for name in ORDER:
            if result.counts.get(name):
                self.stdout.write(f"{name}.csv: {result.counts[name]}")
        self.stdout.write(_("Written: %(path)s") % {"path": result.path})
