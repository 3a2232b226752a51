"""The batch linkage engine: the intake errors it forgives, the people it
keeps apart (twins, namesakes), and the shape of what it returns."""

from __future__ import annotations

import pandas as pd
import pytest

from parcours.linkage import explain
from parcours.linkage.batch import (
    FIELDS,
    link_records,
    pair_evidence,
    prepare,
)
from parcours.linkage.engine import FieldEvidence
from parcours.linkage.names import Level

COLUMNS = [
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "health_card_number",
    "phone",
    "street_address",
]

# Pairs of records of one person, each with an intake error, and people
# that must stay apart. Ids: a letter per person, a digit per record.
REGISTRY = [
    # accents and capitals, phone written differently
    ("a1", "Hélène", "Bélanger", "1971-04-23", "", "514-555-0101", "12 rue Ontario"),
    ("a2", "HELENE", "BELANGER", "1971-04-23", "", "(514) 555 0101", ""),
    # nickname, health card without its Ontario version code
    ("b1", "Robert", "Gagnon", "1968-09-14", "1234-567-890-AB", "", ""),
    ("b2", "Bob", "Gagnon", "1968-09-14", "1234567890", "", ""),
    # compound given name split, day and month swapped
    ("c1", "Jean-François", "Lévesque", "1985-03-12", "", "", ""),
    ("c2", "Jean Francois", "Levesque", "1985-12-03", "", "", ""),
    # translation, double family name partly used, same health card
    ("d1", "Guillaume", "Tremblay-Gagnon", "1990-07-30", "9876543210", "", ""),
    ("d2", "Guy", "Tremblay", "1990-07-30", "9876543210", "", ""),
    # typo in a rare family name, a typo in the health card
    ("e1", "Catherine", "Wojciechowski", "1979-02-17", "5550001112", "", ""),
    ("e2", "Cathy", "Wojciechowsky", "1979-02-17", "5550001113", "", ""),
    # given and family names swapped
    ("f1", "Martin", "Ouellet", "1982-11-05", "", "438-555-0199", ""),
    ("f2", "Ouellet", "Martin", "1982-11-05", "", "438-555-0199", ""),
    # twins: same family name, birth date, address, phone; different given names
    ("t1", "Louis", "Bouchard", "1995-06-08", "", "819-555-0123", "5 rue des Érables"),
    ("t2", "Louise", "Bouchard", "1995-06-08", "", "819-555-0123", "5 rue des Érables"),
    ("t3", "Mathieu", "Roy", "2001-10-10", "", "819-555-0177", "9 rue King"),
    ("t4", "Nicolas", "Roy", "2001-10-10", "", "819-555-0177", "9 rue King"),
    ("t5", "Kaiden", "Morin", "2012-02-29", "", "613-555-0142", "3 rue Main"),
    ("t6", "Jaxon", "Morin", "2012-02-29", "", "613-555-0142", "3 rue Main"),
    ("t7", "Eric", "Lavallée", "1976-01-28", "", "613-555-0190", "27 rue Murray"),
    ("t8", "Erica", "Lavallée", "1976-01-28", "", "613-555-0190", "27 rue Murray"),
    # namesakes: same full name, different birth dates
    ("n1", "Marie", "Tremblay", "1958-05-19", "", "", ""),
    ("n2", "Marie", "Tremblay", "1987-01-25", "", "", ""),
    # people with no duplicate
    ("s1", "Sophie", "Cloutier", "1993-08-21", "", "", ""),
    ("s2", "Alain", "Dubois", "1960-12-30", "", "", ""),
    ("s3", "Nathalie", "Pelletier", "1975-03-03", "", "", ""),
    ("s4", "Étienne", "Gauthier", "1988-10-11", "", "", ""),
    ("s5", "Kevin", "Nguyen", "1999-01-09", "", "", ""),
    ("s6", "Amélie", "Lavoie", "1970-07-07", "", "", ""),
]
SAME_PERSON = ["a", "b", "c", "d", "e", "f"]


