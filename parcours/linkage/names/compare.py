"""Given and family names compared: exact, accents and case, initials,
nicknames and translations, compound and double names, typos, the
different-names rule that keeps twins apart, phonetic keys."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import jellyfish

from parcours.clients.names import _tokens, phonetic_key
from parcours.linkage.names.levels import (
    _DIFFERENT,
    _MISSING,
    MIN_PHONETIC_KEY,
    TYPO_SIMILARITY,
    Comparison,
    Level,
)
from parcours.linkage.names.tables import (
    _CANONICALS,
    _COMPOUND_PARTS,
    _GENDER_ENDINGS,
    _VARIANTS,
    _VOWELS,
    KNOWN_GIVEN_NAMES,
    NICKNAMES,
)

# ---------------------------------------------------------------------------
# Name helpers
# ---------------------------------------------------------------------------


def _key(token: str) -> str:
    return "".join(_tokens(token))


def canonical_given(token: str) -> str:
    """The canonical full name a given-name token stands for through the
    nickname table (``"bob"`` → ``"robert"``, ``"Ti-Jean"`` → ``"jean"``);
    the folded token itself when it is not a nickname. An ambiguous nickname
    gives its most likely name; see :func:`nickname_group` for all of them."""
    key = _key(token)
    names = NICKNAMES.get(key)
    return names[0] if names else key


def _canonicals(key: str) -> frozenset[str]:
    return _CANONICALS.get(key) or frozenset((key,))


@lru_cache(maxsize=65536)
def _group(key: str) -> frozenset[str]:
    names = set(_canonicals(key))
    for name in tuple(names):
        names |= _VARIANTS.get(name, frozenset())
    return frozenset(names)


def nickname_group(token: str) -> frozenset[str]:
    """Every full name a given-name token may stand for: the names of a
    nickname (``"chris"`` → christopher, christine, christian, christophe)
    and their translations or spellings (``"guy"`` → guy, guillaume;
    ``"guillaume"`` → guillaume, guy, william). Always contains
    ``canonical_given(token)``."""
    return _group(_key(token))


def _related(a: str, b: str) -> bool:
    """Same name, nickname or variant. Symmetric; one step, not transitive."""
    return (
        a == b
        or not _canonicals(a).isdisjoint(_group(b))
        or not _canonicals(b).isdisjoint(_group(a))
    )


def _looks_like_initials(token: str) -> bool:
    """One letter, or two or three letters without a vowel ("jf", "mc")."""
    return len(token) == 1 or (len(token) <= 3 and _VOWELS.isdisjoint(token))


def initials(text: str) -> str:
    """The initials of a name: ``"Jean-François"`` → ``"jf"``, ``"J.F."`` →
    ``"jf"``, ``"Marie Ève"`` → ``"me"``. A single token of two or three
    letters without a vowel is taken as initials already written together
    (``"JF"`` → ``"jf"``)."""
    tokens = _tokens(text)
    if len(tokens) == 1 and _looks_like_initials(tokens[0]):
        return tokens[0]
    return "".join(token[0] for token in tokens)


def _similarity(a: str, b: str) -> float:
    """Jaro-Winkler, made symmetric (the greedy matching is not always)."""
    return (
        jellyfish.jaro_winkler_similarity(a, b)
        if a <= b
        else jellyfish.jaro_winkler_similarity(b, a)
    )


def _typo(a: str, b: str) -> bool:
    return a == b or _similarity(a, b) >= TYPO_SIMILARITY


def _gendered(a: str, b: str) -> bool:
    """Masculine and feminine forms of one name: Louis/Louise, Gaston/Gastonne."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if common < 2 or (common < 3 and min(len(a), len(b)) > 3):
        return False
    return frozenset((a[common:], b[common:])) in _GENDER_ENDINGS


def _distinct_given(a: str, b: str) -> bool:
    """Two given-name tokens that are different names, not spellings of one:
    two known names that are not nicknames or variants of each other, or a
    masculine/feminine pair of endings."""
    if a == b or _related(a, b):
        return False
    if a in KNOWN_GIVEN_NAMES and b in KNOWN_GIVEN_NAMES:
        return True
    if not _gendered(a, b):
        return False
    # Stephan / Stéphane, Jerom / Jérôme: a known name with its last letters
    # missing is a typo; Gaston / Gastonne: a known name with a feminine
    # ending added is another name.
    short, long = sorted((a, b), key=len)
    return not (long.startswith(short) and long in KNOWN_GIVEN_NAMES)


