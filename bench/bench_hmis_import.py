"""How fast an HMIS CSV export's Services file comes in, against a plain COPY.

Builds an export of one organization, four projects, one person per ten
services, their enrollments and ``--rows`` services (100,000 by default;
the issue's figure is ``--rows 1000000``), then measures in the same run
and on the same database:

* baseline: the database's own bulk load of the same Services.csv into a
  table of text columns (``COPY … FROM STDIN`` on PostgreSQL; one
  ``executemany`` in a transaction on SQLite), no check at all;
* read and check: ``read_export`` + ``check_export`` of the whole export
  (every field typed, keys unique, every reference found);
* the import: ``hmis_import`` end to end (the above, then people,
  enrollments, a visit per service, the rows kept, the review queue).

Prints rows per second and each figure as a ratio against COPY. Use a
database of its own: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/
parcours_bench_hmis`` (created and migrated if missing, emptied first), or
SQLite in a temporary folder when DATABASE_URL is unset.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path


def _write_export(folder: Path, rows: int) -> None:
    """The export, written row by row (a million rows do not fit in dicts)."""
    from parcours.interop.hmis.sample import sample_tables, write_export
    from parcours.interop.hmis.spec import FILES

    people = max(rows // 10, 1)
    tables = sample_tables(people=people, seed=5, today=dt.date(2026, 6, 30))
    del tables["Services"]
    write_export(folder, tables)
    enrollments = [
        (str(e["EnrollmentID"]), str(e["PersonalID"]), e["EntryDate"]) for e in tables["Enrollment"]
    ]
    columns = FILES["Services"].columns
    with (folder / "Services.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for n in range(rows):
            enrollment, person, entry = enrollments[n % len(enrollments)]
            day = entry + dt.timedelta(days=n % 90)  # type: ignore[operator]
            values = {
                "ServicesID": f"S{n:08d}",
                "EnrollmentID": enrollment,
                "PersonalID": person,
                "DateProvided": day.isoformat(),
                "RecordType": "144",
                "TypeProvided": str(1 + n % 10),
                "DateCreated": "2026-06-30 09:00:00",
                "DateUpdated": "2026-06-30 09:00:00",
                "UserID": "U1",
                "ExportID": "E1",
            }
            writer.writerow([values.get(c, "") for c in columns])


def _copy_baseline(path: Path) -> float:
    from django.db import connection, transaction

    from parcours.interop.hmis.spec import FILES

    columns = FILES["Services"].columns
    table = "bench_services_copy"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TABLE {table} ({', '.join(f'c{i} text' for i in range(len(columns)))})"
        )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                path.open("rb") as handle,
                cursor.cursor.copy(
                    f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)"
                ) as copy,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
        else:
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                next(reader)
                marks = ", ".join("%s" for _ in columns)
                cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", list(reader))
    elapsed = time.perf_counter() - start
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
    return elapsed


def _fresh_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", "--no-input", verbosity=0)
        call_command("migrate", verbosity=0)  # the reference lists again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=int(os.environ.get("BENCH_HMIS_ROWS", "100000"))
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="parcours-bench-hmis-"))
    os.environ.setdefault("PARCOURS_DATA_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.db import connection

    from parcours.accounts.models import Organization, User
    from parcours.interop.hmis.reader import read_export
    from parcours.interop.hmis.validate import check_export
    from parcours.interop.services import hmis_import

    _fresh_database()
    folder = tmp / "export"
    folder.mkdir()
    _write_export(folder, args.rows)
    org = Organization.objects.create(
        name="Refuge du banc d'essai", kind="shelter", is_partner=True
    )
    admin = User.objects.create_user(
        "bench@refuge.example", None, organization=org, is_org_admin=True
    )

    copy = _copy_baseline(folder / "Services.csv")
    start = time.perf_counter()
    checked = check_export(read_export(folder))
    check = time.perf_counter() - start
    assert not checked.errors, checked.errors[:5]
    del checked
    start = time.perf_counter()
    run = hmis_import(path=folder, acting_user=admin, organization=org)
    whole = time.perf_counter() - start
    assert run.status == "imported", run.errors[:5]
    assert run.counts["Services"]["created"] == args.rows

    def rate(seconds: float) -> str:
        return f"{args.rows / seconds:>10,.0f} rows/s"

    print(f"HMIS import benchmark: {args.rows:,} Services rows, database {connection.vendor}")
    print(f"  baseline bulk load (no checks)  {rate(copy)}  1.00")
    print(f"  read and check the export       {rate(check)}  {check / copy:.2f}x baseline")
    print(f"  whole import (all files)        {rate(whole)}  {whole / copy:.2f}x baseline")


if __name__ == "__main__":
    main()
