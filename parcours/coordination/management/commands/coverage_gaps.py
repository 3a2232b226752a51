"""``parcours coverage_gaps [--program ID] [--days 14] [--start DATE]``: print
each program's coverage gaps (date, from–to on the site's clock) against its
coverage standard. Exits 0 whether or not there are gaps (for a daily cron:
mail its output to the coordinators)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parcours.coordination.selectors import roster as selectors


class Command(BaseCommand):
    help = (
        "Print the periods each program's coverage standard requires that no shift "
        "covers (nor on call, where on call counts), for the next days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", help="the id of one program (default: every program)")
        parser.add_argument(
            "--days",
            type=int,
            default=selectors.ROSTER_DAYS,
            help="how many days to check (default: 14, at most 31)",
        )
        parser.add_argument(
            "--start", help="the first day, YYYY-MM-DD (default: today in the site's time zone)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if not 1 <= days <= selectors.MAX_ROSTER_DAYS:
            raise CommandError(f"--days must be between 1 and {selectors.MAX_ROSTER_DAYS}.")
        start = timezone.localdate()
        if options.get("start"):
            try:
                start = dt.date.fromisoformat(options["start"])
            except ValueError as exc:
                raise CommandError("--start must be a date in the form YYYY-MM-DD.") from exc
        program_id = None
        if options.get("program"):
            try:
                program_id = uuid.UUID(options["program"])
            except ValueError as exc:
                raise CommandError("--program must be a program id (a UUID).") from exc
        programs = selectors.programs_for_gap_check(program_id)
        if program_id is not None and not programs:
            raise CommandError(f"No active program with the id {program_id}.")
        counts = selectors.gap_counts(programs, start, days)
        total = 0
        for program in programs:
            gaps = selectors.program_roster(program, start, days).gaps if counts[program.pk] else []
            total += len(gaps)
            self.stdout.write(
                f"{program.name} ({program.organization.name}) [{program.pk}]: {len(gaps)} gap(s)"
            )
            for gap in gaps:
                end = "24:00" if gap.ends_at.date() != gap.day else gap.ends_at.strftime("%H:%M")
                self.stdout.write(
                    f"  {gap.day.isoformat()} {gap.starts_at.strftime('%H:%M')}–{end}"
                )
        last = start + dt.timedelta(days=days - 1)
        self.stdout.write(
            f"Coverage gaps from {start.isoformat()} to {last.isoformat()}: "
            f"{total} in {len(programs)} program(s)."
        )
