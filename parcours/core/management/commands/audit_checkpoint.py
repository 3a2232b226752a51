from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from parcours.core.audit import audit_checkpoint


class Command(BaseCommand):
    help = (
        "Write the audit chain's head (event id, hash and a MAC under the audit chain key) as "
        "one JSON line, to standard output or appended to --output FILE. Keep these lines "
        "outside the database host; `parcours audit_verify --checkpoint FILE` then detects "
        "the removal of the newest events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", metavar="FILE", help="append the checkpoint line to this file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        line = audit_checkpoint().to_json()
        if options["output"]:
            with Path(options["output"]).open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        self.stdout.write(line)
