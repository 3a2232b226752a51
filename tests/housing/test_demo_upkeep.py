"""The upkeep demo: about thirty repairs (some open, a few linked to
tenancies), about six damages, about twenty budgeting sessions mostly
serving a goal of the client's own plan; seeding again adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.housing import seed_housing
from parcours.demo.network import seed_network
from parcours.housing.models import BudgetingSession, DamageRecord, RepairRequest


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        seed_casework(seed=2026)
        first = seed_housing(2026)
        yield first, seed_housing(2026)
        transaction.set_rollback(True)


def test_repairs_damages_and_budgeting_sessions(seeded, db):
    first, again = seeded
    assert "Upkeep:" in first
    assert 25 <= RepairRequest.objects.count() <= 30
    assert RepairRequest.objects.filter(status__in=["open", "scheduled"]).exists()
    assert RepairRequest.objects.filter(tenancy__isnull=False).exists()
    assert 3 <= DamageRecord.objects.count() <= 6
    sessions = BudgetingSession.objects.select_related("goal__plan")
    assert 12 <= sessions.count() <= 22
    linked = [s for s in sessions if s.goal_id]
    assert linked and all(s.goal.plan.client_id == s.client_id for s in linked)
    assert "0 repair requests, 0 damages and 0 budgeting help sessions added" in again
