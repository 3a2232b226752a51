"""Administrators read their organization's audit log; nobody else does."""

from __future__ import annotations

import uuid

import pytest

from parcours.core.audit import audit_record
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for


@pytest.fixture
def events(network):
    audit_record(action=AuditAction.LOGIN, actor=network.alice)
    audit_record(action=AuditAction.VIEW, actor=network.alice, client_id=uuid.UUID(int=7))
    audit_record(action=AuditAction.LOGIN, actor=network.bob)
    return network


def test_anonymous_is_sent_to_sign_in(events):
    response = client_for(None).get("/fr/audit/")
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["alice", "nurse", "bob"])
def test_staff_who_are_not_administrators_are_refused(events, persona):
    client = client_for(getattr(events, persona))
    before = AuditEvent.objects.count()
    response = client.get("/fr/audit/")
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before


def test_organization_administrator_sees_only_their_organization(events):
    html = client_for(events.alice_admin).get("/en/audit/").content.decode()
    assert "alice@carrefour.example" in html or "Alice Tremblay" in html
    assert "Bob Martin" not in html


def test_superuser_sees_every_organization(events):
    html = client_for(events.root).get("/en/audit/").content.decode()
    assert "Alice Tremblay" in html
    assert "Bob Martin" in html


def test_filter_by_client_and_action(events):
    client = client_for(events.alice_admin)
    html = client.get("/en/audit/", {"client": str(uuid.UUID(int=7))}).content.decode()
    assert "1 event" in html
    html = client.get("/en/audit/", {"action": AuditAction.LOGIN}).content.decode()
    assert "Signed in" in html and "Viewed" not in html.split("<tbody>")[1]


def test_filter_by_user_name(events):
    html = client_for(events.root).get("/en/audit/", {"user": "Martin"}).content.decode()
    results = html.split('<div id="results">')[1]  # the staff picker above names everyone
    assert "Bob Martin" in results
    assert "Alice Tremblay" not in results


def test_bad_filters_get_a_translated_message(events):
    html = (
        client_for(events.alice_admin)
        .get(
            "/fr/audit/",
            {"client": "pas-un-id", "date_from": "2026-05-02", "date_to": "2026-05-01"},
        )
        .content.decode()
    )
    assert "Entrez un identifiant de client" in html
    assert "La fin de la période précède son début." in html


def test_htmx_request_gets_only_the_results_partial(events):
    response = client_for(events.root).get("/en/audit/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html


def test_audit_log_is_paginated(events, settings):
    settings.PARCOURS_PAGE_SIZE = 2
    client = client_for(events.root)
    html = client.get("/en/audit/").content.decode()
    assert "Page 1 of" in html
    assert 'rel="next"' in html
    html = client.get("/en/audit/", {"page": 2}).content.decode()
    assert "Page 2 of" in html
