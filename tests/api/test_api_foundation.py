"""The API skeleton: bearer tokens, one error shape, /me, /organizations, /programs."""

from __future__ import annotations

import pytest
from django.test import Client

from parcours.accounts.services import api_token_create, api_token_revoke
from tests.api.conftest import api_client_for, assert_matches_openapi


def test_openapi_document_and_docs_are_served(db):
    client = Client()
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/v1/me", "/api/v1/organizations", "/api/v1/programs"} <= set(doc["paths"])
    assert doc["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui" in docs
    assert "cdn.jsdelivr" not in docs and "unpkg.com" not in docs


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/organizations", "/api/v1/programs"])
def test_every_route_refuses_a_request_without_token(db, openapi, path):
    response = api_client_for(None).get(path)
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "Bearer" in body["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_wrong_revoked_and_deactivated_tokens_are_refused(network):
    from tests.api.conftest import ApiClient

    assert ApiClient("pcs_nothere_xxxxxxxx").get("/api/v1/me").status_code == 401
    issued = api_token_create(user=network.alice)
    assert ApiClient(issued.secret).get("/api/v1/me").status_code == 200
    tampered = issued.secret[:-2] + ("AA" if not issued.secret.endswith("AA") else "BB")
    assert ApiClient(tampered).get("/api/v1/me").status_code == 401
    api_token_revoke(token=issued.token)
    assert ApiClient(issued.secret).get("/api/v1/me").status_code == 401
    second = api_token_create(user=network.alice)
    network.alice.is_active = False
    network.alice.save()
    assert ApiClient(second.secret).get("/api/v1/me").status_code == 401


def test_me_describes_the_caller(network, openapi):
    response = api_client_for(network.alice).get("/api/v1/me")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/me", "get", response)
    body = response.json()
    assert body["email"] == "alice@carrefour.example"
    assert body["organization"]["name"] == "Carrefour Centre-Ville"
    assert body["discipline"]["code"] == "case_manager"
    assert body["discipline"]["is_clinical"] is False
    assert [p["name"] for p in body["programs"]] == ["Gestion des cas graves"]
    assert [t["name"] for t in body["teams"]] == ["Équipe Est"]


def test_organizations_lists_the_network_directory(network, openapi):
    response = api_client_for(network.bob).get("/api/v1/organizations")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/organizations", "get", response)
    body = response.json()
    assert body["count"] == 3
    hospital = next(o for o in body["items"] if o["name"] == "Hôpital Général")
    assert hospital == {
        "id": str(network.hospital.pk),
        "name": "Hôpital Général",
        "kind": "hospital",
        "is_partner": False,
    }


def test_organizations_can_be_filtered_and_paginated(network):
    client = api_client_for(network.bob)
    body = client.get("/api/v1/organizations", is_partner="false").json()
    assert [o["name"] for o in body["items"]] == ["Hôpital Général"]
    body = client.get("/api/v1/organizations", kind="shelter").json()
    assert [o["name"] for o in body["items"]] == ["Refuge Saint-Laurent"]
    body = client.get("/api/v1/organizations", limit=1, offset=1).json()
    assert body["count"] == 3 and len(body["items"]) == 1


def test_programs_are_limited_to_the_callers_organization(network, openapi):
    response = api_client_for(network.alice).get("/api/v1/programs")
    assert_matches_openapi(openapi, "/api/v1/programs", "get", response)
    body = response.json()
    assert [p["name"] for p in body["items"]] == ["Gestion des cas graves"]
    assert body["items"][0]["teams"] == [{"id": str(network.icm_team.pk), "name": "Équipe Est"}]
    bob_body = api_client_for(network.bob).get("/api/v1/programs").json()
    assert [p["name"] for p in bob_body["items"]] == ["Hébergement d'urgence"]
    root_body = api_client_for(network.root).get("/api/v1/programs").json()
    assert root_body["count"] == 2


def test_bad_query_parameters_get_422_with_the_error_shape(network, openapi):
    client = api_client_for(network.alice)
    response = client.get("/api/v1/organizations", kind="spaceship", limit="many")
    assert response.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/organizations", "get", response)
    body = response.json()
    fields = {e["field"] for e in body["errors"]}
    assert {"kind", "limit"} <= fields
    assert all(e["message"] for e in body["errors"])


def test_error_messages_follow_accept_language(network):
    token = api_token_create(user=network.alice).secret
    response = Client().get(
        "/api/v1/organizations",
        {"limit": "many"},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "fr"},
    )
    assert response.json()["detail"] == "La requête n'est pas valide."
    response = Client().get("/api/v1/me", headers={"Accept-Language": "en"})
    assert response.json()["detail"].startswith("Authentication required")


def test_no_two_api_schemas_share_a_name():
    """django-ninja names OpenAPI components after the schema classes and
    silently keeps one of two classes that share a name: the documented shape
    of the other routes would then be wrong."""
    import ninja

    import parcours.api.api  # noqa: F401  (every router and schema)

    def subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    ours = {c for c in subclasses(ninja.Schema) if c.__module__.startswith("parcours.")}
    names: dict[str, list[str]] = {}
    for cls in ours:
        names.setdefault(cls.__name__, []).append(f"{cls.__module__}.{cls.__qualname__}")
    assert {n: where for n, where in names.items() if len(where) > 1} == {}
