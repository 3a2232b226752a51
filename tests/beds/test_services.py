from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from parcours.access import client_access_for
from parcours.beds import selectors, services
from parcours.beds.models import Hold, HoldStatus, ServiceRestriction, Stay, Turnaway
from parcours.core.models import AuditEvent
from tests.beds.conftest import hours_ago
from tests.conftest import share


def _counts() -> tuple[int, int, int]:
    return Stay.objects.count(), Hold.objects.count(), AuditEvent.objects.count()


def test_hub_worker_holds_a_free_bed_for_her_client(network, beds, marie):
    hold = services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
        hours=3,
        reason="Référée par le carrefour",
    )
    assert hold.status == HoldStatus.ACTIVE
    assert hold.placed_by_organization == network.carrefour
    assert (
        dt.timedelta(hours=2, minutes=59)
        < hold.expires_at - timezone.now()
        <= dt.timedelta(hours=3)
    )
    event = AuditEvent.objects.filter(target_type="beds.hold").get()
    assert event.client_id == marie.pk
    free = selectors.availability(network.alice)
    shelter = next(s for s in free if s.site == beds.shelter)
    assert shelter.free == 2  # two dorm beds; the accessible bed is held


def test_a_hold_on_a_held_bed_is_refused_and_nothing_is_written(network, beds, marie, paul):
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
    )
    before = _counts()
    with pytest.raises(ValidationError, match="already held"):
        services.hold_place(
            acting_user=network.bob,
            client_access=client_access_for(network.bob, paul),
            bed=beds.accessible_bed,
        )
    assert _counts() == before


def test_an_expired_hold_leaves_the_bed_free(network, beds, marie, paul):
    hold = services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
        hours=1,
    )
    Hold.objects.filter(pk=hold.pk).update(expires_at=hours_ago(0.1))
    shelter = next(s for s in selectors.availability(network.bob) if s.site == beds.shelter)
    assert shelter.free == 3
    second = services.hold_place(
        acting_user=network.bob,
        client_access=client_access_for(network.bob, paul),
        bed=beds.accessible_bed,
    )
    hold.refresh_from_db()
    assert hold.status == HoldStatus.EXPIRED
    assert second.status == HoldStatus.ACTIVE


def test_hold_hours_are_bounded(network, beds, marie):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            bed=beds.accessible_bed,
            hours=500,
        )
    assert "hours" in exc.value.message_dict
    assert _counts() == before


def test_the_shelter_books_in_the_client_held_for_it_without_other_consent(network, beds, marie):
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
    )
    stay = services.stay_book_in(acting_user=network.bob, bed=beds.accessible_bed, client=marie)
    assert stay.is_open
    assert Hold.objects.get().status == HoldStatus.USED
    # The referral shared the name with the shelter: it sees its own stay.
    assert list(selectors.stays_for(network.bob, site=beds.shelter)) == [stay]


def test_the_shelter_cannot_book_in_a_client_it_may_not_see_without_a_hold(network, beds, marie):
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.stay_book_in(acting_user=network.bob, bed=beds.accessible_bed, client=marie)
    assert _counts() == before


def test_a_bed_held_for_someone_else_cannot_be_booked(network, beds, marie, paul):
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
    )
    before = _counts()
    with pytest.raises(ValidationError, match="held for someone else"):
        services.stay_book_in(acting_user=network.bob, bed=beds.accessible_bed, client=paul)
    assert _counts() == before


def test_book_in_to_an_occupied_bed_is_refused_and_nothing_is_written(network, beds, paul, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    before = _counts()
    with pytest.raises(ValidationError, match="occupied"):
        services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=marie)
    assert _counts() == before


def test_a_client_cannot_be_in_two_beds(network, beds, paul):
    services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    before = _counts()
    with pytest.raises(ValidationError, match="already booked in"):
        services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_2, client=paul)
    assert _counts() == before


def test_another_partner_cannot_book_in_at_the_shelter(network, beds, marie):
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.stay_book_in(acting_user=network.alice, bed=beds.dorm_bed_1, client=marie)
    assert _counts() == before


def test_book_out_before_book_in_is_refused_and_nothing_is_written(network, beds, paul):
    stay = services.stay_book_in(
        acting_user=network.bob, bed=beds.dorm_bed_1, client=paul, started_at=hours_ago(5)
    )
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.stay_book_out(
            acting_user=network.bob, stay=stay, exit_reason="left", ended_at=hours_ago(6)
        )
    assert "ended_at" in exc.value.message_dict
    stay.refresh_from_db()
    assert stay.ended_at is None
    assert _counts() == before


