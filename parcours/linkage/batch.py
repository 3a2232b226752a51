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
address, different given names) stay apart by the cannot-link rules,
namesakes (same full name, different birth dates) by the weights; pairs
between the two thresholds, and pairs kept apart, are returned for a person
to review.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import jellyfish
import numpy as np
import pandas as pd

from parcours.linkage.engine import FieldEvidence
from parcours.linkage.names import (
    KNOWN_GIVEN_NAMES,
    NICKNAMES,
    Level,
    canonical_given,
    initials,
    name_tokens,
    nickname_group,
    phonetic_key,
)

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI

__all__ = [
    "COLUMNS",
    "DEFAULT_CLUSTER_THRESHOLD",
    "DEFAULT_PAIR_THRESHOLD",
    "FIELDS",
    "STAGES",
    "LinkageResult",
    "link_records",
    "pair_evidence",
    "prepare",
    "prepare_arrow",
]

logger = logging.getLogger(__name__)

DEFAULT_PAIR_THRESHOLD = 0.5  # pairs returned for review at or above this probability
DEFAULT_CLUSTER_THRESHOLD = 0.99  # pairs at or above this are joined into one cluster

# The input columns (those of ``parcours link-file``); all but record_id may be absent.
COLUMNS: tuple[str, ...] = (
    "record_id",
    "source",
    "given_name",
    "middle_name",
    "family_name",
    "date_of_birth",
    "gender",
    "health_card_number",
    "other_id",
    "phone",
    "email",
    "street_address",
    "city",
    "postal_code",
)

# The compared fields, as named in ``pairs`` (``<field>_level`` ...) and in
# :class:`FieldEvidence`.
FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "health_card",
    "other_id",
    "phone",
    "email",
    "address",
)

DUCKDB_MEMORY_LIMIT = "2GB"
# Clusters above this size are not checked record by record for records to
# keep apart (the check pairs every two records of a cluster); a warning
# names them. A cluster that large is a chain gone wrong, not one person.
CHECKED_CLUSTER_MAX = 1000
# Below this many records DuckDB runs on one thread.
SINGLE_THREAD_RECORDS = 50_000
SEED = 42  # random sampling of pairs for the u probabilities
U_MAX_PAIRS = 5e5
# ... and at least this many, or this many per record (a small file needs fewer).
U_MIN_PAIRS = 5e4
U_PAIRS_PER_RECORD = 15
EM_MAX_PAIRS = 5e5
# Recall assumed for the deterministic rules that estimate the prior.
DETERMINISTIC_RECALL = 0.6
# The prior is kept within these bounds whatever the deterministic rules find.
MIN_PRIOR = 1e-9
MAX_PRIOR = 0.05
# Weight of each level's default m and u against the trained ones, in
# records (m) and sampled pairs (u); see _bound_parameters.
M_PSEUDO_RECORDS = 1000
U_PSEUDO_PAIRS = 20000
# The most a different given name may weigh for a match (its m): learned
# from the data within this bound.
GIVEN_DIFFERENT_M_MAX = 0.2
# Below this trained share of a person's record pairs with two different
# given names, such names with the same family name and birth date are taken
# for twins (kept apart) rather than for a recording error; twins are about
# 1 to 3 in 100 births.
GIVEN_NAME_ERROR_MIN = 0.02
# The most an agreeing address may weigh (bits): a household shares one, a
# shelter's is shared by many.
ADDRESS_MAX_WEIGHT = 16.0


# ---------------------------------------------------------------------------
# Preparation
# ---------------------------------------------------------------------------


def _pad(names: set[str] | frozenset[str]) -> str:
    """Names as one string that ``instr`` can search for `` name ``."""
    return " " + " ".join(sorted(names)) + " "


_KNOWN_BY_INITIAL: dict[str, tuple[str, ...]] = {
    letter: tuple(sorted(n for n in KNOWN_GIVEN_NAMES if n.startswith(letter)))
    for letter in {n[0] for n in KNOWN_GIVEN_NAMES}
}
# Jaro-Winkler from which an unknown given name may be a typo of a known one.
NEAR_SIMILARITY = 0.8
# ... and only when no other known name is about as close (Daniell: Daniel
# or Danielle?).
NEAR_MARGIN = 0.02


