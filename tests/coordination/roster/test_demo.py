"""The roster demo: three weeks of ICM and ACT shifts from the start of this
week, with one visible gap (an ICM Saturday evening) in the next 14 days.

Seeding the network is slow: the module seeds once (inside a transaction
rolled back at the end) and each test asserts several things."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.coordination.models import Shift
from parcours.coordination.selectors import roster as selectors
from parcours.demo.coordination import roster as demo
from parcours.demo.network import seed_network


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        summary = demo.seed(2026)
        yield summary
        transaction.set_rollback(True)


def test_the_demo_roster_has_one_gap_an_icm_saturday_evening(seeded, db):
    assert seeded.startswith("Roster demo added:")
    today = timezone.localdate()
    icm, act = demo._program(demo.PASSERELLE, "icm"), demo._program(demo.HORIZON, "act")
    assert icm is not None and act is not None
    counts = selectors.gap_counts([icm, act], today)
    assert counts == {icm.pk: 1, act.pk: 0}
    [gap] = selectors.program_roster(icm, today).gaps
    assert gap.day == demo.gap_day(today) and gap.day.isoweekday() == 6
    assert (gap.starts_at.hour, gap.ends_at.hour) == (16, 20)


def test_three_weeks_from_the_start_of_this_week_for_the_programs_staff(seeded, db):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.isoweekday() - 1)
    first = timezone.localtime(Shift.objects.order_by("starts_at").first().starts_at).date()
    last = timezone.localtime(Shift.objects.order_by("-starts_at").first().starts_at).date()
    assert first == monday - dt.timedelta(days=1)  # ACT's on call the night before
    assert last == monday + dt.timedelta(days=20)
    assert Shift.objects.filter(on_call=True).exists() and Shift.objects.exclude(phone="").exists()
    assert Shift.objects.values("worker").distinct().count() >= 8


def test_seeding_again_adds_nothing(seeded, db):
    count = Shift.objects.count()
    assert demo.seed(2026) == ""
    assert Shift.objects.count() == count
