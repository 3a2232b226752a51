"""In Chromium, in French: an ACT worker opens the worklist and finds the
client in crisis first, then the one in hospital, each client's items
together."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from parcours.access import client_access_for
from parcours.casework.services import enrollment_open
from tests.browser.conftest import (  # noqa: F401 (the browser fixtures)
    assert_accessible,
    browser,
    enter_totp_code,
    give_authenticator,
    page,
)
from tests.casework.conftest import today
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_worklist_puts_the_crisis_first_then_the_hospital(page, live_server, network, casework):  # noqa: F811
    from parcours.coordination.services.board import crisis_raise
    from parcours.coordination.services.institutions import institution_stay_admit

    worker = casework.act_staff[0]
    for client in casework.clients[3:6]:
        enrollment_open(
            acting_user=worker,
            client=client,
            program=casework.act,
            start_date=today() - dt.timedelta(days=400),
            team=casework.act_team,
        )
    in_crisis, in_hospital = casework.clients[5], casework.clients[4]
    crisis_raise(acting_user=worker, program=casework.act, client=in_crisis, note="Menaces")
    institution_stay_admit(
        acting_user=worker,
        client_access=client_access_for(worker, in_hospital),
        kind="hospital",
        admitted_on=today() - dt.timedelta(days=2),
        learned_from="institution",
        institution_name="Hôpital Montfort",
    )

    device = give_authenticator(worker.email)
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill(worker.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        enter_totp_code(page, device)
    page.wait_for_url(re.compile(r"/fr/$"))
    page.get_by_role("link", name="Liste de tâches").click()
    page.wait_for_url(re.compile(r"/fr/worklist/"))

    groups = page.locator("tbody.work-client").evaluate_all("nodes => nodes.map(n => n.id)")
    assert groups[:2] == [f"client-{in_crisis.pk}", f"client-{in_hospital.pk}"]
    assert len(groups) == len(set(groups))  # one group per client
    first = page.locator(f"#client-{in_crisis.pk}")
    assert "work-urgent" in (first.get_attribute("class") or "")
    assert "Menaces" in first.inner_text()
    assert "Hôpital Montfort" in page.locator(f"#client-{in_hospital.pk}").inner_text()
    assert_accessible(page)
