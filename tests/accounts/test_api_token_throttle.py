"""Wrong API tokens are counted per address like failed sign-ins: after the
limit, that address gets 429 for a while, even with a good token."""

from __future__ import annotations

from django.test import Client

from parcours.accounts.services import api_token_create
from parcours.core.models import AuditAction, AuditEvent


def _me(token: str, ip: str = "203.0.113.7"):
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    return Client().get("/api/v1/me", headers=headers, REMOTE_ADDR=ip)


def test_guessing_tokens_locks_the_address_out(network, settings):
    good = api_token_create(user=network.alice).secret
    assert _me(good).status_code == 200
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _me(f"pcs_{n:012x}_not-a-real-token").status_code == 401
    # The failure that reaches the limit is answered 429 already, as JSON.
    last = _me("pcs_ffffffffffff_not-a-real-token")
    assert last.status_code == 429
    assert last.json()["detail"]
    refused = _me(good)
    assert refused.status_code == 429
    assert "Too many wrong API tokens" in refused.json()["detail"]
    # Another address is not affected, and the failures are in the audit log.
    assert _me(good, ip="198.51.100.4").status_code == 200
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_label="api-token").count()
        == settings.AXES_FAILURE_LIMIT
    )


def test_a_few_wrong_tokens_do_not_lock_anyone_out(network, settings):
    good = api_token_create(user=network.alice).secret
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        _me(f"pcs_{n:012x}_typo")
    assert _me(good).status_code == 200
