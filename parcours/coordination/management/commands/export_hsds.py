from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from parcours.coordination.hsds import hsds_export


class Command(BaseCommand):
    help = (
        "Export the whole service directory as an Open Referral HSDS 3.0 tabular data "
        "package: organizations.csv, services.csv, locations.csv, service_at_location.csv, "
        "addresses.csv, phones.csv, languages.csv, schedules.csv, service_areas.csv, "
        "taxonomies.csv, taxonomy_terms.csv, attributes.csv (Parcours' own flags) and "
        "datapackage.json. The folder is created if needed; files of the same name are "
        "replaced. import_hsds reads the package back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the folder to write the package to")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = hsds_export(options["folder"])
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} row(s)")
        self.stdout.write(f"Wrote the package to {options['folder']}.")
