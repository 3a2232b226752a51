"""The admin site is no side door to client data (security finding 1): a
network superuser who gets 404 on a client gets none of their identity from
any admin page either."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from parcours import access
from parcours.clients.services import client_update
from parcours.core.models import AuditEvent
from tests.conftest import client_for

SECRETS = ["Côté", "Marie-Ève", "1984-03-09", "1234", "567-890", "Cote"]


# Row ids and form tokens are random: one may contain "1234" by chance.
_RANDOM = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|"
    r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"'
)


def _leaks(html: str) -> list[str]:
    html = _RANDOM.sub("", html)
    return [s for s in SECRETS if s in html]


@pytest.fixture
def marie_changed(network, marie):
    """Marie's record registered and then edited: events with snapshots."""
    client_update(
        acting_user=network.alice,
        client_access=access.client_access_for(network.alice, marie),
        expected_version=marie.version,
        changes={"preferred_name": "Marie"},
    )
    return marie


def test_the_superuser_cannot_open_the_client_itself(network, marie_changed):
    assert client_for(network.root).get(f"/fr/clients/{marie_changed.pk}/").status_code in (
        403,
        404,
    )


def test_audit_events_in_the_admin_show_ids_not_snapshots(network, marie_changed):
    root = client_for(network.root)
    events = AuditEvent.objects.filter(client_id=marie_changed.pk)
    assert events.exclude(before=None).exists() or events.exclude(after=None).exists()
    for event in events:
        html = root.get(f"/fr/admin/core/auditevent/{event.pk}/change/").content.decode()
        assert str(marie_changed.pk) in html  # the id is there …
        assert _leaks(html) == []  # … the person is not
    listing = root.get("/fr/admin/core/auditevent/").content.decode()
    assert _leaks(listing) == []


def test_no_admin_page_shows_a_clients_identity(network, marie_changed):
    """Every model registered in the admin site: its list and, for each row,
    its change page."""
    root = client_for(network.root)
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        listing = root.get(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        assert listing.status_code == 200, info
        assert _leaks(listing.content.decode()) == [], info
        for obj in model_admin.get_queryset(listing.wsgi_request)[:50]:
            page = root.get(reverse(f"admin:{info[0]}_{info[1]}_change", args=[obj.pk]))
            assert _leaks(page.content.decode()) == [], (info, obj.pk)
