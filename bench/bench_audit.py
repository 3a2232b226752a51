"""What the tamper-evident audit chain costs.

Measures, in the same run and on the same fresh database:

* baseline: inserting a plain row of the same size (``Organization``);
* ``audit_record``: appending a hash-chained audit event (it reads the last
  hash and computes SHA-256 over the canonical row);
* ``audit_verify_chain``: re-checking every event;
* ``audit_record`` from three threads at once (three gunicorn workers
  auditing the pages they serve): the chain is one line, so its writers
  take turns (PostgreSQL: an advisory lock; SQLite: the write lock) — the
  figure says how many audited pages a second that turn allows, against
  the pages a second two cores can serve (``bench_desk.py``: 30–40).

Prints each figure as a ratio against the baseline, so the numbers mean the
same on any machine. Run with ``make bench`` (uses SQLite in a temporary
folder unless DATABASE_URL is set).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

N = int(os.environ.get("BENCH_AUDIT_EVENTS", "3000"))
WRITERS = 3


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="parcours-bench-")
    os.environ.setdefault("PARCOURS_DATA_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from parcours.accounts.models import Organization
    from parcours.core.audit import audit_record, audit_verify_chain
    from parcours.core.models import AuditAction, AuditEvent

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    def plain_inserts() -> None:
        for i in range(N):
            with transaction.atomic():
                Organization.objects.create(name=f"Bench {i}", kind="other")

    def audited_inserts() -> None:
        for i in range(N):
            audit_record(
                action=AuditAction.CREATE, actor_label=f"bench{i}@example.org", after={"i": i}
            )

    def audited_at_once(writers: int = WRITERS) -> None:
        def work(first: int) -> None:
            try:
                for i in range(first, N, writers):
                    audit_record(
                        action=AuditAction.VIEW, actor_label=f"bench{i}@example.org", after={"i": i}
                    )
            finally:
                django.db.connection.close()  # this thread's own connection

        threads = [threading.Thread(target=work, args=(k,)) for k in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    baseline = timed(plain_inserts)
    audited = timed(audited_inserts)
    verify = timed(audit_verify_chain)
    at_once = timed(audited_at_once)
    assert AuditEvent.objects.count() >= 2 * N

    print(f"audit chain benchmark, {N} rows each, database: {django.db.connection.vendor}")
    print(f"  baseline plain insert          1.00  ({baseline / N * 1e6:.0f} µs/row)")
    print(f"  audit_record (hash chained)    {audited / baseline:.2f}x baseline")
    print(f"  audit_verify_chain (per row)   {verify / baseline:.2f}x baseline")
    print(
        f"  audit_record, {WRITERS} writers at once  {at_once / baseline:.2f}x baseline"
        f"  ({N / at_once:,.0f} audited events/s in all)"
    )


if __name__ == "__main__":
    main()