@lru_cache(maxsize=262144)
def _nearest_known(name: str) -> str | None:
    """The known given name an unknown one is most likely a typo of (same
    first letter), or None when none is close or two are about as close:
    "Luoise" is Louise, so it must not match Louis (twins)."""
    scored = sorted(
        (
            (jellyfish.jaro_winkler_similarity(name, known), known)
            for known in _KNOWN_BY_INITIAL.get(name[0], ())
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < NEAR_SIMILARITY:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - NEAR_MARGIN:
        return None
    return scored[0][1]


@lru_cache(maxsize=262144)
def _given_features(text: str) -> tuple[Any, ...]:
    tokens = name_tokens(text)
    if not tokens:
        return (None,) * len(_GIVEN_COLUMNS)
    joined = "".join(tokens)
    whole = NICKNAMES.get(joined)  # Ti-Jean, Tiguy: a nickname written as two tokens
    canon_tokens = [whole[0]] if whole else [canonical_given(t) for t in tokens]
    first = canon_tokens[0]
    group: set[str] = set()
    for token in [joined] if whole else tokens[:1]:
        group |= nickname_group(token)
    is_initials = all(len(t) == 1 for t in tokens) or (
        len(tokens) == 1 and len(joined) <= 3 and not set(joined) & set("aeiouy")
    )
    key = phonetic_key(text)
    known = all(t in KNOWN_GIVEN_NAMES for t in tokens)
    return (
        joined,  # given_std
        "".join(canon_tokens),  # given_canon
        first,  # given_first
        canon_tokens[-1],  # given_last
        len(canon_tokens),  # given_ntok
        f" {first} ",  # given_canon_pad
        _pad(group | {first}),  # given_group
        int(known),  # given_known
        joined if known else _nearest_known(joined),  # given_near
        int(len(NICKNAMES.get(joined) or NICKNAMES.get(tokens[0], ())) > 1),  # given_ambiguous
        initials(text),  # given_initials
        int(is_initials),  # given_is_initials
        key if len(key) >= 3 else None,  # given_key
    )


_GIVEN_COLUMNS = (
    "given_std",
    "given_canon",
    "given_first",
    "given_last",
    "given_ntok",
    "given_canon_pad",
    "given_group",
    "given_known",
    "given_near",
    "given_ambiguous",
    "given_initials",
    "given_is_initials",
    "given_key",
)


@lru_cache(maxsize=262144)
def _family_features(text: str) -> tuple[Any, ...]:
    tokens = name_tokens(text)
    if not tokens:
        return (None,) * 6
    key = phonetic_key(text)
    return (
        "".join(tokens),  # family_std
        tokens[0],  # family_first
        tokens[-1],  # family_last
        len(tokens),  # family_ntok
        initials(text),  # family_initials
        key if len(key) >= 3 else None,  # family_key
    )


_FAMILY_COLUMNS = (
    "family_std",
    "family_first",
    "family_last",
    "family_ntok",
    "family_initials",
    "family_key",
)


def _or_none(series: pd.Series, keep: pd.Series) -> pd.Series:
    """``series`` as objects, None where ``keep`` is false (what every
    backend reads as NULL)."""
    values: Any = series.astype("object")
    return cast("pd.Series", values.where(keep, None))


# SQL that cleans the raw columns: blanks as NULL, dates parsed, health
# cards without separators or Ontario version code, phones as their last ten
# digits without extension. Run by a local DuckDB whatever the backend.
_CLEAN_SQL = r"""
select
    record_id,
    given_name,
    family_name,
    strftime(d, '%Y-%m-%d') as dob,
    year(d) as dob_year,
    strftime(d, '%m-%d') as dob_mmdd,
    case when d is null then null when month(d) = 1 and day(d) = 1 then 1 else 0 end as dob_jan1,
    case when day(d) <= 12 and day(d) <> month(d)
        then printf('%04d-%02d-%02d', year(d), day(d), month(d)) end as dob_swapped,
    case when length(card) >= 6 then card end as health_card,
    case when length(phone) >= 7 then phone end as phone,
    case when length(other_id) >= 3 then other_id end as other_id,
    case when regexp_matches(email, '^[^@\s]+@[^@\s]+\.[a-z]{2,}$') then email end as email,
    nullif(trim(regexp_replace(lower(strip_accents(street_address)), '[^a-z0-9]+', ' ', 'g')), '')
        as street,
    nullif(regexp_replace(upper(postal_code), '[^A-Z0-9]', '', 'g'), '') as postal,
    nullif(trim(regexp_replace(lower(strip_accents(city)), '[^a-z0-9]+', ' ', 'g')), '') as city,
    case
        when sex in ('f', 'w') or regexp_matches(sex, '(woman|femme|female|feminin|girl|fille)')
            then 'f'
        when sex in ('m', 'h') or regexp_matches(sex, '(^man|transman|homme|^male|mascul|boy|garcon)')
            then 'm'
        when regexp_matches(sex, '^(x|nb|non|two|bispiri|deux|autre|other|genderqueer|queer|agender)')
            then 'x'
    end as gender,
    group_id
from (
    select
        record_id,
        given_name,
        family_name,
        try_strptime(date_of_birth, '%Y-%m-%d')::date as d,
        regexp_replace(
            regexp_replace(upper(health_card_number), '[^A-Z0-9]', '', 'g'),
            '^([0-9]{10})[A-Z]{1,2}$', '\1'
        ) as card,
        right(
            regexp_replace(
                regexp_replace(phone, '(?i)\s*(ext\.?|extension|poste|x|#)\s*[0-9]+\s*$', ''),
                '[^0-9]', '', 'g'
            ),
            10
        ) as phone,
        regexp_replace(upper(other_id), '[^A-Z0-9]', '', 'g') as other_id,
        lower(trim(email)) as email,
        street_address,
        postal_code,
        city,
        regexp_replace(lower(strip_accents(gender)), '[^a-z]', '', 'g') as sex,
        group_id
    from (select {columns} from raw)
)
"""

_RAW = (
    "given_name",
    "family_name",
    "date_of_birth",
    "health_card_number",
    "phone",
    "other_id",
    "street_address",
    "postal_code",
    "city",
    "gender",
    "email",
    "group_id",
)


def _raw_column(frame: pd.DataFrame, name: str) -> Any:
    """A column as an Arrow array of strings or nulls (NaN, numbers from a
    CSV reader...): DuckDB scans Arrow without converting Python objects."""
    import pyarrow as pa  # type: ignore[import-untyped]

    series = frame[name].reset_index(drop=True)
    try:
        return pa.array(series, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(
            _or_none(series.astype(str), series.notna()), type=pa.string(), from_pandas=True
        )


def _features_table(
    values: Sequence[str],
    function: Callable[[str], tuple[Any, ...]],
    key: str,
    columns: tuple[str, ...],
) -> Any:
    import pyarrow as pa

    rows = [function(v) for v in values]
    data: dict[str, list[Any]] = {key: list(values)}
    for i, column in enumerate(columns):
        data[column] = [row[i] for row in rows]
    types = {
        c: pa.int32()
        if c.endswith(("_ntok", "_known", "_is_initials", "_ambiguous"))
        else pa.string()
        for c in columns
    }
    return pa.table(
        {key: pa.array(data[key], pa.string()), **{c: pa.array(data[c], types[c]) for c in columns}}
    )


_PREPARED_SQL = f"""
    select
        c.record_id, c.given_name, c.family_name,
        {", ".join(f"g.{c}" for c in _GIVEN_COLUMNS)},
        {", ".join(f"f.{c}" for c in _FAMILY_COLUMNS)},
        c.dob, c.dob_year, c.dob_mmdd, c.dob_jan1, c.dob_swapped,
        c.health_card, c.phone, c.other_id, c.email, c.street, c.postal, c.city, c.gender,
        c.group_id,
        substr(g.given_std, 1, 1) as given_init,
        substr(f.family_std, 1, 1) as family_init
    from {{cleaned}} c
    left join {{given}} g on c.given_name = g.g_raw
    left join {{family}} f on c.family_name = f.f_raw
    order by c.record_id
"""  # noqa: S608 - constant column names only


def _prepare_into(con: Any, frame: pd.DataFrame, table: str) -> None:
    """Create ``table`` (the prepared records) in the DuckDB connection
    ``con``; the working tables are dropped afterwards."""
    import pyarrow as pa

    if "record_id" not in frame.columns:
        raise ValueError("record_id column is required")
    columns = {"record_id": pa.array(frame["record_id"].astype(str), type=pa.string())}
    for name in _RAW:
        if name in frame.columns:
            columns[name] = _raw_column(frame, name)
    raw = pa.table(columns)
    selected = ["record_id"] + [
        f"nullif(trim({name}), '') as {name}"
        if name in columns
        else f"cast(null as varchar) as {name}"
        for name in _RAW
    ]
    names = {part: f"__parcours_{part}_{table}" for part in ("raw", "cleaned", "given", "family")}
    con.register(names["raw"], raw)
    try:
        con.execute(
            f"create temp table {names['cleaned']} as "
            + _CLEAN_SQL.replace("{columns}", ", ".join(selected)).replace(
                "from raw", f"from {names['raw']}"
            )
        )
        given = [
            v
            for (v,) in con.execute(
                f"select distinct given_name from {names['cleaned']} where given_name is not null"  # noqa: S608
            ).fetchall()
        ]
        family = [
            v
            for (v,) in con.execute(
                f"select distinct family_name from {names['cleaned']} where family_name is not null"  # noqa: S608
            ).fetchall()
        ]
        con.register(
            names["given"], _features_table(given, _given_features, "g_raw", _GIVEN_COLUMNS)
        )
        con.register(
            names["family"], _features_table(family, _family_features, "f_raw", _FAMILY_COLUMNS)
        )
        con.execute(
            f"create table {table} as "
            + _PREPARED_SQL.format(
                cleaned=names["cleaned"], given=names["given"], family=names["family"]
            )
        )
    finally:
        for part in ("raw", "given", "family"):
            con.unregister(names[part])
        con.execute(f"drop table if exists {names['cleaned']}")


def prepare_arrow(frame: pd.DataFrame) -> Any:
    """:func:`prepare` as a pyarrow Table."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET threads TO {max(1, os.cpu_count() or 1)}")
        _prepare_into(con, frame, "prepared")
        return con.sql("select * from prepared").to_arrow_table()
    finally:
        con.close()


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns the model compares, from a frame with the link-file
    columns (any but ``record_id`` may be absent), one row per record in
    ``record_id`` order. Each distinct name is worked out once in Python
    (:mod:`parcours.linkage.names`); the rest is SQL."""
    table = prepare_arrow(frame)
    out: pd.DataFrame = table.to_pandas(types_mapper={}.get)
    for name in out.columns:
        if str(out[name].dtype) in ("int32", "int64", "float64") and name != "record_id":
            out[name] = out[name].astype("Int64")
        elif out[name].dtype == object:
            out[name] = _or_none(out[name], out[name].notna())
    return out


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _LevelSpec:
    """One comparison level: its SQL, what it means (a names.Level and a
    reason key of explain.REASONS), the m and u used when the data cannot
    train them, and bounds that keep an estimate from a small or odd input
    from overruling what is known about intake data."""

    sql: str
    level: Level
    reason: str
    m: float
    u: float
    m_min: float = 1e-4
    m_max: float = 1.0
    u_min: float = 1e-7
    # The most this level may weigh (log2 m/u), for evidence the model
    # would otherwise overrate: a phone is shared by a household (twins).
    max_weight: float | None = None
    # A weight set whatever the data says (evidence counted by another comparison).
    fixed_weight: float | None = None
    tf_column: str | None = None


def _either(condition: str) -> str:
    """``condition`` written for the left record, or for the right one."""
    mirrored = re.sub(r"_([lr])\b", lambda m: "_r" if m.group(1) == "l" else "_l", condition)
    # As a CASE rather than an OR: the same rows, and Splink's SQL parser
    # (which rewrites every level into normal form, once per training
    # session) does not multiply it out.
    return f"(case when ({condition}) then true else ({mirrored}) end)"


def _guarded(cheap: str, costly: str) -> str:
    """``cheap and costly``, with ``costly`` computed only where ``cheap``
    holds: DuckDB evaluates both sides of an AND, but a CASE branch only
    for its own rows (Damerau–Levenshtein costs ten Jaro–Winklers)."""
    return f"(case when ({cheap}) then ({costly}) else false end)"


# Two given names may be spellings of one name (typo, phonetic) unless they
# are two different known names, or one is a typo of another known name.
_GIVEN_TYPO_OK = (
    "(case when given_known_l = 0 and given_known_r = 0 then true "
    "when given_near_l = given_std_r then true else given_near_r = given_std_l end)"
)

# Given and family names swapped, with a typo (cheap test first).
_SWAPPED_TYPO = _guarded(
    "given_init_l = family_init_r and family_init_l = given_init_r",
    "jaro_winkler_similarity(given_std_l, family_std_r) >= 0.9 "
    "and jaro_winkler_similarity(family_std_l, given_std_r) >= 0.9",
)

# One name written in the other's place, the other one lost (counted in the
# given-name comparison, at 0 in the family-name one).
_ONE_NAME_SWAPPED = _either("given_std_l = family_std_r and length(given_std_l) >= 3")


def _given_different(sql: str) -> _LevelSpec:
    """A level of two different given names: rare by default, learned up to
    GIVEN_DIFFERENT_M_MAX."""
    return _LevelSpec(
        sql, Level.DIFFERENT, "different", 1e-4, 0.9, m_min=1e-6, m_max=GIVEN_DIFFERENT_M_MAX
    )


# Each compared field: (null SQL, ordered levels). SQL uses only what every
# Splink backend has: =, and/or, instr, length, abs, jaro_winkler and
# damerau_levenshtein (Splink supplies these on Spark).
_LEVELS: dict[str, tuple[str, tuple[_LevelSpec, ...]]] = {
    "given_name": (
        "given_std_l is null or given_std_r is null",
        (
            _LevelSpec(
                "given_std_l = given_std_r",
                Level.EXACT,
                "exact",
                0.85,
                0.01,
                u_min=1e-6,
                tf_column="given_std",
            ),
            # Given and family names swapped: counted here, for both names
            # (as much as two exact names at most), and not again below.
            _LevelSpec(
                "given_std_l = family_std_r and family_std_l = given_std_r",
                Level.CLOSE,
                "swapped_names",
                0.01,
                1e-5,
                u_min=1e-6,
                max_weight=12.0,
            ),
            _LevelSpec(
                _SWAPPED_TYPO, Level.CLOSE, "swapped_names", 0.005, 1e-5, u_min=1e-6, max_weight=9.0
            ),
            # One name written in the other's place, the other one lost.
            _LevelSpec(_ONE_NAME_SWAPPED, Level.CLOSE, "swapped_names", 0.005, 1e-4, u_min=1e-5),
            # A nickname of several names (Chris: Christine, Christian...)
            # that is not the most likely one is weak evidence (twins again).
            _LevelSpec(
                _guarded(
                    "given_ambiguous_l = 1 or given_ambiguous_r = 1",
                    "given_canon_l <> given_canon_r and given_ntok_l = 1 and given_ntok_r = 1 and "
                    + _either("instr(given_group_r, given_canon_pad_l) > 0"),
                ),
                Level.WEAK,
                "nickname",
                0.01,
                0.002,
                u_min=1e-4,
                m_max=0.05,
            ),
            _LevelSpec(
                "given_canon_l = given_canon_r or (given_ntok_l = 1 and given_ntok_r = 1 and "
                + _either("instr(given_group_r, given_canon_pad_l) > 0")
                + ")",
                Level.CLOSE,
                "nickname",
                0.04,
                0.002,
                u_min=1e-4,
            ),
            _LevelSpec(
                _either(
                    "given_ntok_l = 1 and given_ntok_r > 1 and "
                    "(given_first_l = given_first_r or given_first_l = given_last_r)"
                ),
                Level.CLOSE,
                "compound_part",
                0.03,
                0.002,
                u_min=1e-4,
            ),
            # Masculine and feminine forms (Louis/Louise, Eric/Erica, Jean/Jeanne).
            # (A known name with its last letters missing is a typo: Daniell.)
            _LevelSpec(
                _guarded(
                    "given_init_l = given_init_r",
                    _either(
                        "length(given_std_l) >= 3 and length(given_std_r) > length(given_std_l) "
                        "and substr(given_std_r, 1, length(given_std_l)) = given_std_l "
                        "and substr(given_std_r, length(given_std_l) + 1) in "
                        "('e', 'a', 'ne', 'le', 'tte', 'ette', 'ine', 'elle', 'enne') "
                        "and not (given_known_r = 1 and given_known_l = 0)"
                    ),
                ),
                Level.DIFFERENT,
                "different",
                1e-7,
                0.001,
                m_min=1e-8,
                m_max=1e-7,
                u_min=1e-4,
            ),
            _LevelSpec(
                "jaro_winkler_similarity(given_std_l, given_std_r) >= 0.92 and " + _GIVEN_TYPO_OK,
                Level.CLOSE,
                "typo",
                0.03,
                0.002,
                u_min=1e-4,
            ),
            _LevelSpec(
                _guarded(
                    "given_is_initials_l = 1 or given_is_initials_r = 1",
                    _either("given_is_initials_l = 1 and instr(given_initials_r, given_std_l) = 1")
                    + " or (given_is_initials_l = 1 and given_is_initials_r = 1 "
                    "and given_std_l = given_std_r)",
                ),
                Level.WEAK,
                "initials",
                0.01,
                0.005,
                u_min=1e-3,
                m_max=0.05,
            ),
            _LevelSpec(
                "given_key_l = given_key_r and " + _GIVEN_TYPO_OK,
                Level.WEAK,
                "phonetic",
                0.01,
                0.005,
                u_min=1e-3,
                m_max=0.05,
            ),
            # A rougher typo of a name that is not a known one.
            _LevelSpec(
                "jaro_winkler_similarity(given_std_l, given_std_r) >= 0.8 and " + _GIVEN_TYPO_OK,
                Level.WEAK,
                "typo",
                0.02,
                0.02,
                u_min=5e-3,
                m_max=0.1,
            ),
            # Two different real names. How often one person's given name is
            # written as another is learned from the data (rarely, by
            # default: a chosen name, an alias, a clerk's slip); twins, who
            # share everything else, are kept apart when clusters are made
            # (see _CANNOT_LINK_SQL), not by this weight alone.
            _given_different("given_known_l = 1 and given_known_r = 1"),
            # Any other given name.
            _given_different("ELSE"),
        ),
    ),
    "family_name": (
        "family_std_l is null or family_std_r is null",
        (
            _LevelSpec(
                "family_std_l = family_std_r",
                Level.EXACT,
                "exact",
                0.85,
                0.005,
                u_min=1e-6,
                tf_column="family_std",
            ),
            _LevelSpec(
                "given_std_l = family_std_r and family_std_l = given_std_r",
                Level.CLOSE,
                "swapped_names",
                0.01,
                1e-5,
                u_min=1e-6,
                fixed_weight=0.0,
            ),
            _LevelSpec(_SWAPPED_TYPO, Level.CLOSE, "swapped_names", 0.005, 1e-5, fixed_weight=0.0),
            _LevelSpec(
                _ONE_NAME_SWAPPED, Level.CLOSE, "swapped_names", 0.005, 1e-4, fixed_weight=0.0
            ),
            _LevelSpec(
                "(case when "
                + _either(
                    "family_ntok_l = 1 and family_ntok_r > 1 and "
                    "(family_first_l = family_first_r or family_first_l = family_last_r)"
                )
                + " then true else (family_ntok_l = 2 and family_ntok_r = 2 and "
                "family_first_l = family_last_r and family_last_l = family_first_r) end)",
                Level.CLOSE,
                "partial_family",
                0.04,
                0.001,
                u_min=1e-4,
            ),
            _LevelSpec(
                "jaro_winkler_similarity(family_std_l, family_std_r) >= 0.92",
                Level.CLOSE,
                "typo",
                0.04,
                0.002,
                u_min=1e-4,
            ),
            _LevelSpec(
                "family_key_l = family_key_r",
                Level.WEAK,
                "phonetic",
                0.02,
                0.003,
                u_min=5e-4,
                m_max=0.1,
            ),
            _LevelSpec(
                "jaro_winkler_similarity(family_std_l, family_std_r) >= 0.8",
                Level.WEAK,
                "typo",
                0.02,
                0.02,
                u_min=5e-3,
                m_max=0.1,
            ),
            # Birth and married names.
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.03, 0.99, m_min=0.005, m_max=0.15),
        ),
    ),
    "date_of_birth": (
        "dob_l is null or dob_r is null",
        (
            # January 1st stands for an unknown date: it only tells the year.
            _LevelSpec(
                "dob_year_l = dob_year_r and (dob_jan1_l = 1 or dob_jan1_r = 1)",
                Level.WEAK,
                "january_first",
                0.02,
                0.01,
                u_min=1e-3,
                m_max=0.1,
            ),
            _LevelSpec("dob_l = dob_r", Level.EXACT, "exact", 0.85, 1e-4, u_min=1e-5),
            _LevelSpec(
                "dob_swapped_l = dob_r", Level.CLOSE, "swapped_day_month", 0.02, 1e-4, u_min=1e-5
            ),
            _LevelSpec(
                "dob_mmdd_l = dob_mmdd_r and abs(dob_year_l - dob_year_r) = 1",
                Level.WEAK,
                "year_off_by_one",
                0.02,
                2e-4,
                u_min=1e-5,
            ),
            _LevelSpec(
                # One edit changes the year or the month and day, not both.
                _guarded(
                    "dob_year_l = dob_year_r or dob_mmdd_l = dob_mmdd_r",
                    "damerau_levenshtein(dob_l, dob_r) <= 1",
                ),
                Level.CLOSE,
                "one_digit",
                0.04,
                3e-3,
                u_min=1e-4,
            ),
            # Namesakes: same full name, another birth date.
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.03, 0.99, m_min=1e-3, m_max=0.08),
        ),
    ),
    # As recorded (f, m, x once folded). A recorded gender can change
    # (transition, a clerk's guess): a difference weighs, it does not veto.
    "gender": (
        "gender_l is null or gender_r is null",
        (
            _LevelSpec("gender_l = gender_r", Level.EXACT, "exact", 0.97, 0.5, u_min=0.01),
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.02, 0.5, m_min=0.003, m_max=0.08),
        ),
    ),
    "health_card": (
        "health_card_l is null or health_card_r is null",
        (
            _LevelSpec(
                "health_card_l = health_card_r", Level.EXACT, "exact", 0.9, 1e-6, u_min=1e-7
            ),
            _LevelSpec(
                # One edit leaves the first four or the last four as they were.
                _guarded(
                    "length(health_card_l) >= 8 and length(health_card_r) >= 8 "
                    "and (substr(health_card_l, 1, 4) = substr(health_card_r, 1, 4) "
                    "or substr(health_card_l, length(health_card_l) - 3, 4) "
                    "= substr(health_card_r, length(health_card_r) - 3, 4))",
                    "damerau_levenshtein(health_card_l, health_card_r) <= 1",
                ),
                Level.CLOSE,
                "one_typo",
                0.05,
                1e-5,
                u_min=1e-6,
            ),
            # A different card number: most likely another person.
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 3e-4, 0.999, m_min=1e-4, m_max=3e-4),
        ),
    ),
    "phone": (
        "phone_l is null or phone_r is null",
        (
            _LevelSpec(
                "phone_l = phone_r",
                Level.EXACT,
                "exact",
                0.5,
                1e-4,
                u_min=1e-5,
                m_min=0.05,
                max_weight=4.0,
            ),
            # Phones change: a different number is weak evidence.
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.5, 0.9999, m_min=0.2, m_max=0.95),
        ),
    ),
    # An email address is personal more often than a phone, but a household
    # or a worker's address is shared now and then, and people have several.
    "email": (
        "email_l is null or email_r is null",
        (
            _LevelSpec(
                "email_l = email_r", Level.EXACT, "exact", 0.6, 1e-5, u_min=1e-6, max_weight=8.0
            ),
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.4, 0.99999, m_min=0.1, m_max=0.9),
        ),
    ),
    # Another identifier of the source (a file number, a social insurance number).
    "other_id": (
        "other_id_l is null or other_id_r is null",
        (
            _LevelSpec("other_id_l = other_id_r", Level.EXACT, "exact", 0.85, 1e-5, u_min=1e-7),
            _LevelSpec(
                _guarded(
                    "length(other_id_l) >= 6 and length(other_id_r) >= 6 "
                    "and (substr(other_id_l, 1, 3) = substr(other_id_r, 1, 3) "
                    "or substr(other_id_l, length(other_id_l) - 2, 3) "
                    "= substr(other_id_r, length(other_id_r) - 2, 3))",
                    "damerau_levenshtein(other_id_l, other_id_r) <= 1",
                ),
                Level.CLOSE,
                "one_typo",
                0.05,
                1e-4,
                u_min=1e-6,
            ),
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.1, 0.9999, m_min=0.01, m_max=0.3),
        ),
    ),
    # Where the person lives or is sheltered. A household shares it (twins:
    # see the cannot-link rules), a shelter's address is shared by many (its
    # u is then high), and people move.
    "address": (
        "(street_l is null or street_r is null) and (postal_l is null or postal_r is null)",
        (
            _LevelSpec(
                "street_l = street_r",
                Level.EXACT,
                "exact",
                0.5,
                1e-4,
                u_min=1e-5,
                max_weight=ADDRESS_MAX_WEIGHT,
            ),
            _LevelSpec(
                "jaro_winkler_similarity(street_l, street_r) >= 0.9",
                Level.CLOSE,
                "typo",
                0.1,
                1e-3,
                u_min=1e-4,
                max_weight=ADDRESS_MAX_WEIGHT - 2,
            ),
            _LevelSpec(
                "postal_l = postal_r",
                Level.WEAK,
                "postal_code",
                0.1,
                1e-3,
                u_min=1e-4,
                max_weight=ADDRESS_MAX_WEIGHT - 4,
            ),
            _LevelSpec(
                "city_l = city_r", Level.WEAK, "city", 0.1, 0.05, u_min=1e-3, max_weight=2.0
            ),
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.2, 0.95, m_min=0.1, m_max=0.6),
        ),
    ),
}

