"""The comparison levels of batch linkage, one pair of records at a time:
which level of a field two records fall in (first match wins), read with
DuckDB on the prepared records as Splink reads them."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import pytest

from parcours.linkage.batch import prepare
from parcours.linkage.batch.comparisons import _LEVELS, _level_sql, _sql_for_dialect
from parcours.linkage.names import Level


def evaluate(sql: str, left: dict[str, str], right: dict[str, str]) -> Any:
    """``sql`` (comparison SQL, ``_l``/``_r`` columns) for two records given
    as link-file columns."""
    prepared = prepare(pd.DataFrame([{"record_id": "a", **left}, {"record_id": "b", **right}]))
    columns = ", ".join(
        f"{side}.{name} as {name}_{side}" for name in prepared.columns for side in ("l", "r")
    )
    con = duckdb.connect()
    con.register("p", prepared)
    ((value,),) = con.execute(
        f"select {_sql_for_dialect(sql, 'duckdb')} from (select {columns} from p l, p r "
        "where l.record_id = 'a' and r.record_id = 'b')"
    ).fetchall()
    return value


def level_of(field: str, left: dict[str, str], right: dict[str, str]) -> tuple[Level, str]:
    """(Level, reason) of ``field`` for two records given as link-file columns."""
    null_sql, levels = _LEVELS[field]
    cases = [f"when {null_sql} then -1"]
    for index, spec in enumerate(levels):
        condition = "true" if spec.sql == "ELSE" else spec.sql
        cases.append(f"when {condition} then {index}")
    index = evaluate(f"(case {' '.join(cases)} end)", left, right)
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
        ({"city": "London"}, {"city": "Lonon"}, (Level.WEAK, "typo")),
        ({"city": "Portsmouth"}, {"city": "Pootsmruth"}, (Level.WEAK, "typo")),
        ({"city": "London"}, {}, (Level.MISSING, "missing")),
        # The same postal area (Canadian FSA, British district and sector).
        ({"postal_code": "K2J 9N0"}, {"postal_code": "K2J 4B1"}, (Level.WEAK, "postal_area")),
        ({"postal_code": "TQ13 8DF"}, {"postal_code": "tq13 8hu"}, (Level.WEAK, "postal_area")),
        ({"postal_code": "TQ13 8DF"}, {"postal_code": "TQ12 8DF"}, (Level.DIFFERENT, "different")),
        # Too short to have an area (FEBRL's four digits).
        ({"postal_code": "2612"}, {"postal_code": "2615"}, (Level.DIFFERENT, "different")),
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
    ("left", "right"),
    [
        ("Willie", "William"),
        ("Wm", "Bill"),
        ("Wally", "Walter"),
        ("Artie", "Arthur"),
        ("Herbie", "Herbert"),
        ("Edmond", "Edmund"),
    ],
)
def test_english_nicknames_are_compared_as_one_name(left, right):
    assert level_of("given_name", {"given_name": left}, {"given_name": right}) == (
        Level.CLOSE,
        "nickname",
    )


# --- date of birth -----------------------------------------------------------------------


def dob_level(left: str, right: str) -> tuple[Level, str]:
    return level_of("date_of_birth", {"date_of_birth": left}, {"date_of_birth": right})


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("1971-06-24", "1971-06-24", (Level.EXACT, "exact")),
        ("1971-06-24", "1971-06-25", (Level.CLOSE, "one_digit")),
        # Day and month swapped, whichever record is on the left.
        ("1971-06-24", "1971-24-06", (Level.CLOSE, "swapped_day_month")),
        ("1971-24-06", "1971-06-24", (Level.CLOSE, "swapped_day_month")),
        ("1971-06-04", "1971-04-06", (Level.CLOSE, "swapped_day_month")),
        ("1971-04-06", "1971-06-04", (Level.CLOSE, "swapped_day_month")),
        # Not a date: its year and day agree with the other (a mistyped month).
        ("1845-71-19", "1845-07-19", (Level.CLOSE, "partial_date")),
        # Valid dates, one part wrong: the year and the month, or the year and the day.
        ("1971-06-24", "1971-06-02", (Level.WEAK, "two_parts")),
        ("1845-11-19", "1845-07-19", (Level.WEAK, "two_parts")),
        # Within a year (a month off and a day mistyped; across a new year).
        ("2010-11-10", "2010-10-13", (Level.WEAK, "within_a_year")),
        ("1990-12-20", "1991-03-02", (Level.WEAK, "within_a_year")),
        ("1990-12-20", "1992-03-02", (Level.DIFFERENT, "different")),
        # A year written alone: the same year, only the year known.
        ("1845", "1845-07-19", (Level.WEAK, "january_first")),
        ("1845", "1846-07-19", (Level.DIFFERENT, "different")),
    ],
)
def test_date_of_birth_levels(left, right, expected):
    assert dob_level(left, right) == expected


def test_near_dates_are_different_to_the_rules_that_keep_relatives_apart():
    """Siblings may be born within a year, or in the same month of one year."""
    apart = _level_sql("date_of_birth", near_as_different=True)
    for left, right in (("2010-11-10", "2010-10-13"), ("1971-06-24", "1971-06-02")):
        dob = {"date_of_birth": left}, {"date_of_birth": right}
        assert evaluate(_level_sql("date_of_birth"), *dob) == Level.WEAK
        assert evaluate(apart, *dob) == Level.DIFFERENT
    same = {"date_of_birth": "1971-06-24"}, {"date_of_birth": "1971-06-25"}
    assert evaluate(apart, *same) == Level.CLOSE


DATES = [f"19{50 + i % 40}-{1 + i % 12:02d}-{2 + i % 27:02d}" for i in range(300)]


def _jan1_flags(dates: list[str]) -> list[int]:
    frame = pd.DataFrame(
        {"record_id": [f"r{i}" for i in range(len(dates))], "date_of_birth": dates}
    )
    flags = prepare(frame).set_index("record_id")["dob_jan1"]
    return [int(flags[record_id]) for record_id in frame["record_id"]]


def test_january_first_stands_for_a_year_alone_only_where_a_file_has_many():
    # Two January 1st in 302 dates: a birthday like another, compared as a date.
    assert _jan1_flags([*DATES, "1980-01-01", "1980-01-01"])[-2:] == [0, 0]
    # One date in ten on January 1st: a year known alone.
    assert _jan1_flags(DATES[:90] + ["1980-01-01"] * 10)[-1] == 1
    # A year written alone is always a year known alone.
    assert _jan1_flags([*DATES, "1980"])[-1] == 1


def test_titles_and_ordinals_are_not_part_of_a_given_name():
    assert level_of("given_name", {"given_name": "Sir John"}, {"given_name": "John"}) == (
        Level.EXACT,
        "exact",
    )
    # A title alone is no given name.
    assert level_of("given_name", {"given_name": "Sir"}, {"given_name": "William"}) == (
        Level.MISSING,
        "missing",
    )
    assert level_of(
        "given_name", {"given_name": "Rt. Hon. 1st William"}, {"given_name": "Bill"}
    ) == (
        Level.CLOSE,
        "nickname",
    )


def test_the_same_city_weighs_by_its_frequency_within_a_bound():
    from parcours.linkage.batch.comparisons import _comparisons

    (address,) = [c for c in _comparisons("duckdb") if c["output_column_name"] == "address"]
    (city,) = [
        level
        for level in address["comparison_levels"]
        if level["sql_condition"] == "city_l = city_r"
    ]
    assert city["tf_adjustment_column"] == "city"
    assert city["tf_minimum_u_value"] == 1e-3
