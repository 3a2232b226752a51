"""Organization administrators manage their own organization's staff, and only theirs."""

from __future__ import annotations

import pytest
from django.test import Client

from parcours.accounts.models import User
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for
from tests.factories import PASSWORD

NEW_PASSWORD = "Another-long-passphrase-42"


def _state(user: User) -> tuple[bool, str]:
    user.refresh_from_db()
    return user.is_active, user.password


# --- who may open the staff pages -------------------------------------------


def test_anonymous_is_sent_to_sign_in(network):
    assert client_for(None).get("/fr/staff/").status_code == 302


@pytest.mark.parametrize("persona", ["alice", "nurse", "bob"])
def test_staff_who_are_not_administrators_are_refused(network, persona):
    client = client_for(getattr(network, persona))
    assert client.get("/fr/staff/").status_code == 403
    assert client.get(f"/fr/staff/{network.alice.pk}/").status_code == 403


def test_administrator_lists_only_their_own_organization(network):
    html = client_for(network.alice_admin).get("/en/staff/").content.decode()
    assert "alice@carrefour.example" in html
    assert "nurse@carrefour.example" in html
    assert "bob@refuge.example" not in html


def test_other_partners_staff_do_not_exist_for_an_administrator(network):
    client = client_for(network.alice_admin)
    assert client.get(f"/fr/staff/{network.bob.pk}/").status_code == 404
    before = _state(network.bob)
    assert client.post(f"/fr/staff/{network.bob.pk}/deactivate/").status_code == 404
    assert (
        client.post(
            f"/fr/staff/{network.bob.pk}/password/",
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        ).status_code
        == 404
    )
    assert _state(network.bob) == before


def test_staff_list_search_sort_and_status_filter(network):
    client = client_for(network.root)
    html = client.get("/en/staff/", {"q": "tremblay"}).content.decode()
    assert "alice@carrefour.example" in html and "bob@refuge.example" not in html
    html = client.get("/en/staff/", {"q": "nobody-by-that-name"}).content.decode()
    assert "No staff member matches this search." in html
    network.bob.is_active = False
    network.bob.save()
    assert "bob@refuge.example" not in client.get("/en/staff/").content.decode()
    assert "bob@refuge.example" in client.get("/en/staff/", {"status": "inactive"}).content.decode()
    html = client.get("/en/staff/", {"sort": "name", "status": "all"}).content.decode()
    assert html.index("Bob Martin") < html.index("Alice Tremblay")
    html = client.get("/en/staff/", {"sort": "-name", "status": "all"}).content.decode()
    assert html.index("Alice Tremblay") < html.index("Bob Martin")


def test_staff_list_is_paginated(network, settings):
    settings.PARCOURS_PAGE_SIZE = 2
    html = client_for(network.root).get("/en/staff/").content.decode()
    assert "Page 1 of" in html


# --- deactivation ----------------------------------------------------------


def test_deactivation_asks_for_confirmation_first(network):
    client = client_for(network.alice_admin)
    response = client.get(f"/en/staff/{network.alice.pk}/deactivate/")
    assert response.status_code == 200
    assert "will be signed out everywhere" in response.content.decode()
    assert _state(network.alice)[0] is True


def test_administrator_deactivates_a_colleague_who_is_signed_out_at_once(network):
    alice_phone = Client()
    alice_phone.post("/fr/login/", {"username": "alice@carrefour.example", "password": PASSWORD})
    assert alice_phone.get("/fr/").status_code == 200

    response = client_for(network.alice_admin).post(f"/fr/staff/{network.alice.pk}/deactivate/")
    assert response.status_code == 302
    assert _state(network.alice)[0] is False
    assert alice_phone.get("/fr/").status_code == 302
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.STAFF_DEACTIVATED
    assert event.actor == network.alice_admin
    assert event.target_id == str(network.alice.pk)
    assert event.before == {"is_active": True} and event.after == {"is_active": False}

    client_for(network.alice_admin).post(f"/fr/staff/{network.alice.pk}/reactivate/")
    assert _state(network.alice)[0] is True


def test_administrator_cannot_deactivate_themselves(network):
    client = client_for(network.alice_admin)
    assert client.post(f"/fr/staff/{network.alice_admin.pk}/deactivate/").status_code == 403
    assert _state(network.alice_admin)[0] is True


def test_organization_administrator_cannot_manage_a_superuser(network):
    network.root.organization = network.carrefour
    network.root.save()
    before = _state(network.root)
    assert (
        client_for(network.alice_admin).post(f"/fr/staff/{network.root.pk}/deactivate/").status_code
        == 403
    )
    assert _state(network.root) == before


# --- password reset --------------------------------------------------------


def test_administrator_resets_a_password_and_old_sessions_end(network):
    alice_phone = Client()
    alice_phone.post("/fr/login/", {"username": "alice@carrefour.example", "password": PASSWORD})
    response = client_for(network.alice_admin).post(
        f"/fr/staff/{network.alice.pk}/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    network.alice.refresh_from_db()
    assert network.alice.check_password(NEW_PASSWORD)
    assert alice_phone.get("/fr/").status_code == 302
    assert AuditEvent.objects.order_by("-id").first().action == AuditAction.PASSWORD_RESET


def test_weak_or_mismatched_password_is_refused_with_a_message(network):
    client = client_for(network.alice_admin)
    before = _state(network.alice)
    html = client.post(
        f"/en/staff/{network.alice.pk}/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    ).content.decode()
    assert "The two passwords are not the same." in html
    html = client.post(
        f"/en/staff/{network.alice.pk}/password/",
        {"new_password1": "short", "new_password2": "short"},
    ).content.decode()
    assert "too short" in html
    assert _state(network.alice) == before
