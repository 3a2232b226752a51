"""The ACT team's morning meeting, in French: a team member opens the board,
sees the client in crisis first, assigns a visit, and types a one-line
update that shows up as an encounter on the client's file.

The board's own controls are found by their stable ids and names (the
French catalogue of new screens is filled when the work is merged); the
page around them is French."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from parcours.access import client_access_for
from parcours.accounts.models import Discipline
from parcours.casework.models import Encounter
from parcours.casework.services import encounter_record, enrollment_open, program_standard_ensure
from parcours.clients.services import client_register
from parcours.coordination.models import VisitAssignment
from parcours.coordination.services.board import crisis_raise
from tests.browser.conftest import assert_accessible
from tests.factories import (
    PASSWORD,
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def morning() -> Iterator[None]:
    with time_machine.travel(
        dt.datetime(2027, 3, 10, 8, 30, tzinfo=ZoneInfo("America/Toronto")), tick=True
    ):
        yield


def test_the_act_team_meeting_in_french(page: Any, live_server: Any, network: Any, morning: None):
    program = ProgramFactory(organization=network.carrefour, name="Suivi intensif", kind="act")
    team = TeamFactory(program=program, name="Équipe SIM")
    worker = UserFactory(
        email="sim@carrefour.example",
        given_name="Samuel",
        family_name="Ouellet",
        organization=network.carrefour,
    )
    nurse = UserFactory(
        email="inf-sim@carrefour.example",
        given_name="Isabelle",
        family_name="Fortin",
        organization=network.carrefour,
        discipline=Discipline.objects.get(code="nurse"),
    )
    for user in (worker, nurse):
        ProgramMembershipFactory(user=user, program=program)
        TeamMembershipFactory(user=user, team=team)
    program_standard_ensure(program)
    clients = []
    for given, family in [("Jean", "Lavoie"), ("Sylvie", "Pelletier"), ("Marc", "Bergeron")]:
        client = client_register(
            acting_user=network.alice,
            given_name=given,
            family_name=family,
            date_of_birth=dt.date(1970, 1, 1),
        )
        enrollment_open(
            acting_user=worker,
            client=client,
            program=program,
            start_date=timezone.localdate() - dt.timedelta(days=90),
            team=team,
        )
        encounter_record(
            acting_user=worker,
            client_access=client_access_for(worker, client),
            kind="home_visit",
            occurred_at=timezone.now() - dt.timedelta(days=1),
            duration_minutes=30,
            program=program,
        )
        clients.append(client)
    in_crisis = clients[2]
    crisis_raise(acting_user=nurse, program=program, client=in_crisis, note="Menace d'expulsion")

    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill("sim@carrefour.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/fr/$"))

    # The board is in the Coordination menu.
    page.locator("#nav-coordination summary").click()
    page.locator("#menu-board").click()
    page.wait_for_url(re.compile(r"/fr/board/$"))
    page.locator("#boards a").first.click()
    page.wait_for_url(re.compile(rf"/fr/board/{program.pk}/$"))
    assert page.locator("html").get_attribute("lang") == "fr"

    # The client in crisis comes first, with the crisis badge.
    first = page.locator("#board-clients tbody tr").first
    assert first.get_attribute("data-client") == str(in_crisis.pk)
    assert "Menace d'expulsion" in first.locator('[data-reason="crisis"]').inner_text()
    assert_accessible(page)

    # Assign a visit to the nurse (HTMX swaps the board's body in place).
    row = page.locator(f"#client-{in_crisis.pk}")
    row.locator("select[name=worker]").select_option(str(nurse.pk))
    row.locator(".assign-form button").click()
    nurse_card = page.locator(f"#staff-{nurse.pk}")
    nurse_card.get_by_text("Marc Bergeron").wait_for()
    assert VisitAssignment.objects.filter(client=in_crisis, worker=nurse).exists()

    # The one-line update becomes an encounter.
    row = page.locator(f"#client-{in_crisis.pk}")
    row.locator(".update-form input[name=text]").fill("Vu ce matin, rencontre avec le propriétaire")
    with page.expect_response(lambda r: "/update/" in r.url and r.status == 200):
        row.locator(".update-form button").click()
    encounter = Encounter.objects.filter(client=in_crisis, program=program).latest("occurred_at")
    assert encounter.summary == "Vu ce matin, rencontre avec le propriétaire"
    assert encounter.notes.get().kind == "general"

    page.goto(f"{live_server.url}/fr/clients/{in_crisis.pk}/encounters/")
    assert page.get_by_role("heading", name="Rencontres").is_visible()
    assert "Vu ce matin, rencontre avec le propriétaire" in page.locator("#encounters").inner_text()
