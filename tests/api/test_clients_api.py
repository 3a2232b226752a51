"""The client-registry API: search, registration, the record, consent
directives, visits, the pathway and emergency access, with the personas of
tests/conftest.py (alice at the hub Carrefour registered marie; bob works at
the partner Refuge; the hospital is not a partner)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from parcours import access
from parcours.clients.models import (
    BreakGlassAccess,
    Client,
    ClientAlias,
    ConsentDirective,
    PathwayStage,
    Visit,
    VisitService,
)
from parcours.clients.services import client_register
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import share

CLIENT = "/api/v1/clients/{id}"
NAMED = {"given_name": "Jean", "family_name": "Dupont"}
CONSENT = {"categories": ["identity"], "method": "written"}  # + start_date: see consent()
VISIT = {"site": "Halte", "needs": ["food"], "services": [{"kind": "meal"}]}


def consent(**change: Any) -> dict[str, Any]:
    """A consent directive body starting today."""
    return {**CONSENT, "start_date": str(timezone.localdate()), **change}


def counts() -> dict[str, int]:
    """Rows of everything a client route could write."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Client,
            ClientAlias,
            ConsentDirective,
            Visit,
            VisitService,
            PathwayStage,
            BreakGlassAccess,
            AuditEvent,
        )
    }


def fields_in_error(response: Any) -> set[str | None]:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert all(e["message"] for e in body["errors"])
    return {e["field"] for e in body["errors"]}


def last_event(action: str) -> AuditEvent | None:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def client_ids(response: Any) -> list[str]:
    return [c["id"] for c in response.json()["items"]]


# --- Who may call what -------------------------------------------------------

ROUTES = [
    ("get", "/api/v1/clients", None),
    ("post", "/api/v1/clients", NAMED),
    ("get", CLIENT, None),
    ("patch", CLIENT, {"version": 1, "preferred_name": "Mimi"}),
    ("get", CLIENT + "/consents", None),
    ("post", CLIENT + "/consents", consent(all_partners=True)),
    ("post", "/api/v1/consents/{id}/withdraw", None),
    ("get", CLIENT + "/visits", None),
    ("post", CLIENT + "/visits", VISIT),
    ("get", CLIENT + "/pathway", None),
    ("post", CLIENT + "/pathway", {"stage": "visit"}),
    (
        "post",
        CLIENT + "/break-glass",
        {"reason": "Found unconscious near the shelter", "health_card_number": "1234567890AB"},
    ),
]


def call(api: Any, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if method == "get":
        return api.get(path)
    return getattr(api, method)(path, body)


def test_openapi_documents_every_client_route(db, openapi):
    paths = openapi["paths"]
    for method, path, _ in ROUTES:
        documented = path.replace("{id}", "{client_id}").replace(
            "consents/{client_id}", "consents/{directive_id}"
        )
        operation = paths[documented][method]
        assert {"401", "422"} <= set(operation["responses"])
    assert "409" in paths["/api/v1/clients/{client_id}"]["patch"]["responses"]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_client_route_refuses_a_request_without_token(marie, method, path, body):
    directive = share(marie, by=marie.registered_by, categories=["identity"], all_partners=True)
    target = str(directive.pk) if "consents/{id}" in path else str(marie.pk)
    before = counts()
    response = call(api_client_for(None), method, path.format(id=target), body)  # no token
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}
    assert counts() == before


@pytest.fixture
def marie_with_history(network, marie):
    """Marie with a visit and a pathway step at the hub, and a directive that
    shares only her housing with Refuge (so bob still may not see her)."""
    alice = api_client_for(network.alice)
    assert alice.post(CLIENT.format(id=marie.pk) + "/visits", VISIT).status_code == 201
    assert (
        alice.post(CLIENT.format(id=marie.pk) + "/pathway", {"stage": "visit"}).status_code == 201
    )
    directive = share(
        marie, by=network.alice, categories=["housing"], organizations=[network.refuge]
    )
    return marie, directive


# Break the glass is the emergency route: it is tested on its own below.
ROUTES_ON_A_CLIENT = [r for r in ROUTES if "{id}" in r[1] and not r[1].endswith("break-glass")]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES_ON_A_CLIENT)
def test_other_partner_staff_without_consent_get_404_and_nothing_is_written(
    network, marie_with_history, method, path, body
):
    marie, directive = marie_with_history
    target = directive.pk if "consents/{id}" in path else marie.pk
    bob = api_client_for(network.bob)
    before = counts()
    response = call(bob, method, path.format(id=target), body)
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "errors": []}
    assert counts() == before


