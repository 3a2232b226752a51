from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parcours.access import client_access_for
from parcours.beds import family as family_rooms
from parcours.beds import selectors, services
from parcours.beds.models import Hold, HoldStatus, RoomBooking, Stay
from parcours.clients.services import client_register
from parcours.core.models import AuditEvent
from parcours.households import services as household_services
from tests.beds.conftest import days_ago
from tests.conftest import share


def test_a_family_is_booked_into_a_room_as_a_household(network, beds, family):
    booking = family_rooms.room_book_in(
        acting_user=beds.jennifer, room=beds.family_room, household=family.household
    )
    stays = list(booking.stays.order_by("client__given_name"))
    assert {s.client for s in stays} == {family.mother, family.son, family.daughter}
    assert all(s.bed is None and s.room == beds.family_room for s in stays)
    board = selectors.site_board(beds.jennifer, beds.family_site)
    room = board.rooms[0]
    assert room.booking == booking and len(room.members) == 3
    # The room counts once: no bed of it is free, the family room is not free.
    site = next(s for s in selectors.availability(network.alice) if s.site == beds.family_site)
    assert site.free == 0 and site.free_family_rooms == 0
    # Every member's stay is audited on their own record.
    assert AuditEvent.objects.filter(target_type="beds.stay").count() == 3


def test_a_second_household_cannot_take_a_booked_family_room(network, beds, family):
    family_rooms.room_book_in(
        acting_user=beds.jennifer, room=beds.family_room, household=family.household
    )
    other = client_register(acting_user=beds.jennifer, given_name="Sara", family_name="Khan")
    household = household_services.household_create(
        acting_user=beds.jennifer,
        client_access=client_access_for(beds.jennifer, other),
        formed_on=days_ago(10).date(),
    )
    before = (RoomBooking.objects.count(), Stay.objects.count())
    with pytest.raises(ValidationError, match="occupied"):
        family_rooms.room_book_in(
            acting_user=beds.jennifer, room=beds.family_room, household=household
        )
    assert (RoomBooking.objects.count(), Stay.objects.count()) == before


def test_the_household_leaves_together(network, beds, family):
    booking = family_rooms.room_book_in(
        acting_user=beds.jennifer,
        room=beds.family_room,
        household=family.household,
        started_at=days_ago(12),
    )
    family_rooms.room_book_out(
        acting_user=beds.jennifer,
        booking=booking,
        exit_reason="housed",
        destination="permanent_housing",
    )
    assert not Stay.objects.filter(ended_at__isnull=True).exists()
    assert set(Stay.objects.values_list("destination", flat=True)) == {"permanent_housing"}
    assert all(s.nights() == 12 for s in Stay.objects.all())
    site = next(s for s in selectors.availability(network.alice) if s.site == beds.family_site)
    assert site.free_family_rooms == 1


def test_a_household_book_out_before_its_book_in_is_refused(network, beds, family):
    booking = family_rooms.room_book_in(
        acting_user=beds.jennifer,
        room=beds.family_room,
        household=family.household,
        started_at=days_ago(2),
    )
    with pytest.raises(ValidationError):
        family_rooms.room_book_out(
            acting_user=beds.jennifer, booking=booking, exit_reason="left", ended_at=days_ago(3)
        )
    assert Stay.objects.filter(ended_at__isnull=True).count() == 3


def test_a_single_bed_stay_cannot_be_booked_in_a_family_room(network, beds, family):
    bed = beds.family_room.beds.first()
    with pytest.raises(ValidationError, match="family room"):
        services.stay_book_in(acting_user=beds.jennifer, bed=bed, client=family.mother)
    assert not Stay.objects.exists()


def test_the_hub_holds_a_family_room_and_the_shelter_books_the_household_in(network, beds, family):
    share(
        family.mother, by=beds.jennifer, categories=["identity"], organizations=[network.carrefour]
    )
    hold = services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, family.mother),
        room=beds.family_room,
        household=family.household,
    )
    assert hold.household == family.household
    before = Hold.objects.count()
    with pytest.raises(ValidationError, match="already held"):
        services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, family.mother),
            room=beds.family_room,
            household=family.household,
        )
    assert Hold.objects.count() == before
    family_rooms.room_book_in(
        acting_user=beds.jennifer, room=beds.family_room, household=family.household
    )
    hold.refresh_from_db()
    assert hold.status == HoldStatus.USED


def test_another_partner_cannot_book_a_family_room(network, beds, family):
    with pytest.raises(PermissionDenied):
        family_rooms.room_book_in(
            acting_user=network.bob, room=beds.family_room, household=family.household
        )
    assert not RoomBooking.objects.exists()
