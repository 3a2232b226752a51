"""The directory's API: search with the screen's filters and order, one
service, the organizations; answers valid against the OpenAPI document;
refusals; query counts."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import Network
from tests.coordination.directory.conftest import Directory, make_service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/services"


def test_search_mainstream_first(network: Network, directory: Directory, openapi):
    response = api_client_for(network.bob).get(SERVICES)
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/services", "get", response)
    body = response.json()
    assert body["count"] == 3
    assert [s["name"] for s in body["items"]] == [
        "Ontario Works",
        "Gestion des cas graves",
        "Hébergement d'urgence",
    ]
    assert body["items"][0]["organization"]["is_partner"] is False


def test_search_filters_and_pagination(network: Network, directory: Directory, openapi):
    api = api_client_for(network.alice)
    body = api.get(SERVICES, language="en", age=30, reach="partner").json()
    assert [s["name"] for s in body["items"]] == ["Gestion des cas graves"]
    body = api.get(SERVICES, include_inactive="true", limit=1, offset=3).json()
    assert body["count"] == 4 and [s["name"] for s in body["items"]] == ["Banque alimentaire"]
    assert api.get(SERVICES, q="job").json()["count"] == 1


@pytest.mark.parametrize(
    "params",
    [{"support_type": "food"}, {"age": -1}, {"language": "french"}, {"reach": "all"}, {"limit": 0}],
)
def test_bad_filters_are_422(network: Network, directory: Directory, openapi, params):
    response = api_client_for(network.alice).get(SERVICES, **params)
    assert response.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/services", "get", response)


def test_service_detail(network: Network, directory: Directory, openapi):
    response = api_client_for(network.alice).get(f"{SERVICES}/{directory.ontario_works.pk}")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/services/{service_id}", "get", response)
    body = response.json()
    assert body["locations"][0]["city"] == "Ottawa"
    assert body["schedule_description"] == "Mon–Fri 8:30–16:30"
    icm = api_client_for(network.alice).get(f"{SERVICES}/{directory.icm.pk}").json()
    assert icm["program_id"] == str(network.icm.pk) and icm["response_days"] == 3


def test_unknown_service_is_404(network: Network, directory: Directory, openapi):
    response = api_client_for(network.alice).get(f"{SERVICES}/{network.icm.pk}")
    assert response.status_code == 404
    assert_matches_openapi(openapi, "/api/v1/services/{service_id}", "get", response)


def test_organizations(network: Network, directory: Directory, openapi):
    response = api_client_for(network.alice).get("/api/v1/directory-organizations")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/directory-organizations", "get", response)
    partners = {o["name"] for o in response.json()["items"] if o["is_partner"]}
    assert partners == {"Carrefour Centre-Ville", "Refuge Saint-Laurent"}


@pytest.mark.parametrize("path", [SERVICES, "/api/v1/directory-organizations", "SERVICE"])
def test_personas(network: Network, directory: Directory, openapi, path):
    path = f"{SERVICES}/{directory.icm.pk}" if path == "SERVICE" else path
    assert api_client_for(None).get(path).status_code == 401
    hospital_staff = UserFactory(organization=network.hospital)
    response = api_client_for(hospital_staff).get(path)
    assert response.status_code == 403
    assert api_client_for(network.bob).get(path).status_code == 200


def test_search_query_count(network: Network, directory: Directory, django_assert_max_num_queries):
    api = api_client_for(network.alice)
    for i in range(15):
        make_service(network, directory.province, f"Programme {i}", is_mainstream=True)
    with django_assert_max_num_queries(10):
        response = api.get(SERVICES, limit=50)
    assert response.json()["count"] == 18