# Every record with its cluster, named after its smallest record_id.
_CLUSTERS_SQL = (
    "select cast(record_id as varchar) as record_id, "
    "min(cast(record_id as varchar)) over (partition by cluster_id) as cluster_id "
    "from {table} order by 1"
)


def _level_sql(field: str) -> str:
    """SQL giving the :class:`Level` (as int) of ``field`` for a pair of
    records with ``_l``/``_r`` columns: the comparison's own levels, first
    match wins."""
    null_sql, levels = _LEVELS[field]
    parts = [f"when {null_sql} then {int(Level.MISSING)}"]
    for spec in levels:
        if spec.sql == "ELSE":
            parts.append(f"else {int(spec.level)}")
        else:
            parts.append(f"when {spec.sql} then {int(spec.level)}")
    return "(case " + " ".join(parts) + " end)"


# Two records that must not end up in one cluster, whatever links them.
# What one pair shows: two health card numbers (more than a typo apart), or
# two different given names with two different recorded genders (Louis and
# Louise). The pairs returned carry it as ``kept_apart``.
_GIVEN_DIFFERENT_SQL = f"{_level_sql('given_name')} = {int(Level.DIFFERENT)}"
_PAIR_APART_SQL = (
    f"({_level_sql('health_card')} = {int(Level.DIFFERENT)}) "
    f"or (({_GIVEN_DIFFERENT_SQL}) and gender_l <> gender_r)"
)
# What a cluster shows besides: two different given names each written on
# at least two of its records (two people consistently recorded: twins).
# Checked on the records of each cluster; the clusters that break it are
# made again from their pairs, strongest first, refusing any join that
# would put two such records together.
_CANNOT_LINK_SQL = (
    f"({_PAIR_APART_SQL}) "
    f"or (({_GIVEN_DIFFERENT_SQL}) and given_count_l >= 2 and given_count_r >= 2)"
)
# ... and, where the data shows that a person's given name is seldom written
# as another one (see GIVEN_NAME_ERROR_MIN), two different given names with
# the same family name and birth date, unless an identifier is shared.
_TWIN_SHAPE_SQL = (
    f"(({_GIVEN_DIFFERENT_SQL}) and family_std_l = family_std_r and dob_l = dob_r "
    "and not coalesce(health_card_l = health_card_r, false) "
    "and not coalesce(other_id_l = other_id_r, false))"
)


