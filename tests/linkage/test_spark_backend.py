"""The distributed engine, proven: ``link_records`` on Splink's Spark
backend (pyspark in local mode, Debian's Java) gives the clusters DuckDB
gives for 5,000 records, every one of them (the pairs for the u
probabilities are drawn by DuckDB whatever the backend: the same sample);
``link-file --backend spark`` writes them and ``link_clients --backend
spark`` fills the review queue.

Skipped where Java or pyspark is missing, except under
``PARCOURS_REQUIRE_SPARK`` (CI), where that fails."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.core.management import call_command

from parcours.clients.services import client_register
from parcours.linkage.batch import COLUMNS, link_records
from parcours.linkage.models import LinkageRun, MatchCandidate, MatchStatus
from tests.support.synthetic.people import generate_people

pytestmark = pytest.mark.spark


def _spark_missing() -> str:
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless)"
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    return ""


@pytest.fixture(scope="module")
def spark_api() -> Iterator[Any]:
    missing = _spark_missing()
    if missing:
        if os.environ.get("PARCOURS_REQUIRE_SPARK"):
            pytest.fail(f"Spark is required here: {missing}")
        pytest.skip(missing)
    from parcours.linkage.batch.spark import spark_db_api

    api = spark_db_api("local[2]")
    yield api


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    people = generate_people(people=2100, seed=2026)
    frame = people[[c for c in COLUMNS if c in people.columns]].head(5000)
    assert len(frame) == 5000
    return frame.reset_index(drop=True)


def _same_cluster_share(left: pd.DataFrame, right: pd.DataFrame) -> float:
    """The share of records whose cluster holds the same records in both."""

    def members(clusters: pd.DataFrame) -> dict[str, frozenset[str]]:
        groups = {
            cluster: frozenset(group)
            for cluster, group in clusters.groupby("cluster_id")["record_id"]
        }
        return dict(zip(clusters["record_id"], clusters["cluster_id"].map(groups), strict=True))

    a, b = members(left), members(right)
    return sum(a[record] == b.get(record) for record in a) / len(a)


def test_spark_gives_the_clusters_duckdb_gives(spark_api, records):
    on_duckdb = link_records(records)
    on_spark = link_records(records, db_api=spark_api)
    assert len(on_spark.clusters) == len(records)
    # Not a trivial answer: people with several records were found.
    assert on_duckdb.clusters["cluster_id"].nunique() < len(records) * 0.7
    # The same clusters, record for record.
    assert _same_cluster_share(on_spark.clusters, on_duckdb.clusters) == 1.0
    pairs = {
        backend: set(zip(result.pairs["record_id_l"], result.pairs["record_id_r"], strict=True))
        for backend, result in (("duckdb", on_duckdb), ("spark", on_spark))
    }
    assert pairs["spark"] == pairs["duckdb"]


def test_link_file_runs_on_spark(spark_api, records, tmp_path: Path):
    source = tmp_path / "records.csv"
    records.head(600).to_csv(source, index=False)
    on_duckdb, on_spark = tmp_path / "duckdb.csv", tmp_path / "spark.csv"
    call_command("link-file", str(source), "--output", str(on_duckdb))
    call_command("link-file", str(source), "--output", str(on_spark), "--backend", "spark")
    assert (
        _same_cluster_share(pd.read_csv(on_spark, dtype=str), pd.read_csv(on_duckdb, dtype=str))
        == 1.0
    )


def test_link_clients_runs_on_spark(spark_api, network, marie):
    marie_again = client_register(
        acting_user=network.alice,
        given_name="Marie Eve",
        family_name="COTE",
        date_of_birth=dt.date(1984, 3, 9),
        preferred_language="fr",
    )
    client_register(
        acting_user=network.alice,
        given_name="Jacques",
        family_name="Lavoie",
        date_of_birth=dt.date(1950, 11, 30),
    )
    call_command("link_clients", "--backend", "spark", stdout=io.StringIO())
    run = LinkageRun.objects.get()
    assert run.records == 3 and run.finished_at is not None
    pairs = list(MatchCandidate.objects.values_list("client_a", "client_b", "status"))
    assert pairs == [(*sorted([marie.pk, marie_again.pk], key=str), MatchStatus.PENDING)]
