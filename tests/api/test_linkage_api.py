"""The review queue, merges and identities through the API: the same rules
as the screens, answers valid against the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.linkage import services
from parcours.linkage.models import ClientMerge, MatchCandidate, MatchStatus
from tests.api.conftest import api_client_for, assert_matches_openapi


@pytest.fixture
def marie_again(network, marie) -> Client:
    return client_register(
        acting_user=network.alice,
        given_name="Marie Eve",
        family_name="COTE",
        date_of_birth=dt.date(1984, 3, 9),
    )


@pytest.fixture
def pair(marie, marie_again) -> MatchCandidate:
    left, right = sorted([marie, marie_again], key=lambda c: str(c.pk))
    return MatchCandidate.objects.create(
        client_a=left,
        client_b=right,
        match_probability=0.98,
        evidence=[{"field": "date_of_birth", "level": 4, "reason": "exact", "weight": 9.0}],
    )


def test_a_coordinator_lists_the_review_queue(network, pair, openapi):
    response = api_client_for(network.alice_admin).get("/api/v1/linkage/review")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/linkage/review", "get", response)
    body = response.json()
    assert body["count"] == 1
    reason = body["items"][0]["reasons"][0]
    # The API answers in the language asked for (French by default here).
    assert reason == {"text": "même date de naissance", "supports_match": True}


def test_the_review_queue_refuses_who_is_not_a_coordinator(network, pair, openapi):
    response = api_client_for(network.alice).get("/api/v1/linkage/review")
    assert response.status_code == 403
    assert_matches_openapi(openapi, "/api/v1/linkage/review", "get", response)
    assert api_client_for(None).get("/api/v1/linkage/review").status_code == 401
    # Another partner's coordinator sees an empty queue and cannot decide.
    other = api_client_for(network.bob_admin)
    assert other.get("/api/v1/linkage/review").json()["count"] == 0
    response = other.post(f"/api/v1/linkage/review/{pair.pk}/decision", {"decision": "deferred"})
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.status == MatchStatus.PENDING


def test_a_decision_merges_and_the_merge_can_be_undone(network, pair, marie, openapi):
    api = api_client_for(network.alice_admin)
    path = "/api/v1/linkage/review/{item_id}/decision"
    response = api.post(f"/api/v1/linkage/review/{pair.pk}/decision", {"decision": "same_person"})
    assert response.status_code == 200, response.json()
    assert_matches_openapi(openapi, path, "post", response)
    assert response.json()["status"] == "same_person"
    merge_id = response.json()["merge_id"]
    identities = api.get(f"/api/v1/clients/{marie.pk}/identities")
    assert identities.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/identities", "get", identities)
    assert len(identities.json()) == 1
    bad = api.post(f"/api/v1/linkage/merges/{merge_id}/undo", {"reason": " "})
    assert bad.status_code == 422
    assert ClientMerge.objects.get().unmerged_at is None
    undone = api.post(f"/api/v1/linkage/merges/{merge_id}/undo", {"reason": "Twins"})
    assert undone.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/linkage/merges/{merge_id}/undo", "post", undone)
    assert api.get(f"/api/v1/clients/{marie.pk}/identities").json() == []


def test_a_bad_decision_is_a_422_and_changes_nothing(network, pair, openapi):
    api = api_client_for(network.alice_admin)
    response = api.post(f"/api/v1/linkage/review/{pair.pk}/decision", {"decision": "maybe"})
    assert response.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/linkage/review/{item_id}/decision", "post", response)
    pair.refresh_from_db()
    assert pair.status == MatchStatus.PENDING and not ClientMerge.objects.exists()


def test_identities_of_a_client_the_caller_may_not_see_is_a_404(network, marie, marie_again):
    services.client_merge(acting_user=network.alice_admin, client_a=marie, client_b=marie_again)
    response = api_client_for(network.bob).get(f"/api/v1/clients/{marie.pk}/identities")
    assert response.status_code == 404
