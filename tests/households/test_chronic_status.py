"""Chronic homelessness per household is the head's: the days come from the
beds app (stays and street contacts); here they are given by the test."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parcours.households.selectors import household_chronic_status


def test_household_is_chronic_when_its_head_is(network, family):
    today = timezone.localdate()
    seen = []

    def days(client, start, end):
        seen.append(client)
        return 200 if (end - start).days <= 365 else 300

    status = household_chronic_status(
        family.household, today, homeless_days=days, currently_homeless=lambda c, d: True
    )
    assert status.is_chronic
    assert status.head_client_id == family.julie.pk
    assert set(seen) == {family.julie}


def test_household_is_chronic_with_546_days_over_three_years(network, family):
    today = timezone.localdate()
    status = household_chronic_status(
        family.household,
        today,
        homeless_days=lambda c, s, e: 100 if (e - s).days <= 365 else 546,
        currently_homeless=lambda c, d: True,
    )
    assert status.is_chronic


def test_household_housed_today_is_not_chronic(network, family):
    status = household_chronic_status(
        family.household,
        timezone.localdate(),
        homeless_days=lambda c, s, e: 400,
        currently_homeless=lambda c, d: False,
    )
    assert not status.is_chronic


def test_household_without_a_head_on_that_date_is_not_chronic(network, family):
    long_ago = timezone.localdate() - dt.timedelta(days=2000)
    status = household_chronic_status(
        family.household,
        long_ago,
        homeless_days=lambda c, s, e: 400,
        currently_homeless=lambda c, d: True,
    )
    assert status.head_client_id is None and not status.is_chronic