def _with_twin_shape(condition: str, twin_shape: bool) -> str:
    """``condition``, or also :data:`_TWIN_SHAPE_SQL` when ``twin_shape``."""
    return f"({condition}) or {_TWIN_SHAPE_SQL}" if twin_shape else condition


_CONFLICTS_SQL = """
with clustered as (
    select *, count(*) over (partition by cluster_id) as cluster_size from {clustered}
), members as (
    select *, count(*) over (partition by cluster_id, given_canon) as given_count
    from clustered where cluster_size > 1 and cluster_size <= {largest}
), pairs as (
    select {columns} from members l join members r
    on l.cluster_id = r.cluster_id and cast(l.record_id as varchar) < cast(r.record_id as varchar)
)
select cast(record_id_l as varchar) as record_id_l, cast(record_id_r as varchar) as record_id_r,
    cast(cluster_id_l as varchar) as cluster_id
from pairs where {condition}
"""
# The prepared columns the rules above read, and those a cluster adds.
_APART_COLUMNS = (
    "record_id",
    "gender",
    "health_card",
    "other_id",
    "dob",
    *_GIVEN_COLUMNS,
    "family_std",
    "given_init",
    "family_init",
)
_CONFLICT_COLUMNS = ("cluster_id", "given_count", *_APART_COLUMNS)


