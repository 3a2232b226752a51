"""Blocking: the rules whose union of pairs is scored (no cartesian
product), the wider ones small files get, the rules for training and for
the prior, and the fields and rules a file can use."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


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
    "l.dob = r.dob_swapped and l.family_init = r.family_init",
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
    # A family name spelled otherwise (the same sound), a given name
    # written as another (the same family name and city).
    (
        ("given_canon", "family_key"),
        "l.given_canon = r.given_canon and l.family_key = r.family_key",
    ),
    (("family_std", "city"), "l.family_std = r.family_std and l.city = r.city"),
    (("email",), "l.email = r.email"),
    (("email_local",), "l.email_local = r.email_local"),
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
    "address": ("street", "postal", "city"),
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
