"""The opportunities demo: eight bilingual opportunities of four partners, a
dozen clients saying what they look for, a few referred through the
referral loop with outcomes at every stage; the same every run; seeding
again adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.community.models import Opportunity, OpportunityInterest, Placement
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.coordination import directory
from parcours.demo.network import seed_network
from parcours.demo.opportunities import seed_opportunities


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        seed_casework(seed=2026)
        directory.seed(2026)
        yield seed_opportunities(2026), seed_opportunities(2026)
        transaction.set_rollback(True)


def test_the_demo_opportunities_interests_and_outcomes(seeded, db):
    first, again = seeded
    opportunities = list(Opportunity.objects.all())
    assert len(opportunities) == 8 and first.startswith(
        "Opportunities: 8 opportunities, 12 clients"
    )
    assert "already there, none added" in again
    assert len({o.organization_id for o in opportunities}) == 4
    assert {o.kind for o in opportunities} == {"job", "volunteer", "training", "learning"}
    assert {
        "Commis d'entrepôt / Warehouse clerk",
        "Bénévolat à la banque alimentaire / Food bank volunteer",
        "Tutorat en français / French tutoring",
        "Formation en salubrité alimentaire (MAPAQ) / Food safety training (MAPAQ)",
    } <= {o.title for o in opportunities}
    assert OpportunityInterest.objects.filter(ended_at__isnull=True).count() == 12
    placements = list(Placement.objects.select_related("referral"))
    assert 3 <= len(placements) <= 5
    assert all(p.referral is not None and p.referral.client_id == p.client_id for p in placements)
    assert {p.status for p in placements} >= {"started", "completed", "ended_early"}
    followed = [p for p in placements if p.retained_at_3_months is not None]
    assert followed and {p.retained_at_3_months for p in followed} == {True, False}
    assert all((p.followed_up_on - p.started_on).days >= 90 for p in followed)


def test_the_demo_is_the_same_every_run(seeded, db):
    first, _again = seeded
    # Seeded randomness, partners and clients in a fixed order: the same summary every run.
    assert first == "Opportunities: 8 opportunities, 12 clients looking, 5 referred."
    by_partner = sorted(
        (o.organization.name, o.title_en)
        for o in Opportunity.objects.select_related("organization")
    )
    assert by_partner == sorted(by_partner) and len({name for name, _t in by_partner}) == 4
