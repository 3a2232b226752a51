"""``parcours referral_reminders``: tell both sides of each referral whose
answer date has passed with no answer. Run it daily (cron); each referral is
reminded once, so running it twice is harmless."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.coordination.services.referrals import referral_reminders


class Command(BaseCommand):
    help = (
        "Notify the receiving program and the referring worker of each referral still "
        "waiting for an answer after its answer date (once per referral). Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="the day to check as today, YYYY-MM-DD (default: today in the site's time zone)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be a date in the form YYYY-MM-DD.") from exc
        count = referral_reminders(today)
        self.stdout.write(f"Referral reminders: {count} overdue referrals newly reminded.")
