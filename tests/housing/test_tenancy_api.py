"""The tenancy API: answers valid against the OpenAPI document; refusals
(404 for a client not seen, 403 for housing not shared) and bad input (422)
with nothing written; query counts."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.clients.models import RevolvingDoorAlert, Stage
from parcours.clients.services.visits import current_stage
from parcours.housing.models import CHECKLIST_ITEMS, Tenancy
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import share

TENANCIES = "/api/v1/clients/{client_id}/tenancies"
END = "/api/v1/housing/tenancies/{tenancy_id}/end"
MOVE_IN = "/api/v1/housing/tenancies/{tenancy_id}/move-in"


def _ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def test_start_list_end_and_move_in(network, housing, marie, openapi):
    api = api_client_for(network.alice)
    url = TENANCIES.format(client_id=marie.pk)
    response = api.post(url, {"unit_id": str(housing.studio.pk), "start_date": _ago(100)})
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, TENANCIES, "post", response)
    tenancy_id = response.json()["id"]
    assert current_stage(marie).stage == Stage.STABILITY

    listed = api.get(url)
    assert listed.status_code == 200
    assert_matches_openapi(openapi, TENANCIES, "get", listed)
    assert [item["id"] for item in listed.json()] == [tenancy_id]

    path = MOVE_IN.format(tenancy_id=tenancy_id)
    refused = api.patch(path, {"lease_signed": True, "close": True})
    assert refused.status_code == 422
    assert api.get(url).json()[0]["move_in"]["lease_signed"] is False
    done = api.patch(path, {**dict.fromkeys(CHECKLIST_ITEMS, True), "close": True})
    assert done.status_code == 200
    assert_matches_openapi(openapi, MOVE_IN, "patch", done)
    assert done.json()["move_in"]["closed_at"]

    ended = api.post(
        END.format(tenancy_id=tenancy_id), {"end_date": _ago(1), "end_reason": "eviction"}
    )
    assert ended.status_code == 200
    assert_matches_openapi(openapi, END, "post", ended)
    assert ended.json()["end_reason"] == "eviction"
    assert RevolvingDoorAlert.objects.count() == 1


def test_bad_input_is_a_422_and_nothing_is_written(network, housing, marie):
    api = api_client_for(network.alice)
    url = TENANCIES.format(client_id=marie.pk)
    occupied = api.post(url, {"unit_id": str(housing.occupied.pk), "start_date": _ago(1)})
    assert occupied.status_code == 422
    unknown = api.post(url, {"unit_id": str(housing.studio.pk), "start_date": _ago(1), "x": 1})
    assert unknown.status_code == 422
    assert not Tenancy.objects.exists()
    tenancy_id = api.post(url, {"unit_id": str(housing.studio.pk), "start_date": _ago(5)}).json()[
        "id"
    ]
    second = api.post(url, {"unit_id": str(housing.room.pk), "start_date": _ago(1)})
    assert second.status_code == 422
    before_start = api.post(
        END.format(tenancy_id=tenancy_id), {"end_date": _ago(30), "end_reason": "other"}
    )
    assert before_start.status_code == 422
    assert Tenancy.objects.get().end_date is None


def test_refusals(network, housing, marie):
    url = TENANCIES.format(client_id=marie.pk)
    api_alice = api_client_for(network.alice)
    tenancy_id = api_alice.post(
        url, {"unit_id": str(housing.studio.pk), "start_date": _ago(5)}
    ).json()["id"]
    bob = api_client_for(network.bob)
    assert bob.get(url).status_code == 404
    assert (
        bob.post(
            END.format(tenancy_id=tenancy_id), {"end_date": _ago(1), "end_reason": "other"}
        ).status_code
        == 404
    )
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(url).json() == []
    refused = bob.post(url, {"unit_id": str(housing.family.pk), "start_date": _ago(1)})
    assert refused.status_code == 403  # the housing category is not shared
    assert bob.patch(MOVE_IN.format(tenancy_id=tenancy_id), {"furniture": True}).status_code == 404
    assert api_client_for(housing.hospital_staff).get(url).status_code == 404
    assert api_client_for(None).get(url).status_code == 401
    assert Tenancy.objects.count() == 1


def test_the_list_costs_the_same_whatever_its_length(network, housing, marie):
    api = api_client_for(network.alice)
    url = TENANCIES.format(client_id=marie.pk)
    tenancy_id = api.post(url, {"unit_id": str(housing.studio.pk), "start_date": _ago(50)}).json()[
        "id"
    ]
    api.get(url)
    with CaptureQueriesContext(connection) as one:
        api.get(url)
    api.post(END.format(tenancy_id=tenancy_id), {"end_date": _ago(40), "end_reason": "other"})
    api.post(url, {"unit_id": str(housing.room.pk), "start_date": _ago(30)})
    with CaptureQueriesContext(connection) as two:
        response = api.get(url)
    assert len(response.json()) == 2
    assert len(two) == len(one)
