"""The demo's accounts that must use two-factor sign-in share one published
demo secret, and seed_demo prints it with their recovery codes."""

from __future__ import annotations

import datetime as dt
from base64 import b32decode
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from parcours import access
from parcours.accounts.models import User
from parcours.demo.network import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    DEMO_TOTP_SECRET,
    NETWORK_ADMIN_EMAIL,
)


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--no-clients", stdout=out)
    return out.getvalue()


def test_every_demo_account_that_needs_it_has_the_demo_secret(db):
    out = _seed()
    grouped = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, 32, 4))
    assert grouped in out
    assert "two-factor recovery codes:" in out
    needing = [u for u in User.objects.filter(is_active=True) if access.two_factor_required(u)]
    assert needing
    for user in needing:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.key == DEMO_TOTP_KEY
    # Staff who need not use it sign in with the password alone.
    others = [u for u in User.objects.filter(is_active=True) if not access.two_factor_required(u)]
    assert not TOTPDevice.objects.filter(user__in=others).exists()
    # Loading again adds no device.
    count = TOTPDevice.objects.count()
    _seed()
    assert TOTPDevice.objects.count() == count


def test_a_newcomer_signs_in_with_the_printed_login_and_the_demo_secret(db):
    out = _seed()

    with time_machine.travel(dt.datetime(2026, 6, 1, 16, 0, tzinfo=dt.UTC), tick=False):
        client = Client()
        client.post("/en/login/", {"username": NETWORK_ADMIN_EMAIL, "password": DEMO_PASSWORD})
        assert client.get("/en/")["Location"].startswith("/en/two-factor/")
        code = f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"
        assert client.post("/en/two-factor/", {"code": code})["Location"] == "/en/"
        assert client.get("/en/").status_code == 200

    # A printed recovery code works too (once).
    line = next(line for line in out.splitlines() if "two-factor recovery codes:" in line)
    recovery = line.split(":", 1)[1].split(",")[0].strip()
    email = out.splitlines()[out.splitlines().index(line) - 1].split()[0]
    client = Client()
    client.post("/en/login/", {"username": email, "password": DEMO_PASSWORD})
    response = client.post("/en/two-factor/", {"kind": "recovery", "recovery-code": recovery})
    assert response["Location"] == "/en/"