@lru_cache(maxsize=65536)
def _split_compound(token: str) -> tuple[str, ...] | None:
    """A compound given name written whole: "jeanfrancois" → ("jean", "francois")."""
    for cut in range(3, len(token) - 2):
        if token[:cut] in _COMPOUND_PARTS and token[cut:] in _COMPOUND_PARTS:
            return (token[:cut], token[cut:])
    return None


@dataclass(frozen=True, slots=True)
class _Name:
    """What the comparisons need of one name, computed once per name."""

    spaced: str  # the raw text, whitespace normalised
    tokens: tuple[str, ...]
    joined: str  # tokens without spaces
    forms: tuple[tuple[str, ...], ...]  # tokens, and the name joined or split
    initials: frozenset[str]  # the initials of each form
    is_initials: bool  # the name is written as initials: "JF", "J.-F."
    key: str


def _name(text: str, *, given: bool) -> _Name:
    tokens = _tokens(text)
    joined = "".join(tokens)
    forms = [tokens]
    if len(tokens) > 1:
        forms.append((joined,))
    elif (
        given
        and tokens
        and tokens[0] not in KNOWN_GIVEN_NAMES
        and (split := _split_compound(tokens[0])) is not None
    ):
        forms.append(split)
    is_initials = bool(tokens) and (
        all(len(t) == 1 for t in tokens) or (len(tokens) == 1 and _looks_like_initials(tokens[0]))
    )
    return _Name(
        spaced=" ".join(text.split()),
        tokens=tokens,
        joined=joined,
        forms=tuple(forms),
        initials=frozenset("".join(t[0] for t in form) for form in forms) | {initials(text)},
        is_initials=is_initials,
        key=phonetic_key(text),
    )


@lru_cache(maxsize=131072)
def _given(text: str) -> _Name:
    return _name(text, given=True)


@lru_cache(maxsize=131072)
def _family(text: str) -> _Name:
    return _name(text, given=False)


def _exact(a: _Name, b: _Name) -> Comparison | None:
    if not a.tokens or not b.tokens:
        return _MISSING
    if a.tokens == b.tokens:
        return Comparison(Level.EXACT, "exact" if a.spaced == b.spaced else "accents_case")
    return None


def _initials_match(a: _Name, b: _Name) -> bool:
    """One side written as initials that match the other's ("JF" and
    "Jean-François", "J." and "Jean"), or a token of one reduced to its
    initial ("Jean F." and "Jean-François")."""
    if a.is_initials and b.is_initials:
        return a.joined == b.joined
    if a.is_initials or b.is_initials:
        short, full = (a, b) if a.is_initials else (b, a)
        return short.joined in full.initials
    if len(a.tokens) != len(b.tokens):
        return False
    abbreviated = False
    for x, y in zip(a.tokens, b.tokens, strict=True):
        if x == y:
            continue
        if (len(x) == 1 and y[0] == x) or (len(y) == 1 and x[0] == y):
            abbreviated = True
            continue
        return False
    return abbreviated


def _covers(short: tuple[str, ...], long: tuple[str, ...], *, nicknames: bool) -> bool:
    """Every token of ``short`` matches a distinct token of ``long``."""
    remaining = list(long)
    for token in short:
        for i, other in enumerate(remaining):
            if token == other or (nicknames and _related(token, other)):
                del remaining[i]
                break
        else:
            return False
    return True


def _part(a: tuple[str, ...], b: tuple[str, ...], *, nicknames: bool) -> bool:
    """One name is made of parts of the other (in any order): Jean and
    Jean-François, Tremblay and Tremblay-Gagnon, Gagnon-Tremblay and
    Tremblay-Gagnon."""
    if len(a) < len(b):
        return _covers(a, b, nicknames=nicknames)
    if len(b) < len(a):
        return _covers(b, a, nicknames=nicknames)
    return _covers(a, b, nicknames=nicknames) or _covers(b, a, nicknames=nicknames)


def _tokenwise_typo(a: _Name, b: _Name, *, nicknames: bool) -> bool:
    if len(a.tokens) == len(b.tokens) > 1:
        return all(
            _typo(x, y) or (nicknames and _related(x, y))
            for x, y in zip(a.tokens, b.tokens, strict=True)
        )
    return _typo(a.joined, b.joined)


