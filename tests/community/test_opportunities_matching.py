"""Matching an interest with an opportunity (``community.selectors.matching``):
pure rules, each met one a reason, each unmet one said; kind, open and a
place left decide whether there is a match at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.utils import translation

from parcours.community.selectors.matching import (
    InterestFacts,
    OpportunityFacts,
    fold,
    match,
)

TODAY = dt.date(2026, 12, 7)

WAREHOUSE = OpportunityFacts(
    kind="job",
    language="fr",
    area="Centre-Sud",
    schedule="daytime",
    requirements=frozenset({"safety_boots"}),
    places_left=2,
    closes_on=TODAY + dt.timedelta(days=10),
    closed=False,
)
LOOKING = InterestFacts(
    kinds=frozenset({"job"}),
    language="both",
    area="centre-sud",
    daytime=True,
    evenings=False,
    weekends=False,
    lacks=frozenset(),
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_full_fit_lists_every_reason_and_nothing_unmet():
    found = match(WAREHOUSE, LOOKING, TODAY)
    assert found.fits and found.unmet == ()
    assert found.reasons == (
        "Wants this kind of opportunity: Job.",
        "2 places left.",
        "Speaks the language of the opportunity (French).",
        "In the area the client wants: Centre-Sud.",
        "Free at those times: Weekdays, daytime.",
        "Meets the requirements listed.",
    )


@pytest.mark.parametrize(
    ("opportunity", "interest", "unmet"),
    [
        (WAREHOUSE, replace(LOOKING, kinds=frozenset({"volunteer"})), "Does not look for"),
        (replace(WAREHOUSE, closed=True), LOOKING, "The opportunity is closed."),
        (replace(WAREHOUSE, closes_on=TODAY - dt.timedelta(days=1)), LOOKING, "is closed"),
        (replace(WAREHOUSE, places_left=0), LOOKING, "No place left."),
    ],
)
def test_kind_closing_and_places_decide_whether_it_is_a_match(opportunity, interest, unmet):
    found = match(opportunity, interest, TODAY)
    assert not found.fits
    assert any(unmet in point for point in found.unmet)


def test_closing_today_is_still_open():
    assert match(replace(WAREHOUSE, closes_on=TODAY), LOOKING, TODAY).fits


@pytest.mark.parametrize(
    ("interest", "unmet"),
    [
        (replace(LOOKING, language="en"), "The opportunity is in French."),
        (replace(LOOKING, area="Villeray"), "Not in the area the client wants (Villeray)."),
        (
            replace(LOOKING, daytime=False, evenings=True),
            "Not free at those times: Weekdays, daytime.",
        ),
        (
            replace(LOOKING, lacks=frozenset({"safety_boots", "drivers_licence"})),
            "Requires what the client does not have yet: Safety boots.",
        ),
    ],
)
def test_an_unmet_point_is_said_and_the_match_stays(interest, unmet):
    found = match(WAREHOUSE, interest, TODAY)
    assert found.fits and found.unmet == (unmet,)
    assert found.rank == (1, -len(found.reasons))


def test_both_languages_flexible_hours_and_anywhere_fit_everyone():
    bilingual = replace(WAREHOUSE, language="both", schedule="flexible", requirements=frozenset())
    anywhere = replace(LOOKING, language="en", area="", daytime=False, weekends=True)
    found = match(bilingual, anywhere, TODAY)
    assert found.fits and found.unmet == ()
    assert "Ready to go anywhere in the city." in found.reasons
    assert "Free at those times: Flexible hours." in found.reasons
    assert not any("requirements" in r for r in found.reasons)


def test_the_reasons_are_in_the_readers_language():
    with translation.override("fr"):
        found = match(WAREHOUSE, replace(LOOKING, language="en"), TODAY)
    assert found.unmet and found.reasons
    # Each is a whole sentence from the catalogue (French once the lead fills it).
    assert all(isinstance(r, str) and r.endswith(".") for r in found.reasons + found.unmet)


def test_areas_compare_without_case_accents_or_spaces():
    assert fold("  Côte-des-NEIGES ") == fold("cote-des-neiges")
    assert (
        match(
            replace(WAREHOUSE, area="Côte-des-Neiges"),
            replace(LOOKING, area="cote-des-neiges"),
            TODAY,
        ).unmet
        == ()
    )


def test_fewer_unmet_points_rank_first():
    good = match(WAREHOUSE, LOOKING, TODAY)
    worse = match(WAREHOUSE, replace(LOOKING, language="en", area="Villeray"), TODAY)
    assert sorted([worse, good], key=lambda m: m.rank) == [good, worse]
