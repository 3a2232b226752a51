"""The outcomes demo: with the network, clients, casework and coordination
demos, every figure of the institutions, goals and referrals groups has
persons behind it over the last 12 full months (seeded once for the module,
inside a transaction rolled back at the end); seeding again adds nothing.
The housing and community figures come from the housing and reports demos
(checked by hand: ``parcours seed_demo``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.accounts.models import User
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.coordination import seed_coordination
from parcours.demo.network import NETWORK_ADMIN_EMAIL, seed_network
from parcours.demo.reports_outcomes import seed_outcomes
from parcours.reports.outcomes import outcomes_report


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
        seed_casework(seed=2026)
        seed_coordination(seed=2026)
        yield seed_outcomes(2026), seed_outcomes(2026)
        transaction.set_rollback(True)


def test_every_institution_goal_and_referral_figure_has_persons(seeded, db):
    first, again = seeded
    assert first.startswith("Outcomes demo:")
    assert again == "Outcomes demo: already loaded, nothing added."
    report = outcomes_report(User.objects.get(email=NETWORK_ADMIN_EMAIL))
    empty = [
        f.key for f in report.figures if f.group in ("institutions", "goals") and f.persons == 0
    ]
    assert empty == []