@pytest.mark.parametrize(("method", "path", "body"), ROUTES_ON_A_CLIENT)
def test_a_network_superuser_has_no_client_access_by_being_superuser(
    network, marie, method, path, body
):
    directive = share(marie, by=network.alice, categories=["identity"], all_partners=True)
    target = directive.pk if "consents/{id}" in path else marie.pk
    root = api_client_for(network.root)
    before = counts()
    response = call(root, method, path.format(id=target), body)
    assert response.status_code == 404
    assert counts() == before


def test_an_unknown_client_is_a_404_and_a_malformed_id_a_422(network):
    alice = api_client_for(network.alice)
    assert alice.get(CLIENT.format(id=uuid.uuid4())).status_code == 404
    response = alice.get(CLIENT.format(id="not-an-id"))
    assert response.status_code == 422
    assert fields_in_error(response) == {"client_id"}


# --- Search ------------------------------------------------------------------


def test_search_returns_only_the_clients_the_caller_may_see(network, marie, openapi):
    alice, bob = api_client_for(network.alice), api_client_for(network.bob)
    response = alice.get("/api/v1/clients", q="Marie")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/clients", "get", response)
    item = response.json()["items"][0]
    assert item == {
        "id": str(marie.pk),
        "display_name": "Marie-Ève Côté",
        "given_name": "Marie-Ève",
        "family_name": "Côté",
        "preferred_name": "",
        "is_anonymous": False,
        "date_of_birth": "1984-03-09",
        "birth_year": None,
        "registered_by_organization": {
            "id": str(network.carrefour.pk),
            "name": "Carrefour Centre-Ville",
        },
    }
    assert bob.get("/api/v1/clients", q="Marie").json() == {"items": [], "count": 0}

    directive = share(
        marie, by=network.alice, categories=["identity"], organizations=[network.refuge]
    )
    assert client_ids(bob.get("/api/v1/clients", q="Marie")) == [str(marie.pk)]

    withdrawn = alice.post(
        f"/api/v1/consents/{directive.pk}/withdraw", {"reason": "Asked by Marie"}
    )
    assert withdrawn.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/consents/{directive_id}/withdraw", "post", withdrawn)
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["withdrawn_at"] is not None
    assert bob.get("/api/v1/clients", q="Marie").json()["count"] == 0
    assert bob.get(CLIENT.format(id=marie.pk)).status_code == 404


def test_withdrawing_twice_is_refused(network, marie):
    directive = share(marie, by=network.alice, categories=["identity"], all_partners=True)
    alice = api_client_for(network.alice)
    assert alice.post(f"/api/v1/consents/{directive.pk}/withdraw").status_code == 200
    before = counts()
    response = alice.post(f"/api/v1/consents/{directive.pk}/withdraw")
    assert response.status_code == 422
    assert counts() == before


def test_an_expired_directive_shares_nothing(network, marie):
    today = timezone.localdate()
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=35),
    )
    bob = api_client_for(network.bob)
    assert bob.get("/api/v1/clients", q="Marie").json()["count"] == 0
    assert bob.get(CLIENT.format(id=marie.pk)).status_code == 404
    consents = api_client_for(network.alice).get(CLIENT.format(id=marie.pk) + "/consents")
    assert [c["status"] for c in consents.json()] == ["expired"]


@pytest.mark.parametrize(
    "query",
    ["marie-eve cote", "MARIE ÈVE CÔTÉ", "cote", "1984-03-09", "1234-567-890-ab", "1234567890AB"],
)
def test_search_ignores_accents_and_case_and_finds_dates_of_birth_and_health_cards(
    network, marie, query
):
    client_register(acting_user=network.alice, given_name="Marc", family_name="Côté-Lavoie")
    response = api_client_for(network.alice).get("/api/v1/clients", q=query)
    assert str(marie.pk) in client_ids(response)
    if query != "cote":
        assert response.json()["count"] == 1


