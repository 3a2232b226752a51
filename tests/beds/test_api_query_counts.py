"""Every list route of the beds API answers in as many queries for ten rows
as for two: the output schemas read querysets whose relations are selected
or prefetched, never a query per row."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.access import client_access_for
from parcours.beds import services
from parcours.beds.models import Room, SiteKind, Stay
from parcours.clients.models import Client
from parcours.clients.services import client_register
from tests.api.conftest import ApiClient, api_client_for
from tests.beds.conftest import days_ago


def _queries(api: ApiClient, path: str, rows: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body) == rows, body
    return len(ctx)


def _same_queries_for_2_and_10(
    api: ApiClient, path: str, add: Callable[[int], None], *, already: int = 0
) -> None:
    """``add(i)`` makes the i-th row; the route is asked with 2 rows, then 10."""
    for i in range(2 - already):
        add(i)
    api.get(path)  # warm the caches (translations, the token's last use)
    two = _queries(api, path, 2)
    for i in range(2 - already, 10 - already):
        add(i)
    assert _queries(api, path, 10) == two


def _people(by, count: int, family: str) -> list[Client]:
    return [
        client_register(
            acting_user=by, given_name=f"Personne{i}", family_name=family, date_of_birth=None
        )
        for i in range(count)
    ]


def _big_room(network, beds) -> Room:
    return services.room_create(
        acting_user=network.bob_admin, site=beds.shelter, name="Dortoir B", beds=10
    )


def test_site_list(network, beds):
    def add(i: int) -> None:
        services.site_create(
            acting_user=network.bob_admin,
            program=network.shelter_program,
            name=f"Site {i}",
            kind=SiteKind.EMERGENCY_SHELTER,
        )

    _same_queries_for_2_and_10(api_client_for(network.alice), "/api/v1/beds/sites", add, already=2)


def test_site_rooms_and_availability(network, beds):
    api = api_client_for(network.alice)

    def add(i: int) -> None:
        services.room_create(
            acting_user=network.bob_admin, site=beds.shelter, name=f"Chambre {i}", beds=2
        )

    detail = f"/api/v1/beds/sites/{beds.shelter.pk}"
    api.get(detail)
    with CaptureQueriesContext(connection) as ctx:
        assert len(api.get(detail).json()["rooms"]) == 2
    two = len(ctx)
    availability = "/api/v1/beds/availability"
    api.get(availability)
    with CaptureQueriesContext(connection) as ctx:
        api.get(availability)
    two_availability = len(ctx)
    for i in range(8):
        add(i)
    with CaptureQueriesContext(connection) as ctx:
        assert len(api.get(detail).json()["rooms"]) == 10
    assert len(ctx) == two
    with CaptureQueriesContext(connection) as ctx:
        shelter = next(
            s for s in api.get(availability).json() if s["site"]["id"] == str(beds.shelter.pk)
        )
    assert len(shelter["rooms"]) == 10
    assert len(ctx) == two_availability


def test_hold_list(network, beds):
    room = _big_room(network, beds)
    free = list(room.beds.order_by("label"))
    people = _people(network.alice, 10, "Tenu")

    def add(i: int) -> None:
        services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, people[i]),
            bed=free[i],
        )

    _same_queries_for_2_and_10(api_client_for(network.alice), "/api/v1/beds/holds", add)


def test_site_stays(network, beds):
    room = _big_room(network, beds)
    free = list(room.beds.order_by("label"))
    people = _people(network.bob, 10, "Hébergé")

    def add(i: int) -> None:
        services.stay_book_in(acting_user=network.bob, bed=free[i], client=people[i])

    _same_queries_for_2_and_10(
        api_client_for(network.bob), f"/api/v1/beds/sites/{beds.shelter.pk}/stays", add
    )


def test_turnaway_list(network, beds):
    people = _people(network.bob, 10, "Refusé")

    def add(i: int) -> None:
        services.turnaway_record(
            acting_user=network.bob,
            site=beds.shelter,
            reason="no_bed",
            client_access=client_access_for(network.bob, people[i]),
        )

    _same_queries_for_2_and_10(
        api_client_for(network.bob), f"/api/v1/beds/sites/{beds.shelter.pk}/turnaways", add
    )


def test_restriction_list(network, beds):
    people = _people(network.bob, 10, "Restreint")

    def add(i: int) -> None:
        services.restriction_create(
            acting_user=network.bob,
            site=beds.shelter,
            client_access=client_access_for(network.bob, people[i]),
            starts_on=timezone.localdate(),
            ends_on=None,
            reason="Violence envers le personnel",
        )

    _same_queries_for_2_and_10(
        api_client_for(network.bob), f"/api/v1/beds/sites/{beds.shelter.pk}/restrictions", add
    )


def test_a_clients_stays(network, beds, paul):
    def add(i: int) -> None:
        Stay.objects.create(
            client=paul,
            site=beds.shelter,
            room=beds.dorm,
            bed=beds.dorm_bed_1,
            started_at=days_ago(3 * i + 3),
            ended_at=days_ago(3 * i + 1, hour=8),
            exit_reason="left",
            booked_in_by=network.bob,
        )

    _same_queries_for_2_and_10(api_client_for(network.bob), f"/api/v1/clients/{paul.pk}/stays", add)
