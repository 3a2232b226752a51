"""Offers: the unit is held while an offer is open; two open offers of one
unit are impossible (the database and row locks); accept, decline with a
reason (and a pause), withdraw; a tenancy start ends the client's other
offers; stalled offers and their expiry; audit events."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction

from parcours.access import client_access_for
from parcours.core.models import AuditEvent
from parcours.housing.matching import offer_make, offers_expire
from parcours.housing.matching_selectors import offer_list
from parcours.housing.models import HousingOffer, OfferStatus, UnitStatus
from parcours.housing.tenancies import tenancy_start
from tests.conftest import share
from tests.housing.matching_support import answer, offer, people_fixture  # noqa: F401

TODAY = dt.date.today


def _status(unit) -> str:
    unit.refresh_from_db()
    return unit.status


# --- Lifecycle -----------------------------------------------------------------------------


def test_an_offer_holds_the_unit_for_the_client_until_the_answer(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    assert made.status == OfferStatus.OFFERED
    assert made.respond_by == made.offered_on + dt.timedelta(days=7)
    assert _status(housing.studio) == UnitStatus.HELD
    assert AuditEvent.objects.filter(target_id=str(made.pk), action="record.create").exists()
    assert AuditEvent.objects.filter(
        target_id=str(housing.studio.pk), after={"status": "held"}
    ).exists()


def test_accepted_the_unit_stays_held_then_the_tenancy_takes_the_offer(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    answer(network.alice, made, "accept")
    assert _status(housing.studio) == UnitStatus.HELD
    tenancy = tenancy_start(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, people.anne),
        unit=housing.studio,
        start_date=TODAY(),
    )
    made.refresh_from_db()
    assert made.status == OfferStatus.ACCEPTED
    assert made.tenancy == tenancy
    assert _status(housing.studio) == UnitStatus.OCCUPIED
    # The unit can be offered again one day: the accepted offer no longer holds it.
    assert not made.holds_unit


def test_declined_by_the_client_with_a_reason_frees_the_unit(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    answer(network.alice, made, "decline", decline_side="client", reason="location")
    made.refresh_from_db()
    assert (made.status, made.decline_side, made.reason) == ("declined", "client", "location")
    assert made.answered_on == TODAY()
    assert made.paused_until is None
    assert _status(housing.studio) == UnitStatus.AVAILABLE


def test_a_decline_needs_who_and_a_reason_from_the_list(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        answer(network.alice, made, "decline", reason="bad luck")
    assert set(exc.value.message_dict) == {"decline_side", "reason"}
    with pytest.raises(ValidationError) as exc:
        answer(network.alice, made, "decline", decline_side="provider", reason="other")
    assert set(exc.value.message_dict) == {"note"}
    made.refresh_from_db()
    assert made.status == OfferStatus.OFFERED
    assert AuditEvent.objects.count() == events
    assert _status(housing.studio) == UnitStatus.HELD


def test_a_decline_may_pause_the_clients_next_offers(network, housing, people, settings):
    settings.HOUSING_DECLINE_PAUSE_DAYS = 10
    made = offer(network.alice, people.anne, housing.studio)
    answer(network.alice, made, "decline", decline_side="client", reason="unit_condition")
    made.refresh_from_db()
    assert made.paused_until == TODAY() + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="paused until"):
        offer(network.alice, people.anne, housing.room)
    # A per-decline pause of 0 days does not pause.
    second = offer(network.alice, people.bruno, housing.studio)
    answer(
        network.alice,
        second,
        "decline",
        decline_side="provider",
        reason="landlord_refused",
        pause_days=0,
    )
    assert offer(network.alice, people.bruno, housing.room).status == OfferStatus.OFFERED


def test_an_answered_offer_cannot_be_answered_again(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    answer(network.alice, made, "decline", decline_side="client", reason="cost")
    with pytest.raises(ValidationError, match="already answered"):
        answer(network.alice, made, "accept")


def test_withdrawn_even_once_accepted(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    answer(network.alice, made, "accept")
    answer(network.alice, made, "withdraw", reason="client_unreachable")
    made.refresh_from_db()
    assert made.status == OfferStatus.WITHDRAWN
    assert _status(housing.studio) == UnitStatus.AVAILABLE


# --- Who may -------------------------------------------------------------------------------


def test_a_partner_without_housing_consent_may_not_offer(network, housing, people):
    share(people.anne, by=network.alice, categories=["identity"], organizations=[network.refuge])
    with pytest.raises(PermissionDenied):
        offer(network.bob, people.anne, housing.studio)
    assert not HousingOffer.objects.exists()
    assert _status(housing.studio) == UnitStatus.AVAILABLE


def test_the_unit_keeper_with_housing_consent_offers_and_answers(network, housing, people):
    share(
        people.anne,
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    made = offer(network.alice, people.anne, housing.studio)
    # Bob's organization keeps the studio: it records the landlord's refusal.
    answer(network.bob, made, "decline", decline_side="provider", reason="landlord_refused")
    assert _status(housing.studio) == UnitStatus.AVAILABLE


def test_another_partner_may_not_answer(network, housing, people):
    share(
        people.anne,
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    made = offer(network.alice, people.anne, housing.room)  # the Carrefour keeps the room
    with pytest.raises(PermissionDenied):
        answer(network.bob, made, "accept")


# --- One open offer per unit ---------------------------------------------------------------


def test_a_held_unit_cannot_be_offered_again(network, housing, people):
    offer(network.alice, people.anne, housing.studio)
    with pytest.raises(ValidationError, match="cannot be offered"):
        offer(network.alice, people.bruno, housing.studio)
    assert HousingOffer.objects.filter(unit=housing.studio).count() == 1


def test_the_database_refuses_a_second_open_offer_of_a_unit(network, housing, people):
    first = offer(network.alice, people.anne, housing.studio)
    with pytest.raises(IntegrityError), transaction.atomic():
        HousingOffer.objects.create(
            unit=housing.studio,
            client=people.bruno,
            offered_on=TODAY(),
            respond_by=TODAY(),
            organization=network.carrefour,
            recorded_by=network.alice,
        )
    # Once declined, the unit may be offered again.
    answer(network.alice, first, "decline", decline_side="client", reason="cost")
    assert offer(network.alice, people.bruno, housing.studio).status == OfferStatus.OFFERED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_offer_the_same_unit_at_once_one_wins(network, housing, people):
    accesses = [
        client_access_for(network.alice, people.anne),
        client_access_for(network.alice, people.bruno),
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def ask(client_access) -> None:
        try:
            barrier.wait(timeout=10)
            offer_make(acting_user=network.alice, client_access=client_access, unit=housing.studio)
            result = "offered"
        except ValidationError as exc:
            result = "refused" if "unit" in exc.message_dict else str(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=ask, args=(a,)) for a in accesses]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["offered", "refused"]
    assert HousingOffer.objects.filter(unit=housing.studio, status="offered").count() == 1


# --- Housed ends the other offers ----------------------------------------------------------


def test_a_tenancy_start_ends_the_clients_other_offers_and_frees_their_units(
    network, housing, people
):
    first = offer(network.alice, people.anne, housing.studio)
    second = offer(network.alice, people.anne, housing.room)
    tenancy_start(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, people.anne),
        unit=housing.later,
        start_date=TODAY(),
    )
    for made in (first, second):
        made.refresh_from_db()
        assert (made.status, made.reason) == ("withdrawn", "housed_elsewhere")
    assert _status(housing.studio) == UnitStatus.AVAILABLE
    assert _status(housing.room) == UnitStatus.AVAILABLE
    assert AuditEvent.objects.filter(target_id=str(first.pk), action="record.update").exists()


def test_a_housed_client_cannot_be_offered_a_unit(network, housing, people):
    tenancy_start(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, people.anne),
        unit=housing.later,
        start_date=TODAY(),
    )
    with pytest.raises(ValidationError, match="housed"):
        offer(network.alice, people.anne, housing.studio)


# --- Stalled and expired -------------------------------------------------------------------


def test_offers_open_more_than_7_days_are_stalled_on_the_coordinators_list(
    network, housing, people
):
    old = offer(
        network.alice,
        people.anne,
        housing.studio,
        offered_on=TODAY() - dt.timedelta(days=8),
    )
    recent = offer(network.alice, people.bruno, housing.family)
    rows = {o.pk: o.stalled for o in offer_list(network.alice_admin)}
    assert rows == {old.pk: True, recent.pk: False}
    assert [o.pk for o in offer_list(network.alice_admin, show="stalled")] == [old.pk]
    with pytest.raises(PermissionDenied):
        offer_list(network.alice)  # not a coordinator
    with pytest.raises(PermissionDenied):
        offer_list(housing.hospital_staff)


def test_expire_offers_expires_past_the_answer_date_plus_grace_and_is_idempotent(
    network, housing, people, settings
):
    settings.HOUSING_OFFER_EXPIRY_GRACE_DAYS = 2
    due = offer(
        network.alice, people.anne, housing.studio, offered_on=TODAY() - dt.timedelta(days=10)
    )
    grace = offer(
        network.alice, people.bruno, housing.family, offered_on=TODAY() - dt.timedelta(days=8)
    )
    out = StringIO()
    call_command("expire_offers", stdout=out)
    assert "1 offer(s) expired." in out.getvalue()
    due.refresh_from_db()
    grace.refresh_from_db()
    assert due.status == OfferStatus.EXPIRED
    assert grace.status == OfferStatus.OFFERED
    assert _status(housing.studio) == UnitStatus.AVAILABLE
    assert _status(housing.family) == UnitStatus.HELD
    assert offers_expire() == 0


def test_restrict_narrows_offers_and_preferences_by_the_policy(network, housing, people):
    from parcours.access import Action, restrict
    from parcours.housing.models import HousingPreference

    made = offer(network.alice, people.anne, housing.studio)
    assert list(restrict(HousingOffer.objects.all(), network.alice)) == [made]
    assert list(restrict(HousingOffer.objects.all(), network.bob)) == []
    assert restrict(HousingPreference.objects.all(), network.alice).count() == 3
    assert restrict(HousingPreference.objects.all(), housing.hospital_staff).count() == 0
    share(
        people.anne,
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    # Bob's organization keeps the studio: it sees and may answer the offer.
    assert list(restrict(HousingOffer.objects.all(), network.bob, Action.CHANGE)) == [made]
    room = offer(network.alice, people.anne, housing.room)
    assert set(restrict(HousingOffer.objects.all(), network.bob, Action.VIEW)) == {room, made}
    assert room not in restrict(HousingOffer.objects.all(), network.bob, Action.CHANGE)
