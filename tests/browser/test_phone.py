"""A case manager on a home visit at 11 p.m. works from a 360-pixel phone:
the menu folds behind a button, labels sit above their fields and no main
page scrolls sideways. On a 1366-pixel laptop the French menu fits on one
line."""

from __future__ import annotations

import os
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import assert_accessible, enter_totp_code, give_authenticator
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("PARCOURS_SCREENSHOTS")


def _sign_in(page, live_server, email: str) -> None:
    device = give_authenticator(email)
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        enter_totp_code(page, device)
    page.wait_for_url(re.compile(r"/fr/$"))


def _sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > limit + 1)
    .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
    .slice(0, 6)
    .map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)
      + ' ' + (e.textContent || '').slice(0, 40));
}"""


def _widest(page) -> list[str]:
    """What sticks out on the right (to say why a page scrolls sideways)."""
    return page.evaluate(WIDEST)


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_menu_folds_behind_a_button_on_a_phone(browser, live_server, network):
    context = browser.new_context(locale="fr-CA", viewport=PHONE)
    page = context.new_page()
    _sign_in(page, live_server, "alice@carrefour.example")

    menu = page.locator("#site-menu")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.is_visible()
    assert not menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    # The page's content starts near the top, not 450 px down the screen.
    assert page.locator("main h1").first.bounding_box()["y"] < 200
    _shot(page, "phone-home-closed")

    toggle.click()
    assert menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Clients").is_visible()
    assert _sideways_overflow(page) <= 0
    assert_accessible(page)
    _shot(page, "phone-home-open")

    page.get_by_role("link", name="Clients").click()
    page.wait_for_url(re.compile(r"/fr/clients/"))
    assert not menu.is_visible()
    context.close()


def test_main_pages_fit_a_360_pixel_phone(browser, live_server, network, marie):
    context = browser.new_context(locale="fr-CA", viewport=PHONE)
    page = context.new_page()
    _sign_in(page, live_server, "alice@carrefour.example")
    with translation.override("fr"):
        pages = {
            "clients": reverse("clients:list") + "?q=Côté",
            "client-file": reverse("clients:detail", kwargs={"client_id": marie.pk}),
            "worklist": reverse("casework:worklist"),
            "caseloads": reverse("casework:programs"),
            "households": reverse("households:list"),
            "beds": reverse("beds:availability"),
            "alerts": reverse("clients:alerts"),
            "linkage-requests": reverse("linkage:requests"),
        }
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.ok, (name, path)
        _shot(page, f"phone-{name}")
        # Also while a slow search is still loading (its message must wrap).
        # (read in one go: a search may finish and replace it meanwhile)
        wrapping = page.evaluate(
            "[...document.querySelectorAll('[aria-busy=true]')]"
            ".map(e => getComputedStyle(e).whiteSpace)"
        )
        assert all(value == "normal" for value in wrapping), (name, wrapping)
        assert _sideways_overflow(page) <= 0, (name, _widest(page))

    # The search label sits above its field, which keeps the whole width to type in.
    page.goto(f"{live_server.url}{pages['clients']}")
    label = page.locator("#client-search label").first.bounding_box()
    field = page.locator("#id_q").bounding_box()
    assert label["y"] + label["height"] <= field["y"] + 1
    assert field["width"] >= 300
    context.close()


def test_the_review_queue_tabs_wrap_on_a_phone(browser, live_server, network):
    context = browser.new_context(locale="fr-CA", viewport=PHONE)
    page = context.new_page()
    _sign_in(page, live_server, "admin@carrefour.example")
    with translation.override("fr"):
        paths = [
            reverse(name)
            for name in ("linkage:review_queue", "accounts:staff_list", "accounts:audit_log")
        ]
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.ok, path
        assert _sideways_overflow(page) <= 0, f"{path} scrolls sideways at 360 px"
    context.close()


def test_the_french_menu_fits_one_line_on_a_laptop(browser, live_server, network):
    context = browser.new_context(locale="fr-CA", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _sign_in(page, live_server, "admin@carrefour.example")
    assert not page.get_by_role("button", name="Menu").is_visible()
    items = page.locator("#site-menu > li")
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    _shot(page, "laptop-menu")
    assert max(tops) - min(tops) < 20, "the French menu wraps onto several lines"
    assert _sideways_overflow(page) <= 0
    page.locator("#nav-account summary").click()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    context.close()