def test_book_out_records_reason_and_destination_and_frees_the_bed(network, beds, paul):
    stay = services.stay_book_in(
        acting_user=network.bob, bed=beds.dorm_bed_1, client=paul, started_at=hours_ago(50)
    )
    services.stay_book_out(
        acting_user=network.bob, stay=stay, exit_reason="housed", destination="permanent_housing"
    )
    stay.refresh_from_db()
    assert (stay.exit_reason, stay.destination, stay.booked_out_by) == (
        "housed",
        "permanent_housing",
        network.bob,
    )
    with pytest.raises(ValidationError, match="already over"):
        services.stay_book_out(acting_user=network.bob, stay=stay, exit_reason="left")
    shelter = next(s for s in selectors.availability(network.alice) if s.site == beds.shelter)
    assert shelter.free == 3


def test_a_service_restriction_blocks_book_in_and_holds_until_lifted(network, beds, paul, marie):
    today = timezone.localdate()
    restriction = services.restriction_create(
        acting_user=network.bob,
        site=beds.shelter,
        client_access=client_access_for(network.bob, paul),
        starts_on=today,
        ends_on=today + dt.timedelta(days=7),
        reason="Violence envers un autre résident",
    )
    before = _counts()
    with pytest.raises(ValidationError, match="may not stay at this site until"):
        services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    assert _counts() == before
    services.restriction_lift(acting_user=network.bob, restriction=restriction)
    assert services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)


def test_a_restriction_ending_before_it_starts_is_refused(network, beds, paul):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.restriction_create(
            acting_user=network.bob,
            site=beds.shelter,
            client_access=client_access_for(network.bob, paul),
            starts_on=today,
            ends_on=today - dt.timedelta(days=1),
            reason="x",
        )
    assert {"ends_on", "reason"} <= set(exc.value.message_dict)
    assert not ServiceRestriction.objects.exists()


def test_the_nightly_roll_call_books_out_who_did_not_come_back(network, beds, paul, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    here = services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    gone = services.stay_book_in(acting_user=network.bob, bed=beds.accessible_bed, client=marie)
    ended = services.roll_call(
        acting_user=network.bob, site=beds.shelter, present_stay_ids=[here.pk]
    )
    assert ended == [gone]
    gone.refresh_from_db()
    here.refresh_from_db()
    assert gone.exit_reason == "did_not_return" and gone.ended_at is not None
    assert here.is_open


def test_turnaways_need_a_reason_and_detail_for_a_restriction(network, beds):
    with pytest.raises(ValidationError) as exc:
        services.turnaway_record(acting_user=network.bob, site=beds.shelter, reason="restriction")
    assert "detail" in exc.value.message_dict
    assert not Turnaway.objects.exists()
    services.turnaway_record(acting_user=network.bob, site=beds.shelter, reason="no_bed", people=3)
    assert Turnaway.objects.get().people == 3


def test_only_the_site_staff_record_turnaways(network, beds):
    with pytest.raises(PermissionDenied):
        services.turnaway_record(acting_user=network.alice, site=beds.shelter, reason="no_bed")
    assert not Turnaway.objects.exists()


def test_a_bed_of_a_family_room_is_not_held_alone(network, beds, marie):
    bed = beds.family_room.beds.first()
    with pytest.raises(ValidationError, match="family room"):
        services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            bed=bed,
        )
    assert not Hold.objects.exists()


def test_the_database_refuses_a_second_open_stay_in_a_bed(network, beds, paul, marie):
    services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(
            client=marie,
            site=beds.shelter,
            room=beds.dorm,
            bed=beds.dorm_bed_1,
            started_at=timezone.now(),
            booked_in_by=network.bob,
        )


def test_the_database_refuses_a_second_active_hold_on_a_bed(network, beds, paul, marie):
    services.hold_place(
        acting_user=network.bob,
        client_access=client_access_for(network.bob, paul),
        bed=beds.dorm_bed_1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Hold.objects.create(
            room=beds.dorm,
            bed=beds.dorm_bed_1,
            client=marie,
            expires_at=timezone.now() + dt.timedelta(hours=1),
            placed_by=network.alice,
            placed_by_organization=network.carrefour,
        )


def test_only_an_administrator_of_the_organization_configures_its_sites(network):
    with pytest.raises(PermissionDenied):
        services.site_create(
            acting_user=network.bob,
            program=network.shelter_program,
            name="Annexe",
            kind="emergency_shelter",
        )
    with pytest.raises(PermissionDenied):
        services.site_create(
            acting_user=network.alice_admin,
            program=network.shelter_program,
            name="Annexe",
            kind="emergency_shelter",
        )