def _both_sides(columns: Sequence[str]) -> str:
    """``l.c as c_l, r.c as c_r`` for each column: a pair's columns as the
    comparison SQL names them."""
    return ", ".join(f"{side}.{column} as {column}_{side}" for column in columns for side in "lr")


def _split_conflicts(
    clusters: pd.DataFrame, conflicts: pd.DataFrame, edges: pd.DataFrame
) -> pd.DataFrame:
    """Make again the clusters with records that must stay apart: join the
    pairs of each (``edges``: record_id_l, record_id_r, match_probability)
    strongest first, refusing a join that would put together two records of
    a ``conflicts`` pair. Each new cluster is named after its smallest
    record_id."""
    apart: dict[str, set[str]] = {}
    for left, right in zip(conflicts["record_id_l"], conflicts["record_id_r"], strict=True):
        apart.setdefault(left, set()).add(right)
        apart.setdefault(right, set()).add(left)
    touched = set(conflicts["cluster_id"])
    members = clusters[clusters["cluster_id"].isin(touched)]
    root: dict[str, str] = {r: r for r in members["record_id"]}
    group: dict[str, set[str]] = {r: {r} for r in root}

    def find(record: str) -> str:
        while root[record] != record:
            root[record] = root[root[record]]
            record = root[record]
        return record

    ordered = edges.sort_values(
        ["match_probability", "record_id_l", "record_id_r"], ascending=[False, True, True]
    )
    for left, right in zip(ordered["record_id_l"], ordered["record_id_r"], strict=True):
        if left not in root or right not in root:
            continue
        a, b = find(left), find(right)
        if a == b:
            continue
        small, large = (a, b) if len(group[a]) <= len(group[b]) else (b, a)
        if any(apart.get(record, set()) & group[large] for record in group[small]):
            continue
        root[small] = large
        group[large] |= group.pop(small)
    named = {record: min(group[find(record)]) for record in root}
    out = clusters.copy()
    mask = out["record_id"].isin(named.keys())
    out.loc[mask, "cluster_id"] = out.loc[mask, "record_id"].map(named)
    return out


