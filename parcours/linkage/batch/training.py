"""Training without labels: the prior from deterministic rules, u from
seeded random pairs, m by expectation maximisation, each bounded by its
level's default (a small file cannot train every level)."""

from __future__ import annotations

import contextlib
import logging
import math
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from parcours.linkage.batch.blocking import (
    _DETERMINISTIC_RULES,
    _TRAINING_RULES,
)
from parcours.linkage.batch.comparisons import (
    _LEVELS,
)
from parcours.linkage.batch.parameters import (
    DETERMINISTIC_RECALL,
    DUCKDB_MEMORY_LIMIT,
    EM_MAX_PAIRS,
    M_PSEUDO_RECORDS,
    MAX_PRIOR,
    MIN_PRIOR,
    SEED,
    SINGLE_THREAD_RECORDS,
    U_MAX_PAIRS,
    U_MIN_PAIRS,
    U_PAIRS_PER_RECORD,
    U_PSEUDO_PAIRS,
)
from parcours.linkage.names import (
    Level,
)

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI

logger = logging.getLogger("parcours.linkage.batch")


def _default_db_api(n_records: int) -> DatabaseAPI[Any]:
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect(":memory:")
    # A small file is done sooner on one thread (nothing to share out).
    threads = 1 if n_records < SINGLE_THREAD_RECORDS else max(1, os.cpu_count() or 1)
    con.execute(f"SET threads TO {threads}")
    con.execute("SET preserve_insertion_order = false")
    # Spill to disk rather than grow: a million records stay within 4 GB.
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}'")
    return DuckDBAPI(connection=con)


def _shrink(estimate: float | None, default: float, weight: float) -> float:
    if estimate is None or not math.isfinite(estimate) or estimate <= 0:
        return default
    return weight * estimate + (1.0 - weight) * default


def _bound_parameters(linker: Any, *, n_records: int, n_u_pairs: float) -> None:
    """Combine the trained m and u of every level with its default, as a
    Bayesian estimate would with the default as prior: a handful of records
    or sampled pairs moves the defaults little, a large registry overrules
    them. Then keep each m within its level's bounds (renormalised) and each
    u above its floor. A level the data could not train keeps its default."""
    m_weight = n_records / (n_records + M_PSEUDO_RECORDS)
    u_weight = n_u_pairs / (n_u_pairs + U_PSEUDO_PAIRS)
    for comparison in linker._settings_obj.comparisons:
        specs = _LEVELS[comparison.output_column_name][1]
        levels = comparison._comparison_levels_excluding_null
        ms = []
        for spec, level in zip(specs, levels, strict=True):
            m = level._m_probability if level._m_is_trained else None
            u = level._u_probability if level._u_is_trained else None
            m = _shrink(m if isinstance(m, float) else None, spec.m, m_weight)
            u = _shrink(u if isinstance(u, float) else None, spec.u, u_weight)
            ms.append(min(max(m, spec.m_min), spec.m_max))
            level.u_probability = min(max(u, spec.u_min), 1.0)
            if spec.tf_column:
                level._tf_adjustment_weight = m_weight
        total = sum(ms)
        for spec, m, level in zip(specs, ms, levels, strict=True):
            level.m_probability = m / total
            if spec.max_weight is not None:
                floor = level.m_probability / 2**spec.max_weight
                level.u_probability = min(max(level.u_probability, floor), 1.0)
            if spec.fixed_weight is not None:
                level.u_probability = min(level.m_probability / 2**spec.fixed_weight, 1.0)


def _given_name_error_share(linker: Any) -> float:
    """The trained share of a person's record pairs whose given names are two
    different names (the m of the given name's "different" levels)."""
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name == "given_name":
            specs = _LEVELS["given_name"][1]
            levels = comparison._comparison_levels_excluding_null
            return float(
                sum(
                    level.m_probability
                    for spec, level in zip(specs, levels, strict=True)
                    if spec.level == Level.DIFFERENT
                )
            )
    return 0.0


@contextlib.contextmanager
def _quiet_splink() -> Iterator[None]:
    """Splink's training notes (levels not observed, ...) go to the log at
    debug level, not to the terminal: the defaults cover those levels."""
    # Splink resets the level of its "splink" logger when it makes linkers
    # of its own (EM training does), not that of "splink.internals".
    splink_logger = logging.getLogger("splink.internals")
    level = splink_logger.level
    splink_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        splink_logger.setLevel(level)


