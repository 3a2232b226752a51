"""The monthly flow: month edges, the balanced identity over 24 months of
generated history for every sub-population, and late corrections booked in
the month after the last published one."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError

from parcours.clients.models import ReferenceOption
from parcours.households.models import Household, HouseholdMembership
from parcours.reports.flow import add_months, month_end, monthly_flow, months_between
from parcours.reports.models import Population, PublishedMonth
from parcours.reports.selectors import flow_lines
from parcours.reports.services import month_publish
from parcours.reports.status import Network
from tests.reports.conftest import TODAY, person, seen, stay, tenancy, visit

MAY = dt.date(2025, 5, 1)
APRIL = dt.date(2025, 4, 1)


def _flow(month: dt.date, population: str = Population.ALL):
    return monthly_flow(Network(), [month], today=TODAY, populations=(population,))[population][0]


def test_newly_identified_on_the_last_day_of_the_month_counts_in_that_month(network):
    gilles = person(network.bob)
    visit(gilles, dt.date(2025, 4, 30), network.carrefour, network.alice)
    april = _flow(APRIL)
    assert april.people == {"newly_identified": {gilles.pk}}
    assert _flow(MAY).people == {}


def test_first_seen_on_the_first_day_of_a_month_is_that_months_inflow(network):
    gilles = person(network.bob)
    visit(gilles, dt.date(2025, 5, 1), network.carrefour, network.alice)
    assert _flow(APRIL).people == {}
    assert _flow(MAY).people == {"newly_identified": {gilles.pk}}


def test_moved_to_housing_and_returned_from_housing(network):
    gilles = person(network.bob)
    visit(gilles, dt.date(2025, 3, 3), network.carrefour, network.alice)
    tenancy(gilles, network.bob, dt.date(2025, 4, 10), dt.date(2025, 5, 20), "eviction")
    visit(gilles, dt.date(2025, 5, 25), network.carrefour, network.alice)
    assert _flow(APRIL).people == {"moved_to_housing": {gilles.pk}}
    assert _flow(MAY).people == {"returned_from_housing": {gilles.pk}}


def test_moved_to_inactive_after_90_days_and_returned_from_inactive(network):
    gilles = person(network.bob)
    visit(gilles, dt.date(2025, 1, 15), network.carrefour, network.alice)
    # 15 January + 90 days = 15 April: still active at the end of March, inactive end of April.
    assert _flow(APRIL).people == {"moved_to_inactive": {gilles.pk}}
    visit(gilles, dt.date(2025, 5, 2), network.carrefour, network.alice)
    assert _flow(MAY).people == {"returned_from_inactive": {gilles.pk}}


def test_aged_in_when_a_person_becomes_chronic(network, kinds):
    gilles = person(network.bob)
    # In the shelter since 1 November 2024: the 180th night falls in late April 2025.
    stay(gilles, kinds["emergency_shelter"], dt.date(2024, 11, 1), None)
    april = _flow(APRIL, Population.CHRONIC)
    assert april.people == {"aged_in": {gilles.pk}}
    assert _flow(APRIL).people == {}


def _random_history(network, kinds, rng: random.Random) -> None:
    first_nations = ReferenceOption.objects.get(list="indigenous_identity", code="first_nations")
    start = dt.date(2023, 3, 1)
    span = (TODAY - start).days
    people = []
    for n in range(40):
        born = dt.date(rng.randint(1950, 2009), rng.randint(1, 12), rng.randint(1, 28))
        client = person(network.bob, f"P{n}", f"Random{n}", date_of_birth=born)
        if rng.random() < 0.3:
            client.indigenous_identity = first_nations
            client.save(update_fields=["indigenous_identity"])
        people.append(client)
        first = start + dt.timedelta(days=rng.randint(0, span))
        cursor = first
        while cursor < TODAY:
            roll = rng.random()
            if roll < 0.45:
                visit(client, cursor, network.carrefour, network.alice)
                cursor += dt.timedelta(days=rng.randint(5, 70))
            elif roll < 0.65:
                seen(client, cursor, network.carrefour, network.alice)
                cursor += dt.timedelta(days=rng.randint(1, 40))
            elif roll < 0.85:
                length = rng.randint(5, 240)
                end = cursor + dt.timedelta(days=length)
                kind = rng.choice(["emergency_shelter", "emergency_shelter", "transitional"])
                to_housing = rng.random() < 0.3
                stay(
                    client,
                    kinds[kind],
                    cursor,
                    end if end < TODAY else None,
                    destination="permanent_housing" if to_housing and end < TODAY else "",
                )
                if end >= TODAY:
                    break
                cursor = end + dt.timedelta(days=rng.randint(1, 150))
            else:
                length = rng.randint(30, 400)
                end = cursor + dt.timedelta(days=length)
                if end >= TODAY:
                    tenancy(client, network.bob, cursor)
                    break
                tenancy(client, network.bob, cursor, end, rng.choice(["eviction", "abandoned"]))
                cursor = end + dt.timedelta(days=rng.randint(1, 60))
    # Families: a parent with a child, joined part-way through.
    for parent, child_born in ((people[0], dt.date(2015, 5, 5)), (people[1], dt.date(2008, 2, 2))):
        household = Household.objects.create(
            organization=network.refuge,
            recorded_by=network.bob,
            formed_on=dt.date(2024, 1, 10),
        )
        child = person(network.bob, "Enfant", parent.family_name, date_of_birth=child_born)
        for member, relationship in ((parent, "head"), (child, "child")):
            HouseholdMembership.objects.create(
                household=household,
                client=member,
                relationship=relationship,
                joined_on=dt.date(2024, 1, 10),
                organization=network.refuge,
                recorded_by=network.bob,
            )


@pytest.mark.parametrize("seed", [7, 2025])
def test_the_flow_is_balanced_every_month_for_every_sub_population(network, kinds, seed):
    _random_history(network, kinds, random.Random(seed))
    months = months_between(add_months(TODAY.replace(day=1), -23), TODAY)
    flows = monthly_flow(Network(), months, today=TODAY)
    moved = 0
    for population, monthly in flows.items():
        previous = None
        for flow in monthly:
            assert len(flow.active) - flow.previous_active == flow.inflow - flow.outflow, (
                population,
                flow.month,
            )
            if previous is not None:
                assert flow.previous_active == len(previous.active)
            previous = flow
            moved += flow.inflow + flow.outflow
    assert moved > 40  # the history moves people in and out
    assert any(f.inflow for f in flows[Population.CHRONIC])
    assert any(f.inflow for f in flows[Population.INDIGENOUS])
    assert any(f.inflow for f in flows[Population.YOUTH])
    assert any(f.inflow for f in flows[Population.FAMILY])


def test_a_late_correction_is_booked_in_the_month_after_the_last_published_one(network):
    gilles = person(network.bob)
    visit(gilles, dt.date(2025, 4, 3), network.carrefour, network.alice)
    month_publish(acting_user=network.alice_admin, month=APRIL)
    published = PublishedMonth.objects.get(month=APRIL, population=Population.ALL)
    assert published.figures["active"] == 1
    # Found in June: another person was seen in March and April, entered late.
    late = person(network.bob, "Lucie", "Late")
    visit(late, dt.date(2025, 3, 20), network.carrefour, network.alice)
    visit(late, dt.date(2025, 4, 20), network.carrefour, network.alice)
    lines = flow_lines(Network(), [APRIL, MAY], TODAY)[Population.ALL]
    april, may = lines
    assert april.published is not None and april.figures["active"] == 1  # never rewritten
    assert may.correction == 1 and may.reference == 1
    assert may.figures["active"] == 2
    assert may.balanced
    assert may.figures["active"] - may.reference == may.inflow_minus_outflow + may.correction


def test_only_closed_months_are_published_and_never_twice(network):
    with pytest.raises(ValidationError):
        month_publish(acting_user=network.alice_admin, month=TODAY.replace(day=1))
    month_publish(acting_user=network.alice_admin, month=APRIL)
    with pytest.raises(ValidationError):
        month_publish(acting_user=network.alice_admin, month=APRIL)
    with pytest.raises(ValidationError):
        month_publish(acting_user=network.alice_admin, month=dt.date(2025, 3, 1))
    assert PublishedMonth.objects.count() == len(Population.values)
    assert month_end(APRIL) < TODAY
