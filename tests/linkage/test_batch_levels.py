"""The comparison levels of batch linkage, one pair of records at a time:
which level of a field two records fall in (first match wins), read with
DuckDB on the prepared records as Splink reads them."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from parcours.linkage.batch import prepare
from parcours.linkage.batch.comparisons import _LEVELS, _sql_for_dialect
from parcours.linkage.names import Level


def level_of(field: str, left: dict[str, str], right: dict[str, str]) -> tuple[Level, str]:
    """(Level, reason) of ``field`` for two records given as link-file columns."""
    prepared = prepare(pd.DataFrame([{"record_id": "a", **left}, {"record_id": "b", **right}]))
    null_sql, levels = _LEVELS[field]
    cases = [f"when {null_sql} then -1"]
    for index, spec in enumerate(levels):
        condition = "true" if spec.sql == "ELSE" else _sql_for_dialect(spec.sql, "duckdb")
        cases.append(f"when {condition} then {index}")
    columns = ", ".join(
        f"{side}.{name} as {name}_{side}" for name in prepared.columns for side in ("l", "r")
    )
    con = duckdb.connect()
    con.register("p", prepared)
    ((index,),) = con.execute(
        f"select (case {' '.join(cases)} end) from (select {columns} from p l, p r "
        "where l.record_id = 'a' and r.record_id = 'b')"
    ).fetchall()
    if index == -1:
        return Level.MISSING, "missing"
    return levels[index].level, levels[index].reason


def weight_is_fixed_at_zero(field: str, reason: str, level: Level) -> bool:
    _, levels = _LEVELS[field]
    return any(s.reason == reason and s.level == level and s.fixed_weight == 0.0 for s in levels)


# --- address: the city on its own ---------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ({"city": "London"}, {"city": "london"}, (Level.WEAK, "city")),
        ({"city": "London"}, {"city": "Leeds"}, (Level.DIFFERENT, "different")),
        ({"city": "London"}, {}, (Level.MISSING, "missing")),
        # A street still counts before the city.
        (
            {"street_address": "12 rue King", "city": "Sherbrooke"},
            {"street_address": "12 rue King", "city": "Sherbrooke"},
            (Level.EXACT, "exact"),
        ),
    ],
)
def test_the_city_is_compared_when_it_is_all_the_records_have(left, right, expected):
    assert level_of("address", left, right) == expected


# --- email ---------------------------------------------------------------------------------


def test_an_address_with_a_mistyped_domain_is_still_read():
    prepared = prepare(pd.DataFrame([{"record_id": "a", "email": "J.Leeo6@robeson.c8m"}]))
    assert prepared.loc[0, "email"] == "j.leeo6@robeson.c8m"
    assert prepared.loc[0, "email_local"] == "j.leeo6"
    assert prepared.loc[0, "email_digits"] == "6"
    for junk in ("none", "n/a", "@", "jean@"):
        assert prepare(pd.DataFrame([{"record_id": "a", "email": junk}])).loc[0, "email"] is None


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("grace.kelly52@jones.com", "grace.kelly52@jones.com", (Level.EXACT, "exact")),
        # The same name and digits before the @, another provider.
        ("evied56@harris-bailey.net", "evied56@gmail.com", (Level.CLOSE, "same_local_part")),
        # A typo, the digits the same.
        ("j.lee6@robeson.com", "j.leeo6@robeson.c8m", (Level.CLOSE, "typo")),
        ("roberta25@smith.net", "robeta25@smith.net", (Level.CLOSE, "typo")),
        # Alike, but made of names only, or with other digits: a namesake's
        # address looks the same.
        ("emilie.gagnon@gmail.com", "emile.gagnon@gmail.com", (Level.WEAK, "typo")),
        ("luc.berube30@gmail.com", "luc.berube1@hotmail.com", (Level.WEAK, "typo")),
        ("mark.campbell@outlook.com", "mark.campbell@hotmail.com", (Level.WEAK, "typo")),
        ("oliver.atkinson@moran.com", "ava.smith9@morgan.com", (Level.DIFFERENT, "different")),
    ],
)
def test_email_levels(left, right, expected):
    assert level_of("email", {"email": left}, {"email": right}) == expected


def test_an_email_alike_without_the_persons_digits_weighs_nothing():
    assert weight_is_fixed_at_zero("email", "typo", Level.WEAK)


# --- given name: English nicknames -----------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"), [("Willie", "William"), ("Wm", "Bill"), ("Wally", "Walter")]
)
def test_english_nicknames_are_compared_as_one_name(left, right):
    assert level_of("given_name", {"given_name": left}, {"given_name": right}) == (
        Level.CLOSE,
        "nickname",
    )
