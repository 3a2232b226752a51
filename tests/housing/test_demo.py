"""The housing demo: about forty Ottawa landlords kept by the three housing
partners, about 120 units with vacancies, a relationship log with mediation
sessions; fictional contacts; seeding again adds nothing.

Seeding the network is slow: the module seeds once (inside a transaction
rolled back at the end) and each test asserts several things."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.demo.housing import KEEPERS, seed_housing
from parcours.demo.network import seed_network
from parcours.housing.models import HousingUnit, Landlord, LandlordContactLog, UnitStatus


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        yield seed_housing(2026)
        transaction.set_rollback(True)


def test_forty_landlords_and_about_120_units_with_vacancies(seeded, db):
    assert seeded.startswith("Housing: 40 landlords")
    assert Landlord.objects.count() == 40
    assert 100 <= HousingUnit.objects.count() <= 140
    assert HousingUnit.objects.filter(status=UnitStatus.AVAILABLE).count() >= 40
    assert set(HousingUnit.objects.values_list("unit_type", flat=True)) == {
        "apartment",
        "room",
        "supportive",
        "transitional",
        "social",
    }
    assert HousingUnit.objects.filter(pets_allowed=True).exists()
    assert HousingUnit.objects.filter(wheelchair_accessible=True).exists()


def test_kept_by_the_three_housing_partners(seeded, db):
    keepers = set(Landlord.objects.values_list("organization__name", flat=True))
    assert keepers == set(KEEPERS)
    for unit in HousingUnit.objects.select_related("landlord"):
        assert unit.organization_id == unit.landlord.organization_id


def test_bilingual_fictional_contacts(seeded, db):
    languages = {
        code for codes in Landlord.objects.values_list("languages", flat=True) for code in codes
    }
    assert {"fr", "en"} <= languages
    assert Landlord.objects.filter(kind="company").count() >= 10
    for landlord in Landlord.objects.all():
        assert landlord.phone.startswith("613-555-01"), landlord.phone
        assert landlord.email.endswith(".example"), landlord.email


def test_a_relationship_log_with_mediation_sessions(seeded, db):
    assert LandlordContactLog.objects.filter(kind="mediation").count() >= 10
    assert LandlordContactLog.objects.values("kind").distinct().count() >= 4


def test_seeding_again_adds_nothing(seeded, db):
    before = (
        Landlord.objects.count(),
        HousingUnit.objects.count(),
        LandlordContactLog.objects.count(),
    )
    assert "0 landlords, 0 units, 0 log entries" in seed_housing(2026)
    after = (
        Landlord.objects.count(),
        HousingUnit.objects.count(),
        LandlordContactLog.objects.count(),
    )
    assert after == before
