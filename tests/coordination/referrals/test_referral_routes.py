"""Referrals on the screens and the API, for each persona: who may open
what, what a bad request gets, and lists that cost the same whatever
their length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.coordination.models import Referral, ReferralStatus
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import client_for, share
from tests.coordination.referrals.conftest import refer, share_with_refuge
from tests.factories import UserFactory


@pytest.fixture
def sent(network, marie, directory) -> Referral:
    share_with_refuge(network, marie)
    return refer(network, marie, directory.housing_service)


def _routes(referral: Referral) -> list[str]:
    return [
        f"/en/referrals/{referral.pk}/",
        f"/en/clients/{referral.client_id}/referrals/",
        f"/en/clients/{referral.client_id}/referrals/new/",
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("alice", [200, 200, 200]),  # the sender
        ("bob", [200, 200, 200]),  # the receiver (identity and case plan shared)
        ("bob_admin", [200, 200, 200]),  # the receiver's administrator
        ("stranger", [404, 404, 404]),  # a partner the client shares nothing with
        ("hospital", [404, 404, 404]),  # staff of an outside institution
    ],
)
def test_route_by_persona(network, sent, persona, expected):
    if persona == "stranger":
        user = UserFactory(email="x@autre.example")
    elif persona == "hospital":
        user = UserFactory(email="y@hopital.example", organization=network.hospital)
    else:
        user = getattr(network, persona)
    browser = client_for(user)
    assert [browser.get(path).status_code for path in _routes(sent)] == expected


def test_signed_out_is_sent_to_sign_in(network, sent):
    for path in [*_routes(sent), "/en/referrals/", "/en/notifications/"]:
        response = client_for(None).get(path)
        assert response.status_code == 302 and "/login/" in response["Location"], path


def test_a_partner_sharing_identity_only_may_not_refer_nor_read_referrals(
    network, marie, directory
):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    bob = client_for(network.bob)
    assert bob.get(f"/en/clients/{marie.pk}/referrals/new/").status_code == 403
    referral = refer(network, marie, directory.ontario_works, reason="Demande d'aide sociale.")
    assert bob.get(f"/en/referrals/{referral.pk}/").status_code == 404
    assert "referrals-heading" not in bob.get(f"/en/clients/{marie.pk}/").content.decode()


def test_the_referral_form_sends_and_shows_errors(network, marie, directory):
    alice = client_for(network.alice)
    url = f"/en/clients/{marie.pk}/referrals/new/"
    bad = alice.post(url, {"service": str(directory.ontario_works.pk), "kind": "service"})
    assert bad.status_code == 200
    assert "This field is required" in bad.content.decode()
    assert not Referral.objects.exists()
    beyond = alice.post(
        url,
        {
            "service": str(directory.housing_service.pk),
            "kind": "service",
            "reason": "Logement.",
            "send": "on",
        },
    )
    assert "has not agreed to share" in beyond.content.decode()
    assert not Referral.objects.exists()
    ok = alice.post(
        url,
        {
            "service": str(directory.ontario_works.pk),
            "kind": "service",
            "reason": "Demande d'aide sociale.",
            "send": "on",
        },
    )
    referral = Referral.objects.get()
    assert ok.status_code == 302 and str(referral.pk) in ok["Location"]
    assert referral.status == ReferralStatus.SENT


def test_the_receiver_answers_on_the_screen(network, sent):
    bob = client_for(network.bob)
    refused = bob.post(
        f"/en/referrals/{sent.pk}/status/", {"status": "declined", "version": sent.version}
    )
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    bad = bob.post(
        f"/en/referrals/{sent.pk}/status/", {"status": "completed", "version": sent.version}
    )
    assert bad.status_code == 400
    ok = bob.post(
        f"/en/referrals/{sent.pk}/status/", {"status": "accepted", "version": sent.version}
    )
    assert ok.status_code == 302
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.ACCEPTED
    stale = bob.post(f"/en/referrals/{sent.pk}/status/", {"status": "in_progress", "version": 1})
    assert "Someone else changed" in stale.content.decode()


def test_the_inbox_costs_the_same_for_many_referrals(network, marie, directory):
    from tests.conftest import client_for as browser_for

    share_with_refuge(network, marie)
    bob = browser_for(network.bob)
    refer(network, marie, directory.housing_service, acknowledge_duplicates=True)
    with CaptureQueriesContext(connection) as one:
        assert bob.get("/en/referrals/").status_code == 200
    for _ in range(6):
        refer(network, marie, directory.housing_service, acknowledge_duplicates=True)
    with CaptureQueriesContext(connection) as seven:
        assert bob.get("/en/referrals/").status_code == 200
    assert len(seven) <= len(one) + 1


def test_the_api_loop(network, marie, directory, openapi):
    share_with_refuge(network, marie)
    alice, bob = api_client_for(network.alice), api_client_for(network.bob)
    created = alice.post(
        f"/api/v1/clients/{marie.pk}/referrals",
        {"service_id": str(directory.housing_service.pk), "reason": "Logement."},
    )
    assert created.status_code == 201, created.content
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/referrals", "post", created)
    referral_id = created.json()["id"]
    inbox = bob.get("/api/v1/referrals")
    assert_matches_openapi(openapi, "/api/v1/referrals", "get", inbox)
    assert [r["client_name"] for r in inbox.json()["items"]] == ["Marie-Ève Côté"]
    assert inbox.json()["items"][0]["allowed_transitions"] == ["accepted", "declined"]
    wrong = alice.post(f"/api/v1/referrals/{referral_id}/status", {"status": "accepted"})
    assert wrong.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/referrals/{referral_id}/status", "post", wrong)
    ok = bob.post(f"/api/v1/referrals/{referral_id}/status", {"status": "accepted"})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    message = bob.post(f"/api/v1/referrals/{referral_id}/messages", {"body": "Reçu."})
    assert message.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/referrals/{referral_id}/messages", "post", message)
    notes = alice.get("/api/v1/notifications")
    assert_matches_openapi(openapi, "/api/v1/notifications", "get", notes)
    assert notes.json()["unread"] == 2
    assert "Marie-Ève Côté" in notes.json()["items"][0]["text"]


def test_the_api_refuses_bad_input_and_strangers(network, marie, directory):
    alice = api_client_for(network.alice)
    empty = alice.post(
        f"/api/v1/clients/{marie.pk}/referrals",
        {"service_id": str(directory.ontario_works.pk), "reason": "  "},
    )
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "reason"
    unknown = alice.post(
        f"/api/v1/clients/{marie.pk}/referrals",
        {"service_id": "00000000-0000-0000-0000-000000000007", "reason": "x"},
    )
    assert unknown.status_code == 422
    assert not Referral.objects.exists()
    referral = refer(network, marie, directory.ontario_works)
    stranger = api_client_for(UserFactory(email="z@autre.example"))
    assert stranger.get(f"/api/v1/referrals/{referral.pk}").status_code == 404
    assert stranger.get(f"/api/v1/clients/{marie.pk}/referrals").status_code == 404
    assert api_client_for(network.bob).get("/api/v1/referrals").json()["count"] == 0
