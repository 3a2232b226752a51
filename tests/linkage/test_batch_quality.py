"""The batch engine on a small seeded synthetic registry: precision and recall
floors on pairs of records, and look-alike people kept apart.

300 fictional French/English-Canadian people with one to four records each,
written with the errors intake data has (``tests.support.synthetic``), in
a set richer in look-alikes than real life (a fifth of the people have a
twin, a tenth a namesake) so that merging them cannot go unnoticed. The
floors are what the engine achieves here, rounded down; the benchmark
(``bench/bench_linkage.py``) measures the same on larger sets.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.synthetic import INPUT_COLUMNS, generate_people

pytest.importorskip("splink")

PEOPLE = 300
SEED = 1
TWINS = 0.2
NAMESAKES = 0.1
PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.95


def _pairs_sharing(frame: pd.DataFrame, keys: list[str]) -> int:
    sizes = frame.groupby(keys).size()
    return int((sizes * (sizes - 1) // 2).sum())


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    return generate_people(people=PEOPLE, seed=SEED, twins=TWINS, namesakes=NAMESAKES)


@pytest.fixture(scope="module")
def linked(registry: pd.DataFrame) -> pd.DataFrame:
    from parcours.linkage.batch import link_records

    result = link_records(registry[list(INPUT_COLUMNS)], pair_threshold=0.5, cluster_threshold=0.99)
    return registry.merge(result.clusters, on="record_id", how="left", validate="one_to_one")


def test_every_record_is_in_exactly_one_cluster(registry, linked):
    assert len(linked) == len(registry)
    assert linked["cluster_id"].notna().all()


def _scores(linked: pd.DataFrame) -> tuple[float, float]:
    true_pairs = _pairs_sharing(linked, ["person_id"])
    predicted = _pairs_sharing(linked, ["cluster_id"])
    correct = _pairs_sharing(linked, ["cluster_id", "person_id"])
    assert true_pairs > 300  # the set really has duplicates to find
    return correct / max(1, predicted), correct / true_pairs


def test_strangers_are_not_merged(linked):
    precision, _ = _scores(linked)
    assert precision >= PRECISION_FLOOR, f"precision {precision:.4f}"


def test_records_of_the_same_person_are_found(linked):
    _, recall = _scores(linked)
    assert recall >= RECALL_FLOOR, f"recall {recall:.4f}"


def test_twins_are_never_put_in_the_same_cluster(linked):
    twins = linked[linked["twin_group"] != ""]
    assert twins["twin_group"].nunique() >= 20  # the set has twins to keep apart
    people_per_cluster = twins.groupby(["twin_group", "cluster_id"])["person_id"].nunique()
    merged = people_per_cluster[people_per_cluster > 1]
    assert merged.empty, f"twins merged: {list(merged.index)}"


def test_namesakes_are_never_put_in_the_same_cluster(linked):
    namesakes = linked[linked["namesake_group"] != ""]
    assert namesakes["namesake_group"].nunique() >= 20
    people_per_cluster = namesakes.groupby(["namesake_group", "cluster_id"])["person_id"].nunique()
    assert (people_per_cluster == 1).all()
