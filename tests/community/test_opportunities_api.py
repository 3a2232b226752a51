"""The opportunities API: every partner lists, posts and reads the
opportunities; a client's interests and placements are read and written
only by who may see the client's case plan; bad input is a 422 with a
translated message and nothing written; outside the network, a 403."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.utils import timezone

from parcours.community.models import Opportunity, OpportunityInterest, Placement
from parcours.coordination.models import Referral
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.community.conftest import days_ago, days_ahead, directory_service, interest, opportunity
from tests.conftest import share
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "training",
    "title_fr": "Formation en salubrité alimentaire (MAPAQ)",
    "title_en": "Food safety training (MAPAQ)",
    "host": "Cuisine-atelier du Plateau",
    "schedule": "evenings",
    "language": "fr",
    "places": 8,
    "requirements": [],
}


def test_the_api_posts_matches_refers_and_follows_up(network, marie, openapi):
    bob = api_client_for(network.bob)
    created = bob.post("/api/v1/opportunities", {**BODY, "closes_on": days_ahead(10).isoformat()})
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, "/api/v1/opportunities", "post", created)
    opportunity_id = created.json()["id"]
    assert created.json()["places_left"] == 8
    alice = api_client_for(network.alice)
    listing = alice.get("/api/v1/opportunities", kind="training")
    assert listing.status_code == 200 and [o["id"] for o in listing.json()["items"]] == [
        opportunity_id
    ]
    assert_matches_openapi(openapi, "/api/v1/opportunities", "get", listing)
    saved = alice.post(
        "/api/v1/opportunity-interests",
        {
            "client_id": str(marie.pk),
            "kinds": ["training"],
            "language": "fr",
            "available_evenings": True,
        },
    )
    assert saved.status_code == 201, saved.json()
    assert_matches_openapi(openapi, "/api/v1/opportunity-interests", "post", saved)
    interests = alice.get(f"/api/v1/clients/{marie.pk}/opportunity-interests")
    assert [i["id"] for i in interests.json()] == [saved.json()["id"]]
    matches = alice.get(f"/api/v1/clients/{marie.pk}/opportunity-matches")
    assert matches.status_code == 200
    assert_matches_openapi(
        openapi, "/api/v1/clients/{client_id}/opportunity-matches", "get", matches
    )
    assert matches.json()[0]["opportunity"]["id"] == opportunity_id
    # In French, as the API answers unless asked otherwise (Accept-Language).
    assert "Recherche ce type d'offre : Formation." in matches.json()[0]["match"]["reasons"]
    fits = alice.get(f"/api/v1/opportunities/{opportunity_id}/matches").json()
    assert [m["client_id"] for m in fits] == [str(marie.pk)]
    directory_service(network.refuge)
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    referred = alice.post(
        "/api/v1/opportunity-placements",
        {
            "client_id": str(marie.pk),
            "opportunity_id": opportunity_id,
            "reason": "Elle veut cuisiner.",
        },
    )
    assert referred.status_code == 201, referred.json()
    assert_matches_openapi(openapi, "/api/v1/opportunity-placements", "post", referred)
    placement_url = f"/api/v1/opportunity-placements/{referred.json()['id']}"
    assert Referral.objects.get().pk == uuid.UUID(referred.json()["referral_id"])
    started = bob.patch(placement_url, {"status": "started", "on": days_ago(1).isoformat()})
    assert started.status_code == 200 and started.json()["status"] == "started"
    early = alice.patch(
        placement_url, {"retained_at_3_months": True, "on": timezone.localdate().isoformat()}
    )
    assert early.status_code == 422 and "suivi de 3 mois" in early.json()["errors"][0]["message"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=95), tick=False):
        later = api_client_for(network.alice).patch(
            placement_url, {"retained_at_3_months": False, "on": timezone.localdate().isoformat()}
        )
    assert later.status_code == 200 and later.json()["retained_at_3_months"] is False
    assert alice.get(placement_url).json()["followed_up_on"] is not None


@pytest.mark.parametrize(
    "changes",
    [
        {"places": 0},
        {"title_fr": "", "title_en": ""},
        {"kind": "astronaut"},
        {"closes_on": "2001-01-01"},
        {"requirements": ["a_cape"]},
        {"unknown": "field"},
    ],
)
def test_bad_opportunities_are_refused_and_nothing_is_written(network, changes):
    response = api_client_for(network.alice).post("/api/v1/opportunities", {**BODY, **changes})
    assert response.status_code == 422
    # In the caller's language (French unless the request asks otherwise).
    assert response.json()["detail"] == "La requête n'est pas valide."
    assert not Opportunity.objects.exists()


def test_bad_interests_and_placements_write_nothing(network, marie):
    alice = api_client_for(network.alice)
    for body in (
        {"client_id": str(marie.pk), "kinds": [], "language": "fr"},
        {
            "client_id": str(marie.pk),
            "kinds": ["job"],
            "language": "fr",
            "available_daytime": False,
        },
        {"client_id": str(marie.pk), "kinds": ["job"], "language": "tlh"},
    ):
        assert alice.post("/api/v1/opportunity-interests", body).status_code == 422, body
    assert not OpportunityInterest.objects.exists()
    opp = opportunity(network.alice)
    refused = alice.post(
        "/api/v1/opportunity-placements",
        {"client_id": str(marie.pk), "opportunity_id": str(opp.pk), "reason": "Pour essayer."},
    )
    assert refused.status_code == 422 and not Placement.objects.exists()
    assert "aucun service actif" in refused.json()["errors"][0]["message"]


def test_the_api_refuses_what_the_caller_may_not_see(network, marie):
    opp = opportunity(network.alice)
    recorded = interest(network.alice, marie)
    directory_service(network.carrefour)
    alice = api_client_for(network.alice)
    placement_id = alice.post(
        "/api/v1/opportunity-placements",
        {"client_id": str(marie.pk), "opportunity_id": str(opp.pk), "reason": "Essai."},
    ).json()["id"]
    bob = api_client_for(network.bob)
    assert bob.get(f"/api/v1/opportunities/{opp.pk}").status_code == 200
    assert bob.get(f"/api/v1/opportunities/{opp.pk}/matches").json() == []
    assert bob.get(f"/api/v1/clients/{marie.pk}/opportunity-interests").status_code == 404
    assert bob.get(f"/api/v1/opportunity-interests/{recorded.pk}").status_code == 404
    assert bob.get(f"/api/v1/opportunity-placements/{placement_id}").status_code == 404
    assert (
        bob.patch(
            f"/api/v1/opportunity-placements/{placement_id}",
            {"status": "started", "on": days_ago(1).isoformat()},
        ).status_code
        == 404
    )
    paul = ClientFactory(registered_by=network.bob)
    assert (
        alice.post(
            "/api/v1/opportunity-interests",
            {"client_id": str(paul.pk), "kinds": ["job"], "language": "fr"},
        ).status_code
        == 404
    )
    assert alice.get(f"/api/v1/opportunities/{uuid.uuid4()}").status_code == 404
    hospital = api_client_for(UserFactory(organization=network.hospital))
    for path in ("/api/v1/opportunities", f"/api/v1/clients/{marie.pk}/opportunity-interests"):
        assert hospital.get(path).status_code == 403, path
    assert hospital.post("/api/v1/opportunities", BODY).status_code == 403
    assert api_client_for(None).get("/api/v1/opportunities").status_code == 401
    assert Opportunity.objects.count() == 1 and OpportunityInterest.objects.count() == 1
    assert Placement.objects.get().status == "referred"
