"""The distributed engine, proven: ``link_records`` on Splink's Spark
backend (pyspark in local mode, Debian's Java) gives the same clusters as on
DuckDB for 5,000 records; ``link-file --backend spark`` writes them and
``link_clients --backend spark`` fills the review queue.

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


def _partition(clusters: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(group) for group in clusters.groupby("cluster_id")["record_id"]}


def test_spark_gives_the_clusters_duckdb_gives(spark_api, records):
    on_duckdb = link_records(records)
    on_spark = link_records(records, db_api=spark_api)
    assert len(on_spark.clusters) == len(records)
    assert _partition(on_spark.clusters) == _partition(on_duckdb.clusters)
    # Not a trivial answer: people with several records were found.
    assert on_duckdb.clusters["cluster_id"].nunique() < len(records) * 0.7
    assert set(on_spark.pairs["record_id_l"] + on_spark.pairs["record_id_r"]) == set(
        on_duckdb.pairs["record_id_l"] + on_duckdb.pairs["record_id_r"]
    )


def test_link_file_runs_on_spark(spark_api, records, tmp_path: Path):
    source = tmp_path / "records.csv"
    records.head(600).to_csv(source, index=False)
    on_duckdb, on_spark = tmp_path / "duckdb.csv", tmp_path / "spark.csv"
    call_command("link-file", str(source), "--output", str(on_duckdb))
    call_command("link-file", str(source), "--output", str(on_spark), "--backend", "spark")
    assert _partition(pd.read_csv(on_spark, dtype=str)) == _partition(
        pd.read_csv(on_duckdb, dtype=str)
    )


def test_link_clients_runs_on_spark(spark_api, network, marie, marie_again):
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
