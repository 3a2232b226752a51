"""A case manager signs in in French, switches to English and signs out."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, enter_totp_code, give_authenticator
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_in_in_french_switch_to_english_and_sign_out(page, live_server, network):
    page.goto(f"{live_server.url}/")
    assert re.search(r"/fr/login/", page.url)
    assert page.locator("html").get_attribute("lang") == "fr"
    # The vendored stylesheets are served (no CDN): the skip link is styled off-screen.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position")
        == "absolute"
    )
    assert_accessible(page)

    page.get_by_label("Adresse courriel").fill("alice@carrefour.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url(re.compile(r"/fr/$"))
    assert page.get_by_role("heading", name="Mes programmes et équipes").is_visible()
    assert page.get_by_text("Gestion des cas graves").first.is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My programs and teams").is_visible()

    page.locator("#nav-account summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/en/login/"))
    assert page.get_by_role("heading", name="Sign in").is_visible()


def test_language_switch_keeps_the_page_and_its_filters(page, live_server, network):
    _sign_in(page, live_server, "admin@carrefour.example")
    page.goto(f"{live_server.url}/fr/staff/?q=tremblay")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/en/staff/\?q=tremblay"))
    assert page.get_by_role("link", name="Alice Tremblay").is_visible()


def _sign_in(page, live_server, email: str = "alice@carrefour.example") -> None:
    device = give_authenticator(email)
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        enter_totp_code(page, device)
    page.wait_for_url(re.compile(r"/fr/$"))


def test_skip_link_is_the_first_stop_for_keyboard_users(page, live_server, network):
    _sign_in(page, live_server)
    page.keyboard.press("Tab")
    assert "Passer au contenu principal" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_fit_a_360_pixel_phone(browser, live_server, network):
    context = browser.new_context(locale="fr-CA", viewport={"width": 360, "height": 740})
    page = context.new_page()
    _sign_in(page, live_server)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()