def test_a_search_is_audited_with_the_records_it_showed(network, marie):
    for given in ("Anne", "Bruno", "Chloé"):
        client_register(acting_user=network.alice, given_name=given, family_name="Zed")
    response = api_client_for(network.alice).get("/api/v1/clients", q="zed", limit=2, offset=1)
    body = response.json()
    assert body["count"] == 3
    assert [c["given_name"] for c in body["items"]] == ["Bruno", "Chloé"]
    event = last_event(AuditAction.SEARCH)
    assert event is not None and event.actor_id == network.alice.pk
    assert event.detail == {"via": "api", "query": "zed", "clients": client_ids(response)}


def test_search_pagination_parameters_are_validated(network):
    response = api_client_for(network.alice).get("/api/v1/clients", limit=0, offset=-1)
    assert response.status_code == 422
    assert fields_in_error(response) == {"limit", "offset"}


# --- Registration --------------------------------------------------------------


def test_a_case_manager_registers_a_client(network, openapi):
    alice = api_client_for(network.alice)
    before = counts()
    response = alice.post(
        "/api/v1/clients",
        {
            "given_name": " Jean ",
            "family_name": "Dupont",
            "preferred_name": "Jeannot",
            "date_of_birth": "1970-05-01",
            "preferred_language": "en",
            "gender_identity": "man",
            "housing_situation_at_intake": "encampment",
            "veteran_status": "yes",
            "health_card_province": "ON",
            "health_card_number": "9876-543-210-zz",
            "email": "jean@example.org",
            "aliases": [{"kind": "nickname", "given_name": "Ti-Jean"}],
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, "/api/v1/clients", "post", response)
    body = response.json()
    assert body["display_name"] == "Jeannot Dupont"
    assert body["given_name"] == "Jean"
    assert body["version"] == 1
    assert body["categories"] == ["identity"]
    assert body["registered_by_organization"]["name"] == "Carrefour Centre-Ville"
    assert body["gender_identity"]["code"] == "man"
    assert body["housing_situation_at_intake"]["code"] == "encampment"
    assert body["health_card_number"] == "9876543210ZZ"
    assert [(a["kind"], a["given_name"]) for a in body["aliases"]] == [("nickname", "Ti-Jean")]
    assert counts()["Client"] == before["Client"] + 1
    event = last_event(AuditAction.CREATE)
    assert event is not None and str(event.client_id) == body["id"]
    assert event.target_type == "clients.client"
    found = api_client_for(network.alice).get("/api/v1/clients", q="ti-jean")
    assert client_ids(found) == [body["id"]]


def test_an_anonymous_record_keeps_only_a_year_of_birth_and_a_gender(network):
    response = api_client_for(network.alice).post(
        "/api/v1/clients",
        {
            "is_anonymous": True,
            "given_name": "Ignored",
            "birth_year": 1990,
            "gender_identity": "woman",
            "phone": "555-0100",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_anonymous"] is True
    assert (body["given_name"], body["family_name"], body["phone"]) == ("", "", "")
    assert body["birth_year"] == 1990
    assert body["gender_identity"]["code"] == "woman"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NAMED, "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"given_name": "Jean"}, "family_name"),
        ({**NAMED, "gender_identity": "martian"}, "gender_identity"),
        ({**NAMED, "housing_situation_at_intake": "castle"}, "housing_situation_at_intake"),
        ({**NAMED, "date_of_birth": "01/05/1970"}, "date_of_birth"),
        ({**NAMED, "preferred_language": "de"}, "preferred_language"),
        ({**NAMED, "email": "not-an-email"}, "email"),
        ({**NAMED, "favourite_colour": "blue"}, "favourite_colour"),
        ({**NAMED, "aliases": [{"kind": "alter_ego", "given_name": "X"}]}, "aliases.0.kind"),
    ],
)
def test_bad_registration_gets_422_with_the_field_and_writes_nothing(
    network, openapi, payload, field
):
    alice = api_client_for(network.alice)
    before = counts()
    response = alice.post("/api/v1/clients", payload)
    assert response.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/clients", "post", response)
    assert field in fields_in_error(response)
    assert counts() == before


def test_staff_without_organization_cannot_register_clients(network):
    root = api_client_for(network.root)
    before = counts()
    response = root.post("/api/v1/clients", NAMED)
    assert response.status_code == 422
    assert counts() == before


# --- The record ----------------------------------------------------------------


def test_viewing_a_client_is_audited(network, marie, openapi):
    response = api_client_for(network.alice).get(CLIENT.format(id=marie.pk))
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}", "get", response)
    body = response.json()
    assert body["version"] == 1
    assert body["health_card_number"] == "1234567890AB"
    assert body["current_stage"] is None
    event = last_event(AuditAction.VIEW)
    assert event is not None and event.client_id == marie.pk
    assert event.actor_id == network.alice.pk
    assert event.detail["via"] == "api"


