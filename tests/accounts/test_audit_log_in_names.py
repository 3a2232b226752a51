"""The audit log in words: actions and record types in the reader's language,
client names where the reader may see the client, filters by client name and
by staff member, and what was typed for a search."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from parcours.clients.services import client_register
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _results(html: str) -> str:
    return html.split('<div id="results">')[1]


@pytest.fixture
def robert(network):
    """A client the shelter (Refuge) registered and shares with nobody."""
    return client_register(
        acting_user=network.bob, given_name="Robert", family_name="Lévesque", birth_year=1968
    )


def test_actions_and_record_types_read_in_french_on_a_french_page(network, marie):
    audit_record(
        action=AuditAction.VIEW,
        actor=network.alice,
        target_type="clients.revolvingdooralert",
        target_id=str(uuid.uuid4()),
        client_id=marie.pk,
    )
    html = _results(client_for(network.alice_admin).get("/fr/audit/").content.decode())
    assert "clients.revolvingdooralert" not in html
    assert "Alerte « portes tournantes »" in html
    assert "Consultation" in html


def test_names_only_for_clients_the_reader_may_see(network, marie, robert):
    # Alice's administrator reads Carrefour's log: Alice looked at both records.
    audit_record(action=AuditAction.VIEW, actor=network.alice, target=marie, client_id=marie.pk)
    audit_record(action=AuditAction.VIEW, actor=network.alice, client_id=robert.pk)
    html = _results(client_for(network.alice_admin).get("/en/audit/").content.decode())
    assert f'<a href="/en/clients/{marie.pk}/">Marie-Ève Côté</a>' in html
    assert "Lévesque" not in html
    assert "a client (not shared with you)" in html
    # The names shown are themselves audited.
    shown = AuditEvent.objects.filter(actor=network.alice_admin, action=AuditAction.SEARCH).get()
    assert shown.detail["clients"] == [str(marie.pk)]


def test_filter_by_client_name_finds_only_clients_the_reader_may_see(network, marie, robert):
    audit_record(action=AuditAction.VIEW, actor=network.alice, client_id=marie.pk)
    audit_record(action=AuditAction.VIEW, actor=network.alice, client_id=robert.pk)
    admin = client_for(network.alice_admin)
    html = _results(admin.get("/en/audit/", {"client_name": "cote marie"}).content.decode())
    about_marie = AuditEvent.objects.filter(client_id=marie.pk).count()  # registered, viewed
    assert f"{about_marie} events" in html and "Marie-Ève Côté" in html
    assert "not shared with you" not in html
    html = _results(admin.get("/en/audit/", {"client_name": "Levesque"}).content.decode())
    assert "No audit events match these filters." in html


def test_filter_by_staff_member(network):
    audit_record(action=AuditAction.LOGIN, actor=network.alice)
    audit_record(action=AuditAction.LOGIN, actor=network.nurse)
    html = client_for(network.alice_admin).get("/en/audit/", {"staff": network.nurse.pk})
    results = _results(html.content.decode())
    assert "Nadia Roy" in results and "Alice Tremblay" not in results


def test_staff_of_another_organization_cannot_be_picked(network):
    audit_record(action=AuditAction.LOGIN, actor=network.bob)
    html = client_for(network.alice_admin).get("/en/audit/", {"staff": network.bob.pk})
    page = html.content.decode()
    assert "Please correct the filters above." in page
    assert "Bob Martin" not in page


def test_search_terms_are_shown_for_search_events(network):
    audit_record(
        action=AuditAction.SEARCH,
        actor=network.alice,
        detail={"via": "web", "query": "Alex Brison", "clients": []},
    )
    html = _results(client_for(network.alice_admin).get("/en/audit/").content.decode())
    assert "Search: “Alex Brison”" in html


def test_the_log_page_costs_the_same_queries_for_many_clients(
    network, django_assert_max_num_queries
):
    for i in range(12):
        person = client_register(
            acting_user=network.alice,
            given_name="Jean",
            family_name=f"Lavoie{i}",
            birth_year=1980,
        )
        audit_record(
            action=AuditAction.VIEW, actor=network.alice, target=person, client_id=person.pk
        )
    admin = client_for(network.alice_admin)
    admin.get("/en/audit/")
    with django_assert_max_num_queries(20):
        response = admin.get("/en/audit/")
    assert response.content.decode().count("Lavoie") >= 12


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_staff_who_are_not_administrators_may_not_read_it(network, persona):
    assert client_for(getattr(network, persona)).get("/en/audit/").status_code == 403
