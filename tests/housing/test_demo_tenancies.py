"""The tenancy demo: about fifteen tenancies of demo clients whose housing
the recording partner may see, some ended (one by an eviction, with its
alert), move-in checklists at every stage; seeding again adds nothing.

Seeds the network, the clients and housing only, once for the module
(inside a transaction rolled back at the end)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.access.clients import client_access_for
from parcours.access.housing import can_write_tenancies
from parcours.clients.models import RevolvingDoorAlert
from parcours.demo.clients import seed_clients
from parcours.demo.housing import seed_housing
from parcours.demo.network import seed_network
from parcours.housing.models import Tenancy, TenancyEndReason, UnitStatus


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        first = seed_housing(2026)
        yield first, seed_housing(2026)
        transaction.set_rollback(True)


def test_about_fifteen_tenancies_some_ended_one_by_eviction(seeded, db):
    first, _again = seeded
    assert "Tenancies: 15 started" in first
    assert Tenancy.objects.count() == 15
    ended = Tenancy.objects.filter(end_date__isnull=False)
    assert 2 <= ended.count() <= 6
    eviction = ended.get(end_reason=TenancyEndReason.EVICTION)
    assert RevolvingDoorAlert.objects.filter(client=eviction.client).exists()
    active = Tenancy.objects.filter(end_date__isnull=True).select_related("move_in", "unit")
    assert all(t.unit.status == UnitStatus.OCCUPIED for t in active)
    done = {t.move_in.done_count for t in active}
    assert len(done) >= 3  # checklists at several stages
    assert any(t.move_in.closed_at for t in active)


def test_recorded_by_partners_that_may_record_them(seeded, db):
    for tenancy in Tenancy.objects.select_related("client", "recorded_by"):
        assert can_write_tenancies(client_access_for(tenancy.recorded_by, tenancy.client))


def test_seeding_again_adds_nothing(seeded, db):
    _first, again = seeded
    assert "none added" in again
    assert Tenancy.objects.count() == 15
