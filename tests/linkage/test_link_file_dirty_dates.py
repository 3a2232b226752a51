"""Dates of birth that are not dates (``1955-11-92`` in FEBRL, ``1845-71-19``
in Splink's historical figures): ``parcours link-file`` links the file anyway,
compares them by the parts it can read, and lists them as warnings; only
``--strict`` refuses them. Messages follow the operator's locale."""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from parcours.core.cli import operator_language
from parcours.linkage.batch import link_records
from parcours.linkage.linkfile import MAX_REPORTED_ERRORS
from parcours.linkage.names import Level

ROOT = Path(__file__).resolve().parents[2]
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

GIVEN = ["Marie", "Jean", "Sophie", "Luc", "Julie", "Marc", "Nathalie", "Pierre", "Chantal", "Éric"]
FAMILY = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin"]


@pytest.fixture
def locale(monkeypatch):
    """Set the operator's locale: ``locale(LANG="fr_CA.UTF-8")``."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def set_locale(**variables: str) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return set_locale


@pytest.fixture(autouse=True)
def english(locale):
    locale(LANG="en_CA.UTF-8")


def people(n: int = 60, seed: int = 18) -> list[dict[str, str]]:
    """``n`` different people (names and valid dates of birth)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(
            {
                "record_id": f"p{i:03d}",
                "given_name": GIVEN[i % len(GIVEN)],
                "family_name": FAMILY[(i * 7 + i // len(GIVEN)) % len(FAMILY)],
                "date_of_birth": f"{rng.randint(1940, 2005)}-{rng.randint(2, 9):02d}-"
                f"{rng.randint(14, 19):02d}",
                "phone": f"514-555-{1000 + i}",
            }
        )
    return rows


def mistyped_month(date: str) -> str:
    """1955-07-19 → 1955-71-19 (two digits off: no such month, and more
    than one typo from the right date)."""
    year, month, day = date.split("-")
    return f"{year}-{month[1]}1-{day}"


def mistyped_day(date: str) -> str:
    """1955-11-19 → 1955-11-91 (FEBRL's kind)."""
    year, month, day = date.split("-")
    return f"{year}-{month}-{day[::-1]}"


def dirty_file(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A file of 60 people, 8 duplicates whose date of birth is not a date
    (lines 62 to 69), then 12 clean duplicates (the model learns from them
    how often two records are one person); the dirty duplicate pairs."""
    rows = people()
    duplicates = []
    for k, i in enumerate(range(0, 40, 5)):
        original = rows[i]
        date = original["date_of_birth"]
        duplicate = {
            **original,
            "record_id": f"d{k}",
            "date_of_birth": mistyped_month(date) if k % 2 == 0 else mistyped_day(date),
        }
        rows.append(duplicate)
        duplicates.append((original["record_id"], duplicate["record_id"]))
    rows += [{**rows[i], "record_id": f"c{i}"} for i in range(41, 53)]
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, duplicates


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(path: Path, tmp_path: Path, *args: str) -> tuple[Path, str, str]:
    output = tmp_path / "clusters.csv"
    out, err = io.StringIO(), io.StringIO()
    call_command("link-file", str(path), "--output", str(output), *args, stdout=out, stderr=err)
    return output, out.getvalue(), err.getvalue()


def test_a_file_with_impossible_dates_is_linked_and_its_duplicates_found(tmp_path):
    path, duplicates = dirty_file(tmp_path)
    output, out, _ = run(path, tmp_path)
    clusters = {row["record_id"]: row["cluster_id"] for row in read_rows(output)}
    assert len(clusters) == 80
    for original, duplicate in duplicates:
        assert clusters[original] == clusters[duplicate], (original, duplicate)
    assert "80 records, 60 clusters" in out


def test_impossible_dates_are_warnings_with_their_lines_on_standard_error(tmp_path):
    path, _ = dirty_file(tmp_path)
    _, _, err = run(path, tmp_path)
    lines = err.splitlines()
    assert lines[0].startswith("warning: 8 dates of birth are not dates written YYYY-MM-DD")
    assert "--strict" in lines[0]
    # The header is line 1, 60 people, then the duplicates from line 62.
    first = read_rows(path)[60]["date_of_birth"]
    assert lines[1] == f"  line 62: date_of_birth '{first}' is not a date written YYYY-MM-DD"
    assert len(lines) == 9


def test_only_the_first_warnings_are_listed_and_the_rest_counted(tmp_path):
    n = MAX_REPORTED_ERRORS + 5
    text = "record_id,date_of_birth\n" + "".join(f"{i},1980-02-30\n" for i in range(n))
    (tmp_path / "in.csv").write_text(text, encoding="utf-8")
    _, _, err = run(tmp_path / "in.csv", tmp_path)
    lines = err.splitlines()
    assert lines[0].startswith(f"warning: {n} dates of birth")
    assert lines[1] == "  line 2: date_of_birth '1980-02-30' is not a date written YYYY-MM-DD"
    assert lines[-1] == "  … and 5 more problems"
    assert len(lines) == 1 + MAX_REPORTED_ERRORS + 1


def test_the_scored_pairs_carry_the_warnings_of_their_records(tmp_path):
    path, duplicates = dirty_file(tmp_path)
    pairs = tmp_path / "pairs.csv"
    run(path, tmp_path, "--pairs", str(pairs))
    rows = read_rows(pairs)
    assert list(rows[0])[-1] == "warnings"
    by_pair = {frozenset((r["record_id_l"], r["record_id_r"])): r for r in rows}
    original, duplicate = duplicates[0]
    row = by_pair[frozenset((original, duplicate))]
    assert row["warnings"].startswith("line 62: date_of_birth '")
    assert row["date_of_birth_reason"] == "partial_date"
    clean = [r for r in rows if r["record_id_l"][0] == r["record_id_r"][0] == "p"]
    assert all(r["warnings"] == "" for r in clean)


def test_strict_refuses_impossible_dates_with_their_lines(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "record_id,date_of_birth\n1,1985-03-12\n2,1985-02-30\n3,12/03/1985\n4,unknown\n",
        encoding="utf-8",
    )
    output = tmp_path / "clusters.csv"
    with pytest.raises(CommandError) as error:
        call_command("link-file", str(path), "--output", str(output), "--strict")
    assert error.value.returncode == 2
    assert not output.exists()
    message = str(error.value)
    assert "line 3: date_of_birth '1985-02-30'" in message
    assert "line 4: date_of_birth '12/03/1985'" in message
    assert "line 5: date_of_birth 'unknown' is not a date written YYYY-MM-DD" in message
    assert "line 2" not in message


def test_an_unreadable_file_is_still_refused_whatever_its_dates(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "record_id,given_name,date_of_birth\n1,Marie,1955-11-92\n1,Paul,1985-03-12\n,Luc,\n",
        encoding="utf-8",
    )
    output = tmp_path / "clusters.csv"
    with pytest.raises(CommandError) as error:
        call_command("link-file", str(path), "--output", str(output))
    assert error.value.returncode == 2
    assert "line 3: duplicate record_id 1" in str(error.value)
    assert "line 4: empty record_id" in str(error.value)
    assert "1955-11-92" not in str(error.value)
    assert not output.exists()


# ---------------------------------------------------------------------------
# The engine's comparison of a date that is not one
# ---------------------------------------------------------------------------


def score(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Every pair of the given records (with 40 others so that the model trains)."""
    frame = pd.DataFrame(
        [
            *rows,
            *(
                (r["record_id"], r["given_name"], r["family_name"], r["date_of_birth"])
                for r in people(40, seed=7)
            ),
        ],
        columns=["record_id", "given_name", "family_name", "date_of_birth"],
    )
    return link_records(frame, pair_threshold=0.0, cluster_threshold=0.99).pairs


def level_of(pairs: pd.DataFrame, left: str, right: str) -> tuple[int, str]:
    row = pairs[
        ((pairs.record_id_l == left) & (pairs.record_id_r == right))
        | ((pairs.record_id_l == right) & (pairs.record_id_r == left))
    ].iloc[0]
    return int(row["date_of_birth_level"]), str(row["date_of_birth_reason"])


def test_an_impossible_date_never_fully_agrees_with_a_different_valid_date():
    pairs = score(
        [
            ("v1", "Anne", "Côté", "1980-02-03"),
            ("i1", "Anne", "Côté", "1980-02-30"),
            ("i2", "Anne", "Côté", "1980-13-05"),
            ("v2", "Anne", "Côté", "1980-05-13"),
            ("i3", "Anne", "Côté", "03/02/1980"),
            ("i4", "Anne", "Côté", "1845-71-19"),
            ("v3", "Anne", "Côté", "1845-07-19"),
            ("m1", "Anne", "Côté", "unknown"),
        ]
    )
    for invalid in ("i1", "i2", "i3", "i4"):
        for valid in ("v1", "v2", "v3"):
            level, reason = level_of(pairs, invalid, valid)
            assert level < Level.EXACT and reason != "exact", (invalid, valid, reason)
    # Its readable parts count.
    assert level_of(pairs, "i1", "v1") == (Level.CLOSE, "one_digit")
    assert level_of(pairs, "i2", "v2") == (Level.CLOSE, "swapped_day_month")
    assert level_of(pairs, "i3", "v1") == (Level.CLOSE, "partial_date")
    assert level_of(pairs, "i4", "v3") == (Level.CLOSE, "partial_date")
    assert level_of(pairs, "i4", "v1")[0] == Level.DIFFERENT
    # No digit at all: missing.
    assert level_of(pairs, "m1", "v1") == (Level.MISSING, "missing")


# ---------------------------------------------------------------------------
# The operator's language
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_CA.UTF-8"}, "fr"),
        ({"LANG": "en_CA.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_CA.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}, "fr"),
        ({"LANG": "fr_CA.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_CA.UTF-8", "LANGUAGE": "de:fr:en"}, "fr"),
        ({"LANG": "fr_CA.UTF-8", "LANGUAGE": "en_GB"}, "en"),
        ({"LANGUAGE": "", "LANG": "fr"}, "fr"),
    ],
)
def test_the_operator_language_comes_from_the_locale(variables, expected):
    assert operator_language(variables) == expected


def refusal(tmp_path: Path) -> str:
    path = tmp_path / "in.csv"
    path.write_text("record_id,given_name\n1,Marie\n,Luc\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("link-file", str(path), "--output", str(tmp_path / "out.csv"))
    return str(error.value)


def test_link_file_speaks_english_to_an_english_locale_whatever_the_site_language(tmp_path):
    with translation.override("fr"):
        assert refusal(tmp_path) == "line 3: empty record_id"
        path = tmp_path / "ok.csv"
        path.write_text("record_id,given_name\n1,Marie\n", encoding="utf-8")
        _, out, _ = run(path, tmp_path)
    assert "1 records, 1 clusters, 0 pairs" in out


def test_link_file_speaks_french_to_a_french_locale(tmp_path, locale):
    locale(LANG="fr_CA.UTF-8")
    assert refusal(tmp_path) == "ligne 3 : record_id vide"
    path = tmp_path / "ok.csv"
    path.write_text("record_id,given_name\n1,Marie\n", encoding="utf-8")
    _, out, _ = run(path, tmp_path)
    assert "1 dossiers, 1 regroupements, 0 paires" in out


def test_argument_errors_follow_the_locale_too(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("record_id\n1\n", encoding="utf-8")
    outputs = {}
    for lang in ("fr_CA.UTF-8", "en_CA.UTF-8"):
        env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "parcours",
                "link-file",
                str(path),
                "--output",
                str(tmp_path / "out.csv"),
                "--threshold",
                "2",
            ],
            cwd=ROOT,
            env={**env, "LANG": lang},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2
        outputs[lang] = done.stderr
    assert "2 n’est pas une probabilité entre 0 et 1" in outputs["fr_CA.UTF-8"]
    assert "2 is not a probability between 0 and 1" in outputs["en_CA.UTF-8"]


@pytest.mark.parametrize(("lang", "expected"), [("fr_CA.UTF-8", "fr"), ("en_CA.UTF-8", "en")])
def test_link_clients_runs_in_the_operator_language(monkeypatch, locale, lang, expected):
    seen = []

    def fake_run(**kwargs):
        seen.append(translation.get_language())
        return SimpleNamespace(records=3, pairs=1, queued=1, merged=0)

    monkeypatch.setattr(
        "parcours.linkage.management.commands.link_clients.linkage_run_registry", fake_run
    )
    locale(LANG=lang)
    out = io.StringIO()
    with translation.override("fr" if expected == "en" else "en"):
        call_command("link_clients", stdout=out)
    assert seen == [expected]
    if expected == "en":
        assert "3 records compared, 1 likely pairs, 1 new in the review queue" in out.getvalue()


def test_link_clients_refusals_are_in_english_for_an_english_locale():
    with pytest.raises(CommandError) as error:
        call_command("link_clients", review_threshold="often")
    assert error.value.returncode == 2
    assert "not a probability: 'often'" in str(error.value)
