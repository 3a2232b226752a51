"""The fidelity demo: the ACT team, the ICM and CTI programs of the demo
show every item with figures and ratings (seeded once for the module, inside
a transaction rolled back at the end); seeding again adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.accounts.models import User
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.coordination import board
from parcours.demo.network import NETWORK_ADMIN_EMAIL, seed_network
from parcours.demo.reports_fidelity import seed_fidelity
from parcours.reports.fidelity import fidelity_report


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
        board.seed(2026)
        yield seed_fidelity(2026), seed_fidelity(2026)
        transaction.set_rollback(True)


def test_the_act_team_has_a_month_of_daily_meetings_and_every_item_rated(seeded, db):
    first, again = seeded
    assert first.startswith("Fidelity demo:") and "past team meetings" in first
    assert again == "Fidelity demo: already loaded, nothing added."
    coordinator = User.objects.get(email=NETWORK_ADMIN_EMAIL)
    report = fidelity_report(coordinator)
    act = next(u for u in report.units if u.program.kind == "act" and u.team is None)
    values = {i.code: i for i in act.items}
    assert values["program_meeting"].rating is not None and values["program_meeting"].rating >= 4
    assert values["team_approach"].value and values["team_approach"].value > 0
    assert values["caseload"].rating is not None and values["intensity"].rating is not None
    icm = next(u for u in report.units if u.program.kind == "icm" and u.team is None)
    assert icm.item("time_in_program") is not None
    assert {u.program.kind for u in report.units} >= {"icm", "act", "cti"}
