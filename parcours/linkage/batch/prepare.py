"""Preparation: names folded and tokenised once per distinct name (with
:mod:`parcours.linkage.names`), dates, identifiers, phones and addresses
cleaned in SQL by DuckDB."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import jellyfish
import pandas as pd

from parcours.linkage.batch.parameters import JANUARY_FIRST_PLACEHOLDER_SHARE
from parcours.linkage.names import (
    KNOWN_GIVEN_NAMES,
    NICKNAMES,
    canonical_given,
    initials,
    name_tokens,
    nickname_group,
    phonetic_key,
)

if TYPE_CHECKING:
    pass


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


# Titles and ordinals written in a given-name field (Sir John, Rt. Hon.
# William, 1st): not part of the name.
_GIVEN_TITLES = frozenset(
    [
        "sir",
        "dame",
        "lord",
        "lady",
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mme",
        "mlle",
        "rev",
        "hon",
        "rt",
        "capt",
        "col",
        "prof",
    ]
)


@lru_cache(maxsize=262144)
def _given_features(raw: str) -> tuple[Any, ...]:
    tokens = [
        t for t in name_tokens(raw) if t not in _GIVEN_TITLES and not any(c.isdigit() for c in t)
    ]
    if not tokens:
        return (None,) * len(_GIVEN_COLUMNS)
    text = " ".join(tokens)
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
    case when d is not null then strftime(d, '%Y-%m-%d') when dob_digits then dob_text end as dob,
    case when d is not null then 1 when dob_digits then 0 end as dob_valid,
    coalesce(year(d), p_year) as dob_year,
    coalesce(month(d), p_month) as dob_month,
    coalesce(day(d), p_day) as dob_day,
    case when d is not null then strftime(d, '%m-%d')
        when p_month is not null and p_day is not null then printf('%02d-%02d', p_month, p_day)
    end as dob_mmdd,
    -- Only the year is known: a year written alone (1845), or January 1st
    -- where the file has far more of them than births on that day (a year
    -- known alone written YYYY-01-01, a placeholder). Where January 1st is
    -- no more frequent than that, it is a date like another.
    case when d is null and p_year is not null and p_month is null then 1
        when d is null then null
        when month(d) = 1 and day(d) = 1 and jan1_share > {jan1_share} then 1 else 0
    end as dob_jan1,
    -- Days since 1900-01-01, to tell how far apart two dates are.
    case when d is not null then datediff('day', date '1900-01-01', d) end as dob_days,
    case when d is not null and day(d) <= 12 and day(d) <> month(d)
            then printf('%04d-%02d-%02d', year(d), day(d), month(d))
        when d is null and p_day between 1 and 12 and p_day <> p_month
            then printf('%04d-%02d-%02d', p_year, p_day, p_month)
    end as dob_swapped,
    case when length(card) >= 6 then card end as health_card,
    case when length(phone) >= 7 then phone end as phone,
    case when length(other_id) >= 3 then other_id end as other_id,
    -- An address with a typo (j.lee6@robeson.c8m) is still compared: only
    -- something with a name before an @ and a domain after it is kept.
    case when regexp_matches(email, '^[^@\s]+@[^\s]*[^@\s.][^\s]*$') then email end as email,
    case when regexp_matches(email, '^[^@\s]+@[^\s]*[^@\s.][^\s]*$')
        then split_part(email, '@', 1) end as email_local,
    -- The digits of the name before the @ (robert255): what a person adds to
    -- a name to make an address their own.
    case when regexp_matches(email, '^[^@\s]+@[^\s]*[^@\s.][^\s]*$')
        then nullif(regexp_replace(split_part(email, '@', 1), '[^0-9]', '', 'g'), '')
    end as email_digits,
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
        d,
        jan1_share,
        date_of_birth as dob_text,
        len(g) > 0 as dob_digits,
        try_cast(p[1] as integer) as p_year,
        try_cast(p[2] as integer) as p_month,
        try_cast(p[3] as integer) as p_day,
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
    from (
        -- A date of birth that is not a date (1955-11-92, 12/03/1980) is kept
        -- as written; its parts are read from its digits: YYYY?MM?DD,
        -- DD?MM?YYYY or YYYYMMDD. Without any digit it is missing.
        select *,
            case
                when len(g) = 3 and length(g[1]) = 4 then [g[1], g[2], g[3]]
                when len(g) = 3 and length(g[3]) = 4 then [g[3], g[2], g[1]]
                when len(g) = 1 and length(g[1]) = 8
                    then [substr(g[1], 1, 4), substr(g[1], 5, 2), substr(g[1], 7, 2)]
                when len(g) = 1 and length(g[1]) = 4 then [g[1], null, null]
            end as p
        from (
            select *,
                case when d is null and date_of_birth is not null
                    then regexp_extract_all(date_of_birth, '[0-9]+') else [] end as g
            from (
                select *,
                    -- The share of dates on January 1st (1 in 365 births).
                    coalesce(avg(case when month(d) = 1 and day(d) = 1 then 1.0
                        when d is not null then 0.0 end) over (), 0.0) as jan1_share
                from (
                    select *, try_strptime(date_of_birth, '%Y-%m-%d')::date as d
                    from (select {columns} from raw)
                )
            )
        )
    )
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
        c.dob, c.dob_valid, c.dob_year, c.dob_month, c.dob_day, c.dob_mmdd, c.dob_jan1, c.dob_days,
        c.dob_swapped,
        c.health_card, c.phone, c.other_id, c.email, c.email_local, c.email_digits, c.street, c.postal, c.city, c.gender,
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
            + _CLEAN_SQL.replace("{columns}", ", ".join(selected))
            .replace("{jan1_share}", repr(JANUARY_FIRST_PLACEHOLDER_SHARE))
            .replace("from raw", f"from {names['raw']}")
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
