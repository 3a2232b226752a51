"""Prioritization of the by-name list: the community's rules with known
answers — chronic first, weights that change the order, inactive rules
ignored, the reasons shown, ties broken by the rules' order then the
earliest first contact, one person counted once, a fixed number of queries."""

from __future__ import annotations

import pytest

from parcours.casework.models import Assessment, AssessmentInstrument
from parcours.clients.models import ReferenceOption
from parcours.linkage.models import PersonIdentity
from parcours.reports.models import PriorityCriterion, PriorityRule
from parcours.reports.priority import priorities
from tests.reports.conftest import TODAY, day, person, seen, stay, visit


def rules(**settings: dict[str, int | bool]) -> None:
    """Only the rules named are active, with the values given."""
    PriorityRule.objects.update(is_active=False)
    for criterion, values in settings.items():
        PriorityRule.objects.filter(criterion=criterion).update(is_active=True, **values)


def order(result, clients) -> list[str]:  # type: ignore[no-untyped-def]
    ranked = sorted(clients, key=lambda c: result[c.pk].sort_key)
    return [c.given_name for c in ranked]


@pytest.fixture
def people(network, kinds):
    """Gilles: chronic (220 nights at the shelter, still there). Marie: 120
    nights a year ago, then street contacts, not chronic, Indigenous. Paul:
    10 nights, a veteran."""
    shelter = kinds["emergency_shelter"]
    gilles = person(network.bob, "Gilles", "Roy")
    stay(gilles, shelter, day(220), None)
    marie = person(network.alice, "Marie", "Côté")
    stay(marie, shelter, day(400), day(280))
    for days_ago in (20, 10, 5):
        seen(marie, day(days_ago), network.carrefour, network.alice)
    marie.indigenous_identity = ReferenceOption.objects.get(
        list="indigenous_identity", code="first_nations"
    )
    marie.save(update_fields=["indigenous_identity"])
    paul = person(network.alice, "Paul", "Lavoie", veteran_status="yes")
    stay(paul, shelter, day(30), day(20))
    return {"gilles": gilles, "marie": marie, "paul": paul}


def test_the_default_rules_put_chronic_first_then_homeless_days(network, people):
    assert list(
        PriorityRule.objects.filter(is_active=True).values_list("criterion", flat=True)
    ) == [PriorityCriterion.CHRONIC, PriorityCriterion.HOMELESS_DAYS]
    result = priorities([c.pk for c in people.values()], TODAY)
    assert order(result, people.values()) == ["Gilles", "Marie", "Paul"]
    gilles = result[people["gilles"].pk]
    assert gilles.score == 1100 + 221  # day 220 to today, both included
    assert gilles.reasons == ["Chronically homeless (+1100)", "221 homeless days in 3 years (+221)"]
    assert result[people["marie"].pk].reasons == ["123 homeless days in 3 years (+123)"]
    assert result[people["paul"].pk].score == 10


def test_weights_change_the_order_and_inactive_rules_are_ignored(network, people):
    rules(
        homeless_days={"weight": 1, "per_days": 10, "position": 1},
        veteran={"weight": 500, "position": 2},
    )
    result = priorities([c.pk for c in people.values()], TODAY)
    assert order(result, people.values()) == ["Paul", "Gilles", "Marie"]
    assert result[people["paul"].pk].reasons == [
        "10 homeless days in 3 years (+1)",
        "Veteran (+500)",
    ]
    # The chronic rule is inactive: no points and no reason for it.
    assert result[people["gilles"].pk].reasons == ["221 homeless days in 3 years (+22)"]
    rules(indigenous={"weight": 30}, chronic={"weight": 20})
    result = priorities([c.pk for c in people.values()], TODAY)
    assert order(result, people.values()) == ["Marie", "Gilles", "Paul"]
    assert result[people["marie"].pk].reasons == ["Indigenous (+30)"]


def test_ties_are_broken_by_the_rules_order_then_the_earliest_first_contact(network, people):
    # Gilles (chronic) and Marie (Indigenous) both get 40 points.
    rules(chronic={"weight": 40, "position": 2}, indigenous={"weight": 40, "position": 1})
    result = priorities([c.pk for c in people.values()], TODAY)
    assert result[people["gilles"].pk].score == result[people["marie"].pk].score == 40
    assert order(result, people.values()) == ["Marie", "Gilles", "Paul"]
    PriorityRule.objects.filter(criterion="chronic").update(position=0)
    result = priorities([c.pk for c in people.values()], TODAY)
    assert order(result, people.values()) == ["Gilles", "Marie", "Paul"]
    # No rule tells them apart: the earliest first contact comes first.
    rules(veteran={"weight": 5})
    result = priorities([c.pk for c in people.values()], TODAY)
    assert order(result, people.values()) == ["Paul", "Marie", "Gilles"]
    assert result[people["marie"].pk].first_contact == day(400)