def _possible_pairs(prepared: Sequence[Any]) -> float:
    if len(prepared) == 2:
        return float(len(prepared[0]) * len(prepared[1]))
    n = len(prepared[0])
    return n * (n - 1) / 2


def _fallback_prior(prepared: Sequence[Any]) -> float:
    """The prior before it is estimated: about one duplicate per ten records."""
    n = sum(len(p) for p in prepared)
    return float(min(MAX_PRIOR, max(MIN_PRIOR, 0.1 * n / max(_possible_pairs(prepared), 1.0))))


def _copy_u(source: Any, target: Any) -> None:
    """Every level's u as ``source`` estimated it, into ``target`` (the same
    comparisons and levels, another backend)."""
    pairs = zip(source._settings_obj.comparisons, target._settings_obj.comparisons, strict=True)
    for from_comparison, to_comparison in pairs:
        for from_level, to_level in zip(
            from_comparison._comparison_levels_excluding_null,
            to_comparison._comparison_levels_excluding_null,
            strict=True,
        ):
            to_level._u_probability = from_level._u_probability


def _train(
    linker: Any,
    n_records: int,
    possible: float,
    deterministic: Sequence[str] = _DETERMINISTIC_RULES,
    training_rules: Sequence[str] = _TRAINING_RULES,
    u_linker: Any = None,
) -> None:
    """Prior, u by random sampling, m by EM; then the bounded defaults.

    ``u_linker``, the same model on DuckDB over the same prepared records,
    samples the pairs for u when ``linker`` runs elsewhere (Spark): each
    backend draws a seeded sample its own way, and the u probabilities (so
    the clusters) would differ a little between them; drawn by DuckDB, they
    are the same whatever the backend. (The sample is bounded by
    ``U_MAX_PAIRS``, so this stays small on a registry of any size.)"""
    from splink.internals.exceptions import SplinkException

    training = linker.training
    started = time.perf_counter()
    try:
        if not deterministic:
            raise ValueError("no deterministic rule has data to run on")
        training.estimate_probability_two_random_records_match(
            [{"blocking_rule": rule} for rule in deterministic], recall=DETERMINISTIC_RECALL
        )
    except (SplinkException, ValueError, ZeroDivisionError) as exc:
        logger.info("Prior not estimated, default kept: %s", exc)
    settings = linker._settings_obj
    prior = settings._probability_two_random_records_match
    settings._probability_two_random_records_match = float(
        min(MAX_PRIOR, max(MIN_PRIOR, prior or MIN_PRIOR))
    )
    logger.debug("prior %.3g in %.1fs", prior, time.perf_counter() - started)
    started = time.perf_counter()
    n_u_pairs = max(
        1.0, min(U_MAX_PAIRS, possible, max(U_MIN_PAIRS, U_PAIRS_PER_RECORD * n_records))
    )
    try:
        sampler = u_linker if u_linker is not None else linker
        sampler.training.estimate_u_using_random_sampling(
            max_pairs=n_u_pairs, seed=SEED, min_count_per_level=None, num_chunks=1
        )
        if u_linker is not None:
            _copy_u(u_linker, linker)
    except (SplinkException, ValueError, ZeroDivisionError) as exc:
        logger.info("u probabilities not estimated, defaults kept: %s", exc)
        n_u_pairs = 0.0
    logger.debug("u in %.1fs", time.perf_counter() - started)
    for rule in training_rules:
        started = time.perf_counter()
        # Splink's EM session takes the comparisons of its blocking rule out of
        # the linker's settings (and changes the prior) before it trains, and
        # puts them back only when it succeeds: a failed session would leave
        # the model without them (a birth date never compared). Keep a copy.
        kept = settings.core_model_settings.copy()
        try:
            training.estimate_parameters_using_expectation_maximisation(
                {"blocking_rule": rule},
                estimate_without_term_frequencies=True,
                max_pairs=EM_MAX_PAIRS if n_records > 50_000 else None,
            )
        except (SplinkException, ValueError, ZeroDivisionError) as exc:
            logger.info("EM on %s failed, defaults kept: %s", rule, exc)
            settings.core_model_settings = kept
        logger.debug("EM on %s in %.1fs", rule, time.perf_counter() - started)
    _bound_parameters(linker, n_records=n_records, n_u_pairs=n_u_pairs)
