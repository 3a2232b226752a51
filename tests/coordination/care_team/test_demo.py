"""The care-team demo: teams with members at several partners, outside
professionals, a history, seeded and idempotent.

Seeding is slow: the module seeds once (inside a transaction rolled back at
the end of the module)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from parcours.coordination.models import CareRole, CareTeamMember
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.coordination import care_team
from parcours.demo.network import seed_network


@dataclass
class Seeded:
    first: str
    second: str
    count_after_first: int


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seeded]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        seed_casework(seed=2026)
        first = care_team.seed(2026)
        count = CareTeamMember.objects.count()
        second = care_team.seed(2026)
        yield Seeded(first, second, count)
        transaction.set_rollback(True)


def test_demo_care_teams_span_several_partners_and_outside_professionals(seeded: Seeded, db):
    assert seeded.first.startswith("Care-team demo:")
    roles = set(CareTeamMember.objects.values_list("role", flat=True))
    assert {CareRole.CASE_MANAGER, CareRole.FAMILY_DOCTOR, CareRole.HOUSING_WORKER} <= roles
    assert CareRole.PSYCHIATRIST in roles
    several = (
        CareTeamMember.objects.filter(until__isnull=True)
        .values("client")
        .annotate(partners=Count("organization", distinct=True))
        .filter(partners__gte=2)
    )
    assert several.exists()
    assert CareTeamMember.objects.filter(worker__isnull=True).exclude(outside_name="").exists()
    assert CareTeamMember.objects.filter(until__isnull=False).exists()


def test_demo_is_idempotent(seeded: Seeded, db):
    assert seeded.second == "Care-team demo already loaded: nothing added."
    assert CareTeamMember.objects.count() == seeded.count_after_first
