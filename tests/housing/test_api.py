"""The housing API: landlords, their log, units with the vacancy filters,
inspections; answers valid against the OpenAPI document; refusals (401,
403, 404) and bad input (422) with nothing written; query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.core.models import AuditEvent
from parcours.housing.models import HousingUnit, Landlord, LandlordContactLog, UnitInspection
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import Network
from tests.housing.conftest import Housing, make_unit

pytestmark = pytest.mark.django_db

LANDLORDS = "/api/v1/housing/landlords"
UNITS = "/api/v1/housing/units"


def test_list_landlords(network: Network, housing: Housing, openapi):
    response = api_client_for(network.alice).get(LANDLORDS, q="rideau")
    assert response.status_code == 200
    assert_matches_openapi(openapi, LANDLORDS, "get", response)
    [item] = response.json()["items"]
    assert item["name"] == "Gestion immobilière Rideau"
    assert item["organization"]["name"] == network.refuge.name
    assert item["languages"] == ["fr", "en"]


def test_create_get_and_patch_a_landlord(network: Network, housing: Housing, openapi):
    api = api_client_for(network.bob)
    response = api.post(
        LANDLORDS,
        {"name": "Capital Rentals Ltd.", "kind": "company", "languages": ["en", "fr"]},
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, LANDLORDS, "post", response)
    landlord_id = response.json()["id"]
    assert Landlord.objects.get(pk=landlord_id).organization == network.refuge
    path = f"{LANDLORDS}/{landlord_id}"
    response = api.get(path)
    assert_matches_openapi(openapi, f"{LANDLORDS}/{{landlord_id}}", "get", response)
    response = api.patch(path, {"phone": "613-555-0144", "active": False})
    assert response.status_code == 200
    assert_matches_openapi(openapi, f"{LANDLORDS}/{{landlord_id}}", "patch", response)
    body = response.json()
    assert (body["phone"], body["active"], body["name"]) == (
        "613-555-0144",
        False,
        "Capital Rentals Ltd.",
    )


def test_another_partner_cannot_patch_a_landlord_it_does_not_keep(
    network: Network, housing: Housing, openapi
):
    response = api_client_for(network.alice).patch(
        f"{LANDLORDS}/{housing.rideau.pk}", {"name": "Taken over"}
    )
    assert response.status_code == 403
    assert_matches_openapi(openapi, f"{LANDLORDS}/{{landlord_id}}", "patch", response)
    housing.rideau.refresh_from_db()
    assert housing.rideau.name == "Gestion immobilière Rideau"


def test_network_admin_patches_any_landlord(network: Network, housing: Housing):
    response = api_client_for(network.root).patch(
        f"{LANDLORDS}/{housing.rideau.pk}", {"notes": "Vu par le réseau."}
    )
    assert response.status_code == 200 and response.json()["notes"] == "Vu par le réseau."


@pytest.mark.parametrize("path", [LANDLORDS, UNITS, "LANDLORD", "UNIT", "LOG", "INSPECTIONS"])
def test_personas(network: Network, housing: Housing, openapi, path):
    path = {
        "LANDLORD": f"{LANDLORDS}/{housing.rideau.pk}",
        "UNIT": f"{UNITS}/{housing.family.pk}",
        "LOG": f"{LANDLORDS}/{housing.rideau.pk}/log",
        "INSPECTIONS": f"{UNITS}/{housing.family.pk}/inspections",
    }.get(path, path)
    assert api_client_for(None).get(path).status_code == 401
    refused = api_client_for(housing.hospital_staff).get(path)
    assert refused.status_code == 403
    assert refused.json()["detail"]
    for user in (network.alice, network.bob, network.root):
        assert api_client_for(user).get(path).status_code == 200


def test_hospital_staff_cannot_add_a_landlord(network: Network, housing: Housing):
    response = api_client_for(housing.hospital_staff).post(LANDLORDS, {"name": "X"})
    assert response.status_code == 403
    assert not Landlord.objects.filter(name="X").exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"name": ""},
        {"name": "A", "kind": "robot"},
        {"name": "A", "languages": ["french"]},
        {"name": "A", "unknown": 1},
        {"name": "A", "organization_id": "00000000-0000-0000-0000-000000000007"},
    ],
)
def test_bad_landlords_are_422_and_nothing_written(
    network: Network, housing: Housing, openapi, payload
):
    api = api_client_for(network.root if "organization_id" in payload else network.bob)
    before = (Landlord.objects.count(), AuditEvent.objects.count())
    response = api.post(LANDLORDS, payload)
    assert response.status_code == 422, response.json()
    assert_matches_openapi(openapi, LANDLORDS, "post", response)
    assert (Landlord.objects.count(), AuditEvent.objects.count()) == before


def test_the_relationship_log(network: Network, housing: Housing, openapi):
    api = api_client_for(network.bob)
    path = f"{LANDLORDS}/{housing.rideau.pk}/log"
    response = api.post(
        path,
        {
            "date": timezone.localdate().isoformat(),
            "kind": "mediation",
            "summary": "Mediation about noise.",
            "outcome": "Tenancy kept.",
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, f"{LANDLORDS}/{{landlord_id}}/log", "post", response)
    assert response.json()["recorded_by"] == "Bob Martin"
    response = api_client_for(network.alice).get(path)
    assert_matches_openapi(openapi, f"{LANDLORDS}/{{landlord_id}}/log", "get", response)
    assert [e["kind"] for e in response.json()["items"]] == ["mediation"]
    refused = api_client_for(network.alice).post(
        path, {"date": timezone.localdate().isoformat(), "kind": "call", "summary": "x"}
    )
    assert refused.status_code == 403
    bad = api.post(path, {"date": timezone.localdate().isoformat(), "kind": "call", "summary": " "})
    assert bad.status_code == 422
    assert LandlordContactLog.objects.count() == 1


def test_the_vacancies_board(network: Network, housing: Housing, openapi):
    api = api_client_for(network.alice)
    response = api.get(UNITS, pets="true", max_rent="1000")
    assert response.status_code == 200
    assert_matches_openapi(openapi, UNITS, "get", response)
    assert [u["address_line"] for u in response.json()["items"]] == ["12, rue Dalhousie"]
    assert response.json()["items"][0]["monthly_rent"] == "600.00"
    assert api.get(UNITS).json()["count"] == 4
    assert api.get(UNITS, status="all").json()["count"] == 5
    assert api.get(UNITS, available_now="true").json()["count"] == 3
    assert api.get(UNITS, min_bedrooms=2, accessible="true").json()["count"] == 1
    assert api.get(UNITS, city="Gatineau", unit_type="room").json()["count"] == 1
    assert api.get(UNITS, landlord_id=str(housing.rideau.pk), status="all").json()["count"] == 3


@pytest.mark.parametrize(
    "params", [{"unit_type": "castle"}, {"max_rent": -1}, {"min_bedrooms": -1}, {"status": "x"}]
)
def test_bad_vacancy_filters_are_422(network: Network, housing: Housing, openapi, params):
    response = api_client_for(network.alice).get(UNITS, **params)
    assert response.status_code == 422
    assert_matches_openapi(openapi, UNITS, "get", response)


def test_create_and_patch_a_unit(network: Network, housing: Housing, openapi):
    api = api_client_for(network.bob)
    response = api.post(
        UNITS,
        {
            "landlord_id": str(housing.lalonde.pk),
            "address_line": "5, rue Nelson",
            "city": "Ottawa",
            "unit_type": "apartment",
            "bedrooms": 2,
            "monthly_rent": "1350.50",
            "available_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, UNITS, "post", response)
    unit_id = response.json()["id"]
    response = api.patch(f"{UNITS}/{unit_id}", {"status": "held", "available_from": None})
    assert response.status_code == 200, response.json()
    assert_matches_openapi(openapi, f"{UNITS}/{{unit_id}}", "patch", response)
    assert (response.json()["status"], response.json()["available_from"]) == ("held", None)
    assert response.json()["monthly_rent"] == "1350.50"


def test_a_negative_rent_is_422_and_nothing_written(network: Network, housing: Housing, openapi):
    api = api_client_for(network.bob)
    before = (HousingUnit.objects.count(), AuditEvent.objects.count())
    response = api.post(
        UNITS,
        {
            "landlord_id": str(housing.lalonde.pk),
            "address_line": "5, rue Nelson",
            "city": "Ottawa",
            "unit_type": "apartment",
            "monthly_rent": -100,
            "available_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    assert_matches_openapi(openapi, UNITS, "post", response)
    assert response.json()["errors"] == [
        {"field": "monthly_rent", "message": "Le loyer mensuel ne peut pas être négatif."}
    ]
    assert (HousingUnit.objects.count(), AuditEvent.objects.count()) == before
    response = api.patch(f"{UNITS}/{housing.studio.pk}", {"monthly_rent": "-5"})
    assert response.status_code == 422
    housing.studio.refresh_from_db()
    assert housing.studio.monthly_rent == 850


def test_a_unit_of_an_unknown_landlord_is_422(network: Network, housing: Housing):
    response = api_client_for(network.bob).post(
        UNITS,
        {
            "landlord_id": str(network.icm.pk),
            "address_line": "5, rue Nelson",
            "city": "Ottawa",
            "unit_type": "room",
            "monthly_rent": 500,
            "available_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "landlord_id"


def test_another_partner_cannot_add_or_change_units(network: Network, housing: Housing):
    api = api_client_for(network.alice)
    response = api.post(
        UNITS,
        {
            "landlord_id": str(housing.rideau.pk),
            "address_line": "5, rue Nelson",
            "city": "Ottawa",
            "unit_type": "room",
            "monthly_rent": 500,
            "available_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 403
    assert api.patch(f"{UNITS}/{housing.family.pk}", {"status": "held"}).status_code == 403
    housing.family.refresh_from_db()
    assert housing.family.status == "available"
    assert HousingUnit.objects.count() == 5


def test_inspections(network: Network, housing: Housing, openapi):
    path = f"{UNITS}/{housing.family.pk}/inspections"
    response = api_client_for(network.bob).post(
        path, {"date": timezone.localdate().isoformat(), "condition": "good", "notes": "OK"}
    )
    assert response.status_code == 201
    assert_matches_openapi(openapi, f"{UNITS}/{{unit_id}}/inspections", "post", response)
    response = api_client_for(network.alice).get(path)
    assert_matches_openapi(openapi, f"{UNITS}/{{unit_id}}/inspections", "get", response)
    assert [i["condition"] for i in response.json()["items"]] == ["good"]
    refused = api_client_for(network.alice).post(
        path, {"date": timezone.localdate().isoformat(), "condition": "poor"}
    )
    assert refused.status_code == 403
    bad = api_client_for(network.bob).post(
        path, {"date": timezone.localdate().isoformat(), "condition": "awful"}
    )
    assert bad.status_code == 422
    assert UnitInspection.objects.count() == 1


def _count(api, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("path", [LANDLORDS, UNITS])
def test_list_query_counts_do_not_grow(network: Network, housing: Housing, path):
    from parcours.housing.services import LandlordData, landlord_create

    api = api_client_for(network.bob)
    api.get(path)
    few = _count(api, path)
    for i in range(6):
        landlord = landlord_create(acting_user=network.bob, data=LandlordData(name=f"B {i}"))
        make_unit(network.bob, landlord, address_line=f"{i}, rue Rideau")
    assert _count(api, path) == few