def test_patch_with_the_current_version_changes_the_record(network, marie, openapi):
    response = api_client_for(network.alice).patch(
        CLIENT.format(id=marie.pk),
        {"version": 1, "preferred_name": "Marie", "gender_identity": "woman", "phone": "555-0199"},
    )
    assert response.status_code == 200, response.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}", "patch", response)
    body = response.json()
    assert body["version"] == 2
    assert body["display_name"] == "Marie Côté"
    assert body["gender_identity"]["code"] == "woman"
    marie.refresh_from_db()
    assert (marie.version, marie.preferred_name, marie.phone) == (2, "Marie", "555-0199")
    event = last_event(AuditAction.UPDATE)
    assert event is not None and event.client_id == marie.pk
    assert event.after is not None and event.after["preferred_name"] == "Marie"


def test_a_stale_patch_gets_409_and_changes_nothing(network, marie, openapi):
    alice = api_client_for(network.alice)
    assert alice.patch(CLIENT.format(id=marie.pk), {"version": 1, "phone": "1"}).status_code == 200
    before = counts()
    response = alice.patch(CLIENT.format(id=marie.pk), {"version": 1, "phone": "2"})
    assert response.status_code == 409
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}", "patch", response)
    assert response.json()["detail"] and response.json()["errors"] == []
    marie.refresh_from_db()
    assert (marie.version, marie.phone) == (2, "1")
    assert counts() == before


def test_patch_clears_with_null_only_what_can_be_blank(network, marie):
    alice = api_client_for(network.alice)
    url = CLIENT.format(id=marie.pk)
    assert alice.patch(url, {"version": 1, "gender_identity": "woman"}).status_code == 200
    response = alice.patch(
        url, {"version": 2, "gender_identity": None, "health_card_province": None}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["gender_identity"] is None
    assert response.json()["health_card_province"] == ""
    before = counts()
    refused = alice.patch(url, {"version": 3, "family_name": None, "aliases": []})
    assert refused.status_code == 422
    assert fields_in_error(refused) == {"family_name", "aliases"}
    refused = alice.patch(url, {"version": 3, "family_name": "", "sexual_orientation": "x"})
    assert refused.status_code == 422
    assert fields_in_error(refused) == {"sexual_orientation"}
    refused = alice.patch(url, {"version": 3, "family_name": ""})
    assert fields_in_error(refused) == {"family_name"}
    assert counts() == before


# --- Consent directives --------------------------------------------------------


def test_consent_for_named_partners_opens_the_record_to_them(network, marie, openapi):
    alice, bob = api_client_for(network.alice), api_client_for(network.bob)
    url = CLIENT.format(id=marie.pk) + "/consents"
    response = alice.post(
        url,
        {
            "organizations": [str(network.refuge.pk)],
            "categories": ["identity", "housing"],
            "start_date": str(timezone.localdate()),
            "method": "verbal",
            "witnessed_by": "Alice Tremblay",
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/consents", "post", response)
    body = response.json()
    assert body["organizations"] == [{"id": str(network.refuge.pk), "name": "Refuge Saint-Laurent"}]
    assert body["categories"] == ["identity", "housing"]
    assert body["status"] == "active" and body["all_partners"] is False
    assert body["end_date"] > body["start_date"]
    event = last_event(AuditAction.CREATE)
    assert event is not None and event.client_id == marie.pk

    listed = alice.get(url)
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/consents", "get", listed)
    assert [c["id"] for c in listed.json()] == [body["id"]]
    detail = bob.get(CLIENT.format(id=marie.pk)).json()
    assert detail["categories"] == ["housing", "identity"]
    assert detail["given_name"] == "Marie-Ève"


def test_consent_for_all_partners(network, marie):
    response = api_client_for(network.alice).post(
        CLIENT.format(id=marie.pk) + "/consents", consent(all_partners=True)
    )
    assert response.status_code == 201, response.json()
    assert response.json()["all_partners"] is True
    assert response.json()["organizations"] == []
    assert client_ids(api_client_for(network.bob).get("/api/v1/clients")) == [str(marie.pk)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organizations": ["00000000-0000-4000-8000-000000000000"]}, "organizations"),
        ({"organizations": "HOSPITAL"}, "organizations"),
        ({"organizations": [], "all_partners": False}, "organizations"),
        ({"all_partners": True, "categories": ["dreams"]}, "categories.0"),
        ({"all_partners": True, "categories": []}, "categories"),
        ({"all_partners": True, "start_date": "2024-06-01", "end_date": "2024-05-01"}, "end_date"),
        ({"all_partners": True, "method": "telepathy"}, "method"),
        ({"all_partners": True, "method": "verbal"}, "witnessed_by"),
    ],
)
def test_bad_consents_get_422_and_write_nothing(network, marie, openapi, change, field):
    if change.get("organizations") == "HOSPITAL":
        change = {"organizations": [str(network.hospital.pk)]}
    alice = api_client_for(network.alice)
    before = counts()
    response = alice.post(CLIENT.format(id=marie.pk) + "/consents", consent(**change))
    assert response.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/consents", "post", response)
    assert field in fields_in_error(response)
    assert counts() == before


def test_identity_only_consent_shows_no_other_organizations_visits_or_pathway(
    network, marie, openapi
):
    alice, bob = api_client_for(network.alice), api_client_for(network.bob)
    visits, pathway = (
        CLIENT.format(id=marie.pk) + "/visits",
        CLIENT.format(id=marie.pk) + "/pathway",
    )
    assert alice.post(visits, VISIT).status_code == 201
    assert alice.post(pathway, {"stage": "visit"}).status_code == 201
    assert alice.post(pathway, {"stage": "safety"}).status_code == 201
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])

    detail = bob.get(CLIENT.format(id=marie.pk)).json()
    assert detail["categories"] == ["identity"]
    assert detail["current_stage"] is None
    assert alice.get(CLIENT.format(id=marie.pk)).json()["current_stage"] == "safety"

    assert bob.get(visits).json() == []
    assert bob.post(visits, {"site": "Refuge", "needs": ["shelter"]}).status_code == 201
    seen_by_bob = bob.get(visits)
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/visits", "get", seen_by_bob)
    assert [v["organization"]["name"] for v in seen_by_bob.json()] == ["Refuge Saint-Laurent"]
    # The policy is symmetric: the hub sees a partner's visit only if the client
    # shares that category with the hub too.
    assert [v["organization"]["name"] for v in alice.get(visits).json()] == [
        "Carrefour Centre-Ville"
    ]

    assert bob.get(pathway).json() == []
    before = counts()
    refused = bob.post(pathway, {"stage": "support"})
    assert refused.status_code == 404  # the pathway is not Refuge's to see
    assert counts() == before


