"""A page that does not exist, in French, in Chromium: the branded page with
the menu and what to do next, not Django's bare English "Not Found"."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_french_404_is_branded_and_says_what_to_do(page, live_server, network):
    response = page.goto(f"{live_server.url}/fr/cette-page-n-existe-pas/")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#brand").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    assert page.locator("#error-404").is_visible()
    assert "Not Found" not in page.content()
    assert_accessible(page)
