"""Why two records may be the same person, in words a worker understands."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parcours.linkage.engine import FieldEvidence
from parcours.linkage.names import Level

FIELD_LABELS: dict[str, Promise] = {
    "given_name": _("given name"),
    "family_name": _("family name"),
    "date_of_birth": _("date of birth"),
    "gender": _("gender"),
    "health_card": _("health card"),
    "phone": _("phone"),
    "email": _("email"),
    "other_id": _("other identifier"),
    "address": _("address"),
}

REASONS: dict[str, Promise] = {
    "exact": _("same %(field)s"),
    "accents_case": _("same %(field)s (accents or capitals differ)"),
    "nickname": _("%(field)s: a nickname of the other"),
    "compound_part": _("%(field)s: part of a compound name"),
    "typo": _("%(field)s: spelled almost the same"),
    "initials": _("%(field)s: initials match"),
    "phonetic": _("%(field)s sounds alike"),
    "partial_family": _("%(field)s: one part of a double name"),
    "swapped_names": _("given and family names swapped"),
    "swapped_day_month": _("%(field)s: day and month swapped"),
    "one_digit": _("%(field)s: one digit differs"),
    "one_typo": _("%(field)s: one character differs"),
    "same_local_part": _("%(field)s: same name before the @, another domain"),
    "year_off_by_one": _("%(field)s: year off by one"),
    "partial_date": _("%(field)s: not a valid date, its year and month or day agree"),
    "two_parts": _("%(field)s: the year and the month or the day agree"),
    "within_a_year": _("%(field)s: within a year of each other"),
    "january_first": _("%(field)s: one of them is January 1st (often a placeholder)"),
    "birth_year": _("born the same year or so"),
    "postal_code": _("same postal code"),
    "postal_area": _("same postal area"),
    "city": _("same city"),
    "different": _("different %(field)s"),
}


def describe(evidence: FieldEvidence) -> str:
    template = REASONS.get(evidence.reason)
    label = FIELD_LABELS.get(evidence.field, evidence.field)
    if template is None:
        return str(label)
    return str(template) % {"field": label}


def summary(reasons: list[FieldEvidence]) -> list[tuple[str, bool]]:
    """(text, speaks for a match) for each piece of evidence that counts."""
    return [(describe(e), e.weight > 0) for e in reasons if e.level != Level.MISSING]


def evidence_to_json(evidence: list[FieldEvidence]) -> list[dict[str, object]]:
    """Evidence as stored with a review item."""
    return [
        {"field": e.field, "level": int(e.level), "reason": e.reason, "weight": e.weight}
        for e in evidence
    ]


def summary_of_evidence(stored: list[dict[str, object]]) -> list[tuple[str, bool]]:
    """The texts of stored evidence, strongest first."""
    evidence = [
        FieldEvidence(
            field=str(e.get("field", "")),
            level=Level(int(str(e.get("level", int(Level.MISSING))))),
            reason=str(e.get("reason", "")),
            weight=float(str(e.get("weight", 0.0))),
        )
        for e in stored
    ]
    ranked = sorted((e for e in evidence if e.weight), key=lambda e: -abs(e.weight))
    return summary(ranked)
