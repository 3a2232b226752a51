"""Relatives are never merged (issue #18): parents, children and siblings
share a family name, an address and often a phone, but not a given name and
a birth date; twins share the birth date too.

On 300 seeded households (``generate_families``) no cluster holds two people
whose given names and birth dates both differ, and precision and recall stay
above floors measured on this set (rounded down, with a margin). Small
hand-written households show the rules one at a time.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.synthetic import INPUT_COLUMNS, fold_accents, generate_families

pytest.importorskip("splink")

HOUSEHOLDS = 300
SEED = 18
PRECISION_FLOOR = 0.995
# Measured 0.9894 on this set (seeds 1 to 4: 0.982 to 0.990).
RECALL_FLOOR = 0.97


@pytest.fixture(scope="module")
def households() -> pd.DataFrame:
    return generate_families(households=HOUSEHOLDS, seed=SEED)


@pytest.fixture(scope="module")
def linked(households: pd.DataFrame) -> pd.DataFrame:
    from parcours.linkage.batch import link_records

    result = link_records(households[list(INPUT_COLUMNS)])
    return households.merge(result.clusters, on="record_id", how="left", validate="one_to_one")


def _pairs_sharing(frame: pd.DataFrame, keys: list[str]) -> int:
    sizes = frame.groupby(keys).size()
    return int((sizes * (sizes - 1) // 2).sum())


def _true_identities(households: pd.DataFrame) -> pd.DataFrame:
    """Each person's given name and birth date as first written (a person's
    first record, the one with the smallest number, carries no error)."""
    first = households.sort_values("record_id").drop_duplicates("person_id")
    return pd.DataFrame(
        {
            "given": first["given_name"].map(lambda name: fold_accents(name).lower()).to_numpy(),
            "dob": first["date_of_birth"].to_numpy(),
        },
        index=first["person_id"].to_numpy(),
    )


def test_the_households_look_alike_on_all_but_the_given_name_and_the_birth_date(households):
    people = _true_identities(households)
    assert len(people) > 2 * HOUSEHOLDS  # two to six people in each household
    assert households.columns.tolist() == [
        *INPUT_COLUMNS,
        "person_id",
        "twin_group",
        "namesake_group",
        "error_kinds",
    ]
    assert households.map(lambda value: isinstance(value, str)).all().all()
    # Relatives share a street address: far fewer addresses than people.
    first = households.sort_values("record_id").drop_duplicates("person_id")
    assert first["street_address"].nunique() <= HOUSEHOLDS + 1
    twins = first[first["twin_group"] != ""].groupby("twin_group")
    assert twins.ngroups >= 20
    assert (twins["date_of_birth"].nunique() == 1).all()
    assert (twins["given_name"].nunique() == 2).all()


def test_the_same_seed_gives_the_same_households():
    assert generate_families(households=20, seed=5).equals(generate_families(households=20, seed=5))
    assert not generate_families(households=20, seed=5).equals(
        generate_families(households=20, seed=6)
    )


def test_no_cluster_holds_two_people_who_differ_in_given_name_and_birth_date(households, linked):
    people = _true_identities(households)
    merged = []
    for cluster, members in linked.groupby("cluster_id"):
        ids = sorted(set(members["person_id"]))
        for i, left in enumerate(ids):
            for right in ids[i + 1 :]:
                a, b = people.loc[left], people.loc[right]
                if a["given"] != b["given"] and a["dob"] != b["dob"]:
                    merged.append((cluster, left, right))
    assert merged == []


def test_relatives_are_not_merged(linked):
    predicted = _pairs_sharing(linked, ["cluster_id"])
    correct = _pairs_sharing(linked, ["cluster_id", "person_id"])
    precision = correct / max(1, predicted)
    assert precision >= PRECISION_FLOOR, f"precision {precision:.4f}"


def test_the_records_of_one_person_are_still_found(linked):
    true_pairs = _pairs_sharing(linked, ["person_id"])
    assert true_pairs > 1000  # the set has duplicates to find
    recall = _pairs_sharing(linked, ["cluster_id", "person_id"]) / true_pairs
    assert recall >= RECALL_FLOOR, f"recall {recall:.4f}"


def test_twins_of_a_household_are_kept_apart(linked):
    twins = linked[linked["twin_group"] != ""]
    assert twins["twin_group"].nunique() >= 30
    people_per_cluster = twins.groupby(["twin_group", "cluster_id"])["person_id"].nunique()
    merged = list(people_per_cluster[people_per_cluster > 1].index)
    # Measured: one pair of the 37, Jean-Marc and Jean-Marie, one of whose
    # records says only "Jean" with their birth date (as like one twin as
    # the other; it goes with the likelier). Seeds 1, 2 and 4: none.
    assert len(merged) <= 1, merged


# --- Small households, one rule at a time ---------------------------------------

COLUMNS = [
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "health_card_number",
    "phone",
    "street_address",
    "postal_code",
]
HOME = ("Tremblay", "613-555-0142", "40 rue Laurier", "K1N 6N5")
# Unrelated people around the household, so the model has something to learn from.
OTHERS = [
    ("o1", "Sophie", "Cloutier", "1993-08-21", "F", "", "", "", ""),
    ("o2", "Alain", "Dubois", "1960-12-30", "M", "", "", "", ""),
    ("o3", "Nathalie", "Pelletier", "1975-03-03", "F", "", "", "", ""),
    ("o4", "Étienne", "Gauthier", "1988-10-11", "M", "", "", "", ""),
    ("o5", "Kevin", "Nguyen", "1999-01-09", "M", "", "", "", ""),
    ("o6", "Amélie", "Lavoie", "1970-07-07", "F", "", "", "", ""),
]


def member(record_id: str, given: str, dob: str, gender: str, card: str = "") -> tuple[str, ...]:
    family, phone, street, postal = HOME
    return (record_id, given, family, dob, gender, card, phone, street, postal)


def clusters_of(rows: list[tuple[str, ...]]) -> tuple[pd.Series, pd.DataFrame]:
    from parcours.linkage.batch import link_records

    result = link_records(pd.DataFrame([*rows, *OTHERS], columns=COLUMNS).replace("", None))
    return result.clusters.set_index("record_id")["cluster_id"], result.pairs.set_index(
        ["record_id_l", "record_id_r"]
    )


def test_a_mother_and_her_daughter_stay_apart_even_through_a_record_like_both():
    # "M. Tremblay" without a birth date looks like Marie and like Maude.
    clusters, pairs = clusters_of(
        [
            member("m1", "Marie", "1970-04-12", "F"),
            member("m2", "Marie", "1970-04-12", "F"),
            member("d1", "Maude", "1998-09-30", "F"),
            member("d2", "Maude", "1998-09-30", "F"),
            member("x1", "M", "", "F"),
        ]
    )
    assert clusters["m1"] == clusters["m2"]
    assert clusters["d1"] == clusters["d2"]
    assert clusters["m1"] != clusters["d1"]
    if ("d1", "m1") in pairs.index:
        assert bool(pairs.loc[("d1", "m1"), "kept_apart"])


def test_a_father_and_his_son_named_after_him_in_part_stay_apart():
    # Jean is also how Jean-Philippe is written in short: not with a birth
    # date thirty years away.
    clusters, _ = clusters_of(
        [
            member("f1", "Jean-Philippe", "1955-09-29", "M"),
            member("f2", "Jean-Philippe", "1955-09-29", "M"),
            member("s1", "Jean", "1987-08-07", "M"),
        ]
    )
    assert clusters["f1"] == clusters["f2"]
    assert clusters["s1"] != clusters["f1"]


def test_twins_of_one_gender_stay_apart_in_their_household():
    clusters, _ = clusters_of(
        [
            member("a1", "Sarah", "1987-06-21", "F", "4446131734AW"),
            member("a2", "Sarah", "1987-06-21", "F"),
            member("b1", "Jennifer", "1987-06-21", "F"),
            member("b2", "Jennifer", "1987-06-21", "F"),
            member("p1", "Paul", "1958-02-14", "M"),
        ]
    )
    assert clusters["a1"] == clusters["a2"]
    assert clusters["b1"] == clusters["b2"]
    assert clusters["a1"] != clusters["b1"]
    assert clusters["p1"] not in {clusters["a1"], clusters["b1"]}


def test_a_health_card_number_shared_by_a_parent_and_a_child_joins_them():
    # The card is issued to one person: the two records are taken for one
    # person written with a wrong given name and birth date (and the pair is
    # not kept apart: a reviewer sees it).
    card = "5055461385RY"
    clusters, pairs = clusters_of(
        [
            member("m1", "Marie", "1970-04-12", "F", card),
            member("c1", "Chloé", "2001-11-03", "F", card),
        ]
    )
    assert clusters["c1"] == clusters["m1"]
    assert not bool(pairs.loc[("c1", "m1"), "kept_apart"])


def test_a_shared_card_does_not_pull_a_child_into_the_rest_of_her_parents_records():
    # The card joins the two records it is on, not the mother's other
    # records, which keep her given name and birth date and no card: those
    # are kept apart from the child's, so the cluster is made again and the
    # child's record stays on its own, its pair with m1 returned for review.
    card = "5055461385RY"
    clusters, pairs = clusters_of(
        [
            member("m1", "Marie", "1970-04-12", "F", card),
            member("m2", "Marie", "1970-04-12", "F"),
            member("c1", "Chloé", "2001-11-03", "F", card),
        ]
    )
    assert clusters["m1"] == clusters["m2"]
    assert clusters["c1"] != clusters["m1"]
    assert not bool(pairs.loc[("c1", "m1"), "kept_apart"])