# Blocking rules for prediction (their union is scored; no cartesian product).
# Same birth date and: both initials, the same first given name, a given or
# family name that sounds the same (a married name changes the family name),
# the same postal code or phone.
_SAME_DOB_AND = (
    "((l.given_init = r.given_init and l.family_init = r.family_init) "
    "or l.given_first = r.given_first or l.family_key = r.family_key "
    "or l.given_key = r.given_key or l.postal = r.postal or l.phone = r.phone)"
)
_PREDICTION_RULES: tuple[str, ...] = (
    f"l.dob = r.dob and {_SAME_DOB_AND}",
    "l.dob_swapped = r.dob and l.family_init = r.family_init",
    # A wrong day or month (the names sound alike or mean the same).
    "l.family_key = r.family_key and l.dob_year = r.dob_year and l.given_first = r.given_first",
    "l.family_key = r.family_key and l.dob_year = r.dob_year and l.given_key = r.given_key",
    # A wrong year.
    "l.given_first = r.given_first and l.family_key = r.family_key and l.dob_mmdd = r.dob_mmdd",
    "l.health_card = r.health_card",
    "l.other_id = r.other_id",
    "l.phone = r.phone and l.given_init = r.given_init",
    "l.given_std = r.family_std and l.family_std = r.given_std "
    "and (l.dob_year = r.dob_year or l.dob_year is null or r.dob_year is null)",
    "l.postal = r.postal and l.given_first = r.given_first and l.family_init = r.family_init",
)
# Wider rules for smaller inputs (their keys, the rule). Each is used when
# it yields at most WIDE_RULE_PAIRS_PER_RECORD pairs per record (counted on
# the prepared records first), so that a small file gets every chance of a
# match and a provincial registry does not get a cartesian product.
_WIDE_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("given_std", "family_init"), "l.given_std = r.given_std and l.family_init = r.family_init"),
    (("family_std", "given_init"), "l.family_std = r.family_std and l.given_init = r.given_init"),
    (("dob",), "l.dob = r.dob"),
    (("postal",), "l.postal = r.postal"),
)
WIDE_RULE_PAIRS_PER_RECORD = 20
# Blocking rules for EM: each trains the fields it does not use.
_TRAINING_RULES: tuple[str, ...] = (
    "l.dob = r.dob",
    "l.given_first = r.given_first and l.family_std = r.family_std",
)
# Rules that admit hardly any false positive, for the prior.
_DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.health_card = r.health_card",
    "l.other_id = r.other_id",
    "l.given_std = r.given_std and l.family_std = r.family_std and l.dob = r.dob",
)


def _sql_for_dialect(sql: str, dialect: str) -> str:
    """The string functions under the names the backend gives them."""
    from splink.internals.dialects import SplinkDialect

    functions = SplinkDialect.from_string(dialect)
    return sql.replace(
        "jaro_winkler_similarity(", f"{functions.jaro_winkler_function_name}("
    ).replace("damerau_levenshtein(", f"{functions.damerau_levenshtein_function_name}(")


def _comparisons(dialect: str, fields: Sequence[str] = FIELDS) -> list[dict[str, Any]]:
    comparisons = []
    for field, (null_sql, levels) in _LEVELS.items():
        if field not in fields:
            continue
        level_dicts: list[dict[str, Any]] = [
            {"sql_condition": null_sql, "label_for_charts": "missing", "is_null_level": True}
        ]
        for spec in levels:
            level: dict[str, Any] = {
                "sql_condition": _sql_for_dialect(spec.sql, dialect),
                "label_for_charts": spec.reason,
                "m_probability": spec.m,
                "u_probability": spec.u,
            }
            if spec.tf_column:
                level["tf_adjustment_column"] = spec.tf_column
                level["tf_adjustment_weight"] = 1.0
            level_dicts.append(level)
        comparisons.append({"output_column_name": field, "comparison_levels": level_dicts})
    return comparisons


def _gamma_meaning(field: str) -> dict[int, tuple[Level, str]]:
    """Splink's gamma value of each level of ``field`` → (Level, reason)."""
    _, levels = _LEVELS[field]
    top = len(levels) - 1
    meaning = {-1: (Level.MISSING, "missing")}
    for index, spec in enumerate(levels):
        meaning[top - index] = (spec.level, spec.reason)
    return meaning


