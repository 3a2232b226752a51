"""The linkage benchmark's reviewer workload (bench/linkage_metrics.py): what a
person faces after a batch linkage — the pairs sent to review — and the recall
once a reviewer who never errs has merged the true ones."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from linkage_metrics import review_workload


def _truth(people: dict[str, str], sources: dict[str, str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": list(people),
            "person_id": list(people.values()),
            "source": [(sources or {}).get(r, "a") for r in people],
        }
    )


def _clusters(clusters: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"record_id": list(clusters), "cluster_id": list(clusters.values())})


def _pairs(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["record_id_l", "record_id_r"])


def test_a_reviewer_who_accepts_the_true_pairs_joins_the_clusters_they_span() -> None:
    # Ann has three records, split in two clusters; Bob one; the engine sends
    # two pairs to review: Ann's two clusters (true) and Ann with Bob (false).
    truth = _truth({"1": "ann", "2": "ann", "3": "ann", "4": "bob"})
    clusters = _clusters({"1": "1", "2": "1", "3": "3", "4": "4"})

    workload = review_workload(clusters, _pairs(("2", "3"), ("3", "4")), truth)

    assert workload.review_pairs == 2
    assert workload.review_true == 1
    assert workload.per_thousand == pytest.approx(500.0)
    assert workload.true_share == pytest.approx(0.5)
    # Before review 1 of Ann's 3 pairs is found; after, all 3, and Bob is not merged.
    assert workload.after_review.recall == pytest.approx(1.0)
    assert workload.after_review.precision == pytest.approx(1.0)


def test_pairs_already_in_one_cluster_are_no_work() -> None:
    truth = _truth({"1": "ann", "2": "ann", "3": "bob"})
    clusters = _clusters({"1": "1", "2": "1", "3": "3"})

    workload = review_workload(clusters, _pairs(("1", "2")), truth)

    assert workload.review_pairs == 0
    assert workload.after_review.recall == pytest.approx(1.0)


def test_when_linking_two_files_only_pairs_across_them_count() -> None:
    truth = _truth({"a1": "ann", "a2": "ann", "b1": "ann"}, {"b1": "b"})
    clusters = _clusters({"a1": "a1", "a2": "a2", "b1": "b1"})

    workload = review_workload(
        clusters, _pairs(("a1", "a2"), ("a1", "b1")), truth, cross_source=True
    )

    assert workload.review_pairs == 1
    # Ann's cross-file pairs: a1-b1 (reviewed) and a2-b1 (not found).
    assert workload.after_review.recall == pytest.approx(0.5)
