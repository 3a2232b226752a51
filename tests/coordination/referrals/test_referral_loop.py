"""A referral's loop between two partners: the hub refers Marie to the
Refuge's housing program, the Refuge answers, the hub sees the outcome —
each side moving only its own steps, everyone told, nothing beyond consent
without a coordinator's reason."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours import access
from parcours.casework.models import WaitlistEntry, WaitlistStatus
from parcours.clients.models import ConsentDirective
from parcours.clients.services import consent_directive_withdraw
from parcours.coordination.models import (
    Notification,
    NotificationKind,
    Referral,
    ReferralStatus,
)
from parcours.coordination.services import referrals as services
from parcours.core.models import AuditEvent
from tests.conftest import client_for, share
from tests.coordination.referrals.conftest import refer, share_with_refuge


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_full_loop_between_two_partners(network, marie, directory):
    share_with_refuge(network, marie)
    referral = refer(network, marie, directory.housing_service)
    assert referral.status == ReferralStatus.SENT
    assert referral.receiving_organization == network.refuge
    assert referral.respond_by == timezone.localdate() + dt.timedelta(days=5)
    assert NotificationKind.REFERRAL_RECEIVED in _kinds(network.bob)
    assert _kinds(network.alice) == []  # the sender is not told of their own act

    # The Refuge sees it in its inbox, Marie named.
    inbox = client_for(network.bob).get("/en/referrals/").content.decode()
    assert "Marie-Ève" in inbox and "Recherche de logement" in inbox

    # Accepting puts Marie on the housing program's waitlist, in order.
    services.referral_transition(
        acting_user=network.bob, referral=referral, to_status=ReferralStatus.ACCEPTED
    )
    entry = WaitlistEntry.objects.get(program=directory.housing, client=marie)
    assert entry.status == WaitlistStatus.WAITING
    assert NotificationKind.REFERRAL_ANSWERED in _kinds(network.alice)

    services.referral_message_post(
        acting_user=network.bob, referral=referral, body="Pouvez-vous confirmer son revenu?"
    )
    assert NotificationKind.REFERRAL_MESSAGE in _kinds(network.alice)

    enrollment = services.referral_enroll(
        acting_user=network.bob,
        referral=Referral.objects.get(pk=referral.pk),
        start_date=timezone.localdate(),
        primary_worker=network.bob,
    )
    referral.refresh_from_db()
    entry.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert referral.to_enrollment == enrollment
    assert entry.status == WaitlistStatus.ENROLLED

    services.referral_transition(
        acting_user=network.bob,
        referral=referral,
        to_status=ReferralStatus.COMPLETED,
        note="Logé rue Rideau.",
    )
    referral.refresh_from_db()
    assert referral.closed_at is not None
    # The loop closes: the sender reads the outcome on the client's file.
    page = client_for(network.alice).get(f"/en/clients/{marie.pk}/referrals/").content.decode()
    assert "Completed" in page
    assert [e.to_status for e in referral.events.all()] == [
        "draft",
        "sent",
        "accepted",
        "in_progress",
        "completed",
    ]


def test_each_side_moves_only_its_own_steps(network, marie, directory):
    share_with_refuge(network, marie)
    referral = refer(network, marie, directory.housing_service)
    assert services.allowed_transitions(network.alice, referral) == [ReferralStatus.CANCELLED]
    assert set(services.allowed_transitions(network.bob, referral)) == {
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
    }
    with pytest.raises(ValidationError):
        services.referral_transition(
            acting_user=network.alice, referral=referral, to_status=ReferralStatus.ACCEPTED
        )
    with pytest.raises(ValidationError, match="why"):
        services.referral_transition(
            acting_user=network.bob, referral=referral, to_status=ReferralStatus.DECLINED
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    services.referral_transition(
        acting_user=network.bob,
        referral=referral,
        to_status=ReferralStatus.DECLINED,
        note="Programme complet jusqu'en mars.",
    )
    referral.refresh_from_db()
    assert referral.decline_reason == "Programme complet jusqu'en mars."
    # A closed referral goes nowhere.
    assert services.allowed_transitions(network.bob, referral) == []
    assert services.allowed_transitions(network.alice, referral) == []


def test_an_outside_service_is_answered_by_the_sender(network, marie, directory):
    referral = refer(network, marie, directory.ontario_works)
    assert referral.is_external
    assert ReferralStatus.ACCEPTED in services.allowed_transitions(network.alice, referral)
    services.referral_transition(
        acting_user=network.alice, referral=referral, to_status=ReferralStatus.ACCEPTED
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_no_referral_beyond_consent_without_a_coordinators_reason(network, marie, directory):
    with pytest.raises(ValidationError) as refused:
        refer(network, marie, directory.housing_service)
    assert "beyond_consent_reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="Only a coordinator"):
        refer(network, marie, directory.housing_service, beyond_consent_reason="Urgence")
    assert not Referral.objects.exists()

    referral = refer(
        network,
        marie,
        directory.housing_service,
        by=network.alice_admin,
        beyond_consent_reason="Expulsion demain; la cliente a consenti verbalement.",
    )
    assert referral.beyond_consent
    # The Refuge reads who the referral is about, and only that: not her file.
    bob = client_for(network.bob)
    detail = bob.get(f"/en/referrals/{referral.pk}/").content.decode()
    assert "Marie-Ève" in detail
    assert bob.get(f"/en/clients/{marie.pk}/").status_code == 404
    # The disclosure is recorded and shown to the hub's privacy reviewers.
    assert AuditEvent.objects.filter(
        target_id=str(referral.pk), detail__beyond_consent__isnull=False
    ).exists()
    reviews = client_for(network.alice_admin).get("/en/referrals/reviews/").content.decode()
    assert "Expulsion demain" in reviews
    assert client_for(network.alice).get("/en/referrals/reviews/").status_code == 403
    # Accepting does not put on a waitlist a client the program may not know yet.
    services.referral_transition(
        acting_user=network.bob, referral=referral, to_status=ReferralStatus.ACCEPTED
    )
    assert not WaitlistEntry.objects.filter(client=marie).exists()


def test_a_duplicate_support_is_warned_before_it_is_sent(network, marie, directory):
    refer(network, marie, directory.ontario_works, reason="Demande d'aide sociale.")
    with pytest.raises(ValidationError) as warned:
        refer(network, marie, directory.income_program_service, reason="Impôts 2025.")
    message = warned.value.message_dict["acknowledge_duplicates"][0]
    assert "Ministère des Services sociaux" in message
    assert Referral.objects.count() == 1
    refer(
        network,
        marie,
        directory.income_program_service,
        reason="Impôts 2025.",
        acknowledge_duplicates=True,
    )
    assert Referral.objects.count() == 2


def test_an_overdue_referral_is_reminded_once(network, marie, directory):
    with time_machine.travel(dt.datetime(2026, 3, 2, 15, tzinfo=dt.UTC), tick=False):
        share_with_refuge(network, marie)
        referral = refer(network, marie, directory.housing_service)
        assert services.referral_reminders() == 0
    with time_machine.travel(dt.datetime(2026, 3, 9, 15, tzinfo=dt.UTC), tick=False):
        assert referral.respond_by == dt.date(2026, 3, 7)
        assert services.referral_reminders() == 1
        assert services.referral_reminders() == 0
        page = client_for(network.bob).get("/en/referrals/").content.decode()
        assert "overdue" in page
    assert NotificationKind.REFERRAL_OVERDUE in _kinds(network.bob)
    assert NotificationKind.REFERRAL_OVERDUE in _kinds(network.alice)


def test_a_withdrawn_consent_hides_the_name_in_the_inbox(network, marie, directory):
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    refer(network, marie, directory.housing_service)
    bob = client_for(network.bob)
    assert "Marie-Ève" in bob.get("/en/notifications/").content.decode()
    directive = ConsentDirective.objects.get(client=marie)
    consent_directive_withdraw(
        acting_user=network.alice,
        client_access=access.client_access_for(network.alice, marie),
        directive=directive,
        reason="La cliente retire son consentement.",
    )
    page = bob.get("/en/notifications/").content.decode()
    assert "Marie-Ève" not in page and "a client" in page
    assert "Marie-Ève" not in bob.get("/en/referrals/").content.decode()
