"""The daily commands of referrals and notifications."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from parcours.coordination.models import Notification
from tests.coordination.referrals.conftest import refer, share_with_refuge


def test_referral_reminders_command_reminds_once(network, marie, directory):
    with time_machine.travel(dt.datetime(2026, 5, 4, 14, tzinfo=dt.UTC), tick=False):
        share_with_refuge(network, marie)
        refer(network, marie, directory.housing_service)
    out = StringIO()
    call_command("referral_reminders", "--date", "2026-05-20", stdout=out)
    assert "1 overdue referrals newly reminded" in out.getvalue()
    call_command("referral_reminders", "--date", "2026-05-21", stdout=out)
    assert "0 overdue referrals newly reminded" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("referral_reminders", "--date", "20 mai")


def test_the_digest_emails_what_happened_without_naming_the_client(network, marie, directory):
    share_with_refuge(network, marie)
    refer(network, marie, directory.housing_service)
    network.bob.preferred_language = "fr"
    network.bob.save()
    out = StringIO()
    call_command("notification_digest", "--site-url", "https://parcours.example", stdout=out)
    assert "1 notifications emailed to 1 people" in out.getvalue()
    (message,) = mail.outbox
    assert message.to == [network.bob.email]
    assert "Aiguillage reçu" in message.body  # in the recipient's language
    assert "https://parcours.example/fr/notifications/" in message.body
    assert "Marie" not in message.body and "Côté" not in message.body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    call_command("notification_digest", stdout=out)
    assert len(mail.outbox) == 1
