"""The home page shows a staff member their organization, programs and teams."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import (
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
)


def test_anonymous_visitor_is_sent_to_sign_in(db):
    response = client_for(None).get("/fr/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/login/")


def test_root_url_picks_the_browser_language(db):
    assert client_for(None).get("/", HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")["Location"] == "/en/"
    assert client_for(None).get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")["Location"] == "/fr/"


def test_case_manager_sees_their_organization_programs_and_teams(network):
    html = client_for(network.alice).get("/fr/").content.decode()
    assert "Carrefour Centre-Ville" in html
    assert "Gestion des cas graves" in html
    assert "Équipe Est" in html
    # Another partner's programs are not shown.
    assert "Hébergement d'urgence" not in html


def test_home_page_is_in_english_under_en(network):
    html = client_for(network.alice).get("/en/").content.decode()
    assert "My programs and teams" in html
    assert 'lang="en"' in html


def test_home_page_is_in_french_under_fr(network):
    html = client_for(network.alice).get("/fr/").content.decode()
    assert "Mes programmes et équipes" in html
    assert 'lang="fr"' in html


def test_staff_without_programs_sees_a_helpful_empty_state(network):
    html = client_for(network.bob_admin).get("/en/").content.decode()
    assert "You are not a member of any program yet" in html


def test_network_superuser_home_works_without_an_organization(network):
    response = client_for(network.root).get("/en/")
    assert response.status_code == 200
    assert "Network administrator" in response.content.decode()


def _home_query_count(user) -> int:
    client = client_for(user)
    client.get("/fr/")  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/fr/").status_code == 200
    return len(ctx.captured_queries)


def test_home_page_query_count_does_not_grow_with_programs_and_teams(network):
    baseline = _home_query_count(network.alice)
    for i in range(6):
        program = ProgramFactory(
            organization=network.carrefour, name=f"Programme supplémentaire {i}"
        )
        ProgramMembershipFactory(user=network.alice, program=program)
        for j in range(3):
            team = TeamFactory(program=program, name=f"Équipe {i}-{j}")
            TeamMembershipFactory(user=network.alice, team=team)
    assert _home_query_count(network.alice) == baseline
    assert baseline <= 15  # the coordination menu adds its unread count, board and roster
