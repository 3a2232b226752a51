"""Batch record linkage: Parcours (``parcours.linkage.batch.link_records``)
against plain Splink configured the way its documentation teaches.

Datasets (all offline, see ``linkage_datasets``): FEBRL3 (deduplicate 5,000
records) and FEBRL4 (link two files of 5,000), each with and without the
``soc_sec_id`` column, with dates rewritten YYYY-MM-DD or (``_raw``) as
published; Splink's public "historical figures with errors" (50,578
records) and ``fake_1000``; a synthetic French/English-Canadian set
(``tests.support.synthetic``, a few thousand people with several records
each, twins and namesakes), synthetic families when their generator exists,
and 1,000,000 synthetic records (speed and memory).

Plain Splink gets the settings of its own examples (``linkage_recipes``),
with this project's column names; the prior from deterministic rules, u by
random sampling (seeded), m by EM on two blocking rules, prediction at 0.2
and clusters at 0.99. Its input is the same frame with empty values as
NULL, health card and phone numbers stripped of punctuation, and the raw
columns its notebooks use (FEBRL: street_number, address_1, state;
historical figures: occupation).

Each engine runs in a fresh child process (see ``linkage_metrics``): the
time is the engine's work (reading out the pairs sent to review excluded),
the memory the peak of the whole child. Besides pairwise precision, recall
and F1 of the clusters, a second table gives a reviewer's workload: the
pairs each engine sends to a person and the recall once they are reviewed.

    .venv/bin/python bench/bench_linkage.py                 # everything
    .venv/bin/python bench/bench_linkage.py --quick         # a smoke run
    .venv/bin/python bench/bench_linkage.py --skip-million
    .venv/bin/python bench/bench_linkage.py --only febrl4_nossn --only historical_50k
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linkage_datasets import (
    Dataset,
    canadian,
    fake_1000,
    families,
    families_generator,
    febrl,
    historical_50k,
    million,
)
from linkage_metrics import (
    Measurement,
    Scores,
    Workload,
    format_bytes,
    measure,
    review_workload,
    scores_from_clusters,
)
from linkage_recipes import splink_recipe

PAIR_THRESHOLD = 0.5
CLUSTER_THRESHOLD = 0.99
SPLINK_PREDICT_THRESHOLD = 0.2
MILLION_SECONDS = 90.0
MILLION_BYTES = 4 * 2**30
CANADIAN_PRECISION = 0.995
CANADIAN_RECALL = 0.95
PRECISION_FLOOR = 0.995  # issue #18, on every dataset


# --- Engines (run in child processes) -------------------------------------------


def run_parcours(frames: Sequence[pd.DataFrame]) -> dict[str, Any]:
    """Clusters and the pairs sent to review; ``seconds``: the engine call
    (with the import of the engine, as before the review pairs were read)."""
    started = time.perf_counter()
    from parcours.linkage.batch import link_records

    data: pd.DataFrame | list[pd.DataFrame] = frames[0] if len(frames) == 1 else list(frames)
    result = link_records(data, pair_threshold=PAIR_THRESHOLD, cluster_threshold=CLUSTER_THRESHOLD)
    seconds = time.perf_counter() - started
    # Every pair it returns (at or above pair_threshold) whose records are in
    # two clusters: between the thresholds, or kept apart.
    clusters = result.clusters[["record_id", "cluster_id"]]
    cluster = clusters.set_index("record_id")["cluster_id"]
    pairs = result.pairs[["record_id_l", "record_id_r"]]
    review = pairs[pairs["record_id_l"].map(cluster) != pairs["record_id_r"].map(cluster)]
    return {"clusters": clusters, "review": review.reset_index(drop=True), "seconds": seconds}


def run_splink(
    frames: Sequence[pd.DataFrame], *, recipe: str, with_id: bool, dob_format: str
) -> dict[str, Any]:
    """Clusters and the predictions between the pair and cluster thresholds
    not in one cluster; ``seconds``: all but reading out those pairs."""
    started = time.perf_counter()
    import logging

    from splink import DuckDBAPI, Linker, SettingsCreator

    steps = splink_recipe(recipe, with_id=with_id, dob_format=dob_format)
    if steps.get("concat"):
        frames = [
            f.assign(
                given_family=(f["given_name"].fillna("") + " " + f["family_name"].fillna(""))
                .str.strip()
                .replace({"": None})
            )
            for f in frames
        ]
    settings = SettingsCreator(
        unique_id_column_name="record_id",
        link_type="dedupe_only" if len(frames) == 1 else "link_only",
        blocking_rules_to_generate_predictions=steps["blocking"],
        comparisons=steps["comparisons"],
        retain_intermediate_calculation_columns=True,
    )
    db_api = DuckDBAPI()
    tables = [db_api.register(f) for f in frames]
    linker = Linker(tables[0] if len(tables) == 1 else tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        steps["deterministic"], recall=steps["recall"]
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=steps["u_pairs"], seed=2)
    for rule in steps["em"]:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=steps["em_without_tf"]
        )
    predictions = linker.inference.predict(threshold_match_probability=SPLINK_PREDICT_THRESHOLD)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=CLUSTER_THRESHOLD
    )
    clusters = clustered.as_pandas_dataframe()[["record_id", "cluster_id"]].astype(str)
    seconds = time.perf_counter() - started
    review: pd.DataFrame = linker.misc.query_sql(  # type: ignore[no-untyped-call]
        "select cast(p.record_id_l as varchar) as record_id_l, "
        "cast(p.record_id_r as varchar) as record_id_r "
        f"from {predictions.physical_name} p "
        f"join {clustered.physical_name} cl on p.record_id_l = cl.record_id "
        f"join {clustered.physical_name} cr on p.record_id_r = cr.record_id "
        f"where p.match_probability >= {PAIR_THRESHOLD} "
        f"and p.match_probability < {CLUSTER_THRESHOLD} and cl.cluster_id <> cr.cluster_id",
        output_type="pandas",
    )
    return {"clusters": clusters, "review": review, "seconds": seconds}


# --- The tables -----------------------------------------------------------------


@dataclass
class Row:
    dataset: Dataset
    engine: str
    measurement: Measurement
    scores: Scores | None
    workload: Workload | None = None


def _run(dataset: Dataset, timeout: float, memory_cap: int, engines: Sequence[str]) -> list[Row]:
    rows = []
    cross = len(dataset.frames) == 2
    runs: list[tuple[str, str, list[pd.DataFrame], dict[str, Any]]] = [
        ("parcours", "bench_linkage:run_parcours", dataset.frames, {}),
        (
            "splink",
            "bench_linkage:run_splink",
            dataset.splink_frames,
            {
                "recipe": dataset.recipe,
                "with_id": dataset.with_id,
                "dob_format": dataset.dob_format,
            },
        ),
    ]
    for engine, function, frames, options in runs:
        if engine not in engines:
            continue
        print(f"  running {engine} on {dataset.name} …", flush=True)
        result = measure(function, frames, timeout=timeout, memory_cap=memory_cap, **options)
        scores = workload = None
        if result.result is not None:
            out = result.result
            # The time of the engine's own work, without reading out the review pairs.
            result = replace(result, seconds=out["seconds"])
            scores = scores_from_clusters(out["clusters"], dataset.truth, cross_source=cross)
            workload = review_workload(
                out["clusters"], out["review"], dataset.truth, cross_source=cross
            )
        rows.append(Row(dataset, engine, result, scores, workload))
    return rows


def _fmt(value: float, digits: int = 4) -> str:
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


NAME_WIDTH = 16


def _print_table(rows: list[Row]) -> None:
    header = (
        f"{'dataset':<{NAME_WIDTH}} {'engine':<9} {'precision':>9} {'recall':>7} {'F1':>7} "
        f"{'time':>9} {'cpu':>8} {'peak mem':>9} {'time P/S':>9} {'mem P/S':>8}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, engines in _by_dataset(rows).items():
        p, s = engines.get("parcours"), engines.get("splink")
        for row in (p, s):
            if row is None:
                continue
            m, sc = row.measurement, row.scores
            ratio_t = ratio_m = ""
            if row is p and s is not None and not m.error and not s.measurement.error:
                ratio_t = f"{m.seconds / s.measurement.seconds:.2f}"
                ratio_m = f"{m.peak_bytes / s.measurement.peak_bytes:.2f}"
            print(
                f"{name:<{NAME_WIDTH}} {row.engine:<9} "
                f"{_fmt(sc.precision) if sc else '—':>9} {_fmt(sc.recall) if sc else '—':>7} "
                f"{_fmt(sc.f1) if sc else '—':>7} "
                f"{(f'{m.seconds:.1f} s' if not m.error else '—'):>9} "
                f"{(f'{m.cpu_seconds:.1f} s' if not m.error else '—'):>8} "
                f"{format_bytes(m.peak_bytes) if m.peak_bytes else '—':>9} {ratio_t:>9} {ratio_m:>8}"
            )
            if m.error:
                print(f"{'':<{NAME_WIDTH}}   error: {m.error}")
    print()


def _by_dataset(rows: list[Row]) -> dict[str, dict[str, Row]]:
    by: dict[str, dict[str, Row]] = {}
    for row in rows:
        by.setdefault(row.dataset.name, {})[row.engine] = row
    return by


def _print_workload(rows: list[Row]) -> None:
    """A reviewer's workload: recall of the clusters alone, the pairs sent to
    review (per 1,000 records, and the share that are one person), and the
    recall and precision once a reviewer who never errs has merged the
    true ones."""
    header = (
        f"{'dataset':<{NAME_WIDTH}} {'engine':<9} {'recall':>7} {'review':>7} "
        f"{'per 1k':>7} {'true':>6} {'recall+rev':>10} {'prec+rev':>9}"
    )
    print(
        "Review workload (pairs sent to a person: not in one cluster, "
        f"Parcours: pairs it returns >= {PAIR_THRESHOLD}; "
        f"Splink: predictions in [{PAIR_THRESHOLD}, {CLUSTER_THRESHOLD}))"
    )
    print(header)
    print("-" * len(header))
    for name, engines in _by_dataset(rows).items():
        for engine in ("parcours", "splink"):
            row = engines.get(engine)
            if row is None or row.scores is None or row.workload is None:
                continue
            w = row.workload
            print(
                f"{name:<{NAME_WIDTH}} {engine:<9} {_fmt(row.scores.recall):>7} "
                f"{w.review_pairs:>7,} {w.per_thousand:>7.1f} {_fmt(w.true_share, 2):>6} "
                f"{_fmt(w.after_review.recall):>10} {_fmt(w.after_review.precision):>9}"
            )
    print()


def _line(text: str, met: bool | None) -> None:
    mark = "n/a " if met is None else ("MET " if met else "MISS")
    print(f"  [{mark}] {text}")


def _quality_targets(name: str, p: Row, s: Row) -> None:
    """Issue #18 on every dataset: precision >= 0.995 and never below plain
    Splink's; F1 >= plain Splink's."""
    if p.scores is None or s.scores is None:
        _line(f"{name}: quality (an engine failed)", None if s.scores is None else False)
        return
    pp, sp = p.scores.precision, s.scores.precision
    _line(
        f"{name}: precision {_fmt(pp)} >= {PRECISION_FLOOR} and >= plain Splink's {_fmt(sp)}",
        pp >= PRECISION_FLOOR and pp >= sp,
    )
    _line(
        f"{name}: F1 {_fmt(p.scores.f1)} >= plain Splink's {_fmt(s.scores.f1)}",
        p.scores.f1 >= s.scores.f1,
    )


def _targets(rows: list[Row]) -> None:
    by: dict[tuple[str, str], Row] = {(r.dataset.name, r.engine): r for r in rows}
    print("Targets")
    line = _line

    c = by.get(("canadian", "parcours"))
    if c is not None:
        sc = c.scores
        line(
            f"precision >= {CANADIAN_PRECISION} with recall >= {CANADIAN_RECALL} on the "
            f"Canadian set: {_fmt(sc.precision) if sc else '—'} / {_fmt(sc.recall) if sc else '—'}",
            None
            if sc is None
            else sc.precision >= CANADIAN_PRECISION and sc.recall >= CANADIAN_RECALL,
        )
    for (name, engine), p in by.items():
        if engine != "parcours":
            continue
        s = by.get((name, "splink"))
        if s is None:
            continue
        _quality_targets(name, p, s)
        ok = None
        if not p.measurement.error and not s.measurement.error:
            ok = p.measurement.seconds <= s.measurement.seconds
        elif not p.measurement.error:
            ok = True  # Splink did not finish
        line(
            f"{name}: time {p.measurement.seconds:.1f} s <= plain Splink's "
            f"{s.measurement.seconds:.1f} s",
            ok,
        )
    m = by.get(("million", "parcours"))
    if m is not None:
        n = len(m.dataset.truth)
        line(
            f"{n:,} records in <= {MILLION_SECONDS:.0f} s and <= {format_bytes(MILLION_BYTES)}: "
            f"{m.measurement.seconds:.1f} s, {format_bytes(m.measurement.peak_bytes)}",
            False
            if m.measurement.peak_bytes > MILLION_BYTES
            else None
            if m.measurement.error
            else m.measurement.seconds <= MILLION_SECONDS,
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--skip-million", action="store_true", help="leave out the 1M records")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="only this dataset (repeatable)"
    )
    parser.add_argument("--people", type=int, default=None, help="people in the Canadian set")
    parser.add_argument("--records", type=int, default=None, help="records in the 'million' set")
    parser.add_argument(
        "--engine", action="append", choices=("parcours", "splink"), help="only this engine"
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per engine run")
    parser.add_argument(
        "--memory-cap-gb", type=float, default=8.0, help="stop a run above this resident size"
    )
    args = parser.parse_args(argv)

    people = args.people or (400 if args.quick else 4000)
    records = args.records or (50_000 if args.quick else 1_000_000)
    households = 200 if args.quick else 2000
    historical_people = 500 if args.quick else None
    builders: list[tuple[str, Callable[[], Dataset]]] = [
        ("febrl3", lambda: febrl(3, with_ssn=True)),
        ("febrl3_nossn", lambda: febrl(3, with_ssn=False)),
        ("febrl4", lambda: febrl(4, with_ssn=True)),
        ("febrl4_nossn", lambda: febrl(4, with_ssn=False)),
        ("febrl3_raw", lambda: febrl(3, with_ssn=True, as_published=True)),
        ("febrl3_raw_nossn", lambda: febrl(3, with_ssn=False, as_published=True)),
        ("febrl4_raw", lambda: febrl(4, with_ssn=True, as_published=True)),
        ("febrl4_raw_nossn", lambda: febrl(4, with_ssn=False, as_published=True)),
        ("historical_50k", lambda: historical_50k(people=historical_people)),
        ("fake_1000", fake_1000),
        ("canadian", lambda: canadian(people)),
        ("families", lambda: families(households)),
        ("million", lambda: million(records)),
    ]
    if args.only:
        unknown = set(args.only) - {name for name, _ in builders}
        if unknown:
            parser.error(f"unknown dataset(s): {', '.join(sorted(unknown))}")
        builders = [(n, b) for n, b in builders if n in args.only]
    if args.skip_million:
        builders = [(n, b) for n, b in builders if n != "million"]
    if any(n == "families" for n, _ in builders) and families_generator() is None:
        print("families: skipped (tests.support.synthetic.generate_families is not there yet)")
        builders = [(n, b) for n, b in builders if n != "families"]

    import splink

    print(
        f"Linkage benchmark — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"Splink {splink.__version__}, pandas {pd.__version__}"
    )
    print(
        f"Parcours: link_records(pair_threshold={PAIR_THRESHOLD}, "
        f"cluster_threshold={CLUSTER_THRESHOLD}); plain Splink: its notebooks' settings, "
        f"predict at {SPLINK_PREDICT_THRESHOLD}, clusters at {CLUSTER_THRESHOLD}"
    )
    rows: list[Row] = []
    for name, build in builders:
        dataset = build()
        print(f"{name}: {dataset.description}", flush=True)
        rows += _run(
            dataset,
            args.timeout,
            int(args.memory_cap_gb * 2**30),
            args.engine or ("parcours", "splink"),
        )
    _print_table(rows)
    _print_workload(rows)
    _targets(rows)
    print(
        "\nPairwise scores (pairs of records in one cluster vs pairs of one person; "
        "across the two files only for FEBRL4); time = the engine call; "
        "peak mem = the peak resident set of the child process that ran it."
    )


if __name__ == "__main__":
    main()
