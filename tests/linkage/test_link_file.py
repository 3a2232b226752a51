"""``parcours link-file INPUT.csv --output CLUSTERS.csv``: an operator links
a CSV export and gets a cluster for every record, or a clear refusal and no
output at all."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

GOOD = """\
record_id,source,given_name,middle_name,family_name,date_of_birth,gender,health_card_number,other_id,phone,email,street_address,city,postal_code,notes
r1,shelter,Jean-François,,Tremblay,1985-03-12,M,TREM 8503 1234,,514-555-1234,,12 rue Ontario,Montréal,H2X 1Y4,first visit
r2,hospital,Jean Francois,,TREMBLAY,1985-03-12,M,,A-1,(514) 555-1234,,,Montréal,,
r3,shelter,Louis,,Bouchard,1990-04-05,M,,,,,5 rue des Érables,Gatineau,,twin
r4,hospital,Louise,,Bouchard,1990-04-05,F,,,,,5 rue des Érables,Gatineau,,twin
r5,shelter,Amélie,,Lavoie,,F,,,,,,,,no birth date
"""


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The operator's locale is English (the command follows it, not the
    language active in the caller)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    with translation.override("en"):
        yield


def write(tmp_path: Path, text: str | bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def link(tmp_path: Path, text: str | bytes, *args: str) -> Path:
    output = tmp_path / "clusters.csv"
    call_command("link-file", str(write(tmp_path, text)), "--output", str(output), *args)
    return output


def refused(tmp_path: Path, text: str | bytes, *args: str) -> str:
    output = tmp_path / "clusters.csv"
    with pytest.raises(CommandError) as error:
        call_command("link-file", str(write(tmp_path, text)), "--output", str(output), *args)
    assert error.value.returncode == 2
    assert not output.exists()
    assert list(tmp_path.glob(".clusters.csv.*")) == []
    return str(error.value)


def test_operator_gets_a_cluster_for_every_record(tmp_path, capsys):
    output = link(tmp_path, GOOD)
    rows = read_rows(output)
    assert [row["record_id"] for row in rows] == ["r1", "r2", "r3", "r4", "r5"]
    assert list(rows[0]) == ["record_id", "cluster_id"]
    clusters = {row["record_id"]: row["cluster_id"] for row in rows}
    assert clusters["r1"] == clusters["r2"] == "r1"
    assert clusters["r3"] != clusters["r4"]
    assert "5 records, 4 clusters" in capsys.readouterr().out


def test_scored_pairs_are_written_on_request(tmp_path):
    pairs = tmp_path / "pairs.csv"
    link(tmp_path, GOOD, "--pairs", str(pairs))
    rows = read_rows(pairs)
    assert ("r1", "r2") in {(row["record_id_l"], row["record_id_r"]) for row in rows}
    first = next(row for row in rows if row["record_id_l"] == "r1")
    assert first["given_name_reason"] == "accents_case"
    assert float(first["match_probability"]) >= 0.99


def test_twins_are_written_apart_and_their_pair_is_marked(tmp_path):
    twins = (
        "record_id,given_name,family_name,date_of_birth,gender,phone\n"
        "t1,Mathieu,Roy,2001-10-10,M,819-555-0177\n"
        "t2,Nicolas,Roy,2001-10-10,M,819-555-0177\n"
        "t3,Mathieu,ROY,2001-10-10,,(819) 555-0177\n"
        "s1,Sophie,Cloutier,1993-08-21,F,\n"
    )
    pairs = tmp_path / "pairs.csv"
    output = link(tmp_path, twins, "--pairs", str(pairs), "--threshold", "0.5")
    clusters = {row["record_id"]: row["cluster_id"] for row in read_rows(output)}
    assert clusters["t1"] == clusters["t3"] != clusters["t2"]
    marked = {(r["record_id_l"], r["record_id_r"]): r["kept_apart"] for r in read_rows(pairs)}
    assert marked[("t1", "t3")] == "False"
    assert marked[("t1", "t2")] == "True"


def test_a_lower_threshold_is_accepted(tmp_path):
    output = link(tmp_path, GOOD, "--threshold", "0.6")
    assert len(read_rows(output)) == 5


@pytest.mark.parametrize("threshold", ["1.5", "-0.1", "often"])
def test_a_threshold_that_is_not_a_probability_is_refused(tmp_path, threshold):
    output = tmp_path / "clusters.csv"
    with pytest.raises(CommandError, match="probability"):
        call_command(
            "link-file",
            str(write(tmp_path, GOOD)),
            "--output",
            str(output),
            "--threshold",
            threshold,
        )
    assert not output.exists()


def test_only_record_id_is_needed_and_other_columns_are_ignored(tmp_path):
    output = link(tmp_path, "record_id,favourite_colour\n10,blue\n2,red\n")
    assert read_rows(output) == [
        {"record_id": "10", "cluster_id": "10"},
        {"record_id": "2", "cluster_id": "2"},
    ]


def test_a_header_only_file_gives_a_header_only_output(tmp_path):
    output = link(tmp_path, "record_id,given_name,family_name\n")
    assert output.read_text(encoding="utf-8") == "record_id,cluster_id\n"


def test_a_file_without_record_id_column_is_refused(tmp_path):
    message = refused(tmp_path, "id,given_name\n1,Marie\n")
    assert "record_id" in message
    assert "line 1" in message


def test_duplicate_and_empty_ids_are_refused_with_their_line_numbers(tmp_path):
    message = refused(
        tmp_path,
        "record_id,given_name\n1,Marie\n2,Paul\n1,Marie-Ève\n,Luc\n",
    )
    assert "line 4: duplicate record_id 1 (first on line 2)" in message
    assert "line 5: empty record_id" in message


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path):
    message = refused(tmp_path, b"record_id,given_name\n1,Marie\n2,H\xe9l\xe8ne\n")
    assert "line 3" in message
    assert "UTF-8" in message


def test_a_bad_date_is_refused_with_its_line_and_value_when_strict(tmp_path):
    message = refused(
        tmp_path,
        "record_id,date_of_birth\n1,1985-03-12\n2,1985-02-30\n3,12/03/1985\n",
        "--strict",
    )
    assert "line 3: date_of_birth '1985-02-30'" in message
    assert "line 4: date_of_birth '12/03/1985'" in message
    assert "line 2" not in message


def test_a_line_with_too_many_fields_is_refused(tmp_path):
    message = refused(tmp_path, "record_id,given_name\n1,Marie\n2,Paul,extra\n")
    assert "line 3" in message


def test_a_failed_run_leaves_an_existing_output_untouched(tmp_path):
    output = tmp_path / "clusters.csv"
    output.write_text("previous\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "link-file", str(write(tmp_path, "record_id\n1\n1\n")), "--output", str(output)
        )
    assert output.read_text(encoding="utf-8") == "previous\n"


def test_an_unreadable_input_is_refused(tmp_path):
    output = tmp_path / "clusters.csv"
    with pytest.raises(CommandError) as error:
        call_command("link-file", str(tmp_path / "missing.csv"), "--output", str(output))
    assert error.value.returncode == 2
    assert not output.exists()


def test_a_byte_order_mark_and_windows_line_endings_are_accepted(tmp_path):
    output = link(tmp_path, "\ufeffrecord_id,given_name\r\n1,Marie\r\n2,Paul\r\n".encode())
    assert [row["record_id"] for row in read_rows(output)] == ["1", "2"]
