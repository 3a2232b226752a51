"""Matching a client's interest with an opportunity: pure, deterministic,
explainable rules (no database; ``community.selectors.opportunities`` feeds
them).

Three rules decide whether there is a match at all:

1. the client wants this kind of opportunity (job, volunteering, training,
   learning);
2. the opportunity is open: not closed, its closing date not past;
3. it has a place left.

Four more are reasons when met and unmet points when not (a match with
unmet points is still shown, further down, so the worker can talk them
through with the client):

4. language: the client speaks the opportunity's language (an opportunity in
   both languages suits everyone, a client who speaks both suits every one);
5. area: the client wants to go anywhere, or the opportunity is in the area
   they named (case, accents and spaces aside);
6. schedule: flexible hours, or the client is free at those times (weekday
   daytime, evenings, weekends);
7. requirements: none the client says they do not meet yet.

Every reason and unmet point is a sentence in the reader's language."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.community.models import (
    Language,
    Opportunity,
    OpportunityInterest,
    OpportunityKind,
    Requirement,
    Schedule,
)


@dataclass(frozen=True)
class OpportunityFacts:
    kind: str
    language: str
    area: str
    schedule: str
    requirements: frozenset[str]
    places_left: int
    closes_on: dt.date | None
    closed: bool


@dataclass(frozen=True)
class InterestFacts:
    kinds: frozenset[str]
    language: str
    area: str
    daytime: bool
    evenings: bool
    weekends: bool
    lacks: frozenset[str]


@dataclass(frozen=True)
class Match:
    fits: bool
    reasons: tuple[str, ...]
    unmet: tuple[str, ...]

    @property
    def rank(self) -> tuple[int, int]:
        """Sort key: the fewest unmet points first, then the most reasons."""
        return (len(self.unmet), -len(self.reasons))


def facts_of_opportunity(opportunity: Opportunity, places_left: int) -> OpportunityFacts:
    return OpportunityFacts(
        kind=opportunity.kind,
        language=opportunity.language,
        area=opportunity.area,
        schedule=opportunity.schedule,
        requirements=frozenset(opportunity.requirements or ()),
        places_left=places_left,
        closes_on=opportunity.closes_on,
        closed=opportunity.closed_at is not None,
    )


def facts_of_interest(interest: OpportunityInterest) -> InterestFacts:
    return InterestFacts(
        kinds=frozenset(interest.kinds or ()),
        language=interest.language,
        area=interest.area,
        daytime=interest.available_daytime,
        evenings=interest.available_evenings,
        weekends=interest.available_weekends,
        lacks=frozenset(interest.lacks or ()),
    )


def fold(text: str) -> str:
    """Case, accents and spaces aside: « Côte-des-Neiges » = "cote-des-neiges"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _labels(choices: Iterable[tuple[str, object]], values: Iterable[str]) -> str:
    names = dict(choices)
    return ", ".join(str(names[v]) for v in sorted(values) if v in names)


def _free_for(schedule: str, interest: InterestFacts) -> bool:
    if schedule == Schedule.FLEXIBLE:
        return True
    return {
        Schedule.DAYTIME: interest.daytime,
        Schedule.EVENINGS: interest.evenings,
        Schedule.WEEKENDS: interest.weekends,
    }.get(Schedule(schedule), False)


def match(opportunity: OpportunityFacts, interest: InterestFacts, today: dt.date) -> Match:
    """Whether the opportunity fits the interest, with the reasons and the unmet points."""
    reasons: list[str] = []
    unmet: list[str] = []
    kind = str(dict(OpportunityKind.choices).get(opportunity.kind, opportunity.kind))
    fits = True
    if opportunity.kind in interest.kinds:
        reasons.append(_("Wants this kind of opportunity: %(kind)s.") % {"kind": kind})
    else:
        fits = False
        unmet.append(_("Does not look for this kind of opportunity: %(kind)s.") % {"kind": kind})
    if opportunity.closed or (opportunity.closes_on is not None and opportunity.closes_on < today):
        fits = False
        unmet.append(_("The opportunity is closed."))
    if opportunity.places_left <= 0:
        fits = False
        unmet.append(_("No place left."))
    else:
        reasons.append(
            ngettext("%(count)d place left.", "%(count)d places left.", opportunity.places_left)
            % {"count": opportunity.places_left}
        )
    language = str(dict(Language.choices)[Language(opportunity.language)])
    if Language.BOTH in (opportunity.language, interest.language) or (
        opportunity.language == interest.language
    ):
        reasons.append(
            _("Speaks the language of the opportunity (%(language)s).") % {"language": language}
        )
    else:
        unmet.append(_("The opportunity is in %(language)s.") % {"language": language})
    if not interest.area.strip():
        reasons.append(_("Ready to go anywhere in the city."))
    elif fold(interest.area) == fold(opportunity.area):
        reasons.append(_("In the area the client wants: %(area)s.") % {"area": opportunity.area})
    else:
        unmet.append(
            _("Not in the area the client wants (%(wanted)s).") % {"wanted": interest.area}
        )
    schedule = str(dict(Schedule.choices)[Schedule(opportunity.schedule)])
    if _free_for(opportunity.schedule, interest):
        reasons.append(_("Free at those times: %(schedule)s.") % {"schedule": schedule})
    else:
        unmet.append(_("Not free at those times: %(schedule)s.") % {"schedule": schedule})
    lacking = opportunity.requirements & interest.lacks
    if lacking:
        unmet.append(
            _("Requires what the client does not have yet: %(missing)s.")
            % {"missing": _labels(Requirement.choices, lacking)}
        )
    elif opportunity.requirements:
        reasons.append(_("Meets the requirements listed."))
    return Match(fits=fits, reasons=tuple(reasons), unmet=tuple(unmet))


__all__ = [
    "InterestFacts",
    "Match",
    "OpportunityFacts",
    "facts_of_interest",
    "facts_of_opportunity",
    "fold",
    "match",
]
