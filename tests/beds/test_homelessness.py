"""Homeless days and chronic status on hand-made histories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parcours.beds import services
from parcours.beds.homelessness import (
    chronic_status,
    chronic_statuses,
    homeless_days,
    homeless_periods,
)
from parcours.beds.models import Bed, ShelterHistory, SiteKind, Stay, StreetContact
from parcours.clients.services import client_register
from tests.beds.conftest import days_ago


@pytest.fixture
def kinds(network) -> dict[str, Bed]:
    """One bed at a site of each kind, run by the Refuge."""
    beds: dict[str, Bed] = {}
    for kind in SiteKind.values:
        site = services.site_create(
            acting_user=network.bob_admin, program=network.shelter_program, name=kind, kind=kind
        )
        room = services.room_create(acting_user=network.bob_admin, site=site, name="A", beds=40)
        beds[kind] = room.beds.order_by("label").first()
    return beds


@pytest.fixture
def person(network):
    return client_register(acting_user=network.bob, given_name="Gilles", family_name="Roy")


def stay(person, bed: Bed, start: int, end: int | None, *, destination: str = "") -> Stay:
    """A stay from ``start`` days ago (8 p.m.) to ``end`` days ago (8 a.m.), or open."""
    return Stay.objects.create(
        client=person,
        site=bed.room.site,
        room=bed.room,
        bed=_free_bed(bed),
        started_at=days_ago(start, hour=20),
        ended_at=days_ago(end, hour=8) if end is not None else None,
        destination=destination,
        exit_reason="left" if end is not None else "",
        booked_in_by=bed.room.site.program.organization.staff.first(),
    )


def _free_bed(bed: Bed) -> Bed:
    """A bed of the same room with no open stay (histories may overlap)."""
    busy = Stay.objects.filter(ended_at__isnull=True, bed__isnull=False).values("bed_id")
    return bed.room.beds.exclude(pk__in=busy).order_by("label").first()


def seen(person, network, days: int) -> StreetContact:
    return StreetContact.objects.create(
        client=person,
        seen_on=timezone.localdate() - dt.timedelta(days=days),
        organization=network.carrefour,
        recorded_by=network.alice,
    )


def elsewhere(
    person, network, start: int, left: int | None, *, destination: str = ""
) -> ShelterHistory:
    """Nights in another system's shelter, from ``start`` days ago to the day
    ``left`` days ago (open when None), as an HMIS import writes them."""
    return ShelterHistory.objects.create(
        client=person,
        started_on=_since(start),
        ended_on=_since(left) if left is not None else None,
        destination=destination,
        organization=network.carrefour,
        reference=f"test:{person.pk}:{start}",
    )


def _since(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_shelter_nights_and_street_contacts_count_once_each_day(network, kinds, person):
    stay(person, kinds["emergency_shelter"], 10, 5)  # nights 10, 9, 8, 7, 6 days ago
    stay(person, kinds["family_shelter"], 7, 3)  # 7, 6, 5, 4 — overlaps
    seen(person, network, 4)  # already counted
    seen(person, network, 20)  # one more day
    days = homeless_days([person.pk], start=_since(30), end=timezone.localdate())
    assert days == {person.pk: 8}


def test_transitional_treatment_and_respite_stays_are_not_homeless_days(network, kinds, person):
    stay(person, kinds["transitional"], 40, 30)
    stay(person, kinds["treatment"], 29, 20)
    stay(person, kinds["respite"], 19, 10)
    stay(person, kinds["other"], 9, 5)
    assert homeless_days([person.pk], start=_since(60), end=timezone.localdate()) == {person.pk: 0}


def test_a_stay_ended_the_day_it_began_is_one_homeless_day(network, kinds, person):
    Stay.objects.create(
        client=person,
        site=kinds["emergency_shelter"].room.site,
        room=kinds["emergency_shelter"].room,
        bed=kinds["emergency_shelter"],
        started_at=days_ago(3, hour=1),
        ended_at=days_ago(3, hour=7),
        booked_in_by=network.bob,
    )
    assert homeless_days([person.pk], start=_since(10), end=timezone.localdate())[person.pk] == 1


def test_an_open_stay_counts_to_the_end_of_the_period_and_days_are_clipped(network, kinds, person):
    stay(person, kinds["emergency_shelter"], 15, None)
    today = timezone.localdate()
    assert homeless_days([person.pk], start=_since(10), end=today) == {person.pk: 11}
    assert homeless_days([person.pk], start=_since(30), end=_since(12)) == {person.pk: 4}


def test_homeless_days_for_many_clients_take_two_queries(
    network, kinds, person, django_assert_num_queries
):
    others = [
        client_register(acting_user=network.bob, given_name=f"P{i}", family_name="X")
        for i in range(3)
    ]
    for i, other in enumerate(others):
        stay(other, kinds["emergency_shelter"], 10 + i, 2)
        seen(other, network, 30)
    elsewhere(person, network, 40, 38)  # shelter history comes in the same query
    with django_assert_num_queries(2):
        days = homeless_days(
            [person.pk, *[o.pk for o in others]], start=_since(60), end=timezone.localdate()
        )
    assert days[person.pk] == 2
    assert [days[o.pk] for o in others] == [9, 10, 11]


def test_chronic_with_180_days_in_the_past_year_while_homeless(network, kinds, person):
    stay(person, kinds["emergency_shelter"], 200, None)
    status = chronic_status(person.pk, on=timezone.localdate())
    assert status.is_chronic and status.criterion == "past_year"
    assert status.currently_homeless
    assert status.days_past_year == 201


def test_not_chronic_below_180_days(network, kinds, person):
    stay(person, kinds["emergency_shelter"], 170, None)
    status = chronic_status(person.pk, on=timezone.localdate())
    assert status.currently_homeless and not status.is_chronic
    assert status.days_past_year == 171


def test_chronic_when_recurrent_over_three_years_with_546_days(network, kinds, person):
    # Two episodes of 230 nights, a night outside, and an episode going on
    # now: only 110 days in the past year, but 571 in three years.
    stay(person, kinds["emergency_shelter"], 1000, 770)
    stay(person, kinds["emergency_shelter"], 700, 470)
    seen(person, network, 400)
    stay(person, kinds["emergency_shelter"], 109, None)
    status = chronic_status(person.pk, on=timezone.localdate())
    assert status.days_past_year == 110
    assert status.days_past_three_years == 230 + 230 + 1 + 110
    assert status.episodes_past_three_years == 4
    assert status.is_chronic and status.criterion == "recurrent"


def test_housed_people_are_no_longer_chronic(network, kinds, person):
    stay(person, kinds["emergency_shelter"], 250, 10, destination="permanent_housing")
    status = chronic_status(person.pk, on=timezone.localdate())
    assert status.days_past_year == 240
    assert not status.currently_homeless and not status.is_chronic


def test_a_chronically_homeless_person_in_transitional_housing_stays_chronic(
    network, kinds, person
):
    stay(person, kinds["emergency_shelter"], 250, 20)
    stay(person, kinds["transitional"], 20, None)
    status = chronic_status(person.pk, on=timezone.localdate())
    assert not status.currently_homeless
    assert status.is_chronic and status.criterion == "chronic_on_entry"


def test_chronic_statuses_of_many_clients_take_three_queries(
    network, kinds, person, django_assert_num_queries
):
    others = [
        client_register(acting_user=network.bob, given_name=f"Q{i}", family_name="Y")
        for i in range(3)
    ]
    for i, other in enumerate(others):
        stay(other, kinds["emergency_shelter"], 100 + 100 * i, None)
    elsewhere(others[0], network, 300, 200)
    with django_assert_num_queries(3):
        statuses = chronic_statuses([person.pk, *[o.pk for o in others]], on=timezone.localdate())
    # 100 nights here and 100 in another system's shelter: chronic.
    assert [statuses[o.pk].is_chronic for o in others] == [True, True, True]
    assert not statuses[person.pk].currently_homeless


def test_homeless_periods_are_runs_of_consecutive_days(network, kinds, person):
    stay(person, kinds["emergency_shelter"], 10, 5)  # 10 … 6 days ago
    stay(person, kinds["family_shelter"], 6, 3)  # 6 … 4: the same run
    seen(person, network, 20)
    periods = homeless_periods([person.pk], start=_since(30), end=timezone.localdate())
    assert periods == {person.pk: [(_since(20), _since(20)), (_since(10), _since(4))]}


def test_nights_in_another_systems_shelter_are_homeless_days(network, kinds, person):
    elsewhere(person, network, 30, 20)  # nights 30 … 21 days ago
    stay(person, kinds["emergency_shelter"], 22, 18)  # 22 … 19: two nights already counted
    elsewhere(person, network, 5, 5)  # left the day it began: one night
    days = homeless_days([person.pk], start=_since(60), end=timezone.localdate())
    assert days == {person.pk: 10 + 2 + 1}
    periods = homeless_periods([person.pk], start=_since(60), end=timezone.localdate())
    assert periods[person.pk] == [(_since(30), _since(19)), (_since(5), _since(5))]


def test_an_open_shelter_history_is_homeless_now_and_a_move_to_housing_ends_it(
    network, kinds, person
):
    elsewhere(person, network, 200, None)
    status = chronic_status(person.pk, on=timezone.localdate())
    assert status.currently_homeless and status.is_chronic
    assert status.days_past_year == 201
    ShelterHistory.objects.filter(client=person).update(
        ended_on=_since(10), destination="permanent_housing"
    )
    status = chronic_status(person.pk, on=timezone.localdate())
    assert status.days_past_year == 190
    assert not status.currently_homeless and not status.is_chronic
