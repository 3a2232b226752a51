"""Records that must not end up in one cluster (two health cards, twins,
relatives), whatever links them: the cannot-link rules, the pairs marked
``kept_apart``, and clusters made again without such joins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from parcours.linkage.batch.comparisons import (
    _GIVEN_GENDER_FORMS,
    _either,
    _level_sql,
    _sql_for_dialect,
)
from parcours.linkage.batch.parameters import (
    IDENTIFIER_RECORDS_MAX,
)
from parcours.linkage.batch.prepare import (
    _GIVEN_COLUMNS,
)
from parcours.linkage.names import (
    Level,
)

if TYPE_CHECKING:
    pass


# Two records that must not end up in one cluster, whatever links them.
# What one pair shows: two health card numbers (more than a typo apart), or
# two different given names with two different recorded genders (Louis and
# Louise), or relatives (below). The pairs returned carry it as ``kept_apart``.
_GIVEN_DIFFERENT_SQL = f"{_level_sql('given_name')} = {int(Level.DIFFERENT)}"
# Relatives: two different given names and two different birth dates (both
# written, neither a plausible typo, swap or January 1st of the other; two
# dates only near each other, within a year, are a sibling's as often).
# A household shares a family name, an address and a phone: together they
# outweigh the two differences, never here. Only a shared health card or
# other id (strong evidence, issued to one person) lets such a pair join.
# Given names that are not one name: different, or alike only by a sound,
# an initial, a rough typo or an ambiguous nickname (weak), or a single
# name and a compound one that starts or ends with it (Jean, Jean-Philippe:
# a father and his son as often as one person).
_GIVEN_NOT_SAME_SQL = (
    f"({_level_sql('given_name')} in ({int(Level.DIFFERENT)}, {int(Level.WEAK)}) "
    "or (given_canon_l <> given_canon_r and "
    + _either(
        "given_ntok_l = 1 and given_ntok_r > 1 and "
        "(given_first_l = given_first_r or given_first_l = given_last_r)"
    )
    + "))"
)
_RELATIVES_SQL = (
    f"(({_GIVEN_NOT_SAME_SQL}) "
    f"and {_level_sql('date_of_birth', near_as_different=True)} = {int(Level.DIFFERENT)} "
    "and not coalesce(health_card_l = health_card_r, false) "
    "and not coalesce(other_id_l = other_id_r, false))"
)
_PAIR_APART_SQL = (
    f"({_level_sql('health_card')} = {int(Level.DIFFERENT)}) "
    f"or (({_GIVEN_DIFFERENT_SQL}) and gender_l <> gender_r) "
    f"or {_RELATIVES_SQL}"
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
# as another one (see GIVEN_NAME_ERROR_MIN), two different given names that
# are not a typo of one another (both known names, a masculine and a
# feminine form, or far apart: a typo of a known name, Chrisyine, is
# another name to the comparison), with the
# same family name and two birth dates written (the same one: twins; one a
# typo of the other: siblings born on one day of two years, or a name and a
# date both wrong, which such data seldom has), unless an identifier is
# shared.
_DISTINCT_GIVEN_SQL = (
    f"(({_GIVEN_DIFFERENT_SQL}) and ((given_known_l = 1 and given_known_r = 1) "
    f"or {_GIVEN_GENDER_FORMS} "
    "or jaro_winkler_similarity(given_std_l, given_std_r) < 0.8))"
)
_TWIN_SHAPE_SQL = (
    f"({_DISTINCT_GIVEN_SQL} and family_std_l = family_std_r "
    "and dob_l is not null and dob_r is not null "
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
    "dob_valid",
    "dob_year",
    "dob_month",
    "dob_day",
    "dob_mmdd",
    "dob_jan1",
    "dob_days",
    "dob_swapped",
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


def _renamed(conflicts: pd.DataFrame, clusters: pd.DataFrame) -> pd.Series:
    """The cluster of each conflict pair under our naming (smallest record_id)."""
    named = clusters.set_index("record_id")["cluster_id"]
    return conflicts["record_id_l"].map(named)


def _quoted(values: set[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(values))


def _names(table: Any) -> set[str]:
    """The column names of a SplinkDataFrame."""
    return {column.unquote().name for column in table.columns}


def _identified_given_error_share(
    linker: Any, tables: Sequence[Any], dialect: str
) -> tuple[int, float]:
    """The pairs of records that share a health card number or another id
    (one person, by an identifier), and the share of them whose given
    names are two distinct names (see :data:`_DISTINCT_GIVEN_SQL`): how
    often this data writes one person's given name as another, measured
    without the model. (The model's own estimate counts a household's
    records, which share all but the given name and the birth date, as one
    person's.)"""
    records = " union all ".join(
        f"select {', '.join(_APART_COLUMNS)} from {t.physical_name}"  # noqa: S608
        for t in tables
    )
    # A number written on many records (a placeholder, an agency's own) is
    # not one person's: left out, and no quadratic join on it.
    same = " union ".join(
        f"select l.id as a, r.id as b from (select cast(record_id as varchar) as id, "  # noqa: S608
        f"{column} as v, count(*) over (partition by {column}) as n from records "
        f"where {column} is not null) l join (select cast(record_id as varchar) as id, "
        f"{column} as v from records where {column} is not null) r "
        f"on l.v = r.v and l.id < r.id where l.n <= {IDENTIFIER_RECORDS_MAX}"
        for column in ("health_card", "other_id")
    )
    different = _sql_for_dialect(_DISTINCT_GIVEN_SQL, dialect)
    sql = f"""
        with records as ({records}),
        same as ({same}),
        pairs as (
            select {_both_sides(_APART_COLUMNS)} from same p
            join records l on cast(l.record_id as varchar) = p.a
            join records r on cast(r.record_id as varchar) = p.b
        )
        select count(*) as n,
            coalesce(sum(case when {different} then 1 else 0 end), 0) as different
        from pairs
    """  # noqa: S608 - generated names only
    counts: pd.DataFrame = linker.misc.query_sql(sql, output_type="pandas")
    n = int(counts["n"].iloc[0])
    return n, (int(counts["different"].iloc[0]) / n if n else 0.0)
