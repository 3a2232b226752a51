"""A shelter worker reads beds in the order they are numbered on the doors:
1, 2, … 10, 11 — not 1, 10, 11, 2."""

from __future__ import annotations

from parcours.beds import selectors, services

NUMBERED = [str(n) for n in range(1, 13)]


def test_beds_are_listed_in_natural_order_everywhere(network, beds) -> None:
    room = services.room_create(
        acting_user=network.bob_admin, site=beds.shelter, name="Dortoir B", beds=12
    )
    services.room_create(
        acting_user=network.bob_admin, site=beds.shelter, name="Dortoir C", beds=["C10", "C9", "c2"]
    )

    site = selectors.site_get_with_rooms(network.bob, beds.shelter.pk)
    by_room = {r.name: [b.label for b in r.active_beds] for r in site.active_rooms}
    assert by_room["Dortoir B"] == NUMBERED
    assert by_room["Dortoir C"] == ["c2", "C9", "C10"]

    [shelter] = selectors.availability(network.bob, site_id=beds.shelter.pk)
    [free] = [r for r in shelter.rooms if r.room.pk == room.pk]
    assert [b.label for b in free.beds] == NUMBERED

    board = selectors.site_board(network.bob_admin, beds.shelter)
    [line] = [r for r in board.rooms if r.room.pk == room.pk]
    assert [b.bed.label for b in line.beds] == NUMBERED
