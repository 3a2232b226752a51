"""Signing in and out, lockout, session lifetimes and deactivation."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client

from parcours.accounts.services import staff_create
from parcours.core.models import AuditAction, AuditEvent
from parcours.core.signals import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from tests.conftest import client_for
from tests.factories import PASSWORD


def _sign_in(client: Client, email: str, password: str, lang: str = "fr"):
    return client.post(f"/{lang}/login/", {"username": email, "password": password})


def test_passwords_are_hashed_with_argon2(network, settings):
    from parcours import settings as configured

    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    staff = staff_create(
        email="new@carrefour.example",
        organization=network.carrefour,
        discipline_code="nurse",
        password="Un-mot-de-passe-solide-7",
    )
    assert identify_hasher(staff.password).algorithm == "argon2"


def test_staff_signs_in_with_email_and_password_and_it_is_audited(network):
    client = Client()
    response = _sign_in(client, "Alice@Carrefour.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.LOGIN
    assert event.actor == network.alice
    assert event.organization == network.carrefour
    assert event.ip_address == "127.0.0.1"
    assert event.request_id


def test_failed_sign_in_shows_a_translated_error_and_is_audited(network):
    response = _sign_in(Client(), "alice@carrefour.example", "wrong-password")
    assert response.status_code == 200
    assert "L&#x27;adresse courriel ou le mot de passe est incorrect." in response.content.decode()
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.LOGIN_FAILED
    assert event.actor is None
    assert event.actor_label == "alice@carrefour.example"


def test_account_is_locked_after_repeated_failures(network, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "alice@carrefour.example", "wrong-password")
    response = _sign_in(client, "alice@carrefour.example", PASSWORD)
    assert response.status_code == 429
    assert (
        "Too many failed sign-in attempts"
        in _sign_in(client, "alice@carrefour.example", PASSWORD, lang="en").content.decode()
    )
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


@pytest.mark.parametrize(
    "spelling", ["ALICE@CARREFOUR.EXAMPLE", " alice@carrefour.example ", "Alice@Carrefour.Example"]
)
def test_another_spelling_of_a_locked_email_gets_no_more_guesses(network, settings, spelling):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "alice@carrefour.example", "wrong-password")
    assert _sign_in(client, spelling, PASSWORD).status_code == 429
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_failures_under_several_spellings_count_together(network, settings):
    client = Client()
    spellings = ["alice@carrefour.example", "ALICE@carrefour.example", " Alice@Carrefour.example"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, spellings[attempt % len(spellings)], "wrong-password")
    assert _sign_in(client, "alice@carrefour.example", PASSWORD).status_code == 429


def test_sign_out_requires_post_and_is_audited(network):
    client = Client()
    _sign_in(client, "alice@carrefour.example", PASSWORD)
    assert client.get("/fr/logout/").status_code == 405
    response = client.post("/fr/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.order_by("-id").first().action == AuditAction.LOGOUT
    assert client.get("/fr/").status_code == 302


def _age_session(client: Client, *, login_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SESSION_LOGIN_AT] = now - login_ago
    session[SESSION_LAST_SEEN] = now - seen_ago
    session.save()


def test_session_ends_after_inactivity(network, settings):
    client = Client()
    _sign_in(client, "alice@carrefour.example", PASSWORD)
    _age_session(client, login_ago=3600, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get("/fr/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/login/?next=")
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.SESSION_EXPIRED
    assert event.detail == {"reason": "idle"}


def test_activity_keeps_the_session_open(network, settings):
    client = Client()
    _sign_in(client, "alice@carrefour.example", PASSWORD)
    _age_session(client, login_ago=3600, seen_ago=settings.SESSION_IDLE_MINUTES * 60 - 60)
    assert client.get("/fr/").status_code == 200


def test_session_ends_after_its_absolute_lifetime_even_when_active(network, settings):
    client = Client()
    _sign_in(client, "alice@carrefour.example", PASSWORD)
    _age_session(client, login_ago=settings.SESSION_MAX_HOURS * 3600 + 5, seen_ago=10)
    assert client.get("/fr/").status_code == 302
    assert AuditEvent.objects.order_by("-id").first().detail == {"reason": "max_age"}


def test_htmx_request_on_an_expired_session_redirects_the_whole_page(network, settings):
    client = Client()
    _sign_in(client, "alice@carrefour.example", PASSWORD)
    _age_session(client, login_ago=10, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get("/fr/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/fr/login/"


def test_deactivated_staff_is_signed_out_everywhere_at_once(network):
    laptop, phone = Client(), Client()
    _sign_in(laptop, "alice@carrefour.example", PASSWORD)
    _sign_in(phone, "alice@carrefour.example", PASSWORD)
    assert phone.get("/fr/").status_code == 200
    network.alice.is_active = False
    network.alice.save(update_fields=["is_active"])
    assert laptop.get("/fr/").status_code == 302
    assert phone.get("/fr/").status_code == 302
    response = _sign_in(Client(), "alice@carrefour.example", PASSWORD)
    assert response.status_code == 200


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sign_in_page_is_available_in_both_languages(db, lang):
    html = client_for(None).get(f"/{lang}/login/").content.decode()
    assert ("Se connecter" if lang == "fr" else "Sign in") in html
