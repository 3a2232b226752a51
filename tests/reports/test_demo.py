"""The reports demo: two years of the network's history, so that the monthly
flow has people coming in and going out every month, balanced for every
sub-population, with chronically homeless persons and months published by a
coordinator; seeding again adds nothing.

Seeds the network, the clients, households, beds and housing, then the
reports' history, once for the module (inside a transaction rolled back at
the end). Everything is relative to today (CI runs it a year ahead)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.accounts.models import User
from parcours.core.audit import audit_verify_chain
from parcours.demo.beds import seed_beds
from parcours.demo.clients import seed_clients
from parcours.demo.households import seed_households
from parcours.demo.housing import seed_housing
from parcours.demo.network import seed_network
from parcours.demo.reports import HISTORY_NOTE, seed_reports
from parcours.reports.flow import add_months, month_start
from parcours.reports.models import Population, PublishedMonth
from parcours.reports.selectors import ListFilters, by_name_list, monthly_flow_report
from parcours.reports.status import Network


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    """Not the reports' frozen day: the demo is seeded and read today."""
    yield


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        seed_households(seed=2026)
        seed_beds(seed=2026)
        seed_housing(2026)
        first = seed_reports(2026)
        yield first, seed_reports(2026)
        transaction.set_rollback(True)


@pytest.fixture
def coordinator(seeded, db) -> User:
    return User.objects.get(
        pk=PublishedMonth.objects.values("published_by").first()["published_by"]
    )


def test_the_history_is_written_and_seeding_again_adds_nothing(seeded, db):
    first, again = seeded
    assert first.startswith("Reports: two years of history for")
    assert again == "Reports: history and published months already there, none added."
    assert audit_verify_chain().ok


def test_people_come_in_and_go_out_in_the_months_of_the_last_year(seeded, coordinator):
    report = monthly_flow_report(coordinator)
    lines = report.lines[Population.ALL]
    closed = lines[:-1]  # the last 12 closed months (the current one is partial)
    assert len(closed) == 12
    assert sum(1 for line in closed if line.figures["inflow"] > 0) >= 8
    assert sum(1 for line in closed if line.figures["outflow"] > 0) >= 8
    assert sum(line.figures["newly_identified"] for line in closed) > 0
    assert sum(line.figures["moved_to_housing"] for line in closed) > 0
    assert sum(line.figures["moved_to_inactive"] for line in closed) > 0
    assert sum(line.figures["returned_from_inactive"] for line in closed) > 0


def test_the_balanced_identity_holds_for_every_sub_population(seeded, coordinator):
    today = timezone.localdate()
    report = monthly_flow_report(
        coordinator, first=add_months(month_start(today), -23), last=month_start(today)
    )
    for population in Population.values:
        lines = report.lines[population]
        assert len(lines) == 24
        for line in lines:
            assert line.balanced, (population, line.month, line.figures)
            assert line.correction == 0, (population, line.month)


def test_a_chronic_sub_population_exists(seeded, coordinator):
    statuses = Network().statuses_on(timezone.localdate())
    chronic = [s for s in statuses.values() if s.chronic and s.actively_homeless]
    assert len(chronic) >= 5
    result = by_name_list(coordinator, ListFilters(population=Population.CHRONIC, status="active"))
    assert len(result.rows) == len(chronic)


def test_every_closed_month_but_the_last_two_is_published(seeded, coordinator):
    current = month_start(timezone.localdate())
    published = set(PublishedMonth.objects.values_list("month", flat=True))
    assert published == {add_months(current, -back) for back in range(3, 25)}
    assert PublishedMonth.objects.count() == 22 * len(Population.values)
    report = monthly_flow_report(coordinator)
    lines = report.lines[Population.ALL]
    assert lines[-4].published is not None
    assert lines[-3].published is None and lines[-2].published is None


def test_the_history_reaches_back_two_years_and_stays_never_overlap(seeded, db):
    from parcours.beds.models import Stay
    from parcours.clients.models import Visit

    today = timezone.localdate()
    oldest = Visit.objects.filter(notes=HISTORY_NOTE).order_by("occurred_at").first()
    assert oldest is not None
    assert (today - timezone.localdate(oldest.occurred_at)).days > 365
    history = Stay.objects.filter(notes=HISTORY_NOTE)
    assert history.exists() and not history.filter(ended_at__isnull=True).exists()
    stays = list(Stay.objects.exclude(bed=None).values_list("bed_id", "started_at", "ended_at"))
    by_bed: dict[Any, list[tuple[Any, Any]]] = {}
    for bed, start, end in stays:
        by_bed.setdefault(bed, []).append((start, end))
    for intervals in by_bed.values():
        intervals.sort(key=lambda i: i[0])
        for (_s1, e1), (s2, _e2) in itertools.pairwise(intervals):
            assert e1 is not None and e1 <= s2


def test_the_demo_community_tweaked_the_default_prioritization(seeded, coordinator):
    from parcours.reports.models import PriorityRule

    active = dict(PriorityRule.objects.filter(is_active=True).values_list("criterion", "weight"))
    assert active == {"chronic": 1100, "homeless_days": 1, "acuity_level": 200, "indigenous": 150}
    result = by_name_list(coordinator, ListFilters(sort="priority", status="active"))
    ranked = [r for r in result.rows if r.priority_shown and r.rank is not None]
    assert ranked and [r.rank for r in ranked] == sorted(r.rank for r in ranked)
    assert any("Chronically homeless" in reason for r in ranked for reason in r.priority.reasons)
