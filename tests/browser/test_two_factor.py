"""An organization administrator signs in for the first time: the set-up page
(QR code drawn on the server, the key to type), a first code typed with the
keyboard, the recovery codes shown once, then the pages open."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_first_sign_in_of_an_administrator_sets_up_two_factor_sign_in(page, live_server, network):
    page.goto(f"{live_server.url}/en/login/")
    page.get_by_label("Email address").fill("admin@carrefour.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/en/two-factor/setup/"))
    assert page.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    assert_accessible(page)

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    field = page.get_by_label("Six-digit code")
    assert field.get_attribute("autocomplete") == "one-time-code"
    assert field.get_attribute("inputmode") == "numeric"
    field.fill(f"{totp(key):06d}")
    field.press("Enter")

    page.wait_for_url(re.compile(r"/en/two-factor/setup/"))
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("button", name="I have kept my codes — continue").click()
    page.wait_for_url(re.compile(r"/en/$"))
    page.get_by_role("link", name="Clients", exact=True).click()
    page.wait_for_url(re.compile(r"/en/clients/"))
