"""A bad export is refused with a report a coordinator can act on: every
rejected line with its file, line, column and reason, in their language;
nothing is written unless they accept the valid rows."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.interop.hmis.errors import RowError
from parcours.interop.hmis.reader import read_export
from parcours.interop.hmis.sample import Tables, export_bytes, write_export
from parcours.interop.hmis.spec import FILES
from parcours.interop.hmis.validate import check_export
from parcours.interop.models import HmisImport, HmisRecord, ImportStatus
from parcours.interop.services import hmis_import
from tests.conftest import Network

pytestmark = pytest.mark.django_db


def _spoil(tables: Tables) -> Tables:
    """Five kinds of mistakes, at known lines (line 1 is the header)."""
    clients = tables["Client"]
    clients[1]["DOB"] = "1985-13-01"  # Client.csv line 3
    clients[2]["DOBDataQuality"] = "7"  # line 4
    clients.append(dict(clients[0]))  # a duplicate PersonalID, last line
    enrollments = tables["Enrollment"]
    enrollments[0]["ProjectID"] = "P-NOWHERE"  # Enrollment.csv line 2
    enrollments[1]["EntryDate"] = ""  # line 3
    return tables


def _report(run: HmisImport) -> list[tuple[str, int, str, str]]:
    return [(e["file"], e["line"], e["column"], e["code"]) for e in run.errors]


def test_every_bad_row_is_reported_and_nothing_is_written(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    last = len(tables["Client"]) + 2
    spoiled = _spoil(tables)
    bad_people = {spoiled["Client"][1]["PersonalID"], spoiled["Client"][2]["PersonalID"]}
    bad_stays = {e["EnrollmentID"] for e in spoiled["Enrollment"][:2]} | {
        e["EnrollmentID"] for e in spoiled["Enrollment"] if e["PersonalID"] in bad_people
    }
    dependants = {
        name: [n + 2 for n, row in enumerate(spoiled[name]) if row.get("EnrollmentID") in bad_stays]
        for name in ("Enrollment", "Exit", "Services", "CurrentLivingSituation")
    }
    clients_before = Client.objects.count()

    run = hmis_import(path=write_export(tmp_path / "bad", spoiled), acting_user=network.alice_admin)

    assert run.status == ImportStatus.REJECTED
    report = _report(run)
    assert report[:3] == [
        ("Client.csv", 3, "DOB", "not_a_date"),
        ("Client.csv", 4, "DOBDataQuality", "unknown_code"),
        ("Client.csv", last, "PersonalID", "duplicate_key"),
    ]
    assert ("Enrollment.csv", 2, "ProjectID", "dangling") in report
    assert ("Enrollment.csv", 3, "EntryDate", "required") in report
    assert all(
        code == "rejected_parent"
        for f, line, _c, code in report
        if f == "Enrollment.csv" and line > 3
    )
    # The rows that point to a rejected enrollment are rejected with it.
    for name, lines in dependants.items():
        rejected = sorted({line for f, line, _c, _code in report if f == f"{name}.csv"})
        assert rejected == lines, name
    assert Client.objects.count() == clients_before
    assert not Enrollment.objects.exists()
    assert not HmisRecord.objects.exists()
    assert HmisImport.objects.get().status == ImportStatus.REJECTED


def test_the_report_speaks_the_readers_language() -> None:
    error = RowError("Client.csv", 3, "DOB", "not_a_date", {"value": "1985-13-01"})
    with translation.override("fr"):
        assert error.message() == "« 1985-13-01 » n'est pas une date (AAAA-MM-JJ)."
    with translation.override("en"):
        assert error.message() == "“1985-13-01” is not a date (YYYY-MM-DD)."


def test_partial_imports_the_valid_rows_and_reports_the_others(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    people = len(tables["Client"])
    run = hmis_import(
        path=write_export(tmp_path / "bad", _spoil(tables)),
        acting_user=network.alice_admin,
        partial=True,
    )
    assert run.status == ImportStatus.PARTIAL
    assert run.counts["Client"]["created"] == people - 2
    assert run.counts["Client"]["rejected"] == 3
    assert HmisRecord.objects.filter(file="Client").count() == people - 2


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(
    network: Network, export_dir: Path
) -> None:
    run = hmis_import(path=export_dir, acting_user=network.alice_admin, dry_run=True)

    assert run.status == ImportStatus.DRY_RUN
    assert run.counts["Client"]["created"] == 12
    assert not Client.objects.exists()
    assert not Enrollment.objects.exists()
    assert not HmisRecord.objects.exists()
    assert HmisImport.objects.get().status == ImportStatus.DRY_RUN


def test_an_exit_before_its_entry_and_a_second_exit_are_refused(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    out = tables["Exit"][0]
    entry = next(e for e in tables["Enrollment"] if e["EnrollmentID"] == out["EnrollmentID"])
    tables["Exit"].append({**out, "ExitID": "X-AGAIN"})
    out["ExitDate"] = entry["EntryDate"] - dt.timedelta(days=1)  # type: ignore[operator]
    run = hmis_import(path=write_export(tmp_path / "x", tables), acting_user=network.alice_admin)
    assert [(e["line"], e["code"]) for e in run.errors] == [
        (2, "ends_before_start"),
        (len(tables["Exit"]) + 1, "exit_twice"),
    ] or [(e["line"], e["code"]) for e in run.errors] == [(2, "ends_before_start")]


def test_an_empty_file_and_a_missing_column(network: Network, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "Export.csv").write_bytes(b"")
    (folder / "Client.csv").write_bytes(b"PersonalID,FirstName\r\nC1,Ann\r\n")
    (folder / "notes.txt").write_bytes(b"hello")
    export = read_export(folder)
    assert export.ignored == ["notes.txt"]
    assert export.rows("Export") == []
    assert [(e.file, e.line, e.code) for e in export.errors] == [
        ("Client.csv", 1, "missing_columns")
    ]


def test_the_command_prints_the_report_and_fails_in_french(
    network: Network, tables: Tables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr_CA")
    path = write_export(tmp_path / "bad", _spoil(tables))
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_hmis_csv", str(path), "--user", network.alice_admin.email, stdout=out)
    assert raised.value.returncode == 1
    assert "Rien n'a été importé" in str(raised.value)
    text = out.getvalue()
    assert "Client.csv:3 DOB: « 1985-13-01 » n'est pas une date (AAAA-MM-JJ)." in text
    assert not Client.objects.exists()


def test_the_command_imports_and_says_what_it_did(
    network: Network, export_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    out = io.StringIO()
    call_command(
        "import_hmis_csv", str(export_dir), "--user", network.alice_admin.email, stdout=out
    )
    text = out.getvalue()
    assert "Import ANCIEN-HMIS: Imported" in text
    assert "Client.csv: read 12, new 12" in text


def test_the_command_refuses_an_unknown_user(network: Network, export_dir: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("import_hmis_csv", str(export_dir), "--user", "nobody@example.org")
    assert raised.value.returncode == 2


_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "1", "99", "2024-02-30", "2024-01-01", "x", "C1", "P-ES", '"', ","]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_cell, min_size=0, max_size=8), min_size=0, max_size=6),
    name=st.sampled_from(["Client", "Enrollment", "Exit", "Project", "Services"]),
    garbage=st.binary(max_size=40),
)
def test_no_row_crashes_the_reader_or_the_checks(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], name: str, garbage: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    spec = FILES[name]
    header = export_bytes(name, [])
    body = "".join(",".join(f'"{c}"' if "," in c else c for c in row) + "\r\n" for row in rows)
    (folder / spec.filename).write_bytes(header + body.encode("utf-8", "replace") + garbage)
    checked = check_export(read_export(folder))
    for error in checked.errors:
        assert error.message()
