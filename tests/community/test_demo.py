"""The community demo: about fifteen trackers of several organizations'
clients, at every stage, most serving a goal of the client's own plan, with
French and English notes; about twenty stigma incidents, enough for the
network's report to show numbers; six life-skills group sessions of three
partners, the past ones with their attendance; seeding again adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.accounts.models import User
from parcours.casework.models import Encounter
from parcours.community.models import (
    BenefitApplication,
    GroupAttendance,
    GroupSession,
    IdDocumentRequest,
    StigmaIncident,
)
from parcours.community.selectors.stigma import stigma_report
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.community import seed_community
from parcours.demo.groups import seed_groups
from parcours.demo.network import seed_network
from parcours.demo.stigma import seed_stigma


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str, str, str]]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        seed_casework(seed=2026)
        first = seed_community(2026)
        again = seed_community(2026)
        yield first, again, seed_stigma(2026), seed_stigma(2026)
        transaction.set_rollback(True)


def test_the_demo_trackers(seeded, db):
    first, again, _stigma, _stigma_again = seeded
    assert first.startswith("Community:")
    applications = list(BenefitApplication.objects.select_related("goal__plan"))
    documents = list(IdDocumentRequest.objects.select_related("goal__plan"))
    assert 12 <= len(applications) + len(documents) <= 15
    assert {a.status for a in applications} >= {"to_start", "submitted", "approved", "refused"}
    assert {d.status for d in documents} >= {"needed", "requested", "received"}
    assert len({a.organization_id for a in applications + documents}) >= 2
    linked = [t for t in [*applications, *documents] if t.goal_id]
    assert linked and all(t.goal.plan.client_id == t.client_id for t in linked)
    notes = " ".join(t.notes for t in [*applications, *documents])
    assert "demande" in notes.lower() and "client" in notes.lower()
    assert any(t.next_step_due for t in applications)
    assert "0 income support applications and 0 ID document requests added" in again


def test_the_demo_stigma_incidents_and_their_report(seeded, db):
    _first, _again, stigma, stigma_again = seeded
    incidents = list(StigmaIncident.objects.prefetch_related("grounds"))
    assert len(incidents) >= 18 and stigma.startswith(f"Stigma and advocacy: {len(incidents)} ")
    assert "none added" in stigma_again
    assert {i.outcome for i in incidents} >= {"none_yet", "in_progress", "resolved"}
    assert len({i.organization_id for i in incidents}) >= 2
    # The hospital's three spellings are one provider, shown with five people or more.
    coordinator = User.objects.filter(is_org_admin=True, organization__is_partner=True).first()
    assert coordinator is not None
    report = stigma_report(coordinator)
    shown = [r for r in report.by_provider.rows if not r.total.hidden]
    assert shown and shown[0].label.startswith("Urgence de l'Hôpital Saint-Jean")
    assert report.by_provider.rows[-1].label.startswith("Other providers")


@pytest.fixture(scope="module")
def groups_seeded(seeded: Any, django_db_blocker: Any) -> tuple[str, str]:
    with django_db_blocker.unblock():
        return seed_groups(2026), seed_groups(2026)


def test_the_demo_group_sessions(groups_seeded, db):
    first, again = groups_seeded
    sessions = list(GroupSession.objects.all())
    assert len(sessions) == 6 and first.startswith("Life-skills groups: 6 sessions")
    assert "none added" in again
    assert len({s.organization_id for s in sessions}) == 3
    assert {"Atelier budget", "Cooking on a budget", "Mes droits de locataire"} <= {
        s.title for s in sessions
    }
    now = timezone.now()
    past = GroupAttendance.objects.filter(session__starts_at__lt=now)
    assert set(past.values_list("status", flat=True)) == {"attended", "absent"}
    for attendance in past.filter(status="attended").select_related("encounter", "session"):
        assert attendance.encounter is not None
        assert attendance.encounter.summary == attendance.session.title
        assert attendance.encounter.client_id == attendance.client_id
    assert not past.filter(status="absent", encounter__isnull=False).exists()
    upcoming = GroupAttendance.objects.filter(session__starts_at__gt=now)
    assert upcoming.exists() and set(upcoming.values_list("status", flat=True)) == {"registered"}
    assert GroupAttendance.objects.filter(goal__isnull=False).exists()
    assert Encounter.objects.filter(summary="Atelier budget").exists()