# --- Visits ----------------------------------------------------------------------


def test_the_hub_records_a_visit_with_a_naloxone_kit(network, marie, openapi):
    alice = api_client_for(network.alice)
    url = CLIENT.format(id=marie.pk) + "/visits"
    response = alice.post(
        url,
        {
            "occurred_at": "2024-02-03T10:15:00",
            "site": "Halte-chaleur",
            "needs": ["substance_use", "food"],
            "services": [
                {"kind": "naloxone_kit", "quantity": 2, "naloxone_training": True},
                {"kind": "meal"},
            ],
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/visits", "post", response)
    body = response.json()
    assert body["needs"] == ["food", "substance_use"]
    assert body["organization"]["name"] == "Carrefour Centre-Ville"
    visit = Visit.objects.get(pk=body["id"])
    assert timezone.localtime(visit.occurred_at).hour == 10
    event = last_event(AuditAction.CREATE)
    assert event is not None and event.client_id == marie.pk

    listed = alice.get(url).json()
    assert [v["id"] for v in listed] == [body["id"]]
    assert listed[0]["services"] == [
        {"kind": "meal", "quantity": 1, "naloxone_training": False, "detail": ""},
        {"kind": "naloxone_kit", "quantity": 2, "naloxone_training": True, "detail": ""},
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"services": [{"kind": "unicorn"}]}, "services.0.kind"),
        ({"services": [{"kind": "naloxone_kit", "quantity": 0}]}, "services"),
        ({"services": [{"kind": "meal", "naloxone_training": True}]}, "services"),
        ({"needs": ["yachts"]}, "needs.0"),
        ({"needs": ["other"]}, "needs_other"),
        ({"occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at"),
    ],
)
def test_bad_visits_get_422_and_write_nothing(network, marie, openapi, change, field):
    alice = api_client_for(network.alice)
    before = counts()
    response = alice.post(CLIENT.format(id=marie.pk) + "/visits", {**VISIT, **change})
    assert response.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/visits", "post", response)
    assert field in fields_in_error(response)
    assert counts() == before


