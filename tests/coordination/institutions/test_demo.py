"""The institutions demo: on the demo network's ICM clients (the network,
the registry and casework are seeded first — not the other coordination
parts), two current hospital stays (one overdue), a jail stay, past stays
and a discharge without a destination; loading it twice adds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.coordination.models import (
    DischargeTask,
    InstitutionStay,
    Notification,
    NotificationKind,
)
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.coordination import institutions
from parcours.demo.network import seed_network


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        seed_casework(seed=2026)
        first = institutions.seed(2026)
        again = institutions.seed(2026)
        yield first, again
        transaction.set_rollback(True)


def test_current_and_past_stays(seeded, db):
    first, again = seeded
    assert first.startswith("Institution stays demo: 3 current stays")
    assert again == "Institution stays demo already loaded: nothing added."
    today = timezone.localdate()
    open_stays = InstitutionStay.objects.filter(discharged_on__isnull=True)
    hospital = open_stays.filter(kind__in=["hospital", "psychiatric"])
    assert hospital.count() == 2
    assert [s.expected_discharge_on for s in hospital if s.is_discharge_overdue(today)] == [
        today - dt.timedelta(days=3)
    ]
    jail = open_stays.get(kind="jail")
    assert jail.expected_discharge_on is not None and jail.institution is not None
    past = InstitutionStay.objects.filter(discharged_on__isnull=False)
    assert past.count() == 4
    assert past.filter(destination="unknown").count() == 1
    assert InstitutionStay.objects.values("client").distinct().count() == 7


def test_the_workers_are_told_and_have_tasks(seeded, db):
    assert Notification.objects.filter(kind=NotificationKind.INSTITUTION_ADMISSION).count() >= 7
    assert DischargeTask.objects.filter(assigned_to__isnull=False).exists()
    assert DischargeTask.objects.filter(kind="find_destination").count() == 1
