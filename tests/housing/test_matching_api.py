"""The matching API: preferences GET/PUT, the matches of a unit and of a
client, offers list/create/answer — answers valid against the OpenAPI
document; refusals (401, 403, 404) and bad input (422) with nothing written."""

from __future__ import annotations

import json

from parcours.core.models import AuditEvent
from parcours.housing.models import HousingOffer, HousingPreference
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import share
from tests.housing.matching_support import people_fixture  # noqa: F401

PREFS = "/api/v1/clients/{client_id}/housing-preferences"
CLIENT_MATCHES = "/api/v1/clients/{client_id}/housing-matches"
UNIT_MATCHES = "/api/v1/housing/units/{unit_id}/matches"
OFFERS = "/api/v1/housing/offers"
ANSWER = "/api/v1/housing/offers/{offer_id}/answer"


def _put(api, path, data):
    return api.client.put(
        path, json.dumps(data), content_type="application/json", headers=api.headers
    )


def test_preferences_put_and_get(network, housing, people, openapi):
    api = api_client_for(network.alice)
    url = PREFS.format(client_id=people.anne.pk)
    response = _put(
        api,
        url,
        {
            "areas": ["Vanier", "K1L"],
            "unit_types": ["apartment", "room"],
            "accessibility_needs": ["ground_floor"],
            "max_rent": "950.00",
            "living": "alone",
        },
    )
    assert response.status_code == 200, response.json()
    assert_matches_openapi(openapi, PREFS, "put", response)
    got = api.get(url)
    assert got.status_code == 200
    assert_matches_openapi(openapi, PREFS, "get", got)
    assert got.json()["max_rent"] == "950.00"
    assert got.json()["living"] == "alone"


def test_bad_preferences_are_a_422_and_nothing_is_written(network, people):
    api = api_client_for(network.alice)
    url = PREFS.format(client_id=people.anne.pk)
    before = HousingPreference.objects.get(client=people.anne).version
    for body in (
        {"unit_types": ["castle"]},
        {"max_rent": -5},
        {"areas": ["Vanier"], "areas_to_avoid": ["vanier"]},
        {"colour": "blue"},
    ):
        response = _put(api, url, body)
        assert response.status_code == 422, body
        assert response.json()["errors"]
    assert HousingPreference.objects.get(client=people.anne).version == before


def test_matches_of_a_unit_and_of_a_client(network, housing, people, openapi):
    api = api_client_for(network.alice)
    response = api.get(UNIT_MATCHES.format(unit_id=housing.studio.pk))
    assert response.status_code == 200
    assert_matches_openapi(openapi, UNIT_MATCHES, "get", response)
    body = response.json()
    assert [row["rank"] for row in body] == [1, 2, 3]
    assert body[0]["priority_reasons"]
    event = AuditEvent.objects.filter(action="record.view").order_by("-id").first()
    assert event.detail["section"] == "unit_matches"
    assert len(event.detail["clients"]) == 3
    response = api.get(CLIENT_MATCHES.format(client_id=people.anne.pk))
    assert response.status_code == 200
    assert_matches_openapi(openapi, CLIENT_MATCHES, "get", response)
    assert response.json()[0]["unit_id"] == str(housing.studio.pk)


def test_offer_create_answer_and_list(network, housing, people, openapi):
    api = api_client_for(network.alice)
    response = api.post(
        OFFERS, {"unit_id": str(housing.studio.pk), "client_id": str(people.anne.pk)}
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, OFFERS, "post", response)
    offer_id = response.json()["id"]
    again = api.post(OFFERS, {"unit_id": str(housing.studio.pk), "client_id": str(people.bruno.pk)})
    assert again.status_code == 422
    assert HousingOffer.objects.count() == 1
    listed = api_client_for(network.alice_admin).get(OFFERS)
    assert listed.status_code == 200
    assert [o["id"] for o in listed.json()["items"]] == [offer_id]
    assert api.get(OFFERS).status_code == 403  # not a coordinator
    bad = api.post(ANSWER.format(offer_id=offer_id), {"answer": "decline", "reason": "location"})
    assert bad.status_code == 422
    response = api.post(
        ANSWER.format(offer_id=offer_id),
        {"answer": "decline", "decline_side": "client", "reason": "location", "pause_days": 3},
    )
    assert response.status_code == 200, response.json()
    assert_matches_openapi(openapi, ANSWER, "post", response)
    assert response.json()["status"] == "declined"
    assert response.json()["paused_until"] is not None


def test_refusals(network, housing, people):
    bob = api_client_for(network.bob)
    hospital = api_client_for(housing.hospital_staff)
    url = PREFS.format(client_id=people.anne.pk)
    # A client bob may not see: 404.
    assert bob.get(url).status_code == 404
    assert bob.get(CLIENT_MATCHES.format(client_id=people.anne.pk)).status_code == 404
    # Identity shared, housing not: 403, nothing written.
    share(people.anne, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(url).status_code == 403
    assert _put(bob, url, {"areas": ["Vanier"]}).status_code == 403
    assert bob.get(CLIENT_MATCHES.format(client_id=people.anne.pk)).status_code == 403
    create = bob.post(OFFERS, {"unit_id": str(housing.studio.pk), "client_id": str(people.anne.pk)})
    assert create.status_code == 403
    assert not HousingOffer.objects.exists()
    # Hospital staff: refused everywhere.
    assert hospital.get(url).status_code in (403, 404)
    assert hospital.get(UNIT_MATCHES.format(unit_id=housing.studio.pk)).status_code == 403
    assert hospital.get(OFFERS).status_code == 403
    assert api_client_for(None).get(url).status_code == 401
    # An offer bob may not see: 404 on answer.
    offer_id = (
        api_client_for(network.alice)
        .post(OFFERS, {"unit_id": str(housing.room.pk), "client_id": str(people.bruno.pk)})
        .json()["id"]
    )
    assert bob.post(ANSWER.format(offer_id=offer_id), {"answer": "accept"}).status_code == 404
