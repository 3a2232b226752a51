"""``parcours discharge_reminders``: tell the client's workers when an
expected discharge date has passed without a recorded discharge. Run it
daily (cron); each stay is reminded once, so running it twice is harmless."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parcours.coordination.services.institutions import discharge_reminders_send


class Command(BaseCommand):
    help = (
        "Notify the workers of each client whose expected discharge date from an "
        "institution has passed without a recorded discharge (once per stay). Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="the day to check as today, YYYY-MM-DD (default: today in the site's time zone)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be a date in the form YYYY-MM-DD.") from exc
        run = discharge_reminders_send(today=today)
        self.stdout.write(
            f"Discharge reminders: {run.stays} overdue stays, {run.notifications} notifications."
        )
