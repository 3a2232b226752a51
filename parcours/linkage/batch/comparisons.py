"""The model: the levels of each compared field written in plain SQL (with
their default m and u and bounds), and the Splink comparisons built from
them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parcours.linkage.batch.parameters import (
    ADDRESS_MAX_WEIGHT,
    FIELDS,
    GIVEN_DIFFERENT_M_MAX,
)
from parcours.linkage.names import (
    Level,
)

if TYPE_CHECKING:
    pass


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
    # The smallest term frequency the adjustment reads: a value that rare
    # weighs no more than one this frequent.
    tf_minimum_u: float = 0.0
    # Near, not the same: evidence for a match, but what a relative shows as
    # well (two birth dates within a year): the rules that keep relatives
    # apart read it as different (see _level_sql).
    near: bool = False


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


# Masculine and feminine forms of one name (Louis/Louise, Eric/Erica,
# Jean/Jeanne): two names. (A known name with its last letters missing is a
# typo: Daniell.)
_GIVEN_GENDER_FORMS = _guarded(
    "given_init_l = given_init_r",
    _either(
        "length(given_std_l) >= 3 and length(given_std_r) > length(given_std_l) "
        "and substr(given_std_r, 1, length(given_std_l)) = given_std_l "
        "and substr(given_std_r, length(given_std_l) + 1) in "
        "('e', 'a', 'ne', 'le', 'tte', 'ette', 'ine', 'elle', 'enne') "
        "and not (given_known_r = 1 and given_known_l = 0)"
    ),
)


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
            _LevelSpec(
                _GIVEN_GENDER_FORMS,
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
            # Only the year is known (January 1st where the file writes a
            # year known alone that way, or a year alone): it only tells the
            # year, as much as the data shows the same year tells.
            _LevelSpec(
                "dob_year_l = dob_year_r and (dob_jan1_l = 1 or dob_jan1_r = 1)",
                Level.WEAK,
                "january_first",
                0.02,
                0.01,
                u_min=1e-3,
                m_max=0.6,
            ),
            _LevelSpec("dob_l = dob_r", Level.EXACT, "exact", 0.85, 1e-4, u_min=1e-5),
            _LevelSpec(
                _either("dob_swapped_l = dob_r"),
                Level.CLOSE,
                "swapped_day_month",
                0.02,
                1e-4,
                u_min=1e-5,
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
            _LevelSpec(
                # A date that is not one (1955-11-92, 12/03/1980), kept as
                # written: the parts it shares with the other still count
                # (a mistyped month leaves the year and the day), never as
                # much as the same date.
                "(dob_valid_l = 0 or dob_valid_r = 0) and dob_year_l = dob_year_r "
                "and (dob_month_l = dob_month_r or dob_day_l = dob_day_r)",
                Level.CLOSE,
                "partial_date",
                0.02,
                5e-4,
                u_min=1e-4,
                m_max=0.1,
            ),
            # A valid date with one part wrong (1845-07-19, 1845-11-19): the
            # year and the month or the day agree.
            _LevelSpec(
                "dob_year_l = dob_year_r and (dob_month_l = dob_month_r or dob_day_l = dob_day_r)",
                Level.WEAK,
                "two_parts",
                0.02,
                2e-3,
                u_min=1e-4,
                m_max=0.2,
                near=True,
            ),
            # Within a year of the other (2010-11-10, 2010-10-13).
            _LevelSpec(
                "abs(dob_days_l - dob_days_r) <= 366",
                Level.WEAK,
                "within_a_year",
                0.02,
                0.02,
                u_min=1e-3,
                m_max=0.2,
                near=True,
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
            # Most addresses are made of the person's names (luc.berube@...):
            # a namesake's is alike too, so an address alike to the other
            # counts only with the digits the person added to the name
            # (robert255), the same in both.
            # The same name before the @ at another provider (a new address,
            # a mistyped domain).
            _LevelSpec(
                "email_local_l = email_local_r and email_digits_l = email_digits_r",
                Level.CLOSE,
                "same_local_part",
                0.1,
                1e-4,
                u_min=1e-6,
                max_weight=6.0,
            ),
            # A typo in the address (j.lee6@robeson.com, j.leeo6@robeson.c8m).
            _LevelSpec(
                "email_digits_l = email_digits_r "
                "and jaro_winkler_similarity(email_l, email_r) >= 0.9",
                Level.CLOSE,
                "typo",
                0.1,
                1e-4,
                u_min=1e-6,
                max_weight=6.0,
            ),
            # Alike without such digits (luc.berube30, luc.berube1;
            # emilie.gagnon, emile.gagnon): no evidence either way.
            _LevelSpec(
                "email_local_l = email_local_r or jaro_winkler_similarity(email_l, email_r) >= 0.9",
                Level.WEAK,
                "typo",
                0.1,
                0.001,
                fixed_weight=0.0,
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
        # Compared when both records have a street, a postal code or a city:
        # a file with cities alone still compares them.
        "(street_l is null or street_r is null) and (postal_l is null or postal_r is null) "
        "and (city_l is null or city_r is null)",
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
            # The same area: the postal code without its last three characters
            # (a Canadian forward sortation area, a British postcode's district
            # and sector), when that leaves three or more.
            _LevelSpec(
                "length(postal_l) >= 6 and length(postal_r) >= 6 "
                "and substr(postal_l, 1, length(postal_l) - 3) "
                "= substr(postal_r, 1, length(postal_r) - 3)",
                Level.WEAK,
                "postal_area",
                0.05,
                0.005,
                u_min=1e-4,
                max_weight=6.0,
            ),
            # The same city: a small town says more than a metropolis (term
            # frequencies), a town of one record in a thousand or fewer no more
            # than one of one in a thousand.
            _LevelSpec(
                "city_l = city_r",
                Level.WEAK,
                "city",
                0.1,
                0.05,
                u_min=1e-3,
                max_weight=2.0,
                tf_column="city",
                tf_minimum_u=1e-3,
            ),
            # A city mistyped (Lonon, Pootsmruth), at most as much as the same city.
            _LevelSpec(
                "jaro_winkler_similarity(city_l, city_r) >= 0.9",
                Level.WEAK,
                "typo",
                0.05,
                0.01,
                u_min=1e-3,
                max_weight=2.0,
            ),
            _LevelSpec("ELSE", Level.DIFFERENT, "different", 0.2, 0.95, m_min=0.1, m_max=0.6),
        ),
    ),
}


def _level_sql(field: str, *, near_as_different: bool = False) -> str:
    """SQL giving the :class:`Level` (as int) of ``field`` for a pair of
    records with ``_l``/``_r`` columns: the comparison's own levels, first
    match wins; with ``near_as_different``, a near level (see
    ``_LevelSpec.near``) gives DIFFERENT."""
    null_sql, levels = _LEVELS[field]
    parts = [f"when {null_sql} then {int(Level.MISSING)}"]
    for spec in levels:
        level = Level.DIFFERENT if near_as_different and spec.near else spec.level
        if spec.sql == "ELSE":
            parts.append(f"else {int(level)}")
        else:
            parts.append(f"when {spec.sql} then {int(level)}")
    return "(case " + " ".join(parts) + " end)"


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
                if spec.tf_minimum_u:
                    level["tf_minimum_u_value"] = spec.tf_minimum_u
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
