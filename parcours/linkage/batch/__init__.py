"""Batch record linkage: deduplicate one list of person records, or link two,
with a Fellegi–Sunter model trained without labels (Splink on DuckDB).

The real-time search-before-create engine (:mod:`parcours.linkage.engine`)
scores one new record against a handful of candidates with hand-set
weights. This module does the same job for whole files or registries:

1. **Preparation**: the names are folded and tokenised with
   :mod:`parcours.linkage.names` — accents, case and punctuation off,
   compound names joined, nicknames and translations mapped to a canonical
   name, phonetic keys, initials, the known name an unknown one is a typo
   of — once per distinct name (names repeat a lot); the dates of birth,
   health card numbers (without the Ontario version code), other ids,
   phones and addresses are cleaned in SQL by DuckDB.
2. **Model**: nine comparisons (:data:`FIELDS`: given name, family name,
   date of birth, gender, health card, other id, phone, email, address) with levels
   written in plain SQL that every Splink backend runs (DuckDB here; Spark
   for very large registries), and
   term-frequency adjustments on the exact name levels (a shared
   "Tremblay" says less than a shared "Wojciechowski").
3. **Training**: the prior from deterministic rules, the u probabilities
   from random pairs (seeded), the m probabilities by expectation
   maximisation on two blocking rules. Small inputs cannot train every level,
   so each level has a sensible default and bounds (see :data:`_LEVELS`): an
   untrained or implausible estimate never turns into a false merge.
4. **Prediction** on the union of several blocking rules (no cartesian
   product; small files get wider ones), then **clustering** of the pairs at
   or above the cluster threshold into connected components, made again
   where two records that must stay apart (:data:`_CANNOT_LINK_SQL`) were
   chained together.

Precision matters more than recall: a false merge shows one person's health
data to another person's workers. Twins (same family name, birth date and
address, different given names) and relatives (same family name and
address, different given names and birth dates) stay apart by the
cannot-link rules,
namesakes (same full name, different birth dates) by the weights; pairs
between the two thresholds, and pairs kept apart, are returned for a person
to review.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from parcours.linkage.batch.blocking import (
    _DETERMINISTIC_RULES,
    _FIELD_COLUMNS,
    _PREDICTION_RULES,
    _TRAINING_RULES,
    WIDE_RULE_PAIRS_PER_RECORD,
    _across_groups,
    _filled_columns,
    _required_columns,
    _wide_rules,
)
from parcours.linkage.batch.comparisons import (
    _comparisons,
    _sql_for_dialect,
)
from parcours.linkage.batch.keep_apart import (
    _CANNOT_LINK_SQL,
    _CONFLICT_COLUMNS,
    _CONFLICTS_SQL,
    _both_sides,
    _identified_given_error_share,
    _names,
    _quoted,
    _renamed,
    _split_conflicts,
    _with_kept_apart,
    _with_twin_shape,
)
from parcours.linkage.batch.parameters import (
    CHECKED_CLUSTER_MAX,
    COLUMNS,
    DEFAULT_CLUSTER_THRESHOLD,
    DEFAULT_PAIR_THRESHOLD,
    FIELDS,
    GIVEN_NAME_ERROR_MIN,
    IDENTIFIED_GIVEN_ERROR_MAX,
    IDENTIFIED_PAIRS_MIN,
)
from parcours.linkage.batch.prepare import (
    _prepare_into,
    prepare,
    prepare_arrow,
)
from parcours.linkage.batch.results import (
    _CLUSTERS_SQL,
    LinkageResult,
    _clusters,
    _empty_pairs,
    _pairs_frame,
    _singletons,
    pair_evidence,
)
from parcours.linkage.batch.training import (
    _default_db_api,
    _fallback_prior,
    _given_name_error_share,
    _possible_pairs,
    _quiet_splink,
    _train,
)

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI

# The parts of the engine live in the modules of this package (parameters,
# prepare, comparisons, blocking, training, keep_apart, results); the entry
# point and its run of the stages are here.
__all__ = [
    "COLUMNS",
    "DEFAULT_CLUSTER_THRESHOLD",
    "DEFAULT_PAIR_THRESHOLD",
    "FIELDS",
    "STAGES",
    "WIDE_RULE_PAIRS_PER_RECORD",
    "LinkageResult",
    "link_records",
    "pair_evidence",
    "prepare",
    "prepare_arrow",
]

logger = logging.getLogger(__name__)


def _report(
    progress: Callable[[str, int, int], None] | None, stage: str, done: int, total: int
) -> None:
    if progress is not None:
        progress(stage, done, total)


STAGES: tuple[str, ...] = ("prepare", "train", "predict", "cluster")


def _local_duckdb() -> Any:
    """A DuckDB of this process, where records are prepared for a backend
    that is not DuckDB (Spark)."""
    import duckdb

    return duckdb.connect(":memory:")


# DuckDB's types of the prepared columns, as Spark names them.
_SPARK_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
    "DATE": "date",
}


def _on_local_duckdb(con: Any, prepared_names: Sequence[str]) -> list[Any]:
    """The prepared tables on the local DuckDB, named as a DuckDB run names
    them (their names are what the seeded sampling of pairs hashes)."""
    from splink import DuckDBAPI

    local = DuckDBAPI(connection=con)
    return [
        local.register(table, dataset_display_name=f"parcours_input_{i}")
        for i, table in enumerate(prepared_names)
    ]


def _for_backend(api: Any, con: Any, table: str) -> Any:
    """A prepared table as the backend takes it: on Spark, a Spark frame
    with the prepared columns' types (a column empty in every record has no
    type Spark could guess from its values)."""
    frame = con.table(table).df()
    if api.sql_dialect.sql_dialect_str != "spark":
        return frame
    described = con.execute(f"describe {table}").fetchall()
    schema = ", ".join(f"`{name}` {_SPARK_TYPES[kind]}" for name, kind, *_ in described)
    rows = frame.astype(object).where(frame.notna(), None)
    return api.spark.createDataFrame(rows, schema=schema)


def link_records(
    data: pd.DataFrame | Sequence[pd.DataFrame],
    *,
    pair_threshold: float = DEFAULT_PAIR_THRESHOLD,
    cluster_threshold: float = DEFAULT_CLUSTER_THRESHOLD,
    progress: Callable[[str, int, int], None] | None = None,
    db_api: DatabaseAPI[Any] | None = None,
) -> LinkageResult:
    """Deduplicate one frame, or link two (pairs across them only).

    ``progress`` is called with (stage, done, total) as each of
    :data:`STAGES` starts and when the last ends. ``db_api`` is a Splink
    database API (a fresh in-memory DuckDB by default; a ``SparkAPI`` runs
    the same model on Spark).
    """
    from splink import Linker, SettingsCreator

    frames = [data] if isinstance(data, pd.DataFrame) else list(data)
    if not 1 <= len(frames) <= 2:
        raise ValueError("link_records takes one frame (deduplicate) or two (link)")
    if not (0.0 <= pair_threshold <= 1.0 and 0.0 <= cluster_threshold <= 1.0):
        raise ValueError("thresholds are probabilities between 0 and 1")
    total = len(STAGES)
    _report(progress, STAGES[0], 0, total)
    for frame in frames:
        if "record_id" not in frame.columns:
            raise ValueError("record_id column is required")
    prepared = frames  # their sizes, until prepared in the backend below
    ids = pd.concat([frame["record_id"].astype(str) for frame in frames], ignore_index=True)
    if ids.duplicated().any():
        raise ValueError("record_id must be unique across the inputs")
    n_records = len(ids)
    if n_records == 0:
        _report(progress, STAGES[-1], total, total)
        return LinkageResult(
            pairs=_empty_pairs(),
            clusters=pd.DataFrame(
                {"record_id": pd.Series(dtype=str), "cluster_id": pd.Series(dtype=str)}
            ),
            model={},
        )
    if len(frames) == 2 and any(len(p) == 0 for p in prepared):
        # Nothing to link to: everyone is their own cluster.
        _report(progress, STAGES[-1], total, total)
        return LinkageResult(pairs=_empty_pairs(), clusters=_singletons(ids), model={})

    api = db_api if db_api is not None else _default_db_api(n_records)
    dialect = api.sql_dialect.sql_dialect_str
    tables = []
    # The records are prepared in DuckDB: the backend's own when it is
    # DuckDB (nothing is copied out), a local one otherwise (Spark), whose
    # prepared tables are then handed to the backend.
    on_duckdb = dialect == "duckdb"
    con = api.duckdb_con if on_duckdb else _local_duckdb()
    run = secrets.token_hex(4)
    prepared_names = []
    for i, frame in enumerate(frames):
        # A stable name: it is the records' source_dataset, which the seeded
        # sampling of pairs hashes (a random one would change the sample).
        name = f"parcours_input_{i}"
        prepared_names.append(f"__parcours_prepared_{i}_{run}")
        _prepare_into(con, frame, prepared_names[-1])
        if on_duckdb:
            tables.append(api.register(prepared_names[-1], dataset_display_name=name))
        else:
            # A table of its own (a Spark session outlives one run), named
            # for the records as on DuckDB.
            tables.append(
                api.register(
                    _for_backend(api, con, prepared_names[-1]),
                    table_name=f"{name}_{run}",
                    dataset_display_name=name,
                )
            )
    rules = list(_PREDICTION_RULES)
    deterministic = list(_DETERMINISTIC_RULES)
    training = list(_TRAINING_RULES)
    fields: Sequence[str] = FIELDS
    # A field no record has is not compared, a rule on it not run.
    filled = _filled_columns(con, prepared_names)
    fields = [f for f in FIELDS if filled & set(_FIELD_COLUMNS[f])]
    rules = [r for r in rules if _required_columns(r) <= filled]
    deterministic = [r for r in deterministic if _required_columns(r) <= filled]
    rules += _wide_rules(con, prepared_names, n_records)
    if "group_id" in filled:
        # Rows known to be one person are neither scored nor trained on.
        rules, deterministic, training = (
            [_across_groups(r) for r in rules],
            [_across_groups(r) for r in deterministic],
            [_across_groups(r) for r in training],
        )
    if not fields or not rules:
        _report(progress, STAGES[-1], total, total)
        return LinkageResult(pairs=_empty_pairs(), clusters=_singletons(ids), model={})

    def model_on(tables: list[Any], dialect: str) -> Linker:
        settings = SettingsCreator(
            link_type="dedupe_only" if len(frames) == 1 else "link_only",
            unique_id_column_name="record_id",
            comparisons=list[Any](_comparisons(dialect, fields)),
            blocking_rules_to_generate_predictions=[
                {"blocking_rule": _sql_for_dialect(rule, dialect)} for rule in rules
            ],
            probability_two_random_records_match=_fallback_prior(prepared),
            retain_matching_columns=True,  # Splink keeps the gamma_ columns only then
            additional_columns_to_retain=["given_name", "family_name"],
            retain_intermediate_calculation_columns=True,
            max_iterations=25,
            em_convergence=1e-4,
        )
        # The settings are this module's own, checked by its tests: Splink's
        # validation (every level's SQL parsed against the columns) is skipped.
        return Linker(
            tables if len(tables) == 2 else tables[0],
            settings,
            log_level=None,
            validate_settings=False,
        )

    with _quiet_splink():
        linker = model_on(tables, dialect)
        # Off DuckDB, the same model on the local DuckDB that prepared the
        # records draws the pairs for u (the same sample as a DuckDB run).
        u_linker = None if on_duckdb else model_on(_on_local_duckdb(con, prepared_names), "duckdb")

        _report(progress, STAGES[1], 1, total)
        _train(
            linker, n_records, _possible_pairs(prepared), deterministic, training, u_linker=u_linker
        )
        # Different given names with one family name and birth date are
        # twins unless the data shows given names are often written wrong.
        # Measured on the pairs an identifier joins when there are enough:
        # the model's estimate takes a household's records for one person's.
        identified, identified_share = _identified_given_error_share(linker, tables, dialect)
        if identified >= IDENTIFIED_PAIRS_MIN:
            twin_shape = identified_share < IDENTIFIED_GIVEN_ERROR_MAX
        else:
            twin_shape = _given_name_error_share(linker) < GIVEN_NAME_ERROR_MIN
        logger.debug(
            "given names written as another: %.4f of %d pairs sharing an identifier",
            identified_share,
            identified,
        )

        _report(progress, STAGES[2], 2, total)
        threshold = min(pair_threshold, cluster_threshold)
        started = time.perf_counter()
        predictions = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        logger.debug("prediction in %.2fs", time.perf_counter() - started)
        started = time.perf_counter()
        # Only the columns ``pairs`` needs, and only the pairs it returns.
        wanted = ["record_id_l", "record_id_r", "match_probability", "match_weight"] + [
            f"{prefix}{field}" for field in FIELDS for prefix in ("gamma_", "mw_", "mw_tf_")
        ]
        available = _names(predictions)
        present = [c for c in wanted if c in available]
        # The smaller record_id on the left (Splink orders by source first).
        ordered = [
            "least(cast(record_id_l as varchar), cast(record_id_r as varchar)) as record_id_l",
            "greatest(cast(record_id_l as varchar), cast(record_id_r as varchar)) as record_id_r",
            *(c for c in present if c not in ("record_id_l", "record_id_r")),
            # Names equal once folded, but not as typed: accents or case differ.
            *(
                f"coalesce(trim({name}_l) <> trim({name}_r), false) as {name}_typed_differs"
                for name in ("given_name", "family_name")
            ),
        ]
        source = (
            f"select {', '.join(ordered)} from {predictions.physical_name} "  # noqa: S608
            f"where match_probability >= {float(pair_threshold)!r}"
        )
        predicted: pd.DataFrame = linker.misc.query_sql(  # type: ignore[no-untyped-call]
            f"{source} order by 1, 2", output_type="pandas"
        )
        logger.debug("pairs read in %.2fs", time.perf_counter() - started)
        started = time.perf_counter()
        predicted = _with_kept_apart(linker, predicted, source, tables, dialect, twin_shape)
        logger.debug("pairs kept apart found in %.2fs", time.perf_counter() - started)
        started = time.perf_counter()

        _report(progress, STAGES[3], 3, total)
        clustered_table = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=cluster_threshold
        )
        logger.debug("clustering in %.1fs", time.perf_counter() - started)
        # Only the two columns, each cluster named after its smallest record_id.
        clustered: pd.DataFrame = linker.misc.query_sql(  # type: ignore[no-untyped-call]
            _CLUSTERS_SQL.replace("{table}", clustered_table.physical_name),
            output_type="pandas",
        )
        clusters = _clusters(clustered, ids)
        conflicts = _conflicts(linker, clustered_table.physical_name, dialect, twin_shape)
        if len(conflicts):
            edges: pd.DataFrame = linker.misc.query_sql(  # type: ignore[no-untyped-call]
                "select cast(p.record_id_l as varchar) as record_id_l, "  # noqa: S608 - generated names, quoted ids
                "cast(p.record_id_r as varchar) as record_id_r, p.match_probability "
                f"from {predictions.physical_name} p "
                f"join {clustered_table.physical_name} c on p.record_id_l = c.record_id "
                f"where p.match_probability >= {float(cluster_threshold)!r} and "
                f"cast(c.cluster_id as varchar) in ({_quoted(set(conflicts['cluster_id']))})",
                output_type="pandas",
            )
            # Splink names a cluster after one of its records; ours is the smallest.
            clusters = _split_conflicts(
                clusters, conflicts.assign(cluster_id=_renamed(conflicts, clusters)), edges
            )
    pairs = _pairs_frame(predicted) if len(predicted) else _empty_pairs()
    pairs = pairs[pairs["match_probability"] >= pair_threshold].reset_index(drop=True)
    model = linker.misc.save_model_to_json()
    logger.debug("results in %.1fs", time.perf_counter() - started)
    _report(progress, STAGES[-1], total, total)
    return LinkageResult(pairs=pairs, clusters=clusters, model=model)


def _conflicts(linker: Any, clustered: str, dialect: str, twin_shape: bool) -> pd.DataFrame:
    """Pairs of records of one cluster that must stay apart (see
    :data:`_CANNOT_LINK_SQL`): record_id_l, record_id_r, cluster_id."""
    sql = _CONFLICTS_SQL.format(
        clustered=clustered,
        columns=_both_sides(_CONFLICT_COLUMNS),
        condition=_sql_for_dialect(_with_twin_shape(_CANNOT_LINK_SQL, twin_shape), dialect),
        largest=CHECKED_CLUSTER_MAX,
    )
    too_large: pd.DataFrame = linker.misc.query_sql(
        f"select cluster_id, count(*) as n from {clustered} group by 1 "  # noqa: S608
        f"having count(*) > {CHECKED_CLUSTER_MAX}",
        output_type="pandas",
    )
    for n in too_large["n"]:
        logger.warning(
            "A cluster of %d records was not checked for records to keep apart "
            "(more than %d): review it.",
            n,
            CHECKED_CLUSTER_MAX,
        )
    result: pd.DataFrame = linker.misc.query_sql(sql, output_type="pandas")
    return result