_GAMMAS: dict[str, dict[int, tuple[Level, str]]] = {
    field: _gamma_meaning(field) for field in FIELDS
}


@dataclass
class LinkageResult:
    """Scored pairs, clusters and the trained model of one batch linkage.

    * ``pairs``: ``record_id_l`` < ``record_id_r`` (string order),
      ``match_probability``, ``match_weight``, ``kept_apart`` (true when
      the two records must not be merged without a person's decision: two
      health card numbers, or different given names with different
      genders, or the shape of twins; see :data:`_CANNOT_LINK_SQL`), and for
      each field of
      :data:`FIELDS` ``<field>_level`` (a :class:`names.Level` as int),
      ``<field>_reason`` (a key of ``explain.REASONS``) and ``<field>_weight``
      (its match weight, log2 of m/u, term-frequency adjusted);
    * ``clusters``: ``record_id``, ``cluster_id`` — every input record once;
      ``cluster_id`` is the smallest record_id of the cluster;
    * ``model``: the trained Splink settings (m and u of every level).
    """

    pairs: pd.DataFrame
    clusters: pd.DataFrame
    model: dict[str, Any]


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


def _pairs_frame(predictions: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` from Splink's predictions (already ordered, smaller id on
    the left, with ``<name>_typed_differs`` for the two names)."""
    out = pd.DataFrame(
        {
            "record_id_l": predictions["record_id_l"].astype(str),
            "record_id_r": predictions["record_id_r"].astype(str),
            "match_probability": predictions["match_probability"].astype(float),
            "match_weight": predictions["match_weight"].astype(float),
            "kept_apart": predictions["kept_apart"].astype(bool),
        }
    )
    for field in FIELDS:
        meaning = _GAMMAS[field]
        top = max(meaning)
        levels = np.zeros(top + 2, dtype=np.int64)
        reasons = np.empty(top + 2, dtype=object)
        for gamma, (level, key) in meaning.items():
            levels[gamma + 1], reasons[gamma + 1] = int(level), key
        column = f"gamma_{field}"
        # A comparison Splink left out of its output reads as missing (-1).
        index = (
            predictions[column].to_numpy(dtype=np.int64)
            if column in predictions
            else np.full(len(predictions), -1, dtype=np.int64)
        ) + 1
        out[f"{field}_level"] = levels[index]
        reason = pd.Series(reasons[index], index=out.index, dtype=object)
        if f"{field}_typed_differs" in predictions:
            differs = predictions[f"{field}_typed_differs"].to_numpy(dtype=bool)
            reason[(reason == "exact").to_numpy() & differs] = "accents_case"
        out[f"{field}_reason"] = reason
        weight = np.zeros(len(out))
        for column in (f"mw_{field}", f"mw_tf_{field}"):
            if column in predictions:
                weight = weight + predictions[column].fillna(0.0).to_numpy(dtype=float)
        out[f"{field}_weight"] = weight
    return out


def _report(
    progress: Callable[[str, int, int], None] | None, stage: str, done: int, total: int
) -> None:
    if progress is not None:
        progress(stage, done, total)


STAGES: tuple[str, ...] = ("prepare", "train", "predict", "cluster")


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
    con = getattr(api, "duckdb_con", None)
    run = secrets.token_hex(4)
    prepared_names = []
    for i, frame in enumerate(frames):
        # A stable name: it is the records' source_dataset, which the seeded
        # sampling of pairs hashes (a random one would change the sample).
        name = f"parcours_input_{i}"
        if con is not None:
            # Prepared inside the backend's own DuckDB: nothing is copied out.
            prepared_names.append(f"__parcours_prepared_{i}_{run}")
            _prepare_into(con, frame, prepared_names[-1])
            tables.append(api.register(prepared_names[-1], dataset_display_name=name))
        else:
            tables.append(api.register(prepare(frame), dataset_display_name=name))
    rules = list(_PREDICTION_RULES)
    deterministic = list(_DETERMINISTIC_RULES)
    training = list(_TRAINING_RULES)
    fields: Sequence[str] = FIELDS
    if con is not None:
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
    with _quiet_splink():
        # The settings are this module's own, checked by its tests: Splink's
        # validation (every level's SQL parsed against the columns) is skipped.
        linker = Linker(
            tables if len(tables) == 2 else tables[0],
            settings,
            log_level=None,
            validate_settings=False,
        )

        _report(progress, STAGES[1], 1, total)
        _train(linker, n_records, _possible_pairs(prepared), deterministic, training)
        # Different given names with one family name and birth date are
        # twins unless the data shows given names are often written wrong.
        twin_shape = _given_name_error_share(linker) < GIVEN_NAME_ERROR_MIN

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


# The prepared columns that tell whether a field has anything to compare.
_FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "given_name": ("given_std",),
    "family_name": ("family_std",),
    "date_of_birth": ("dob",),
    "gender": ("gender",),
    "health_card": ("health_card",),
    "other_id": ("other_id",),
    "phone": ("phone",),
    "email": ("email",),
    "address": ("street", "postal"),
}


def _filled_columns(con: Any, tables: Sequence[str]) -> set[str]:
    """The prepared columns with at least one value in every table (a column
    empty on one side of a link compares nothing)."""
    names = [
        row[0]
        for row in con.execute(f"select * from {tables[0]} limit 0").description  # noqa: S608
    ]
    filled = set(names)
    for table in tables:
        counts = ", ".join(f"count({n})" for n in names)
        (row,) = con.execute(f"select {counts} from {table}").fetchall()  # noqa: S608
        filled &= {n for n, count in zip(names, row, strict=True) if count}
    return filled


def _across_groups(rule: str) -> str:
    """``rule`` for pairs of rows not already known to be one person (the
    optional ``group_id`` column: a client's own record and its aliases)."""
    return f"({rule}) and (l.group_id is null or r.group_id is null or l.group_id <> r.group_id)"


def _required_columns(rule: str) -> set[str]:
    """The columns a blocking rule needs on both sides: those of its
    top-level ``l.a = r.b`` conjuncts."""
    depth, start, parts = 0, 0, []
    for i, char in enumerate(rule):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and rule.startswith(" and ", i):
            parts.append(rule[start:i])
            start = i + len(" and ")
    parts.append(rule[start:])
    required: set[str] = set()
    for part in parts:
        match = re.fullmatch(r"\s*l\.(\w+) = r\.(\w+)\s*", part)
        if match:
            required |= {match.group(1), match.group(2)}
    return required


def _wide_rules(con: Any, tables: Sequence[str], n_records: int) -> list[str]:
    """The rules of :data:`_WIDE_RULES` that stay within the pair budget for
    these prepared tables (one: deduplicate; two: link across)."""
    chosen = []
    for keys, rule in _WIDE_RULES:
        key = " || '|' || ".join(keys)
        present = " and ".join(f"{k} is not null" for k in keys)
        counts = [
            f"select {key} as k, count(*) as n from {t} where {present} group by 1"  # noqa: S608
            for t in tables
        ]
        if len(tables) == 1:
            sql = f"select coalesce(sum(n * (n - 1) / 2), 0) from ({counts[0]})"  # noqa: S608
        else:
            sql = (
                f"select coalesce(sum(a.n * b.n), 0) from ({counts[0]}) a "  # noqa: S608
                f"join ({counts[1]}) b on a.k = b.k"
            )
        ((pairs,),) = con.execute(sql).fetchall()
        if 0 < pairs <= WIDE_RULE_PAIRS_PER_RECORD * n_records:
            chosen.append(rule)
    return chosen


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


def _with_kept_apart(
    linker: Any,
    predicted: pd.DataFrame,
    source: str,
    tables: Sequence[Any],
    dialect: str,
    twin_shape: bool,
) -> pd.DataFrame:
    """``predicted`` (the pairs of ``source``, a query of the predictions)
    with ``kept_apart`` (:data:`_PAIR_APART_SQL`) for each pair."""
    if not len(predicted):
        return predicted.assign(kept_apart=pd.Series(dtype=bool))
    records = " union all ".join(
        f"select {', '.join(_APART_COLUMNS)} from {t.physical_name}"  # noqa: S608
        for t in tables
    )
    condition = _sql_for_dialect(_with_twin_shape(_PAIR_APART_SQL, twin_shape), dialect)
    sql = f"""
        with records as ({records}),
        pairs as (
            select {_both_sides(_APART_COLUMNS)} from ({source}) p
            join records l on cast(l.record_id as varchar) = p.record_id_l
            join records r on cast(r.record_id as varchar) = p.record_id_r
        )
        select cast(record_id_l as varchar) as record_id_l,
            cast(record_id_r as varchar) as record_id_r,
            coalesce({condition}, false) as kept_apart
        from pairs
    """  # noqa: S608 - generated names only
    apart: pd.DataFrame = linker.misc.query_sql(sql, output_type="pandas")
    out = predicted.merge(apart, on=["record_id_l", "record_id_r"], how="left")
    out["kept_apart"] = out["kept_apart"].fillna(False).astype(bool)
    return out


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


def _renamed(conflicts: pd.DataFrame, clusters: pd.DataFrame) -> pd.Series:
    """The cluster of each conflict pair under our naming (smallest record_id)."""
    named = clusters.set_index("record_id")["cluster_id"]
    return conflicts["record_id_l"].map(named)


def _quoted(values: set[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(values))


def _names(table: Any) -> set[str]:
    """The column names of a SplinkDataFrame."""
    return {column.unquote().name for column in table.columns}


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


def _train(
    linker: Any,
    n_records: int,
    possible: float,
    deterministic: Sequence[str] = _DETERMINISTIC_RULES,
    training_rules: Sequence[str] = _TRAINING_RULES,
) -> None:
    """Prior, u by random sampling, m by EM; then the bounded defaults."""
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
        training.estimate_u_using_random_sampling(
            max_pairs=n_u_pairs, seed=SEED, min_count_per_level=None, num_chunks=1
        )
    except (SplinkException, ValueError, ZeroDivisionError) as exc:
        logger.info("u probabilities not estimated, defaults kept: %s", exc)
        n_u_pairs = 0.0
    logger.debug("u in %.1fs", time.perf_counter() - started)
    for rule in training_rules:
        started = time.perf_counter()
        try:
            training.estimate_parameters_using_expectation_maximisation(
                {"blocking_rule": rule},
                estimate_without_term_frequencies=True,
                max_pairs=EM_MAX_PAIRS if n_records > 50_000 else None,
            )
        except (SplinkException, ValueError, ZeroDivisionError) as exc:
            logger.info("EM on %s failed, defaults kept: %s", rule, exc)
        logger.debug("EM on %s in %.1fs", rule, time.perf_counter() - started)
    _bound_parameters(linker, n_records=n_records, n_u_pairs=n_u_pairs)


def _clusters(clustered: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """Every input record once, in record_id order (the SQL sorted them)."""
    frame = clustered[["record_id", "cluster_id"]].reset_index(drop=True)
    if len(frame) != len(ids) or not frame["record_id"].is_unique:
        # A backend dropped or repeated a record: rebuild from the input ids.
        frame = frame.drop_duplicates("record_id")
        frame = pd.DataFrame({"record_id": ids.astype(str)}).merge(
            frame, on="record_id", how="left"
        )
        frame["cluster_id"] = frame["cluster_id"].fillna(frame["record_id"])
        frame = frame.sort_values("record_id", kind="stable").reset_index(drop=True)
    return frame


def _singletons(ids: pd.Series) -> pd.DataFrame:
    return (
        pd.DataFrame({"record_id": ids, "cluster_id": ids})
        .sort_values("record_id")
        .reset_index(drop=True)
    )


def _empty_pairs() -> pd.DataFrame:
    columns: dict[str, pd.Series] = {
        "record_id_l": pd.Series(dtype=str),
        "record_id_r": pd.Series(dtype=str),
        "match_probability": pd.Series(dtype=float),
        "match_weight": pd.Series(dtype=float),
        "kept_apart": pd.Series(dtype=bool),
    }
    for field in FIELDS:
        columns[f"{field}_level"] = pd.Series(dtype=int)
        columns[f"{field}_reason"] = pd.Series(dtype=str)
        columns[f"{field}_weight"] = pd.Series(dtype=float)
    return pd.DataFrame(columns)


def pair_evidence(pair_row: Mapping[str, Any]) -> list[FieldEvidence]:
    """Field-by-field explanation of one row of ``LinkageResult.pairs``:
    for each field of :data:`FIELDS`, its level, the reason (a key of
    ``explain.REASONS``) and its match weight."""
    evidence = []
    for field in FIELDS:
        raw_level = pair_row.get(f"{field}_level")
        if raw_level is None or (isinstance(raw_level, float) and math.isnan(raw_level)):
            continue
        level = Level(int(raw_level))
        reason = pair_row.get(f"{field}_reason")
        if not isinstance(reason, str) or not reason:
            reason = {
                Level.MISSING: "missing",
                Level.DIFFERENT: "different",
                Level.EXACT: "exact",
            }.get(level, "typo")
        weight = pair_row.get(f"{field}_weight", 0.0)
        weight = (
            float(weight)
            if weight is not None and not (isinstance(weight, float) and math.isnan(weight))
            else 0.0
        )
        if level == Level.MISSING:
            weight = 0.0
        evidence.append(FieldEvidence(field, level, reason, weight))
    return evidence
