"""The matching demo: about forty homeless demo clients with preferences,
ten open offers (two stalled), declines with reasons, accepted offers
holding their unit; seeding again adds nothing.

Seeds the network, the clients and housing once for the module (inside a
transaction rolled back at the end)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.demo.clients import seed_clients
from parcours.demo.housing import seed_housing
from parcours.demo.network import seed_network
from parcours.housing.matching_selectors import stalled_before
from parcours.housing.models import (
    HousingOffer,
    HousingPreference,
    OfferStatus,
    Tenancy,
    UnitStatus,
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


def test_preferences_of_about_forty_homeless_clients(seeded, db):
    assert HousingPreference.objects.count() == 40
    housed = Tenancy.objects.filter(end_date__isnull=True).values("client_id")
    assert HousingPreference.objects.filter(client_id__in=housed).count() == 0


def test_open_stalled_declined_and_accepted_offers(seeded, db):
    first, _again = seeded
    assert "Matching:" in first
    open_offers = HousingOffer.objects.filter(status=OfferStatus.OFFERED)
    assert open_offers.count() == 10
    limit = stalled_before(timezone.localdate())
    assert open_offers.filter(offered_on__lt=limit).count() == 2
    declined = HousingOffer.objects.filter(status=OfferStatus.DECLINED)
    assert declined.count() == 4
    assert all(o.reason and o.decline_side for o in declined)
    assert declined.filter(paused_until__isnull=False).count() == 1
    assert HousingOffer.objects.filter(status=OfferStatus.ACCEPTED).count() == 2
    for offer in HousingOffer.objects.filter(status__in=["offered", "accepted"]).select_related(
        "unit"
    ):
        assert offer.unit.status == UnitStatus.HELD


def test_seeding_again_adds_nothing(seeded, db):
    _first, again = seeded
    assert "0 preferences recorded; offers already there" in again
    assert HousingOffer.objects.count() == 16
