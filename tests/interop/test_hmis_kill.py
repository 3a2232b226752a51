"""A process killed in the middle of an import leaves the database as it
was: the import is one transaction (SIGKILL, no chance to clean up)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from parcours.interop.hmis.sample import sample_tables, write_export

SETUP = """
from parcours.accounts.models import Organization, User
org = Organization.objects.create(name="Refuge du test", kind="shelter", is_partner=True)
User.objects.create_user("admin@refuge.example", "pw-not-used-123", organization=org,
                         is_org_admin=True)
"""


def _writing(database: Path) -> bool:
    """Another process holds the write lock (it is inside its transaction)."""
    connection = sqlite3.connect(database, timeout=0)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()
    return False


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_killed_import_leaves_nothing_half_imported(tmp_path: Path) -> None:
    database = tmp_path / "parcours.sqlite3"
    env = {
        **os.environ,
        "PARCOURS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
        "LANGUAGE": "en",
    }
    run = [sys.executable, "-m", "parcours"]
    subprocess.run([*run, "migrate", "--no-input"], env=env, check=True, capture_output=True)
    subprocess.run([*run, "shell", "-c", SETUP], env=env, check=True, capture_output=True)
    export = write_export(tmp_path / "big", sample_tables(people=1200, seed=3))
    before = _count(database, "clients_client")

    importer = subprocess.Popen(
        [*run, "import_hmis_csv", str(export), "--user", "admin@refuge.example"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not _writing(database):
        assert importer.poll() is None, "the import ended before it was seen writing"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(1.0)  # well inside the writing
    assert importer.poll() is None, "the import ended before it could be killed"
    importer.send_signal(signal.SIGKILL)
    assert importer.wait() == -signal.SIGKILL

    assert _count(database, "clients_client") == before
    assert _count(database, "casework_enrollment") == 0
    assert _count(database, "interop_hmisrecord") == 0
    assert _count(database, "interop_hmisimport") == 0
    assert _count(database, "interop_hmissource") == 0