def compare_given(a: str, b: str) -> Comparison:
    """Compare two given names.

    * ``MISSING`` "missing": either has no letters;
    * ``EXACT`` "exact", or "accents_case" when the raw texts differ only by
      accents, case or punctuation;
    * ``WEAK`` "initials": one is written as initials that match the other
      (JF / Jean-François, J. / Jean);
    * ``CLOSE`` "nickname": token by token nicknames or translations of each
      other (Bob / Robert, Cathy / Kate, Ti-Jean / Jean, Pierre / Peter);
    * ``CLOSE`` "typo": written whole or split (Jeanfrançois / Jean François);
    * ``CLOSE`` "compound_part": one is part of the other's compound name
      (Jean / Jean-François, François / Jean-François), in any order;
    * ``DIFFERENT`` "different": two different real names however alike
      (Louis / Louise, Léa / Léo, Jean-Marc / Jean-Marie): twins;
    * ``CLOSE`` "typo": Jaro-Winkler ≥ 0.92, token by token for compound
      names (Jena / Jean);
    * ``WEAK`` "phonetic": same :func:`phonetic_key` of 3 letters or more;
    * ``DIFFERENT`` "different" otherwise.
    """
    x, y = _given(a), _given(b)
    if (result := _exact(x, y)) is not None:
        return result
    if (x.is_initials or y.is_initials) and _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    pairs = [(fa, fb) for fa, fb in product(x.forms, y.forms) if len(fa) == len(fb)]
    if any(all(_related(s, t) for s, t in zip(fa, fb, strict=True)) for fa, fb in pairs):
        if any(fa == fb for fa, fb in pairs):
            return Comparison(Level.CLOSE, "typo")
        return Comparison(Level.CLOSE, "nickname")
    if any(_part(fa, fb, nicknames=True) for fa, fb in product(x.forms, y.forms)):
        return Comparison(Level.CLOSE, "compound_part")
    if any(_distinct_given(s, t) for fa, fb in pairs for s, t in zip(fa, fb, strict=True)):
        return _DIFFERENT
    if _tokenwise_typo(x, y, nicknames=True):
        return Comparison(Level.CLOSE, "typo")
    if _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    if len(x.key) >= MIN_PHONETIC_KEY and x.key == y.key:
        return Comparison(Level.WEAK, "phonetic")
    return _DIFFERENT


def compare_family(a: str, b: str) -> Comparison:
    """Compare two family names, like :func:`compare_given` without
    nicknames, compound splitting or the different-names rule:

    * ``MISSING``; ``EXACT`` "exact" / "accents_case";
    * ``WEAK`` "initials": one is written as initials that match the other;
    * ``CLOSE`` "partial_family": the tokens of one are all in the other —
      a double name partly used (Tremblay / Tremblay-Gagnon) or in the
      other order (Gagnon-Tremblay / Tremblay-Gagnon). Sharing one part
      only (Tremblay-Gagnon / Tremblay-Roy) is not enough;
    * ``CLOSE`` "typo": written whole or split (De Grandpré / Degrandpré),
      or Jaro-Winkler ≥ 0.92, part by part for double names;
    * ``WEAK`` "phonetic": same :func:`phonetic_key` of 3 letters or more:
      Gauthier / Gotier;
    * ``DIFFERENT`` "different" otherwise.
    """
    x, y = _family(a), _family(b)
    if (result := _exact(x, y)) is not None:
        return result
    if (x.is_initials or y.is_initials) and _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    if _part(x.tokens, y.tokens, nicknames=False):
        return Comparison(Level.CLOSE, "partial_family")
    if x.joined == y.joined or _tokenwise_typo(x, y, nicknames=False):
        return Comparison(Level.CLOSE, "typo")
    if _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    if len(x.key) >= MIN_PHONETIC_KEY and x.key == y.key:
        return Comparison(Level.WEAK, "phonetic")
    return _DIFFERENT


def compare_swapped_names(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """True when ``a``'s given name is ``b``'s family name and the other way
    round (each crossed pair ``EXACT`` or ``CLOSE`` by
    :func:`compare_family`): given and family names swapped at intake."""
    return (
        compare_family(given_a, family_b).level >= Level.CLOSE
        and compare_family(family_a, given_b).level >= Level.CLOSE
    )