def test_a_cap_acuity_and_days_since_first_contact(network, people):
    instrument = AssessmentInstrument.objects.get(code="parcours-acuity-v1")
    for client, level, total in ((people["paul"], "act", 30), (people["marie"], "icm", 21)):
        Assessment.objects.create(
            client=client,
            organization=network.carrefour,
            instrument=instrument,
            assessed_on=day(3),
            assessed_by=network.alice,
            total_score=total,
            max_score=42,
            recommendation=level,
            chosen_level=level,
        )
    rules(
        acuity_level={"weight": 100},
        acuity_score={"weight": 42},
        days_since_first_contact={"weight": 1, "per_days": 30, "max_points": 12},
    )
    result = priorities([c.pk for c in people.values()], TODAY)
    assert result[people["paul"].pk].reasons == [
        "Acuity: Assertive community treatment (ACT) recommended (+100)",
        "Acuity score 30 of 42 (+30)",
        "30 days since first contact (+1)",
    ]
    assert result[people["marie"].pk].reasons == [
        "Acuity: Intensive case management (ICM) recommended (+50)",
        "Acuity score 21 of 42 (+21)",
        "400 days since first contact (+12)",  # 13 months, at most 12 points
    ]
    assert order(result, people.values()) == ["Paul", "Marie", "Gilles"]


def test_youth_and_families(network, people):
    from parcours.households.models import Household, HouseholdMembership

    young = person(network.bob, "Léa", "Jeune", date_of_birth=TODAY.replace(year=TODAY.year - 19))
    visit(young, day(2), network.refuge, network.bob)
    household = Household.objects.create(
        organization=network.refuge, recorded_by=network.bob, formed_on=day(50)
    )
    child = person(network.bob, "Enfant", "Roy", date_of_birth=day(3000))
    for member, relationship in ((people["gilles"], "head"), (child, "child")):
        HouseholdMembership.objects.create(
            household=household,
            client=member,
            relationship=relationship,
            joined_on=day(50),
            organization=network.refuge,
            recorded_by=network.bob,
        )
    rules(youth={"weight": 7}, family={"weight": 9})
    result = priorities([young.pk, people["gilles"].pk, people["paul"].pk], TODAY)
    assert result[young.pk].reasons == ["Youth, 19 years old (+7)"]
    assert result[people["gilles"].pk].reasons == ["Family with children (+9)"]
    assert result[people["paul"].pk].reasons == ["No priority rule applies (score 0)"]


def test_merged_and_linked_records_are_one_person(network, kinds):
    named = person(network.bob, "Gilles", "Roy")
    twin = person(network.bob, "Gilles", "Roy")
    PersonIdentity.objects.create(client=named, person_key=named.pk)
    PersonIdentity.objects.create(client=twin, person_key=named.pk)
    stay(twin, kinds["emergency_shelter"], day(200), None)
    # Asked about the named record only: the twin's nights count.
    result = priorities([named.pk], TODAY)
    assert result[named.pk].score == 1100 + 201
    both = priorities([named.pk, twin.pk], TODAY)
    assert both[named.pk] == both[twin.pk]
    assert both[named.pk].person == named.pk


def test_the_number_of_queries_does_not_grow_with_the_clients(
    network, kinds, django_assert_max_num_queries
):
    rules(
        chronic={"weight": 100},
        homeless_days={"weight": 1, "per_days": 1},
        acuity_level={"weight": 10},
        family={"weight": 5},
        youth={"weight": 5},
    )
    few = [person(network.bob, f"P{i}", "Roy") for i in range(2)]
    for c in few:
        stay(c, kinds["emergency_shelter"], day(40), day(30))
    with django_assert_max_num_queries(25) as small:
        priorities([c.pk for c in few], TODAY)
    many = [person(network.bob, f"Q{i}", "Roy") for i in range(12)]
    for c in many:
        stay(c, kinds["emergency_shelter"], day(40), day(30))
    with django_assert_max_num_queries(25) as large:
        priorities([c.pk for c in few + many], TODAY)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_result_plugs_into_housing_matching(network, people):
    result = priorities([people["gilles"].pk], TODAY)
    priority = result[people["gilles"].pk]
    # Matching sorts on the score and each rule's points; between equal
    # priorities the fit with the unit decides, not the first contact.
    assert priority.key == priority.sort_key[:-2]
    assert priorities([], TODAY) == {}