# --- Pathway ---------------------------------------------------------------------


def test_pathway_moves_and_a_backward_move_raises_an_alert(network, marie, openapi):
    alice = api_client_for(network.alice)
    url = CLIENT.format(id=marie.pk) + "/pathway"
    first = alice.post(url, {"stage": "visit"})
    assert first.status_code == 201, first.json()
    assert first.json()["previous_stage"] is None
    safety = alice.post(url, {"stage": "safety"})
    assert safety.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/pathway", "post", safety)
    assert (safety.json()["previous_stage"], safety.json()["alert"]) == ("visit", None)

    before = counts()
    refused = alice.post(url, {"stage": "visit"})
    assert refused.status_code == 422
    assert fields_in_error(refused) == {"reason"}
    assert counts() == before

    back = alice.post(url, {"stage": "visit", "reason": "Lost the shelter bed"})
    assert back.status_code == 201, back.json()
    assert back.json()["alert"] == {"kind": "backward_move", "acknowledged": False}

    listed = alice.get(url)
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/pathway", "get", listed)
    steps = listed.json()
    assert [s["stage"] for s in steps] == ["visit", "safety", "visit"]
    assert steps[0]["reason"] == "Lost the shelter bed"
    assert steps[0]["alert"] == {"kind": "backward_move", "acknowledged": False}
    assert steps[0]["organization"]["name"] == "Carrefour Centre-Ville"
    assert alice.get(CLIENT.format(id=marie.pk)).json()["current_stage"] == "visit"


def test_unknown_stage_and_future_date_are_refused(network, marie):
    alice = api_client_for(network.alice)
    url = CLIENT.format(id=marie.pk) + "/pathway"
    before = counts()
    assert fields_in_error(alice.post(url, {"stage": "nirvana"})) == {"stage"}
    future = str(timezone.localdate() + dt.timedelta(days=3))
    assert fields_in_error(alice.post(url, {"stage": "visit", "entered_on": future})) == {
        "entered_on"
    }
    assert counts() == before


# --- Break the glass ---------------------------------------------------------------

MARIES_CARD = {"health_card_number": "1234 567 890 AB"}
MARIES_NAME = {"name": "marie-eve cote", "date_of_birth": "1984-03-09"}
REASON = {"reason": "Found unconscious at the shelter door"}


def emergency_rows() -> tuple[int, int]:
    return BreakGlassAccess.objects.count(), AuditEvent.objects.count()


def test_break_the_glass_opens_the_record_for_a_limited_time(network, marie, openapi):
    bob = api_client_for(network.bob)
    detail_url = CLIENT.format(id=marie.pk)
    url = detail_url + "/break-glass"
    before = counts()
    assert bob.get(detail_url).status_code == 404
    short = bob.post(url, {"reason": "urgent", **MARIES_CARD})
    assert short.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/break-glass", "post", short)
    assert fields_in_error(short) == {"reason"}
    assert counts() == before

    response = bob.post(url, {**REASON, **MARIES_CARD})
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/break-glass", "post", response)
    assert response.json()["client_id"] == str(marie.pk)
    assert dt.datetime.fromisoformat(response.json()["expires_at"]) > timezone.now()
    event = last_event(AuditAction.BREAK_GLASS)
    assert event is not None and event.action == "access.break_glass"
    assert (event.client_id, event.actor_id) == (marie.pk, network.bob.pk)

    opened = bob.get(detail_url)
    assert opened.status_code == 200
    assert opened.json()["break_glass_expires_at"] is not None
    assert "clinical" not in opened.json()["categories"]
    assert {"identity", "housing", "case_plan", "financial"} <= set(opened.json()["categories"])
    assert opened.json()["given_name"] == "Marie-Ève"


def test_break_the_glass_by_full_name_and_date_of_birth_goes_for_review(network, marie):
    bob = api_client_for(network.bob)
    response = bob.post(CLIENT.format(id=marie.pk) + "/break-glass", {**REASON, **MARIES_NAME})
    assert response.status_code == 201, response.json()
    grant = BreakGlassAccess.objects.get()
    assert (grant.client, grant.user, grant.reviewed_at) == (marie, network.bob, None)
    assert grant in access.break_glass_reviews_visible_to(network.bob_admin)


