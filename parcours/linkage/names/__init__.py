"""Field comparisons for identity resolution: names, dates of birth, health
card numbers and phone numbers, each compared to a :class:`Level` with a
machine reason code (the UI translates the codes; nothing here is shown as is).

The functions are pure and fast: no Django, no database, tables precomputed
at import, per-name work cached. They run on hundreds of thousands of pairs.

The errors they tolerate are the ones seen at intake across partner agencies:
accents dropped or added, capitals, punctuation; compound given names
written whole, split or as initials (Jean-François, Jeanfrançois, JF);
double family names partly used (Tremblay-Gagnon, Tremblay); French and
English nicknames and translations (Bob/Robert, Guy/Guillaume, Pierre/Peter);
typos; given and family names swapped; an unknown birth date entered as
January 1st; day and month swapped; a year off by one; a mistyped health card.

Precision matters more than recall: a false merge shows one person's health
data to another person's workers. Hence some deliberate strictness:

* two *different known given names* are ``DIFFERENT`` even when they are
  spelled alike (Louis/Louise, Jean/Jeanne, Léa/Léo, Julien/Julie,
  Stéphane/Stéphanie, Jean-Marc/Jean-Marie): twins share the family name and
  the birth date, so the given name is all that tells them apart, and a
  phonetic or typo-level match there would merge them. Masculine/feminine
  endings of unknown names (Gaston/Gastonne) are treated the same way;
* a phonetic match alone is only ``WEAK`` and needs a key of some length
  (metaphone drops vowels, so short keys collide: Roy/Rioux/Ray);
* a January 1st birth date is a placeholder for an unknown date, so it only
  ever tells the year: it is ``WEAK`` evidence, even against another
  January 1st of the same year.

A person whose given name changed (e.g. a trans client's chosen name) is
matched through the aliases the engine compares, not through leniency here.
"""

from __future__ import annotations

from parcours.clients.names import name_tokens, phonetic_key
from parcours.core.text import normalise_health_card
from parcours.linkage.names.compare import (
    canonical_given,
    compare_family,
    compare_given,
    compare_swapped_names,
    initials,
    nickname_group,
)
from parcours.linkage.names.identifiers import compare_dob, compare_identifier, normalise_phone
from parcours.linkage.names.levels import (
    MIN_IDENTIFIER_TYPO_LENGTH,
    MIN_PHONETIC_KEY,
    TYPO_SIMILARITY,
    Comparison,
    Level,
)
from parcours.linkage.names.tables import KNOWN_GIVEN_NAMES, NICKNAMES, VARIANT_GROUPS

__all__ = [
    "KNOWN_GIVEN_NAMES",
    "MIN_IDENTIFIER_TYPO_LENGTH",
    "MIN_PHONETIC_KEY",
    "NICKNAMES",
    "TYPO_SIMILARITY",
    "VARIANT_GROUPS",
    "Comparison",
    "Level",
    "canonical_given",
    "compare_dob",
    "compare_family",
    "compare_given",
    "compare_identifier",
    "compare_swapped_names",
    "initials",
    "name_tokens",
    "nickname_group",
    "normalise_health_card",
    "normalise_phone",
    "phonetic_key",
]
