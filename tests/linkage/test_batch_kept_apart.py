"""The batch engine keeps apart records that must not be one person, however
they are chained together: twins (different given names with different
genders, or each name written on several records), two health card numbers;
and it reads the recorded gender. Small pair budgets keep the wide blocking
rules for small files only."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import pandas as pd

from parcours.linkage.batch import (
    WIDE_RULE_PAIRS_PER_RECORD,
    _split_conflicts,
    _wide_rules,
    link_records,
    prepare,
)

COLUMNS = [
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "health_card_number",
    "phone",
    "street_address",
]

HOUSEHOLD = ("Martin", "1994-03-17", "613-555-0111", "40 rue Laurier")
# Unrelated people around the household, so the model has something to learn from.
OTHERS = [
    ("o1", "Sophie", "Cloutier", "1993-08-21", "F", "", "", ""),
    ("o2", "Alain", "Dubois", "1960-12-30", "M", "", "", ""),
    ("o3", "Nathalie", "Pelletier", "1975-03-03", "F", "", "", ""),
    ("o4", "Étienne", "Gauthier", "1988-10-11", "M", "", "", ""),
    ("o5", "Kevin", "Nguyen", "1999-01-09", "M", "", "", ""),
    ("o6", "Amélie", "Lavoie", "1970-07-07", "F", "", "", ""),
]


def person(record_id: str, given: str, gender: str = "", card: str = "") -> tuple[str, ...]:
    family, dob, phone, street = HOUSEHOLD
    return (record_id, given, family, dob, gender, card, phone, street)


def frame(rows: list[tuple[str, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS).replace("", None)


def clusters_of(result) -> pd.Series:
    return result.clusters.set_index("record_id")["cluster_id"]


def test_twins_of_different_genders_stay_apart_even_through_a_record_without_gender():
    # "L. Martin" (no gender) looks like both Louis and Louise: a chain that
    # plain transitive clustering would follow to put the twins together.
    rows = [
        person("a1", "Louis", "M"),
        person("a2", "Louis", "Homme"),
        person("b1", "Louise", "F"),
        person("b2", "Louise", "femme"),
        person("c1", "L"),
        *OTHERS,
    ]
    clusters = clusters_of(link_records(frame(rows)))
    assert clusters["a1"] == clusters["a2"]
    assert clusters["b1"] == clusters["b2"]
    assert clusters["a1"] != clusters["b1"]


def test_two_health_card_numbers_are_never_in_one_cluster():
    rows = [
        person("a1", "Marc", "M", "1234567890"),
        person("a2", "Marc", "M"),
        person("a3", "Marc", "M", "9876543210"),
        *OTHERS,
    ]
    result = link_records(frame(rows))
    clusters = clusters_of(result)
    assert clusters["a1"] != clusters["a3"]
    pairs = result.pairs.set_index(["record_id_l", "record_id_r"])
    assert bool(pairs.loc[("a1", "a3"), "kept_apart"])
    assert not bool(pairs.loc[("a1", "a2"), "kept_apart"])


def test_one_person_whose_gender_was_recorded_differently_is_still_one_person():
    rows = [person("a1", "Alex", "M", "1234567890"), person("a2", "Alex", "X"), *OTHERS]
    clusters = clusters_of(link_records(frame(rows)))
    assert clusters["a1"] == clusters["a2"]


def test_recorded_genders_are_read_in_french_and_english():
    prepared = prepare(
        pd.DataFrame(
            {
                "record_id": [str(i) for i in range(8)],
                "gender": ["F", "Femme", "woman", "M", "homme", "Non-binaire", "", "inconnu"],
            }
        )
    )
    assert list(prepared["gender"]) == ["f", "f", "f", "m", "m", "x", None, None]


def test_a_cluster_with_records_to_keep_apart_is_made_again_strongest_pairs_first():
    clusters = pd.DataFrame({"record_id": ["a", "b", "c", "d"], "cluster_id": ["a"] * 4})
    edges = pd.DataFrame(
        {
            "record_id_l": ["a", "b", "c"],
            "record_id_r": ["b", "c", "d"],
            "match_probability": [0.999, 0.991, 0.9999],
        }
    )
    conflicts = pd.DataFrame({"record_id_l": ["a"], "record_id_r": ["d"], "cluster_id": ["a"]})
    out = _split_conflicts(clusters, conflicts, edges).set_index("record_id")["cluster_id"]
    # c-d (strongest) and a-b join; b-c would put a with d: refused.
    assert out.to_dict() == {"a": "a", "b": "a", "c": "c", "d": "c"}


def test_wide_blocking_rules_are_used_only_within_the_pair_budget():
    con = duckdb.connect()
    n = 400
    columns = (
        "'m' as family_init, null::varchar as family_std, null::varchar as given_init, "
        "null::varchar as dob, null::varchar as postal, null::varchar as email, "
        "null::varchar as email_local, null::varchar as given_canon, "
        "null::varchar as family_key, null::varchar as city"
    )
    con.execute(
        f"create table small as select i::varchar as record_id, 'x' || (i % 200) as given_std, "
        f"{columns} from range({n}) t(i)"
    )
    con.execute(
        "create table crowded as select i::varchar as record_id, 'marie' as given_std, "
        f"{columns} from range({n}) t(i)"
    )
    assert _wide_rules(con, ["small"], n) == [
        "l.given_std = r.given_std and l.family_init = r.family_init"
    ]
    # Every Marie M.: n * (n - 1) / 2 pairs, far above the budget.
    assert n * (n - 1) / 2 > WIDE_RULE_PAIRS_PER_RECORD * n
    assert _wide_rules(con, ["crowded"], n) == []


def test_the_registry_never_merges_twins_automatically(network):
    from django.core.management import call_command

    from parcours.clients.services import client_register
    from parcours.linkage.models import ClientMerge, MatchCandidate
    from parcours.linkage.services import person_key

    def register(given: str):
        return client_register(
            acting_user=network.alice,
            given_name=given,
            family_name="Martin",
            date_of_birth=dt.date(1994, 3, 17),
            phone="613-555-0111",
        )

    mathieu, mathieu_again, nicolas = register("Mathieu"), register("MATHIEU"), register("Nicolas")
    call_command(
        "link_clients", review_threshold="0.5", auto_merge_above="0.5", stdout=io.StringIO()
    )
    # The same person registered twice is merged; his twin brother is not.
    assert ClientMerge.objects.count() == 1
    assert person_key(mathieu_again.pk) == person_key(mathieu.pk)
    assert person_key(nicolas.pk) == nicolas.pk
    # He waits in the queue, marked, for a coordinator to decide.
    items = MatchCandidate.objects.filter(client_b=nicolas) | MatchCandidate.objects.filter(
        client_a=nicolas
    )
    assert items.exists()
    assert all(i.kept_apart and i.status == "pending" for i in items)


def test_the_review_queue_says_which_pairs_are_kept_apart(network):
    from parcours.clients.services import client_register
    from parcours.linkage.models import MatchCandidate
    from tests.api.conftest import api_client_for
    from tests.conftest import client_for

    twins = [
        client_register(
            acting_user=network.alice,
            given_name=given,
            family_name="Roy",
            date_of_birth=dt.date(2001, 10, 10),
        )
        for given in ("Mathieu", "Nicolas")
    ]
    item = MatchCandidate.objects.create(
        client_a=twins[0], client_b=twins[1], match_probability=0.9995, kept_apart=True
    )
    web = client_for(network.alice_admin)
    assert "Kept apart" in web.get("/en/linkage/review/").content.decode()
    page = web.get(f"/en/linkage/review/{item.pk}/").content.decode()
    assert 'id="kept-apart"' in page and "never merges them by itself" in page
    assert "ne les fusionne jamais" in web.get(f"/fr/linkage/review/{item.pk}/").content.decode()
    body = api_client_for(network.alice_admin).get("/api/v1/linkage/review").json()
    assert [i["kept_apart"] for i in body["items"]] == [True]
    # A pair not kept apart says nothing of the kind.
    item.kept_apart = False
    item.save()
    assert 'id="kept-apart"' not in web.get(f"/en/linkage/review/{item.pk}/").content.decode()


def test_linking_two_sources_twice_gives_the_same_model_and_pairs():
    """The pairs sampled to estimate u are chosen from the records' ids and
    their source: the same files give the same model, run after run (two
    files large enough that the pairs are sampled, not all taken)."""
    from tests.support.synthetic import INPUT_COLUMNS, generate_people

    records = generate_people(people=300, seed=3)[list(INPUT_COLUMNS)]
    left, right = records.iloc[::2], records.iloc[1::2]
    assert len(left) * len(right) > 100_000
    first, second = link_records([left, right]), link_records([left, right])
    assert first.model["comparisons"] == second.model["comparisons"]
    pd.testing.assert_frame_equal(first.pairs, second.pairs)


def test_a_cluster_too_large_to_check_is_named_in_a_warning(monkeypatch, caplog):
    from parcours.linkage import batch

    monkeypatch.setattr(batch, "CHECKED_CLUSTER_MAX", 2)
    rows = [person("a1", "Marc", "M"), person("a2", "MARC", "M"), person("a3", "Marc"), *OTHERS]
    with caplog.at_level("WARNING", logger="parcours.linkage.batch"):
        clusters = clusters_of(link_records(frame(rows)))
    assert clusters["a1"] == clusters["a2"] == clusters["a3"]
    assert "A cluster of 3 records was not checked" in caplog.text


def test_a_blocking_rule_needs_the_columns_of_its_top_level_equalities():
    from parcours.linkage.batch import _required_columns

    assert _required_columns("l.dob = r.dob and (l.phone = r.phone or l.postal = r.postal)") == {
        "dob"
    }
    assert _required_columns("l.dob_swapped = r.dob and l.family_init = r.family_init") == {
        "dob_swapped",
        "dob",
        "family_init",
    }
    assert _required_columns("l.health_card = r.health_card") == {"health_card"}


def test_a_file_with_ids_only_is_every_record_alone_without_training():
    result = link_records(pd.DataFrame({"record_id": ["b", "a"], "gender": [None, None]}))
    assert result.pairs.empty and result.model == {}
    assert list(result.clusters["cluster_id"]) == ["a", "b"]


def test_rows_known_to_be_one_person_are_not_paired_with_each_other():
    """The registry sends a client's aliases as rows of one group: comparing
    them would teach the model that given names are often written as others."""
    rows = frame([person("a1", "Marc", "M"), person("a2", "Marcel", "M"), *OTHERS])
    rows["group_id"] = ["g1", "g1"] + [None] * len(OTHERS)
    pairs = link_records(rows, pair_threshold=0.0).pairs
    assert ("a1", "a2") not in set(zip(pairs["record_id_l"], pairs["record_id_r"], strict=True))
    ungrouped = link_records(rows.drop(columns=["group_id"]), pair_threshold=0.0).pairs
    assert ("a1", "a2") in set(zip(ungrouped["record_id_l"], ungrouped["record_id_r"], strict=True))


def test_a_shared_email_address_speaks_for_a_match_and_is_read_whatever_its_case():
    rows = frame([person("a1", "Marc", "M"), person("a2", "Marc", "M"), *OTHERS])
    rows["email"] = [" Marc.Martin@Example.ca", "marc.martin@example.ca"] + ["not an email"] * len(
        OTHERS
    )
    prepared = prepare(rows).set_index("record_id")["email"]
    assert prepared["a1"] == prepared["a2"] == "marc.martin@example.ca"
    assert prepared["o1"] is None
    pairs = link_records(rows).pairs.set_index(["record_id_l", "record_id_r"])
    assert pairs.loc[("a1", "a2"), "email_reason"] == "exact"
    assert pairs.loc[("a1", "a2"), "email_weight"] > 0
