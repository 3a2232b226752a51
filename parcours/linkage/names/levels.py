"""How strongly two values agree (:class:`Level`), with the machine code of
the reason (:class:`Comparison`), and the thresholds the comparisons use."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    """How strongly two values agree; higher is stronger."""

    MISSING = 0  # one side empty: no evidence either way
    DIFFERENT = 1
    WEAK = 2  # phonetic match only, initials only, a placeholder date
    CLOSE = 3  # typo-level, nickname, part of a compound or double name
    EXACT = 4  # equal after folding accents, case and punctuation


@dataclass(frozen=True, slots=True)
class Comparison:
    """A level and the machine code of the reason for it."""

    level: Level
    reason: str


_MISSING = Comparison(Level.MISSING, "missing")
_DIFFERENT = Comparison(Level.DIFFERENT, "different")

# Jaro-Winkler similarity from which two spellings are taken as a typo.
TYPO_SIMILARITY = 0.92
# Shortest phonetic key that counts as a (weak) match: metaphone keeps only
# consonants, so one- or two-letter keys are shared by too many names
# (Roy/Rioux/Ray: R; Thibault/Dubois: TB; Léa/Léo: L).
MIN_PHONETIC_KEY = 3
# Shortest identifier (health card number) for which one typo is tolerated.
MIN_IDENTIFIER_TYPO_LENGTH = 8
