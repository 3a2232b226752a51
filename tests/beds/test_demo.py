"""The beds demo: five sites of the demo network and a month of occupancy.

Seeding is slow, so the module seeds once (inside a transaction rolled back
at the end of the module) and each test asserts several things."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from parcours.accounts.models import User
from parcours.beds import selectors
from parcours.beds.homelessness import homeless_days
from parcours.beds.models import (
    Hold,
    HoldStatus,
    RoomBooking,
    Site,
    SiteKind,
    Stay,
    StreetContact,
    Turnaway,
)
from parcours.demo.beds import MARKER_SITE, seed_beds


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_five_sites_of_every_kind_with_rooms_and_beds(seeded, db):
    assert "Beds demo added: 5 sites" in seeded
    kinds = set(Site.objects.values_list("kind", flat=True))
    assert kinds == {
        SiteKind.EMERGENCY_SHELTER,
        SiteKind.FAMILY_SHELTER,
        SiteKind.TRANSITIONAL,
        SiteKind.TREATMENT,
        SiteKind.RESPITE,
    }
    refuge = Site.objects.get(name=MARKER_SITE)
    assert refuge.night_by_night
    assert refuge.program.organization.name == "Refuge Saint-Laurent"
    family = Site.objects.get(kind=SiteKind.FAMILY_SHELTER)
    assert family.program.organization.name.startswith("Maison Marguerite")
    assert family.rooms.filter(is_family_room=True).count() == 6
    assert {r.gender for r in refuge.rooms.all()} >= {"men", "women_gender_diverse"}


def test_a_realistic_month_of_occupancy(seeded, db):
    today = timezone.localdate()
    start = today - dt.timedelta(days=29)
    refuge = Site.objects.get(name=MARKER_SITE)
    admin = User.objects.filter(is_superuser=True).first()
    report = selectors.occupancy(admin, site=refuge, start=start, end=today)
    rates = [n.rate for n in report.nights]
    assert sum(rates) / len(rates) > 60
    assert report.stays_ended > 20 and report.average_length is not None
    assert sum(n.turned_away for n in report.nights) > 20
    # Every kind of site has people in it, stays ended with reasons and destinations.
    by_kind = dict(Stay.objects.values_list("site__kind").annotate(n=Count("id")))
    assert all(by_kind.get(kind, 0) > 0 for kind in SiteKind.values if kind != SiteKind.OTHER)
    ended = Stay.objects.filter(ended_at__isnull=False)
    assert not ended.filter(exit_reason="").exists()
    assert ended.filter(destination="permanent_housing").exists()
    assert ended.filter(exit_reason="did_not_return", site=refuge).exists()
    assert set(Turnaway.objects.values_list("reason", flat=True)) == {
        "no_bed",
        "restriction",
        "other",
    }


def test_referrals_holds_and_family_rooms(seeded, db):
    assert Hold.objects.filter(status=HoldStatus.USED).count() > 10
    assert Hold.objects.filter(status=HoldStatus.ACTIVE).exists()
    assert RoomBooking.objects.exists()
    for booking in RoomBooking.objects.all():
        assert booking.stays.count() >= 1
        assert all(s.bed_id is None for s in booking.stays.all())


def test_stays_and_street_contacts_give_homeless_days(seeded, db):
    today = timezone.localdate()
    people = list(StreetContact.objects.values_list("client_id", flat=True).distinct()[:20])
    people += list(
        Stay.objects.filter(site__kind=SiteKind.EMERGENCY_SHELTER).values_list(
            "client_id", flat=True
        )[:20]
    )
    days = homeless_days(people, start=today - dt.timedelta(days=365), end=today)
    assert all(days[p] >= 1 for p in people)


def test_seeding_again_adds_nothing(seeded, db):
    counts = (
        Site.objects.count(),
        Stay.objects.count(),
        Hold.objects.count(),
        Turnaway.objects.count(),
    )
    assert not seed_beds(seed=2026).created
    assert (
        Site.objects.count(),
        Stay.objects.count(),
        Hold.objects.count(),
        Turnaway.objects.count(),
    ) == counts
