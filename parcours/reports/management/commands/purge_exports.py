"""``parcours purge_exports [--days N]``: delete the report exports asked for
more than N days ago (REPORT_EXPORT_DAYS, 7 by default), with their files.
Run it daily (cron, a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.reports.export_services import exports_purge, keep_days


class Command(BaseCommand):
    help = "Delete report exports older than REPORT_EXPORT_DAYS days (or --days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep exports this many days.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = keep_days() if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        count = exports_purge(days=days)
        self.stdout.write(f"Deleted {count} export(s) older than {days} days.")
