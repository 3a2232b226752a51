"""The housing finance demo: Tremplin Logement's budgets (one about 96 %
committed), about 25 lines of assistance of every kind with a few payments
and two subsidies ending within 60 days, about 30 housing applications at
every status; seeding again adds nothing.

Seeds the network, the clients and housing once for the module (inside a
transaction rolled back at the end)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.demo.clients import seed_clients
from parcours.demo.housing import seed_housing
from parcours.demo.network import seed_network
from parcours.housing.finance import budget_committed
from parcours.housing.models import (
    ApplicationStatus,
    AssistanceKind,
    AssistancePayment,
    FinancialAssistance,
    HousingApplication,
    HousingBudget,
)


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


def test_budgets_lines_of_every_kind_and_one_budget_near_its_limit(seeded, db):
    first, _again = seeded
    assert "Housing finance: 3 budgets" in first
    budgets = list(HousingBudget.objects.all())
    assert len(budgets) == 3
    assert {b.program.organization.name for b in budgets} == {
        "Tremplin Logement / Tremplin Housing"
    }
    shares = [budget_committed(b) / b.total_amount for b in budgets]
    assert any(Decimal("0.94") <= share <= Decimal("0.99") for share in shares)
    lines = FinancialAssistance.objects.all()
    assert 20 <= lines.count() <= 30
    assert set(lines.values_list("kind", flat=True)) == set(AssistanceKind.values)
    assert set(lines.values_list("status", flat=True)) >= {"requested", "approved", "refused"}
    assert AssistancePayment.objects.count() >= 3
    today = timezone.localdate()
    ending = lines.filter(
        status="approved",
        kind__in=["rent_supplement", "short_term_rent"],
        period_end__gte=today,
        period_end__lte=today + timezone.timedelta(days=60),
    )
    assert ending.count() >= 2


def test_applications_at_every_status_and_seeding_again_adds_nothing(seeded, db):
    _first, again = seeded
    applications = HousingApplication.objects.all()
    assert 25 <= applications.count() <= 30
    assert set(applications.values_list("status", flat=True)) == set(ApplicationStatus.values)
    assert applications.filter(waitlist_position__isnull=False).exists()
    assert "none added" in again
    assert FinancialAssistance.objects.count() <= 30
