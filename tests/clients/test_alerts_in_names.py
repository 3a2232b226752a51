"""The revolving-door alerts page: newest first by the date shown, each with
the client's assigned worker (the primary worker of their open enrollment)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from parcours.access import client_access_for
from parcours.casework.services import enrollment_open
from parcours.clients import services
from tests.conftest import client_for, share

URL = "/en/alerts/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _move_back(user, client, *, on: dt.date, reason: str = "Rechute"):
    client_access = client_access_for(user, client)
    services.pathway_move(
        acting_user=user, client_access=client_access, stage="support", entered_on=on
    )
    services.pathway_move(
        acting_user=user, client_access=client_access, stage="safety", entered_on=on, reason=reason
    )


def _register(network, family_name):
    return services.client_register(
        acting_user=network.alice, given_name="Jean", family_name=family_name, birth_year=1975
    )


@time_machine.travel("2026-04-20 10:00 -04:00", tick=False)
def test_alerts_are_newest_first_with_the_assigned_worker(network):
    older, newer = _register(network, "Ancien"), _register(network, "Recent")
    # The newer move is recorded first: the page orders by the date shown.
    _move_back(network.alice, newer, on=dt.date(2026, 4, 15), reason="Retour au refuge")
    _move_back(network.alice, older, on=dt.date(2026, 3, 1), reason="Perte du logement")
    enrollment_open(
        acting_user=network.alice,
        client=newer,
        program=network.icm,
        start_date=dt.date(2026, 1, 5),
        primary_worker=network.alice,
    )
    html = client_for(network.alice).get(URL).content.decode()
    assert html.index("Retour au refuge") < html.index("Perte du logement")
    newer_row = html[html.index("Jean Recent") : html.index("Retour au refuge")]
    older_row = html[html.index("Jean Ancien") : html.index("Perte du logement")]
    assert "Alice Tremblay" in newer_row
    assert "No assigned worker" in older_row


@time_machine.travel("2026-04-20 10:00 -04:00", tick=False)
def test_a_partner_sees_no_worker_of_an_enrollment_it_may_not_see(network, marie):
    """Bob's shelter sees the alert (the case plan is shared) but a locked
    enrollment's worker is not named to it."""
    from parcours.clients.services import lock_box_add

    _move_back(network.alice, marie, on=dt.date(2026, 4, 10))
    enrollment = enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=network.icm,
        start_date=dt.date(2026, 1, 5),
        primary_worker=network.alice,
    )
    share(marie, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    assert "Alice Tremblay" in client_for(network.bob).get(URL).content.decode()
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        organization=network.refuge,
        target=enrollment,
        reason="Demande de la cliente",
    )
    html = client_for(network.bob).get(URL).content.decode()
    assert "Rechute" in html
    assert "Alice Tremblay" not in html


@time_machine.travel("2026-04-20 10:00 -04:00", tick=False)
def test_the_alerts_page_costs_the_same_queries_for_many_alerts(
    network, django_assert_max_num_queries
):
    for i in range(8):
        person = _register(network, f"Lavoie{i}")
        _move_back(network.alice, person, on=dt.date(2026, 4, 1 + i))
        enrollment_open(
            acting_user=network.alice,
            client=person,
            program=network.icm,
            start_date=dt.date(2026, 1, 5),
            primary_worker=network.nurse if i % 2 else network.alice,
        )
    web = client_for(network.alice)
    web.get(URL)
    with django_assert_max_num_queries(24):
        html = web.get(URL).content.decode()
    assert html.count("Nadia Roy") == 4


def test_staff_without_a_partner_organization_are_refused(network):
    assert client_for(network.root).get(URL).status_code == 403
