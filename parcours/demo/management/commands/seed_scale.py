from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from parcours.demo.scale import ScaleRefused, seed_scale


def _advance(bar: tqdm[Any], clients: int) -> None:
    bar.update(clients)


class Command(BaseCommand):
    help = (
        "Generate a network at scale for benchmarks: a few partner organizations, shelters "
        "and housing, and CLIENTS client records with their history over the last MONTHS "
        "months (hub visits with SERVICES services in all, shelter stays, street contacts, "
        "encounters, tenancies, merged and linked records, families). Deterministic for a "
        "seed; written with COPY on PostgreSQL. Refuses a database that already holds "
        "clients (or a scale network) unless --force. Not demo data: use a database of "
        "its own."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clients", type=int, default=100_000, help="client records (default 100000)"
        )
        parser.add_argument(
            "--services",
            type=int,
            default=5_000_000,
            help="services given at hub visits, in all (default 5000000; about 2.5 a visit)",
        )
        parser.add_argument("--months", type=int, default=24, help="months of history (default 24)")
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="write even though the database already holds clients or a scale network",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar, even on a terminal"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        clients, services, months = options["clients"], options["services"], options["months"]
        if clients < 1 or services < 0 or months < 1:
            raise CommandError("--clients and --months must be at least 1, --services at least 0.")
        show = not options["no_progress"] and sys.stderr.isatty()
        with tqdm(total=clients, unit="client", disable=not show) as bar:
            try:
                result = seed_scale(
                    clients=clients,
                    services=services,
                    months=months,
                    seed=options["seed"],
                    force=options["force"],
                    progress=lambda n: _advance(bar, n),
                )
            except ScaleRefused:
                raise CommandError(
                    "This database already holds clients or a scale network: seed_scale "
                    "writes into a database of its own. Use --force to write anyway."
                ) from None
        self.stdout.write(result.summary())
