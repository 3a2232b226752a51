"""Text helpers shared by the domain apps."""

from __future__ import annotations

import re
import unicodedata
import uuid

from django.utils.translation import get_language

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, without accents, punctuation folded to single spaces:
    ``"Jean-François  O'Brien"`` → ``"jean francois o brien"``. Used for
    accent- and case-insensitive search on every database."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", plain.lower()).strip()


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders numbers inside labels by value: beds ``1, 2,
    10`` and ``A2, A10``, not ``1, 10, 2``. Letters compare folded (case and
    accents ignored)."""
    parts = _DIGITS.split(text)
    return tuple(
        (0, int(part)) if index % 2 else (1, fold(part)) for index, part in enumerate(parts) if part
    )


def is_uuid(value: str) -> bool:
    """Whether ``value`` is written as a UUID (an id from a request or a lock-box)."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def normalise_health_card(number: str) -> str:
    """Health card numbers are compared without spaces, dashes or case."""
    return re.sub(r"[^A-Z0-9]", "", number.upper())


def in_language(french: str, english: str) -> str:
    """The French or the English text, by the active language (French when
    none is active, as the default language)."""
    return french if (get_language() or "fr").startswith("fr") else english


# « de » / « que » before a name that starts with a vowel: « Plan d'Elijah »,
# « Demande d'Avenir Emploi ». Only before a capitalised word (a name put into
# a sentence), so the translators' own text is never touched.
_ELISION = re.compile(r"\b([dD]e|[qQ]ue) (?=[AEIOUYÀÂÉÈÊËÎÏÔÙÛÜ][a-zà-ÿ'’-])")


def elide(text: str) -> str:
    """French elision before a name inserted in a translated sentence (no
    change in English). Safe on HTML: it only rewrites « de » + space."""
    if (get_language() or "").split("-")[0] != "fr":
        return text
    return _ELISION.sub(lambda match: match.group(1)[:-1] + "'", text)


def quoted(text: str) -> str:
    """Words quoted the way the page's language quotes them: « les mots »
    (with non-breaking spaces) in French, “the words” in English."""
    if (get_language() or "fr").split("-")[0] == "fr":
        return f"«\u00a0{text}\u00a0»"
    return f"“{text}”"
