from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from parcours.core.audit import audit_verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain from the first event to the last. Prints OK, "
        "or the first event that was changed, inserted or removed (exit status 1)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify_chain()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} audit events, chain intact.")
            return
        self.stdout.write(
            f"BROKEN at audit event #{result.broken_id} ({result.reason} does not match); "
            f"{result.checked} events before it are intact."
        )
        sys.exit(1)