def frame(rows: list[tuple[str, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS).replace("", None)


@pytest.fixture(scope="module")
def result():
    return link_records(frame(REGISTRY))


def cluster_of(result, record_id: str) -> str:
    clusters = result.clusters.set_index("record_id")["cluster_id"]
    return clusters[record_id]


@pytest.mark.parametrize("person", SAME_PERSON)
def test_records_of_one_person_with_intake_errors_are_clustered(result, person):
    assert cluster_of(result, f"{person}1") == cluster_of(result, f"{person}2")


@pytest.mark.parametrize(("one", "other"), [("t1", "t2"), ("t3", "t4"), ("t5", "t6"), ("t7", "t8")])
def test_twins_are_not_clustered(result, one, other):
    assert cluster_of(result, one) != cluster_of(result, other)


def test_namesakes_born_on_different_days_are_not_clustered(result):
    assert cluster_of(result, "n1") != cluster_of(result, "n2")


def test_people_without_a_duplicate_are_alone_in_their_cluster(result):
    singles = [row[0] for row in REGISTRY if row[0].startswith(("s", "n", "t"))]
    counts = result.clusters["cluster_id"].value_counts()
    assert all(counts[cluster_of(result, record_id)] == 1 for record_id in singles)


def test_every_record_appears_exactly_once_in_the_clusters(result):
    assert sorted(result.clusters["record_id"]) == sorted(row[0] for row in REGISTRY)
    assert list(result.clusters.columns) == ["record_id", "cluster_id"]
    # A cluster is named after its smallest record id.
    assert cluster_of(result, "b2") == "b1"


def test_pairs_are_keyed_with_the_smaller_id_on_the_left(result):
    pairs = result.pairs
    assert len(pairs)
    assert (pairs["record_id_l"] < pairs["record_id_r"]).all()
    assert not pairs.duplicated(["record_id_l", "record_id_r"]).any()
    assert (pairs["match_probability"] >= 0.5).all()
    for field in FIELDS:
        assert pairs[f"{field}_level"].isin([int(level) for level in Level]).all()


@pytest.mark.parametrize(("one", "other"), [("t1", "t2"), ("t3", "t4"), ("t5", "t6"), ("t7", "t8")])
def test_twins_are_returned_for_review_and_marked_to_keep_apart(result, one, other):
    """Twins are close enough to be worth a look, not to be merged."""
    pairs = result.pairs.set_index(["record_id_l", "record_id_r"])
    assert (one, other) in pairs.index
    assert bool(pairs.loc[(one, other), "kept_apart"])


def test_records_of_one_person_are_not_marked_to_keep_apart(result):
    pairs = result.pairs.set_index(["record_id_l", "record_id_r"])
    for person in SAME_PERSON:
        assert not bool(pairs.loc[(f"{person}1", f"{person}2"), "kept_apart"])


def test_pair_evidence_explains_each_field_with_known_reasons(result):
    pairs = result.pairs.set_index(["record_id_l", "record_id_r"], drop=False)
    evidence = pair_evidence(pairs.loc[("b1", "b2")].to_dict())
    assert all(isinstance(e, FieldEvidence) for e in evidence)
    by_field = {e.field: e for e in evidence}
    assert set(by_field) == set(FIELDS)
    assert (by_field["given_name"].level, by_field["given_name"].reason) == (
        Level.CLOSE,
        "nickname",
    )
    assert by_field["health_card"].reason == "exact"
    assert by_field["health_card"].weight > 0
    assert by_field["phone"].level == Level.MISSING
    assert by_field["phone"].weight == 0
    assert all(e.reason in explain.REASONS or e.level == Level.MISSING for e in evidence)


@pytest.mark.parametrize(
    ("pair", "field", "reason"),
    [
        (("a1", "a2"), "given_name", "accents_case"),
        (("c1", "c2"), "date_of_birth", "swapped_day_month"),
        (("d1", "d2"), "family_name", "partial_family"),
        (("f1", "f2"), "given_name", "swapped_names"),
    ],
)
def test_pair_evidence_names_the_intake_error(result, pair, field, reason):
    pairs = result.pairs.set_index(["record_id_l", "record_id_r"], drop=False)
    evidence = {e.field: e for e in pair_evidence(pairs.loc[pair].to_dict())}
    assert evidence[field].reason == reason
    assert evidence[field].weight > 0


def test_a_different_given_name_weighs_against_twins(result):
    pairs = result.pairs.set_index(["record_id_l", "record_id_r"], drop=False)
    if ("t1", "t2") not in pairs.index:
        return
    evidence = {e.field: e for e in pair_evidence(pairs.loc[("t1", "t2")].to_dict())}
    assert evidence["given_name"].level == Level.DIFFERENT
    assert evidence["given_name"].weight < 0


def test_the_same_input_gives_the_same_clusters(result):
    again = link_records(frame(list(reversed(REGISTRY))))
    pd.testing.assert_frame_equal(again.clusters, result.clusters)


def test_the_model_compares_every_field_the_records_carry_with_m_and_u_for_each_level(result):
    comparisons = {c["output_column_name"]: c for c in result.model["comparisons"]}
    # The registry above has no gender, other identifier or email: not compared.
    assert set(comparisons) == set(FIELDS) - {"gender", "other_id", "email"}
    for comparison in comparisons.values():
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                assert 0 < level["m_probability"] <= 1
                assert 0 < level["u_probability"] <= 1


def test_linking_two_sources_pairs_only_across_them():
    left = frame([row for row in REGISTRY if row[0].endswith("1")])
    # A duplicate inside the right-hand source must not be paired.
    right = frame(
        [row for row in REGISTRY if row[0].endswith("2")]
        + [("b3", "Robert", "Gagnon", "1968-09-14", "1234567890", "", "")]
    )
    result = link_records([left, right])
    left_ids, right_ids = set(left["record_id"]), set(right["record_id"])
    assert len(result.pairs)
    for a, b in zip(result.pairs["record_id_l"], result.pairs["record_id_r"], strict=True):
        assert (a in left_ids) != (b in left_ids)
    assert sorted(result.clusters["record_id"]) == sorted(left_ids | right_ids)
    clusters = result.clusters.set_index("record_id")["cluster_id"]
    assert clusters["b1"] == clusters["b2"]


def test_only_record_id_is_required():
    result = link_records(pd.DataFrame({"record_id": ["3", "1", "2"]}))
    assert sorted(result.clusters["record_id"]) == ["1", "2", "3"]
    assert result.clusters["cluster_id"].nunique() == 3
    assert result.pairs.empty


def test_an_empty_input_gives_empty_results():
    result = link_records(pd.DataFrame({"record_id": pd.Series(dtype=str)}))
    assert result.clusters.empty
    assert list(result.clusters.columns) == ["record_id", "cluster_id"]
    assert result.pairs.empty


def test_duplicate_record_ids_are_refused():
    with pytest.raises(ValueError, match="record_id"):
        link_records(pd.DataFrame({"record_id": ["1", "1"], "given_name": ["A", "B"]}))


def test_progress_is_reported_stage_by_stage():
    seen: list[tuple[str, int, int]] = []
    link_records(frame(REGISTRY[:6]), progress=lambda *step: seen.append(step))
    assert [stage for stage, _, _ in seen] == ["prepare", "train", "predict", "cluster", "cluster"]
    assert seen[-1][1] == seen[-1][2]


def test_preparation_folds_names_and_maps_nicknames():
    prepared = prepare(
        pd.DataFrame(
            {
                "record_id": ["1", "2", "3"],
                "given_name": ["Jean-François", "Bob", None],
                "family_name": ["Lévesque", "  ", "O'Brien"],
                "date_of_birth": ["1985-03-12", None, "1990-01-01"],
                "health_card_number": ["1234 567 890 AB", "12", None],
            }
        )
    )
    assert list(prepared["given_std"]) == ["jeanfrancois", "bob", None]
    assert prepared["given_canon"][1] == "robert"
    assert prepared["family_std"][1] is None
    assert prepared["family_std"][2] == "obrien"
    assert prepared["dob_swapped"][0] == "1985-12-03"
    assert prepared["dob_jan1"][2] == 1
    assert prepared["health_card"][0] == "1234567890"
    assert prepared["health_card"][1] is None


def test_a_failed_training_session_leaves_every_comparison_in_the_model(monkeypatch):
    """Splink's EM session takes its blocking rule's comparisons out of the
    model before it trains and puts them back only when it succeeds. When a
    session fails (seen on the demo's registry run on a 29 February), the
    engine keeps the model it had: the birth date is still compared."""
    from splink.internals.em_training_session import EMTrainingSession
    from splink.internals.exceptions import SplinkException

    def fail(self, *args, **kwargs):
        raise SplinkException("this session failed")

    monkeypatch.setattr(EMTrainingSession, "_train", fail)
    frame = pd.DataFrame(REGISTRY, columns=COLUMNS)
    result = link_records(frame, pair_threshold=0.5, cluster_threshold=0.99)
    compared = [c["output_column_name"] for c in result.model["comparisons"]]
    assert "date_of_birth" in compared
    assert "given_name" in compared and "family_name" in compared
