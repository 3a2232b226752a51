"""Two-factor sign-in (issue 13): who must, the code page, enrolment with a
real TOTP code, recovery codes, the per-organization rule, emergency access,
and an administrator's removal of a lost phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parcours import access
from parcours.accounts import two_factor
from parcours.accounts.models import MembershipRole
from parcours.accounts.services import api_token_create
from parcours.clients.models import BreakGlassAccess
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import ApiClient
from tests.conftest import client_for
from tests.factories import PASSWORD, ProgramMembershipFactory, UserFactory

NOON = dt.datetime(2026, 6, 1, 16, 0, tzinfo=dt.UTC)
KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def _sign_in(client: Client, email: str) -> None:
    response = client.post("/en/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def coordinator(network):
    user = UserFactory(
        email="coordo@carrefour.example",
        given_name="Claire",
        family_name="Coordo",
        organization=network.carrefour,
    )
    ProgramMembershipFactory(user=user, program=network.icm, role=MembershipRole.COORDINATOR)
    return user


def test_who_must_use_two_factor_sign_in(network, coordinator):
    assert access.two_factor_required(network.root)
    assert access.two_factor_required(network.alice_admin)
    assert access.two_factor_required(network.bob_admin)
    assert access.two_factor_required(coordinator)
    assert not access.two_factor_required(network.alice)
    assert not access.two_factor_required(network.nurse)
    assert not access.two_factor_required(network.bob)


def test_a_coordinator_with_the_password_only_reaches_the_code_page_until_a_valid_code(
    network, coordinator
):
    two_factor.two_factor_install(user=coordinator, key_hex=KEY, recovery_codes=[])
    device = TOTPDevice.objects.get(user=coordinator)
    with time_machine.travel(NOON, tick=False) as clock:
        client = Client()
        _sign_in(client, coordinator.email)
        for page in ("/en/", "/en/clients/", "/en/staff/", "/en/account/two-factor/"):
            response = client.get(page)
            assert response.status_code == 302, page
            assert response["Location"].startswith("/en/two-factor/?next="), page
        # Not even through an htmx request.
        response = client.get("/en/clients/", headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == "/en/two-factor/"

        html = client.get("/en/two-factor/?next=/en/clients/").content.decode()
        assert 'autocomplete="one-time-code"' in html
        assert 'inputmode="numeric"' in html

        response = client.post("/en/two-factor/", {"code": "000000", "next": "/en/clients/"})
        assert response.status_code == 200
        assert "This code is not valid" in response.content.decode()
        failed = AuditEvent.objects.filter(action=AuditAction.OTP_FAILED, actor=coordinator)
        assert failed.count() == 1
        assert failed.get().detail == {"step": "sign_in", "throttled": False}
        assert client.get("/en/clients/").status_code == 302

        # Throttled: right after a wrong code even the right one waits.
        response = client.post("/en/two-factor/", {"code": _code(device)})
        assert "Too many wrong codes" in response.content.decode()
        assert client.get("/en/clients/").status_code == 302

        clock.shift(5)
        response = client.post("/en/two-factor/", {"code": _code(device), "next": "/en/clients/"})
        assert response.status_code == 302
        assert response["Location"] == "/en/clients/"
        assert client.get("/en/clients/").status_code == 200
        assert client.get("/en/account/two-factor/").status_code == 200


def test_the_language_switch_and_signing_out_stay_open_before_the_code(network, coordinator):
    two_factor.two_factor_install(user=coordinator, key_hex=KEY, recovery_codes=[])
    client = Client()
    _sign_in(client, coordinator.email)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/fr/two-factor/"})
    assert response["Location"] == "/fr/two-factor/"
    assert client.post("/fr/logout/")["Location"] == "/fr/login/"
    assert client.get("/fr/clients/")["Location"].startswith("/fr/login/")


def test_a_recovery_code_works_once(network, coordinator):
    two_factor.two_factor_install(
        user=coordinator, key_hex=KEY, recovery_codes=["abcd-efgh", "ijkl-mnop"]
    )
    client = Client()
    _sign_in(client, coordinator.email)
    response = client.post(
        "/en/two-factor/", {"kind": "recovery", "recovery-code": "ABCD EFGH", "next": "/en/"}
    )
    assert response.status_code == 302
    assert client.get("/en/clients/").status_code == 200
    assert two_factor.recovery_codes_left(coordinator) == 1

    client.post("/en/logout/")
    with time_machine.travel(dt.timedelta(seconds=10)):
        _sign_in(client, coordinator.email)
        response = client.post(
            "/en/two-factor/", {"kind": "recovery", "recovery-code": "abcd-efgh"}
        )
        assert response.status_code == 200
        assert "This code is not valid" in response.content.decode()
        assert client.get("/en/clients/").status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.OTP_FAILED, actor=coordinator, detail__step="recovery_code"
    ).exists()


def test_enrolment_with_a_real_code_shows_ten_recovery_codes_once(network, coordinator):
    with time_machine.travel(NOON, tick=False) as clock:
        client = Client()
        _sign_in(client, coordinator.email)
        response = client.get("/en/clients/")
        assert response["Location"] == "/en/two-factor/setup/?next=%2Fen%2Fclients%2F"
        html = client.get(response["Location"]).content.decode()
        assert "<svg" in html and 'role="img"' in html
        device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
        secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1)
        assert secret.replace(" ", "") == two_factor.secret_of(device).replace(" ", "")
        # A reload keeps the same secret.
        client.get("/en/two-factor/setup/")
        assert TOTPDevice.objects.filter(user=coordinator).count() == 1

        response = client.post("/en/two-factor/setup/", {"code": "123456"})
        assert "This code is not valid" in response.content.decode()
        assert not two_factor.has_second_factor(coordinator)

        clock.shift(5)
        response = client.post(
            "/en/two-factor/setup/", {"code": _code(device), "next": "/en/clients/"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "will not be shown again" in html
        codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)
        assert len(codes) == 10
        assert two_factor.has_second_factor(coordinator)
        assert StaticToken.objects.filter(device__user=coordinator).count() == 10
        assert AuditEvent.objects.filter(
            action=AuditAction.OTP_ENROLLED, actor=coordinator
        ).exists()
        # The session is verified: the pages open.
        assert client.get("/en/clients/").status_code == 200
        # Set up once: the set-up page now leads to the account page.
        assert client.get("/en/two-factor/setup/")["Location"] == "/en/account/two-factor/"


def test_an_organization_can_require_two_factor_sign_in_of_all_its_staff(network):
    client = Client()
    _sign_in(client, network.bob.email)
    assert client.get("/en/clients/").status_code == 200

    network.refuge.require_two_factor = True
    network.refuge.save()
    network.bob.refresh_from_db()
    assert access.two_factor_required(network.bob)
    assert not access.two_factor_required(network.alice)
    response = client.get("/en/clients/")
    assert response["Location"].startswith("/en/two-factor/setup/")
    # Alice's organization does not require it.
    other = Client()
    _sign_in(other, network.alice.email)
    assert other.get("/en/clients/").status_code == 200


def test_staff_who_need_not_use_it_work_without_a_device_but_not_in_an_emergency(network, marie):
    client = Client()
    _sign_in(client, network.nurse.email)
    assert client.get("/en/").status_code == 200
    assert client.get("/en/clients/").status_code == 200
    assert client.get("/en/account/two-factor/").status_code == 200

    response = client.post(
        "/en/clients/emergency-access/",
        {"identifier": "1234 567 890 AB", "reason": "Found unconscious outside the shelter"},
        follow=True,
    )
    assert BreakGlassAccess.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS).exists()
    assert response.redirect_chain[0][0].startswith("/en/two-factor/?next=")
    assert response.redirect_chain[-1][0].startswith("/en/two-factor/setup/")
    assert "Emergency access needs two-factor sign-in" in response.content.decode()


def test_the_emergency_access_service_refuses_an_unverified_session(network, marie):
    from django.core.exceptions import PermissionDenied

    from parcours.clients.services import break_glass_open_by_identifiers

    user = network.bob
    user.otp_device = None  # what OTPMiddleware sets on a session's user
    user.is_verified = lambda: False
    with pytest.raises(PermissionDenied):
        break_glass_open_by_identifiers(
            acting_user=user,
            reason="Found unconscious outside the shelter",
            health_card_number="1234 567 890 AB",
        )
    assert BreakGlassAccess.objects.count() == 0


def test_the_api_keeps_its_tokens(network, marie):
    issued = api_token_create(user=network.alice_admin)
    assert ApiClient(issued.secret).get("/api/v1/me").status_code == 200
    # Emergency access through the API: the token stands for the signed-in user.
    token = api_token_create(user=network.bob)
    response = ApiClient(token.secret).post(
        f"/api/v1/clients/{marie.pk}/break-glass",
        {
            "reason": "Found unconscious outside the shelter",
            "health_card_number": "1234-567-890-AB",
        },
    )
    assert response.status_code == 201, response.content


def test_an_optional_user_turns_it_on_and_off(network):
    alice = client_for(network.alice)  # verified with a test device
    html = alice.get("/en/account/two-factor/").content.decode()
    assert "Turn off two-factor sign-in" in html
    assert alice.get("/en/account/two-factor/remove/").status_code == 200
    response = alice.post("/en/account/two-factor/remove/")
    assert response["Location"] == "/en/account/two-factor/"
    assert not two_factor.has_second_factor(network.alice)
    assert AuditEvent.objects.filter(
        action=AuditAction.OTP_REMOVED, actor=network.alice, detail__by_administrator=False
    ).exists()
    assert alice.get("/en/clients/").status_code == 200


def test_a_required_user_cannot_remove_it_but_renews_recovery_codes(network):
    admin = client_for(network.alice_admin)
    html = admin.get("/en/account/two-factor/").content.decode()
    assert "Turn off two-factor sign-in" not in html
    response = admin.post("/en/account/two-factor/remove/")
    assert response["Location"] == "/en/account/two-factor/"
    assert two_factor.has_second_factor(network.alice_admin)

    assert admin.get("/en/account/two-factor/recovery-codes/").status_code == 200
    html = admin.post("/en/account/two-factor/recovery-codes/").content.decode()
    first = re.findall(r"<li><code>([a-z2-7-]{9})</code></li>", html)
    assert len(first) == 10
    html = admin.post("/en/account/two-factor/recovery-codes/").content.decode()
    second = re.findall(r"<li><code>([a-z2-7-]{9})</code></li>", html)
    assert set(first).isdisjoint(second)
    assert two_factor.recovery_codes_left(network.alice_admin) == 10
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.OTP_CODES_RENEWED, actor=network.alice_admin
        ).count()
        == 2
    )


def test_an_administrator_removes_a_lost_phone_after_confirmation(network):
    client_for(network.alice)  # alice has a device
    admin = client_for(network.alice_admin)
    detail = admin.get(f"/en/staff/{network.alice.pk}/").content.decode()
    assert "Remove two-factor sign-in (lost phone)" in detail
    url = f"/en/staff/{network.alice.pk}/two-factor/remove/"
    assert "checked who is asking" in admin.get(url).content.decode()
    assert two_factor.has_second_factor(network.alice)
    # Another organization's administrator may not.
    assert client_for(network.bob_admin).post(url).status_code in {403, 404}
    assert two_factor.has_second_factor(network.alice)

    response = admin.post(url)
    assert response["Location"] == f"/en/staff/{network.alice.pk}/"
    assert not two_factor.has_second_factor(network.alice)
    event = AuditEvent.objects.get(action=AuditAction.OTP_REMOVED)
    assert event.actor == network.alice_admin
    assert event.detail["by_administrator"] is True
    assert event.organization == network.carrefour


def test_a_removed_device_ends_the_verified_sessions_of_someone_who_must_use_it(network):
    admin = client_for(network.alice_admin)
    assert admin.get("/en/clients/").status_code == 200
    two_factor.two_factor_remove(user=network.alice_admin, acting_user=network.root)
    response = admin.get("/en/clients/")
    assert response["Location"].startswith("/en/two-factor/setup/")


def test_the_admin_site_waits_for_the_code_too(network):
    client = Client()
    _sign_in(client, network.root.email)
    assert client.get("/en/admin/")["Location"].startswith("/en/two-factor/setup/")
    assert client_for(network.root).get("/en/admin/").status_code == 200
