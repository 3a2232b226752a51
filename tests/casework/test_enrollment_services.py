"""Enrollments, capacity, transfers and the waitlist, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from parcours.casework.models import Enrollment, EnrollmentEndReason, WaitlistEntry, WaitlistStatus
from parcours.casework.services import (
    enrollment_close,
    enrollment_open,
    enrollment_reassign,
    enrollment_transfer,
    waitlist_add,
    waitlist_move,
    waitlist_offer,
    waitlist_remove,
)
from parcours.core.models import AuditEvent
from tests.casework.conftest import Casework, today
from tests.conftest import Network


def _fill_alice(network: Network, casework: Casework) -> list[Enrollment]:
    return [
        enrollment_open(
            acting_user=network.alice,
            client=c,
            program=casework.icm,
            start_date=today(),
            primary_worker=network.alice,
        )
        for c in casework.clients[:3]
    ]


def test_case_manager_enrolls_a_client_with_herself_as_primary_worker(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    enrollment = enrollment_open(
        acting_user=network.alice,
        client=client,
        program=casework.icm,
        start_date=today(),
        primary_worker=network.alice,
    )
    assert enrollment.is_open
    assert enrollment.organization_id == network.carrefour.pk
    event = AuditEvent.objects.get(target_id=str(enrollment.pk))
    assert event.client_id == client.pk
    assert event.after["primary_worker_id"] == str(network.alice.pk)


def test_a_client_cannot_be_enrolled_twice_in_the_same_program(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    enrollment_open(
        acting_user=network.alice, client=client, program=casework.icm, start_date=today()
    )
    with pytest.raises(ValidationError) as exc:
        enrollment_open(
            acting_user=network.alice, client=client, program=casework.icm, start_date=today()
        )
    assert "already enrolled" in str(exc.value)
    assert Enrollment.objects.filter(client=client).count() == 1


def test_the_database_refuses_a_second_open_enrollment(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    first = enrollment_open(
        acting_user=network.alice, client=client, program=casework.icm, start_date=today()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            client=client,
            program=casework.icm,
            organization=network.carrefour,
            start_date=today(),
            opened_by=network.alice,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.filter(pk=first.pk).update(
            end_date=first.start_date - dt.timedelta(days=1), end_reason="other"
        )


def test_a_closed_enrollment_allows_a_new_one(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    first = enrollment_open(
        acting_user=network.alice,
        client=client,
        program=casework.icm,
        start_date=today() - dt.timedelta(days=30),
    )
    enrollment_close(
        acting_user=network.alice, enrollment=first, end_date=today(), end_reason="disengaged"
    )
    again = enrollment_open(
        acting_user=network.alice, client=client, program=casework.icm, start_date=today()
    )
    assert again.is_open
    first.refresh_from_db()
    assert first.end_reason == "disengaged"


def test_capacity_is_refused_when_the_case_manager_is_full(
    network: Network, casework: Casework
) -> None:
    _fill_alice(network, casework)
    with pytest.raises(ValidationError) as exc:
        enrollment_open(
            acting_user=network.alice,
            client=casework.clients[3],
            program=casework.icm,
            start_date=today(),
            primary_worker=network.alice,
        )
    assert "Capacity exceeded" in str(exc.value)
    assert not Enrollment.objects.filter(client=casework.clients[3]).exists()


def test_a_case_manager_cannot_override_capacity_even_with_a_reason(
    network: Network, casework: Casework
) -> None:
    _fill_alice(network, casework)
    with pytest.raises(ValidationError) as exc:
        enrollment_open(
            acting_user=network.alice,
            client=casework.clients[3],
            program=casework.icm,
            start_date=today(),
            primary_worker=network.alice,
            override_reason="Elle connaît déjà le client.",
        )
    assert "Only a coordinator" in str(exc.value)
    assert not Enrollment.objects.filter(client=casework.clients[3]).exists()


def test_a_coordinator_overrides_capacity_with_a_reason_and_it_is_audited(
    network: Network, casework: Casework
) -> None:
    _fill_alice(network, casework)
    enrollment = enrollment_open(
        acting_user=casework.coordinator,
        client=casework.clients[3],
        program=casework.icm,
        start_date=today(),
        primary_worker=network.alice,
        override_reason="Continuité : elle suivait déjà le client à l'hôpital.",
    )
    assert enrollment.capacity_override_reason.startswith("Continuité")
    event = AuditEvent.objects.get(target_id=str(enrollment.pk))
    assert event.detail == {"capacity_override": True}
    assert event.after["capacity_override_reason"].startswith("Continuité")


def test_team_capacity_is_ratio_times_team_staff(network: Network, casework: Casework) -> None:
    # 2 staff × 2 clients = 4 places.
    for c in casework.clients[:4]:
        enrollment_open(
            acting_user=casework.act_staff[0],
            client=c,
            program=casework.act,
            start_date=today(),
            team=casework.act_team,
        )
    with pytest.raises(ValidationError) as exc:
        enrollment_open(
            acting_user=casework.act_staff[0],
            client=casework.clients[4],
            program=casework.act,
            start_date=today(),
            team=casework.act_team,
        )
    assert "team" in str(exc.value)
    assert not Enrollment.objects.filter(client=casework.clients[4]).exists()


def test_the_worker_must_belong_to_the_program(network: Network, casework: Casework) -> None:
    with pytest.raises(ValidationError) as exc:
        enrollment_open(
            acting_user=network.alice,
            client=casework.clients[0],
            program=casework.icm,
            start_date=today(),
            primary_worker=casework.act_staff[0],
        )
    assert "primary_worker" in exc.value.message_dict
    assert not Enrollment.objects.exists()


def test_staff_of_another_organization_cannot_enroll_into_its_programs(
    network: Network, casework: Casework
) -> None:
    with pytest.raises(ValidationError):
        enrollment_open(
            acting_user=network.bob,
            client=casework.clients[0],
            program=casework.icm,
            start_date=today(),
        )
    assert not Enrollment.objects.exists()


def test_an_outer_transaction_rolls_the_enrollment_back(
    network: Network, casework: Casework
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        enrollment_open(
            acting_user=network.alice,
            client=casework.clients[0],
            program=casework.icm,
            start_date=today(),
        )
        raise RuntimeError("the caller fails later")
    assert not Enrollment.objects.exists()
    assert AuditEvent.objects.count() == events


def test_closing_needs_a_reason_and_an_end_after_the_start(
    network: Network, casework: Casework
) -> None:
    enrollment = enrollment_open(
        acting_user=network.alice,
        client=casework.clients[0],
        program=casework.icm,
        start_date=today(),
    )
    with pytest.raises(ValidationError) as exc:
        enrollment_close(
            acting_user=network.alice,
            enrollment=enrollment,
            end_date=today() - dt.timedelta(days=1),
            end_reason="nonsense",
        )
    assert set(exc.value.message_dict) == {"end_date", "end_reason"}
    enrollment.refresh_from_db()
    assert enrollment.is_open


def test_cti_phase_follows_the_start_date(network: Network, casework: Casework) -> None:
    enrollment = Enrollment(start_date=dt.date(2026, 1, 15))
    assert enrollment.cti_phase(dt.date(2026, 3, 14)) == 1
    assert enrollment.cti_phase(dt.date(2026, 4, 15)) == 2
    assert enrollment.cti_phase(dt.date(2026, 7, 20)) == 3
    assert enrollment.cti_phase(dt.date(2027, 7, 20)) == 3


def test_step_down_from_act_to_icm_is_one_action_with_its_history(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    act = enrollment_open(
        acting_user=casework.act_staff[0],
        client=client,
        program=casework.act,
        start_date=today() - dt.timedelta(days=400),
        team=casework.act_team,
    )
    icm = enrollment_transfer(
        acting_user=network.alice,
        enrollment=act,
        to_program=casework.icm,
        transfer_date=today(),
        reason="Stable depuis huit mois, logement maintenu.",
        primary_worker=network.alice,
    )
    act.refresh_from_db()
    assert act.end_reason == EnrollmentEndReason.STEPPED_DOWN
    assert act.end_note.startswith("Stable")
    assert act.destination == str(casework.icm)
    assert icm.previous_enrollment == act
    assert icm.primary_worker == network.alice


def test_a_refused_transfer_leaves_the_first_enrollment_open(
    network: Network, casework: Casework
) -> None:
    _fill_alice(network, casework)
    client = casework.clients[3]
    act = enrollment_open(
        acting_user=casework.act_staff[0],
        client=client,
        program=casework.act,
        start_date=today() - dt.timedelta(days=100),
        team=casework.act_team,
    )
    with pytest.raises(ValidationError):
        enrollment_transfer(
            acting_user=network.alice,
            enrollment=act,
            to_program=casework.icm,
            transfer_date=today(),
            reason="Stable.",
            primary_worker=network.alice,
        )
    act.refresh_from_db()
    assert act.is_open
    assert not Enrollment.objects.filter(client=client, program=casework.icm).exists()


def test_reassigning_to_a_full_worker_is_refused(network: Network, casework: Casework) -> None:
    _fill_alice(network, casework)
    other = enrollment_open(
        acting_user=network.alice,
        client=casework.clients[3],
        program=casework.icm,
        start_date=today(),
        primary_worker=casework.coordinator,
    )
    with pytest.raises(ValidationError):
        enrollment_reassign(
            acting_user=network.alice,
            enrollment=other,
            expected_version=other.version,
            primary_worker=network.alice,
            team=None,
        )
    other.refresh_from_db()
    assert other.primary_worker == casework.coordinator


def _positions(casework: Casework) -> list[tuple[int | None, str]]:
    return [
        (e.position, e.client.family_name)
        for e in WaitlistEntry.objects.filter(
            program=casework.icm, status=WaitlistStatus.WAITING
        ).order_by("position")
    ]


def test_waitlist_positions_stay_contiguous(network: Network, casework: Casework) -> None:
    entries = [
        waitlist_add(acting_user=network.alice, program=casework.icm, client=c)
        for c in casework.clients[:4]
    ]
    assert [p for p, _ in _positions(casework)] == [1, 2, 3, 4]
    waitlist_move(acting_user=network.alice, entry=entries[2], direction="up")
    assert _positions(casework) == [
        (1, "Lavoie"),
        (2, "Bergeron"),
        (3, "Pelletier"),
        (4, "Smith"),
    ]
    waitlist_remove(acting_user=network.alice, entry=entries[0], reason="A trouvé un autre service")
    assert _positions(casework) == [(1, "Bergeron"), (2, "Pelletier"), (3, "Smith")]
    enrollment = waitlist_offer(
        acting_user=network.alice,
        entry=entries[2],
        start_date=today(),
        primary_worker=network.alice,
    )
    assert _positions(casework) == [(1, "Pelletier"), (2, "Smith")]
    entries[2].refresh_from_db()
    assert entries[2].status == WaitlistStatus.ENROLLED
    assert entries[2].enrollment == enrollment


def test_a_client_waits_once_per_program(network: Network, casework: Casework) -> None:
    waitlist_add(acting_user=network.alice, program=casework.icm, client=casework.clients[0])
    with pytest.raises(ValidationError):
        waitlist_add(acting_user=network.alice, program=casework.icm, client=casework.clients[0])
    assert WaitlistEntry.objects.count() == 1


def test_staff_of_another_partner_cannot_touch_the_waitlist(
    network: Network, casework: Casework
) -> None:
    with pytest.raises(ValidationError):
        waitlist_add(acting_user=network.bob, program=casework.icm, client=casework.clients[0])
    assert not WaitlistEntry.objects.exists()


def test_a_refused_offer_keeps_the_client_waiting(network: Network, casework: Casework) -> None:
    _fill_alice(network, casework)
    entry = waitlist_add(
        acting_user=network.alice, program=casework.icm, client=casework.clients[3]
    )
    with pytest.raises(ValidationError):
        waitlist_offer(
            acting_user=network.alice, entry=entry, start_date=today(), primary_worker=network.alice
        )
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WAITING
    assert entry.position == 1
