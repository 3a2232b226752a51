"""Dates of birth, health card numbers and phone numbers compared."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import jellyfish

from parcours.linkage.names.levels import (
    _DIFFERENT,
    _MISSING,
    MIN_IDENTIFIER_TYPO_LENGTH,
    Comparison,
    Level,
)

# ---------------------------------------------------------------------------
# Dates of birth and identifiers
# ---------------------------------------------------------------------------


def _is_january_first(date: dt.date) -> bool:
    return date.month == 1 and date.day == 1


def compare_dob(a: dt.date | None, b: dt.date | None) -> Comparison:
    """Compare two dates of birth.

    * ``MISSING`` "missing": either is unknown;
    * ``WEAK`` "january_first": either is January 1st and the years are
      equal. January 1st is what intake enters for an unknown date, so it
      only tells the year — even two January 1sts of the same year are only
      weak evidence (two people of unknown birth date born the same year);
    * ``EXACT`` "exact";
    * ``CLOSE`` "swapped_day_month": 1985-03-12 / 1985-12-03;
    * ``WEAK`` "year_off_by_one": same day and month, year ±1;
    * ``CLOSE`` "one_digit": one digit of YYYYMMDD typed wrong or two
      neighbouring digits swapped (Damerau-Levenshtein distance 1):
      1985-03-12 / 1985-03-13, 1985-03-12 / 1985-03-21, 1985 / 1995;
    * ``DIFFERENT`` "different" otherwise.
    """
    if a is None or b is None:
        return _MISSING
    if a.year == b.year and (_is_january_first(a) or _is_january_first(b)):
        return Comparison(Level.WEAK, "january_first")
    if a == b:
        return Comparison(Level.EXACT, "exact")
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return Comparison(Level.CLOSE, "swapped_day_month")
    if a.month == b.month and a.day == b.day and abs(a.year - b.year) == 1:
        return Comparison(Level.WEAK, "year_off_by_one")
    if jellyfish.damerau_levenshtein_distance(f"{a:%Y%m%d}", f"{b:%Y%m%d}") == 1:
        return Comparison(Level.CLOSE, "one_digit")
    return _DIFFERENT


_EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|poste|x|#)\s*\d+\s*$")


def normalise_phone(text: str) -> str:
    """Digits only, at most the last ten (so the country code 1 and other
    prefixes drop): ``"+1 (514) 555-1234"`` → ``"5145551234"``. An extension
    at the end ("poste 22", "ext. 22", "x22") is removed first."""
    digits = re.sub(r"[^0-9]", "", _EXTENSION.sub("", unicodedata.normalize("NFKC", text)))
    return digits[-10:]


def compare_identifier(a: str, b: str) -> Comparison:
    """Compare two identifiers (health card numbers), already normalised.

    ``EXACT`` "exact" when equal; ``CLOSE`` "one_typo" when one character
    differs, is missing or two neighbours are swapped (Damerau-Levenshtein
    1) and both are at least 8 characters long; ``DIFFERENT`` otherwise;
    ``MISSING`` when either is empty."""
    if not a or not b:
        return _MISSING
    if a == b:
        return Comparison(Level.EXACT, "exact")
    if (
        min(len(a), len(b)) >= MIN_IDENTIFIER_TYPO_LENGTH
        and jellyfish.damerau_levenshtein_distance(a, b) == 1
    ):
        return Comparison(Level.CLOSE, "one_typo")
    return _DIFFERENT
