from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.core.audit import Checkpoint, audit_verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit log's keyed hash chain from the first event to the last. Prints OK, "
        "or the first event that was changed, inserted or removed (exit status 1). With "
        "--checkpoint FILE (from `parcours audit_checkpoint`, repeatable), it also fails when "
        "the chain no longer reaches a checkpoint: its newest events were removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a checkpoint file kept outside the database (each of its lines is one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoints: list[Checkpoint] = []
        for name in options["checkpoint"]:
            try:
                lines = Path(name).read_text(encoding="utf-8").splitlines()
                checkpoints += [Checkpoint.from_json(line) for line in lines if line.strip()]
            except (OSError, ValueError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
        result = audit_verify_chain(checkpoints=checkpoints)
        if result.ok:
            reached = f" and reaches {len(checkpoints)} checkpoint(s)" if checkpoints else ""
            self.stdout.write(f"OK: {result.checked} audit events, chain intact{reached}.")
            return
        if result.reason == "checkpoint_mac":
            message = (
                f"BROKEN: the checkpoint of audit event #{result.broken_id} was not signed "
                "with this installation's audit chain key."
            )
        elif result.reason == "checkpoint":
            message = (
                f"BROKEN: the chain no longer reaches the checkpoint at audit event "
                f"#{result.broken_id}: events were removed or replaced; "
                f"{result.checked} events are intact."
            )
        else:
            message = (
                f"BROKEN at audit event #{result.broken_id} ({result.reason} does not match); "
                f"{result.checked} events before it are intact."
            )
        self.stdout.write(message)
        sys.exit(1)
