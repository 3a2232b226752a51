"""In Chromium, in French: the client file opens on the timeline, newest
first, and a worker narrows it to the visits with the kind filter."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (  # noqa: F401 (the browser fixtures)
    assert_accessible,
    browser,
    enter_totp_code,
    give_authenticator,
    page,
)
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, email: str) -> None:  # noqa: F811
    device = give_authenticator(email)
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        enter_totp_code(page, device)
    page.wait_for_url(re.compile(r"/fr/$"))


def test_the_file_opens_on_the_timeline_and_filters_by_kind(page, live_server, network, busy):  # noqa: F811
    _sign_in(page, live_server, "alice@carrefour.example")
    page.goto(f"{live_server.url}/fr/clients/{busy.client.pk}/")
    timeline = page.locator("#timeline")
    assert timeline.is_visible()
    # Below the summary and the file's tabs; the identity in full is on its tab.
    summary_y = page.locator("#identity-summary").bounding_box()["y"]
    assert summary_y < page.locator("#file-tabs").bounding_box()["y"]
    assert page.locator("#file-tabs").bounding_box()["y"] < timeline.bounding_box()["y"]
    assert page.locator("#identity").count() == 0
    times = page.locator("#timeline-items time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )
    days = [t[:10] for t in times]
    assert len(days) > 3 and days == sorted(days, reverse=True)
    assert_accessible(page)

    page.get_by_text("Filtrer par type").click()
    filters = page.locator("#timeline-filters")
    for box in filters.locator("input[type=checkbox]").all():
        box.uncheck()
    filters.get_by_label("Visites").check()
    filters.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"kind=visit"))
    kinds = page.locator(".timeline-item").evaluate_all("nodes => nodes.map(n => n.dataset.kind)")
    assert kinds and set(kinds) == {"visit"}
    assert_accessible(page)

    # The identity tab, from the summary's link and by keyboard from the tabs.
    page.goto(f"{live_server.url}/fr/clients/{busy.client.pk}/")
    page.get_by_role("link", name="Identité et coordonnées complètes").click()
    page.wait_for_url(re.compile(r"tab=identity"))
    assert page.locator("#identity").is_visible()
    assert page.locator("#timeline").count() == 0
    page.locator("#tab-care").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"tab=care"))
    assert page.locator("#pathway").is_visible()
    assert page.locator("#tab-care").get_attribute("aria-current") == "page"
    assert_accessible(page)
