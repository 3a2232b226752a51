"""Fellegi–Sunter scoring of a pair of person records.

Each field is compared to a level (``names.Level``); each level carries a
match weight, the log2 of the ratio m/u (how much likelier that level is
between two records of the same person than between two different people).
The weights add up with the prior log-odds of a match into a probability.

The weights below are set by hand from what intake data looks like and are
deliberately strict (precision over recall: a false merge shows one person's
health data to another person's workers). Training them with EM on the
registry (Splink) replaces this table, not the code that uses it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from parcours.linkage.names import (
    Comparison,
    Level,
    compare_dob,
    compare_family,
    compare_given,
    compare_identifier,
    compare_swapped_names,
    normalise_health_card,
    normalise_phone,
)
from parcours.linkage.weights import HAND_SET, TrainedWeights

# log2(m/u) per field and level. MISSING is always 0: no evidence.
WEIGHTS: dict[str, dict[Level, float]] = {
    "given_name": {Level.EXACT: 6.0, Level.CLOSE: 4.0, Level.WEAK: 1.0, Level.DIFFERENT: -9.0},
    "family_name": {Level.EXACT: 7.0, Level.CLOSE: 5.0, Level.WEAK: 1.5, Level.DIFFERENT: -6.0},
    "date_of_birth": {Level.EXACT: 9.0, Level.CLOSE: 5.0, Level.WEAK: 2.0, Level.DIFFERENT: -8.0},
    "health_card": {Level.EXACT: 14.0, Level.CLOSE: 8.0, Level.WEAK: 0.0, Level.DIFFERENT: -16.0},
    "phone": {Level.EXACT: 4.0, Level.CLOSE: 0.0, Level.WEAK: 0.0, Level.DIFFERENT: 0.0},
}
# Prior odds that two records picked by the blocking rules are the same person.
PRIOR_WEIGHT = -10.0


@dataclass(frozen=True)
class PersonRecord:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: dt.date | None = None
    birth_year: int | None = None
    health_card: str = ""
    phone: str = ""
    # Other names: (given, family) pairs such as birth or married names.
    aliases: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class FieldEvidence:
    field: str
    level: Level
    reason: str
    weight: float


@dataclass(frozen=True)
class MatchResult:
    probability: float
    weight: float
    evidence: list[FieldEvidence] = field(default_factory=list)

    @property
    def reasons(self) -> list[FieldEvidence]:
        """The evidence that speaks for or against, strongest first."""
        return sorted((e for e in self.evidence if e.weight), key=lambda e: -abs(e.weight))


def _best(comparisons: Sequence[Comparison]) -> Comparison:
    return max(comparisons, key=lambda c: c.level)


_ONTARIO_CARD = re.compile(r"^(\d{10})[A-Z]{0,2}$")


def health_card_base(number: str) -> str:
    """A health card number without the Ontario version code, which changes
    when a card is renewed while the number stays."""
    card = normalise_health_card(number)
    match = _ONTARIO_CARD.match(card)
    return match.group(1) if match else card


def _names(record: PersonRecord) -> list[tuple[str, str]]:
    return [(record.given_name, record.family_name), *record.aliases]


def _birth_year_comparison(a: PersonRecord, b: PersonRecord) -> Comparison:
    ya = a.date_of_birth.year if a.date_of_birth else a.birth_year
    yb = b.date_of_birth.year if b.date_of_birth else b.birth_year
    if ya is None or yb is None:
        return Comparison(Level.MISSING, "missing")
    if abs(ya - yb) <= 1:
        return Comparison(Level.WEAK, "birth_year")
    return Comparison(Level.DIFFERENT, "different")


def score(a: PersonRecord, b: PersonRecord, weights: TrainedWeights = HAND_SET) -> MatchResult:
    """How likely ``a`` and ``b`` are the same person, with the evidence
    (hand-set weights, or those of a trained batch model)."""
    given = _best([compare_given(ga, gb) for ga, _ in _names(a) for gb, _ in _names(b)])
    family = _best([compare_family(fa, fb) for _, fa in _names(a) for _, fb in _names(b)])
    if compare_swapped_names(a.given_name, a.family_name, b.given_name, b.family_name):
        swapped = Comparison(Level.CLOSE, "swapped_names")
        given = max(given, swapped, key=lambda c: c.level)
        family = max(family, swapped, key=lambda c: c.level)
    if a.date_of_birth and b.date_of_birth:
        dob = compare_dob(a.date_of_birth, b.date_of_birth)
    else:
        dob = _birth_year_comparison(a, b)
    card = compare_identifier(health_card_base(a.health_card), health_card_base(b.health_card))
    phone_a, phone_b = normalise_phone(a.phone), normalise_phone(b.phone)
    phone = (
        Comparison(Level.EXACT, "exact")
        if phone_a and phone_a == phone_b
        else Comparison(Level.MISSING, "missing")
    )
    evidence = [
        FieldEvidence(
            name,
            c.level,
            c.reason,
            weights.weight(name, c.level, c.reason, WEIGHTS[name].get(c.level, 0.0)),
        )
        for name, c in (
            ("given_name", given),
            ("family_name", family),
            ("date_of_birth", dob),
            ("health_card", card),
            ("phone", phone),
        )
    ]
    total = PRIOR_WEIGHT + sum(e.weight for e in evidence)
    probability = 1.0 / (1.0 + math.pow(2.0, -total))
    return MatchResult(probability=probability, weight=total, evidence=evidence)
