"""API tokens expire, are revoked by a password reset, and say when they expire."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from parcours.accounts.models import ApiToken
from parcours.accounts.services import api_token_create, staff_set_password
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import ApiClient
from tests.conftest import client_for


def test_a_token_works_until_it_expires_after_90_days(network, settings):
    settings.API_TOKEN_DAYS = 90
    issued_at = dt.datetime(2026, 3, 1, 15, 0, tzinfo=dt.UTC)
    with time_machine.travel(issued_at, tick=False):
        issued = api_token_create(user=network.alice)
        assert issued.token.expires_at == issued_at + dt.timedelta(days=90)
        assert ApiClient(issued.secret).get("/api/v1/me").status_code == 200
    with time_machine.travel(issued_at + dt.timedelta(days=89, hours=23), tick=False):
        assert ApiClient(issued.secret).get("/api/v1/me").status_code == 200
    with time_machine.travel(issued_at + dt.timedelta(days=90, seconds=1), tick=False):
        assert ApiClient(issued.secret).get("/api/v1/me").status_code == 401
        assert not ApiToken.objects.get(pk=issued.token.pk).is_active


def test_the_lifetime_is_configurable(network, settings):
    settings.API_TOKEN_DAYS = 7
    issued = api_token_create(user=network.alice)
    assert issued.token.expires_at - timezone.now() <= dt.timedelta(days=7)
    assert issued.token.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)


def test_a_password_reset_revokes_every_token_of_the_account(network):
    first = api_token_create(user=network.alice)
    second = api_token_create(user=network.alice, name="script")
    other = api_token_create(user=network.bob)
    staff_set_password(
        staff=network.alice, password="Un-nouveau-mot-de-passe-9", acting_user=network.alice_admin
    )
    assert ApiClient(first.secret).get("/api/v1/me").status_code == 401
    assert ApiClient(second.secret).get("/api/v1/me").status_code == 401
    assert ApiClient(other.secret).get("/api/v1/me").status_code == 200
    revoked = AuditEvent.objects.filter(action=AuditAction.API_TOKEN_REVOKED)
    assert revoked.count() == 2
    assert set(revoked.values_list("actor", flat=True)) == {network.alice_admin.pk}


def test_the_tokens_page_shows_expiry_and_expired_tokens(network):
    with time_machine.travel(timezone.now() - dt.timedelta(days=120), tick=False):
        api_token_create(user=network.alice, name="ancien")
    fresh = api_token_create(user=network.alice, name="nouveau")
    html = client_for(network.alice).get("/fr/account/api-tokens/").content.decode()
    assert "Expire" in html
    assert (
        fresh.token.expires_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d")
        in html
    )
    assert "Expiré" in html
