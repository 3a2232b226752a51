from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.coordination.hsds import REQUIRED_FILES, hsds_import


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS 3.0 tabular data package (a folder of CSV files: "
        f"{', '.join(REQUIRED_FILES)}, and optionally addresses, phones, languages, "
        "schedules, service_areas, taxonomies, taxonomy_terms and attributes) into the "
        "service directory. Every file and row is checked first; each problem is printed as "
        "file:line: message and, if there is one, nothing is written (exit status 2). "
        "Rows whose id is already in the directory are updated, so a re-import is harmless. "
        "Parcours' own flags (type of support, area, mainstream program, response days, "
        "partner, program, shelter site) are read from attributes.csv "
        "(see docs/coordination/directory.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the folder holding the package's CSV files")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the package and report what would change, without writing anything",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder}: not a folder.", returncode=2)
        result = hsds_import(folder, dry_run=options["dry_run"])
        if not result.ok:
            for line in result.errors:
                self.stderr.write(line)
            raise CommandError(
                f"{len(result.errors)} problem(s) found: nothing was imported.", returncode=2
            )
        created, updated = (
            ("would create", "would update") if result.dry_run else ("created", "updated")
        )
        for name, count in result.created.items():
            self.stdout.write(
                f"{name}: {created} {count}, {updated} {result.updated.get(name, 0)}."
            )
        if result.dry_run:
            self.stdout.write("Dry run: nothing was written.")
