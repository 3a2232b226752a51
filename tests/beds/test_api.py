"""The beds API with the personas: every answer is checked against the
OpenAPI document; refusals and bad input write nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from parcours.access import client_access_for
from parcours.beds import services
from parcours.beds.models import (
    Hold,
    RoomBooking,
    ServiceRestriction,
    Stay,
    StreetContact,
    Turnaway,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.beds.conftest import hours_ago
from tests.conftest import share
from tests.factories import UserFactory


def writes() -> tuple[int, ...]:
    return (
        Stay.objects.count(),
        Hold.objects.count(),
        RoomBooking.objects.count(),
        Turnaway.objects.count(),
        ServiceRestriction.objects.count(),
        StreetContact.objects.count(),
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.SEARCH])
        .exclude(action__startswith="auth.")
        .count(),
    )


def error_fields(response: Any) -> set[str | None]:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {e["field"] for e in body["errors"]}


def test_availability_is_for_every_partner_and_names_nobody(openapi, network, beds, paul):
    services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    api = api_client_for(network.alice)
    response = api.get("/api/v1/beds/availability")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/beds/availability", "get", response)
    shelter = next(s for s in response.json() if s["site"]["id"] == str(beds.shelter.pk))
    assert (shelter["capacity"], shelter["free"]) == (3, 2)
    assert "Lavoie" not in json.dumps(response.json())
    filtered = api.get("/api/v1/beds/availability", accessible="true")
    assert [r["name"] for s in filtered.json() for r in s["rooms"]] == ["Chambre adaptée"]
    assert api_client_for(None).get("/api/v1/beds/availability").status_code == 401
    outsider = UserFactory(organization=network.hospital)
    assert api_client_for(outsider).get("/api/v1/beds/availability").status_code == 404


def test_sites_and_their_rooms(openapi, network, beds):
    api = api_client_for(network.alice)
    response = api.get("/api/v1/beds/sites")
    assert_matches_openapi(openapi, "/api/v1/beds/sites", "get", response)
    assert {s["name"] for s in response.json()} == {"Refuge – dortoirs", "Maison Marguerite"}
    detail = api.get(f"/api/v1/beds/sites/{beds.family_site.pk}")
    assert_matches_openapi(openapi, "/api/v1/beds/sites/{site_id}", "get", detail)
    assert detail.json()["rooms"][0]["is_family_room"] is True
    assert len(detail.json()["rooms"][0]["beds"]) == 4


def test_a_hold_then_a_second_hold_on_the_same_bed(openapi, network, beds, marie, paul):
    response = api_client_for(network.alice).post(
        "/api/v1/beds/holds",
        {"client_id": str(marie.pk), "bed_id": str(beds.accessible_bed.pk), "hours": 2},
    )
    assert response.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/beds/holds", "post", response)
    assert response.json()["in_force"] is True
    before = writes()
    second = api_client_for(network.bob).post(
        "/api/v1/beds/holds", {"client_id": str(paul.pk), "bed_id": str(beds.accessible_bed.pk)}
    )
    assert second.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/beds/holds", "post", second)
    assert "déjà réservé" in second.json()["errors"][0]["message"]  # French by default
    assert writes() == before


def test_a_hold_for_a_client_the_caller_may_not_see_is_a_404(network, beds, paul):
    before = writes()
    response = api_client_for(network.alice).post(
        "/api/v1/beds/holds", {"client_id": str(paul.pk), "bed_id": str(beds.dorm_bed_1.pk)}
    )
    assert response.status_code == 404
    assert writes() == before


def test_hold_input_is_checked(network, beds, marie):
    before = writes()
    response = api_client_for(network.alice).post(
        "/api/v1/beds/holds",
        {
            "client_id": str(marie.pk),
            "bed_id": str(beds.dorm_bed_1.pk),
            "hours": 0,
            "colour": "red",
        },
    )
    assert response.status_code == 422
    assert error_fields(response) == {"hours", "colour"}
    assert writes() == before


def test_book_in_book_out_and_the_site_stays(openapi, network, beds, marie):
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
    )
    bob = api_client_for(network.bob)
    response = bob.post(
        "/api/v1/beds/stays",
        {
            "client_id": str(marie.pk),
            "bed_id": str(beds.accessible_bed.pk),
            "started_at": hours_ago(3).isoformat(),
        },
    )
    assert response.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/beds/stays", "post", response)
    stay_id = response.json()["id"]
    listing = bob.get(f"/api/v1/beds/sites/{beds.shelter.pk}/stays")
    assert_matches_openapi(openapi, "/api/v1/beds/sites/{site_id}/stays", "get", listing)
    assert [s["client"]["display_name"] for s in listing.json()] == ["Marie-Ève Côté"]
    # Other partners do not see who is in the beds.
    assert (
        api_client_for(network.alice).get(f"/api/v1/beds/sites/{beds.shelter.pk}/stays").status_code
        == 404
    )
    before = writes()
    early = bob.post(
        f"/api/v1/beds/stays/{stay_id}/book-out",
        {"exit_reason": "left", "ended_at": (timezone.now() - dt.timedelta(days=1)).isoformat()},
    )
    assert early.status_code == 422 and error_fields(early) == {"ended_at"}
    assert writes() == before
    out = bob.post(
        f"/api/v1/beds/stays/{stay_id}/book-out",
        {"exit_reason": "housed", "destination": "permanent_housing"},
    )
    assert out.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/beds/stays/{stay_id}/book-out", "post", out)
    assert out.json()["destination"] == "permanent_housing"


def test_book_in_to_an_occupied_bed_is_a_422_and_writes_nothing(network, beds, paul, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    before = writes()
    response = api_client_for(network.bob).post(
        "/api/v1/beds/stays", {"client_id": str(marie.pk), "bed_id": str(beds.dorm_bed_1.pk)}
    )
    assert response.status_code == 422
    assert writes() == before


def test_another_partner_cannot_book_in_record_turnaways_or_restrictions(network, beds, marie):
    api = api_client_for(network.alice)
    before = writes()
    for path, body in [
        ("/api/v1/beds/stays", {"client_id": str(marie.pk), "bed_id": str(beds.dorm_bed_1.pk)}),
        ("/api/v1/beds/turnaways", {"site_id": str(beds.shelter.pk), "reason": "no_bed"}),
        (
            "/api/v1/beds/restrictions",
            {
                "site_id": str(beds.shelter.pk),
                "client_id": str(marie.pk),
                "starts_on": "2026-01-01",
                "reason": "Menaces",
            },
        ),
        (
            "/api/v1/beds/room-bookings",
            {"room_id": str(beds.family_room.pk), "household_id": str(marie.pk)},
        ),
    ]:
        assert api.post(path, body).status_code == 404, path
    assert api.get(f"/api/v1/beds/sites/{beds.shelter.pk}/turnaways").status_code == 404
    assert writes() == before


def test_the_shelter_records_turnaways_and_everyone_sees_the_counts(openapi, network, beds):
    bob = api_client_for(network.bob)
    response = bob.post(
        "/api/v1/beds/turnaways", {"site_id": str(beds.shelter.pk), "reason": "no_bed", "people": 2}
    )
    assert response.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/beds/turnaways", "post", response)
    listing = bob.get(f"/api/v1/beds/sites/{beds.shelter.pk}/turnaways")
    assert_matches_openapi(openapi, "/api/v1/beds/sites/{site_id}/turnaways", "get", listing)
    occupancy = api_client_for(network.alice).get(f"/api/v1/beds/sites/{beds.shelter.pk}/occupancy")
    assert occupancy.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/beds/sites/{site_id}/occupancy", "get", occupancy)
    assert occupancy.json()["nights"][-1]["turned_away"] == 2
    assert occupancy.json()["turnaways_by_reason"] == {"no_bed": 2}


def test_the_family_shelter_books_a_household_into_a_room(openapi, network, beds, family):
    api = api_client_for(beds.jennifer)
    response = api.post(
        "/api/v1/beds/room-bookings",
        {"room_id": str(beds.family_room.pk), "household_id": str(family.household.pk)},
    )
    assert response.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/beds/room-bookings", "post", response)
    assert len(response.json()["stays"]) == 3
    out = api.post(
        f"/api/v1/beds/room-bookings/{response.json()['id']}/book-out", {"exit_reason": "completed"}
    )
    assert out.status_code == 200
    assert all(s["ended_at"] for s in out.json()["stays"])


def test_a_clients_stays_and_chronic_status_need_the_housing_category(
    openapi, network, beds, marie
):
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
    )
    services.stay_book_in(acting_user=network.bob, bed=beds.accessible_bed, client=marie)
    api = api_client_for(network.alice)
    assert api.get(f"/api/v1/clients/{marie.pk}/stays").json() == []
    assert api.get(f"/api/v1/clients/{marie.pk}/chronic-status").status_code == 404
    share(marie, by=network.alice, categories=["identity", "housing"], all_partners=True)
    stays = api.get(f"/api/v1/clients/{marie.pk}/stays")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/stays", "get", stays)
    assert len(stays.json()) == 1
    status = api.get(f"/api/v1/clients/{marie.pk}/chronic-status")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/chronic-status", "get", status)
    assert status.json()["currently_homeless"] is True
    # The shelter sees its own stay of the client (the referral), even so.
    assert len(api_client_for(network.bob).get(f"/api/v1/clients/{marie.pk}/stays").json()) == 1


def test_outreach_records_a_street_contact(openapi, network, marie):
    response = api_client_for(network.alice).post(
        f"/api/v1/clients/{marie.pk}/street-contacts", {"seen_on": str(timezone.localdate())}
    )
    assert response.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/street-contacts", "post", response)
    before = writes()
    future = api_client_for(network.alice).post(
        f"/api/v1/clients/{marie.pk}/street-contacts",
        {"seen_on": str(timezone.localdate() + dt.timedelta(days=2))},
    )
    assert future.status_code == 422 and error_fields(future) == {"seen_on"}
    assert (
        api_client_for(network.bob)
        .post(f"/api/v1/clients/{marie.pk}/street-contacts", {"seen_on": "2026-01-01"})
        .status_code
        == 404
    )
    assert writes() == before


def test_the_shelter_lists_and_lifts_its_service_restrictions(openapi, network, beds, paul):
    bob = api_client_for(network.bob)
    created = bob.post(
        "/api/v1/beds/restrictions",
        {
            "site_id": str(beds.shelter.pk),
            "client_id": str(paul.pk),
            "starts_on": str(timezone.localdate()),
            "reason": "Menaces au personnel",
        },
    )
    assert created.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/beds/restrictions", "post", created)
    listing = bob.get(f"/api/v1/beds/sites/{beds.shelter.pk}/restrictions")
    assert_matches_openapi(openapi, "/api/v1/beds/sites/{site_id}/restrictions", "get", listing)
    assert [r["client"]["display_name"] for r in listing.json()] == ["Paul Lavoie"]
    restriction_id = created.json()["id"]
    alice = api_client_for(network.alice)
    assert alice.get(f"/api/v1/beds/sites/{beds.shelter.pk}/restrictions").status_code == 404
    assert alice.post(f"/api/v1/beds/restrictions/{restriction_id}/lift").status_code == 404
    assert ServiceRestriction.objects.get().lifted_at is None
    lifted = bob.post(f"/api/v1/beds/restrictions/{restriction_id}/lift")
    assert lifted.status_code == 200
    assert_matches_openapi(
        openapi, "/api/v1/beds/restrictions/{restriction_id}/lift", "post", lifted
    )
    again = bob.post(f"/api/v1/beds/restrictions/{restriction_id}/lift")
    assert again.status_code == 422
