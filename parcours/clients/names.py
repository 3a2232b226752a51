"""Names as the registry stores and searches them: folded tokens, a phonetic
key tolerant of French and English spellings, and the blocking keys stored
on each client (``Client.name_keys``) so that likely existing records are
found in the database without comparing a new person with everyone.

Pure and fast: no Django, no database, per-name work cached. Identity
resolution (:mod:`parcours.linkage.names`) builds its comparisons on these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jellyfish

from parcours.core.text import fold

__all__ = ["name_keys", "name_tokens", "phonetic_key"]

# Short tokens that are elided particles glued to the next word: O'Brien,
# D'Arcy, L'Heureux, also typed with a space (O Brien) or without (OBrien).
_ELISION = re.compile(r"(?<![^\W\d_])([ODL])[\s'’ʼ`´‘]+(?=[^\W\d_]{2})")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’ʼ`´‘](?=[^\W\d_])")
_TOKEN_SYNONYMS = {"st": "saint", "ste": "sainte"}
# Letters that Unicode does not decompose into ASCII (fold would drop them).
_LIGATURES = str.maketrans({"Œ": "OE", "Æ": "AE", "Ø": "O", "Ł": "L", "Đ": "D", "Þ": "TH"})


@lru_cache(maxsize=131072)
def _tokens(text: str) -> tuple[str, ...]:
    # Upper case first so that letters whose lower case folds to nothing
    # ("ß" -> "SS", dotless "ı" -> "I") fold the same whatever their case;
    # then the ligatures and letters that have no decomposition ("Œ" -> "OE"),
    # and accents off before looking for elisions ("Ô Brien" like "O Brien").
    upper = _APOSTROPHE.sub("", text.upper().translate(_LIGATURES))
    plain = "".join(c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c))
    plain = _ELISION.sub(r"\1", plain)
    return tuple(_TOKEN_SYNONYMS.get(token, token) for token in fold(plain).split())


def name_tokens(text: str) -> list[str]:
    """The folded tokens of a name: ``"Jean-François"`` → ``["jean",
    "francois"]``; ``""`` → ``[]``. Never contains empty strings.

    Elided particles are joined to the next word, whether written with an
    apostrophe, a space or nothing: O'Brien, O Brien and OBrien all give
    ``["obrien"]`` (only O, D and L are joined, so that initials such as
    "J F" stay apart). "St"/"Ste" are spelled out ("St-Pierre" →
    ``["saint", "pierre"]``). Letters without an ASCII folding (other
    scripts) are dropped.
    """
    return list(_tokens(text))


# Phonetic rewrites, applied in order to each folded token before metaphone.
_PHONETIC_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"([a-z])\1+", r"\1"),  # doubled letters: Phillips, Ouellette
        (r"ph", "f"),
        (r"th", "t"),  # Gauthier, Thibault
        (r"e?aul[tx]$", "o"),  # Arsenault, Thibeault, Perreault: silent "lt"
        (r"ulx$", "u"),  # Proulx
        (r"e?au", "o"),  # Moreau, Gauthier
        (r"qu", "k"),  # Jacques, Lévesque
        (r"ck", "k"),
        (r"gn", "n"),  # Gagnon, Gagné
        (r"y", "i"),  # Tremblay
        (r"(?<![cs])h", ""),  # silent h: Hébert, Thériault
        (r"bv", "v"),  # Lefebvre
        (r"fe[bv]r", "fevr"),  # Lefebvre, Lefèbre, Lefèvre
        (r"(?<=...)e$", ""),  # final mute e: Ouellette, Côté
        (r"(?<=..[aeiou])[tdsx]$", ""),  # final silent consonant: Ouellet, Dubois, Rioux
    )
)


@lru_cache(maxsize=131072)
def phonetic_key(text: str) -> str:
    """A phonetic key of a name, tolerant of French and English spellings:
    jellyfish's metaphone of the folded tokens, joined without spaces, after
    French-aware rewrites of each token (``eau``/``au`` → ``o``, ``ph`` →
    ``f``, ``th`` → ``t``, ``qu`` → ``k``, ``gn`` → ``n``, ``y`` → ``i``,
    silent ``h``, silent ``-ault``, final mute ``e`` and final silent
    ``t``/``d``/``s``/``x`` after a vowel).

    Equal for Tremblay/Tremblai, Gauthier/Gautier/Gotier, Bélanger/Belanger,
    Thibault/Thibeault, Lefebvre/Lefebre/Lefèvre, Phillips/Philips,
    Ouellet/Ouellette, Arsenault/Arseneau; different for Tremblay/Gagnon.
    ``""`` when the name has no letters. Never raises.
    """
    parts = []
    for token in _tokens(text):
        letters = re.sub(r"[^a-z]", "", token)
        for pattern, replacement in _PHONETIC_REWRITES:
            letters = pattern.sub(replacement, letters)
        parts.append(letters)
    joined = "".join(parts)
    return jellyfish.metaphone(joined) if joined else ""


def name_keys(names: Iterable[str]) -> str:
    """Phonetic keys of every token of every name, as " K1 K2 … " (padded so
    that ``contains(" K ")`` matches a whole key)."""
    keys = sorted(
        {phonetic_key(token) for name in names for token in name_tokens(name or "")} - {""}
    )
    return (" " + " ".join(keys) + " ")[:500] if keys else ""
