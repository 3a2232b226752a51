"""A hub worker who holds a bed at 2 p.m. expects it kept until the shelter
takes its people in for the night, not until 6 p.m."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from parcours.access import client_access_for
from parcours.beds import services
from tests.conftest import client_for

TORONTO = ZoneInfo("America/Toronto")


def _evening_intake(site, hour: int = 21) -> None:
    site.evening_intake_time = dt.time(hour, 0)
    site.save(update_fields=["evening_intake_time"])


def _local(hold) -> dt.datetime:
    return timezone.localtime(hold.expires_at)


def test_a_hold_placed_in_the_afternoon_lasts_until_the_evening_intake(network, beds, marie):
    _evening_intake(beds.shelter)
    with time_machine.travel(dt.datetime(2026, 3, 10, 14, 0, tzinfo=TORONTO), tick=False):
        hold = services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            bed=beds.accessible_bed,
        )
    assert _local(hold) == dt.datetime(2026, 3, 10, 21, 0, tzinfo=TORONTO)


def test_close_to_the_intake_time_the_hold_lasts_the_usual_four_hours(network, beds, marie):
    _evening_intake(beds.shelter)
    with time_machine.travel(dt.datetime(2026, 3, 10, 20, 30, tzinfo=TORONTO), tick=False):
        hold = services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            bed=beds.accessible_bed,
        )
    assert _local(hold) == dt.datetime(2026, 3, 11, 0, 30, tzinfo=TORONTO)


def test_a_site_without_an_intake_time_holds_four_hours(network, beds, marie):
    with time_machine.travel(dt.datetime(2026, 3, 10, 14, 0, tzinfo=TORONTO), tick=False):
        hold = services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            bed=beds.accessible_bed,
        )
    assert _local(hold) == dt.datetime(2026, 3, 10, 18, 0, tzinfo=TORONTO)


def test_the_hold_form_left_empty_holds_until_the_intake_and_says_so(network, beds, marie):
    _evening_intake(beds.shelter)
    web = client_for(network.alice)
    url = f"/en/beds/beds/{beds.accessible_bed.pk}/hold/"
    with time_machine.travel(dt.datetime(2026, 3, 10, 14, 0, tzinfo=TORONTO), tick=False):
        page = web.get(url).content.decode()
        assert "evening intake time" in page
        response = web.post(url, {"client_id": str(marie.pk), "hours": "", "reason": ""})
    assert response.status_code == 302
    hold = beds.accessible_bed.holds.get()
    assert _local(hold) == dt.datetime(2026, 3, 10, 21, 0, tzinfo=TORONTO)