def test_a_partner_whose_consent_was_withdrawn_cannot_reopen_the_record_by_its_id(
    network, marie, openapi
):
    """Finding 3: the id a partner saw while the client shared with it opens nothing."""
    directive = share(
        marie, by=network.alice, categories=["identity"], organizations=[network.refuge]
    )
    bob = api_client_for(network.bob)
    url = CLIENT.format(id=marie.pk) + "/break-glass"
    assert bob.get(CLIENT.format(id=marie.pk)).status_code == 200
    directive.withdrawn_at = timezone.now()
    directive.save(update_fields=["withdrawn_at"])
    assert bob.get(CLIENT.format(id=marie.pk)).status_code == 404
    other = client_register(
        acting_user=network.alice,
        given_name="Jean",
        family_name="Dupont",
        date_of_birth=dt.date(1990, 1, 2),
        health_card_number="9876543210ZZ",
    )
    before = emergency_rows()

    # The id and a reason alone: the identifiers are required (422).
    alone = bob.post(url, REASON)
    assert alone.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/break-glass", "post", alone)
    # A name without the date of birth is not enough either.
    assert bob.post(url, {**REASON, "name": "Marie-Ève Côté"}).status_code == 422
    # Identifiers that match no record, only part of it, or another record: 404.
    for identifiers in (
        {"health_card_number": "1234 567 890 AC"},
        {"name": "Marie Côté", "date_of_birth": "1984-03-09"},
        {"name": "Marie-Ève Côté", "date_of_birth": "1984-03-10"},
        {"health_card_number": "9876543210ZZ"},  # Jean's card with Marie's id
        {**MARIES_CARD, "date_of_birth": "1990-01-02"},  # one identifier does not match
    ):
        refused = bob.post(url, {**REASON, **identifiers})
        assert refused.status_code == 404, identifiers
        assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/break-glass", "post", refused)
        assert (
            refused.json()
            == bob.post(
                CLIENT.format(id=uuid.uuid4()) + "/break-glass", {**REASON, **identifiers}
            ).json()
        )
    assert emergency_rows() == before
    assert bob.get(CLIENT.format(id=marie.pk)).status_code == 404
    # Jean's own identifiers open Jean's record, not Marie's.
    assert (
        bob.post(
            CLIENT.format(id=other.pk) + "/break-glass",
            {**REASON, "health_card_number": "9876543210ZZ"},
        ).status_code
        == 201
    )
    assert bob.get(CLIENT.format(id=marie.pk)).status_code == 404


def test_two_records_with_the_same_name_and_birth_date_open_neither(network, marie):
    client_register(
        acting_user=network.alice,
        given_name="Marie-Ève",
        family_name="Côté",
        date_of_birth=dt.date(1984, 3, 9),
    )
    bob = api_client_for(network.bob)
    before = emergency_rows()
    response = bob.post(CLIENT.format(id=marie.pk) + "/break-glass", {**REASON, **MARIES_NAME})
    assert response.status_code == 404
    assert emergency_rows() == before
    # The health card still designates one record.
    response = bob.post(CLIENT.format(id=marie.pk) + "/break-glass", {**REASON, **MARIES_CARD})
    assert response.status_code == 201


def test_break_the_glass_on_an_unknown_client_or_without_organization(network, marie):
    bob, root = api_client_for(network.bob), api_client_for(network.root)
    before = counts()
    unknown = bob.post(CLIENT.format(id=uuid.uuid4()) + "/break-glass", {**REASON, **MARIES_CARD})
    assert unknown.status_code == 404
    refused = root.post(CLIENT.format(id=marie.pk) + "/break-glass", {**REASON, **MARIES_CARD})
    assert refused.status_code == 403  # no organization: refused before any look-up
    assert counts() == before


def test_a_bad_break_glass_request_says_nothing_about_whether_the_client_exists(network, marie):
    bob = api_client_for(network.bob)
    before = counts()
    for body in ({"reason": "x", **MARIES_CARD}, {"reason": "x"}, REASON):
        real = bob.post(CLIENT.format(id=marie.pk) + "/break-glass", body)
        unknown = bob.post(CLIENT.format(id=uuid.uuid4()) + "/break-glass", body)
        assert real.status_code == unknown.status_code == 422
        assert real.json() == unknown.json()
    assert counts() == before
