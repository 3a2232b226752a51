"""The scoring engine: the same person despite intake errors, never twins or namesakes."""

from __future__ import annotations

import datetime as dt

from parcours.linkage.engine import PersonRecord, score

MARIE = PersonRecord("Marie-Ève", "Côté", dt.date(1984, 3, 9), health_card="1234567890AB")


def p(a: PersonRecord, b: PersonRecord) -> float:
    return score(a, b).probability


def test_the_same_record_is_almost_certainly_the_same_person():
    assert p(MARIE, MARIE) > 0.999


def test_accents_case_and_a_compound_name_written_whole_are_the_same_person():
    assert p(MARIE, PersonRecord("MARIE EVE", "COTE", dt.date(1984, 3, 9))) > 0.99


def test_a_nickname_with_the_same_birth_date_is_very_likely_the_same_person():
    bob = PersonRecord("Bob", "Tremblay", dt.date(1970, 5, 17))
    robert = PersonRecord("Robert", "Tremblay", dt.date(1970, 5, 17))
    assert p(bob, robert) > 0.95


def test_day_and_month_swapped_still_match():
    a = PersonRecord("Guillaume", "Bélanger", dt.date(1990, 4, 7))
    b = PersonRecord("Guillaume", "Belanger", dt.date(1990, 7, 4))
    assert p(a, b) > 0.9


def test_given_and_family_names_swapped_still_match():
    a = PersonRecord("Nguyen", "Thi Lan", dt.date(1979, 11, 2))
    b = PersonRecord("Thi Lan", "Nguyen", dt.date(1979, 11, 2))
    assert p(a, b) > 0.9


def test_a_married_name_recorded_as_an_alias_matches():
    a = PersonRecord("Sophie", "Gagnon", dt.date(1982, 1, 30), aliases=[("Sophie", "Lavoie")])
    b = PersonRecord("Sophie", "Lavoie", dt.date(1982, 1, 30))
    assert p(a, b) > 0.99


def test_twins_are_not_the_same_person():
    a = PersonRecord("Marc", "Ouellet", dt.date(1995, 8, 21))
    b = PersonRecord("Luc", "Ouellet", dt.date(1995, 8, 21))
    assert p(a, b) < 0.2


def test_namesakes_born_years_apart_are_not_the_same_person():
    a = PersonRecord("Jean", "Tremblay", dt.date(1961, 2, 14))
    b = PersonRecord("Jean", "Tremblay", dt.date(1988, 9, 3))
    assert p(a, b) < 0.2


def test_different_health_cards_outweigh_same_names_and_birth_date():
    a = PersonRecord("Jean", "Tremblay", dt.date(1961, 2, 14), health_card="1111222233AA")
    b = PersonRecord("Jean", "Tremblay", dt.date(1961, 2, 14), health_card="9999888877ZZ")
    assert p(a, b) < 0.5


def test_the_evidence_explains_the_score():
    result = score(
        PersonRecord("Bob", "Tremblay", dt.date(1970, 5, 17)),
        PersonRecord("Robert", "Tremblai", dt.date(1970, 5, 17)),
    )
    reasons = {(e.field, e.reason) for e in result.reasons}
    assert ("given_name", "nickname") in reasons
    assert ("date_of_birth", "exact") in reasons


def test_an_ontario_card_with_or_without_its_version_code_is_the_same_card():
    a = PersonRecord("Jean", "Tremblay", dt.date(1961, 2, 14), health_card="1234567890AB")
    b = PersonRecord("Jean", "Tremblay", dt.date(1961, 2, 14), health_card="1234-567-890")
    assert p(a, b) > 0.999
