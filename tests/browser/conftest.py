"""Browser tests: Playwright (Python) driving Debian's Chromium, headless.

The browser is the ``chromium`` found on PATH (``apt-get install chromium``);
Playwright never downloads one. Where it is missing the tests are skipped,
except when PARCOURS_REQUIRE_BROWSER is set (as in CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by fixtures in that thread are safe (the server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture
def browser() -> Iterator[Any]:
    """One Chromium per test: Playwright's event loop must not outlive the test,
    or Django's per-context database connections (asgiref.Local) in the next
    test's set-up would not be the ones the test database was prepared on."""
    path = _chromium_path()
    if path is None:
        if os.environ.get("PARCOURS_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page: Any) -> None:
    """No WCAG 2 A/AA violation found by axe-core on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    assert results.violations_count == 0, results.generate_report()


def give_authenticator(email: str) -> Any:
    """A confirmed authenticator (TOTP) device for the account, when the access
    policy requires two-factor sign-in of it (None otherwise)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from parcours import access
    from parcours.accounts.models import User

    user = User.objects.get(email=email)
    if not access.two_factor_required(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Browser test", confirmed=True)


def enter_totp_code(page: Any, device: Any) -> None:
    """On the code page after the password: type the code the app would show."""
    import re

    from django_otp.oath import totp

    page.wait_for_url(re.compile(r"/two-factor/"))
    assert_accessible(page)
    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.locator("#verify-button").click()
