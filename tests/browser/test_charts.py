"""A coordinator opens the monthly flow in French: the charts drawn on the
server render in Chromium, coloured by the project's style sheet, without a
single Content-Security-Policy violation or console error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.clients.models import Visit
from parcours.clients.services import client_register
from tests.browser.conftest import assert_accessible
from tests.browser.test_smoke import _sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every CSP violation, reported to the page before any of its own scripts run.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def test_the_flow_charts_render_without_a_csp_violation(page: Any, live_server: Any, network):
    for n in range(6):
        client = client_register(
            acting_user=network.alice,
            given_name="Personne",
            family_name=f"Test{n}",
            date_of_birth=dt.date(1980, 1, 1),
        )
        Visit.objects.create(
            client=client,
            occurred_at=timezone.now() - dt.timedelta(days=30 * n + 1),
            organization=network.carrefour,
            recorded_by=network.alice,
        )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(LISTEN)
    _sign_in(page, live_server, "admin@carrefour.example")
    page.goto(f"{live_server.url}/fr/reports/monthly-flow/")
    chart = page.locator("#flow-active-chart svg[role='img']")
    chart.wait_for()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert (
        chart.get_attribute("aria-labelledby") == "flow-active-chart-title flow-active-chart-desc"
    )
    # The bars take their colour from parcours.css (no style sheet inside the SVG).
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('#flow-moves-chart .series.color-0 rect')).fill"
    )
    assert fill == "rgb(29, 78, 216)"
    assert page.locator("#flow-moves-chart details summary").is_visible()
    assert page.evaluate("window.__violations") == []
    assert errors == []
    assert_accessible(page)
