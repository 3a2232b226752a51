"""The synthetic identity data the linkage tests and benchmarks run on: seeded,
realistic French/English-Canadian records with the errors intake data has,
and look-alike people (twins, namesakes) who must stay apart."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pandas as pd
import pytest

from tests.support.synthetic import (
    ERROR_RATES,
    INPUT_COLUMNS,
    TRUTH_COLUMNS,
    fold_accents,
    generate_fast,
    generate_people,
)


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return generate_people(people=2000, seed=7)


def _kinds(frame: pd.DataFrame) -> Counter[str]:
    return Counter(k for kinds in frame["error_kinds"] for k in kinds.split(";") if k)


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    a = generate_people(people=200, seed=42)
    b = generate_people(people=200, seed=42)
    c = generate_people(people=200, seed=43)
    pd.testing.assert_frame_equal(a, b)
    assert not a[["given_name", "family_name"]].equals(c[["given_name", "family_name"]])


def test_the_fast_generator_is_deterministic_too():
    pd.testing.assert_frame_equal(
        generate_fast(records=5000, seed=3), generate_fast(records=5000, seed=3)
    )
    assert not generate_fast(records=5000, seed=3).equals(generate_fast(records=5000, seed=4))


def test_records_have_the_engine_columns_and_the_truth_as_strings(people):
    assert list(people.columns) == [*INPUT_COLUMNS, *TRUTH_COLUMNS]
    assert all(people[c].map(type).eq(str).all() for c in people.columns)
    fast = generate_fast(records=2000, seed=1)
    assert list(fast.columns) == [*INPUT_COLUMNS, *TRUTH_COLUMNS]
    assert len(fast) == 2000


def test_record_ids_are_unique(people):
    assert people["record_id"].is_unique
    assert generate_fast(records=20_000, seed=1)["record_id"].is_unique


def test_people_have_between_one_and_four_records_by_default(people):
    counts = people.groupby("person_id").size()
    assert counts.min() == 1 and counts.max() == 4
    assert people["person_id"].nunique() == 2000
    narrow = generate_people(people=50, seed=1, records_per_person=(3, 3))
    assert (narrow.groupby("person_id").size() == 3).all()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        generate_people(people=10, seed=1, records_per_person=(0, 2))
    with pytest.raises(ValueError):
        generate_people(people=10, seed=1, records_per_person=(3, 2))
    with pytest.raises(ValueError):
        generate_people(people=10, seed=1, twins=0.7, namesakes=0.5)


def test_a_set_can_be_made_richer_in_look_alikes():
    rich = generate_people(people=300, seed=1, twins=0.2, namesakes=0.1)
    assert rich["twin_group"].nunique() - 1 >= 20
    assert rich["namesake_group"].nunique() - 1 >= 15


def test_every_error_kind_of_intake_data_is_there_at_a_plausible_rate(people):
    kinds = _kinds(people)
    expected = set(ERROR_RATES) - {"email_missing", "gender_missing", "other_id_missing"}
    assert expected <= set(kinds), expected - set(kinds)
    extra_records = len(people) - people["person_id"].nunique()
    # Errors that apply to any record come close to their rate.
    for kind in ("upper_case", "dob_missing", "typo_given", "names_swapped"):
        assert 0.4 * ERROR_RATES[kind] < kinds[kind] / extra_records < 1.6 * ERROR_RATES[kind]
    # A person's first record is written as the person gives it.
    first = people.sort_values("record_id").groupby("person_id").head(1)
    assert (first["error_kinds"] == "").all()


def test_the_errors_look_like_what_they_say(people):
    by_person = dict(list(people.groupby("person_id")))

    def original(row: pd.Series) -> pd.Series:
        group = by_person[row["person_id"]]
        return group.sort_values("record_id").iloc[0]

    def rows(kind: str) -> pd.DataFrame:
        # Without a later swap of given and family names, which moves the name.
        kinds = people["error_kinds"].str.split(";")
        return people[kinds.map(lambda ks: kind in ks and "names_swapped" not in ks)]

    for _, row in rows("compound_initials").iterrows():
        assert re.fullmatch(r"[A-Z]{2}", row["given_name"]), row["given_name"]
    for _, row in rows("compound_split").iterrows():
        assert " " in row["given_name"] and "-" not in row["given_name"]
    for _, row in rows("accents_dropped").iterrows():
        assert fold_accents(row["given_name"]) == row["given_name"]
    for _, row in rows("upper_case").iterrows():
        assert row["family_name"] == row["family_name"].upper()
    for _, row in rows("dob_january_first").iterrows():
        assert row["date_of_birth"].endswith("-01-01")
    for _, row in rows("dob_day_month_swapped").iterrows():
        first = dt.date.fromisoformat(original(row)["date_of_birth"])
        assert row["date_of_birth"] == first.replace(month=first.day, day=first.month).isoformat()
    for _, row in rows("dob_year_off").iterrows():
        first = dt.date.fromisoformat(original(row)["date_of_birth"])
        assert abs(int(row["date_of_birth"][:4]) - first.year) == 1
    for _, row in rows("card_no_version").iterrows():
        if "card_missing" not in row["error_kinds"]:
            assert re.fullmatch(r"[\d -]{10,12}", row["health_card_number"])
    for _, row in rows("card_typo").iterrows():
        typed = re.sub(r"\D", "", row["health_card_number"])
        card = re.sub(r"\D", "", original(row)["health_card_number"])
        assert sum(a != b for a, b in zip(typed, card, strict=True)) == 1
    swapped = people[people["error_kinds"].str.contains("names_swapped")]
    assert len(swapped) > 10
    moved = [
        fold_accents(row["given_name"]).lower() != fold_accents(original(row)["given_name"]).lower()
        for _, row in swapped.iterrows()
    ]
    assert sum(moved) >= 0.9 * len(moved)


def test_nicknames_and_translations_of_both_languages_appear(people):
    nick = people[people["error_kinds"].str.contains("nickname")]
    names = set(nick["given_name"].str.title())
    assert names & {"Bob", "Bill", "Cathy", "Kathy", "Mike", "Guy", "Tony", "Dan", "Steve"}
    assert names & {"Guillaume", "William", "Michel", "Michael", "Pierre", "Peter", "Jean", "John"}


def test_names_of_both_languages_and_other_origins_with_compound_and_double_names(people):
    given = set(people["given_name"])
    family = set(people["family_name"])
    assert given & {"Jean-François", "Marie-Ève", "Marie-Claude", "Pierre-Luc"}
    assert given & {"Jennifer", "Michael", "Ashley", "Ryan"}
    assert given & {"Mohamed", "Fatima", "Priya", "Wei"}
    assert family & {"Tremblay", "Côté", "Gagnon"} and family & {"Smith", "MacDonald"}
    doubles = [f for f in family if re.fullmatch(r"[A-Z][a-zé]+-[A-Z][a-zé]+", f)]
    assert len(doubles) > 10


def test_health_cards_are_ontario_shaped_and_dates_within_1940_2008(people):
    cards = people["health_card_number"].str.replace(r"[ -]", "", regex=True)
    cards = cards[cards != ""]
    assert cards.str.fullmatch(r"\d{10}([A-Z]{2})?").all()
    years = people.loc[people["date_of_birth"] != "", "date_of_birth"].str[:4].astype(int)
    assert years.between(1939, 2009).all()


def test_twins_share_family_birth_date_address_and_phone_but_are_different_people(people):
    twins = people[people["twin_group"] != ""]
    assert twins["twin_group"].nunique() >= 5
    for _, group in twins.groupby("twin_group"):
        firsts = group.sort_values("record_id").groupby("person_id").head(1)
        assert firsts["person_id"].nunique() == 2
        a, b = (r for _, r in firsts.iterrows())
        assert a["family_name"] == b["family_name"]
        assert a["date_of_birth"] == b["date_of_birth"]
        assert a["street_address"] == b["street_address"]
        assert re.sub(r"\D", "", a["phone"])[-10:] == re.sub(r"\D", "", b["phone"])[-10:]
        assert a["given_name"] != b["given_name"]


def test_namesakes_share_a_full_name_but_not_a_birth_date(people):
    namesakes = people[people["namesake_group"] != ""]
    assert namesakes["namesake_group"].nunique() >= 5
    for _, group in namesakes.groupby("namesake_group"):
        firsts = group.sort_values("record_id").groupby("person_id").head(1)
        assert firsts["person_id"].nunique() == 2
        assert firsts["given_name"].nunique() == 1 and firsts["family_name"].nunique() == 1
        assert firsts["date_of_birth"].nunique() == 2


def test_a_million_records_are_generated_with_people_having_several_records():
    frame = generate_fast(records=100_000, seed=5)
    sizes = frame.groupby("person_id").size()
    assert sizes.max() > 3 and (sizes > 1).mean() > 0.5
    assert (frame["given_name"] == frame["given_name"].str.upper()).mean() > 0.05
    assert (frame["date_of_birth"] == "").mean() > 0.01
