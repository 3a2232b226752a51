"""Finding 11 of issue 13: every page that shows clients' names is in the
audit log with the records it showed — here the revolving-door alerts, open
and all (``?show=all``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parcours.access import client_access_for
from parcours.clients import services
from parcours.clients.models import Client, RevolvingDoorAlert
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for


def _alert_for(by, client: Client) -> RevolvingDoorAlert:
    today = timezone.localdate()
    for stage, days_ago, reason in (
        ("visit", 90, ""),
        ("stability", 30, ""),
        ("safety", 0, "Lost her apartment"),
    ):
        services.pathway_move(
            acting_user=by,
            client_access=client_access_for(by, client),
            stage=stage,
            entered_on=today - dt.timedelta(days=days_ago),
            reason=reason,
        )
    return RevolvingDoorAlert.objects.get(client=client)


def _last_search(user) -> AuditEvent | None:
    return AuditEvent.objects.filter(action=AuditAction.SEARCH, actor=user).order_by("-id").first()


def test_the_alerts_page_audits_the_clients_it_shows(network, marie):
    alert = _alert_for(network.alice, marie)
    web = client_for(network.alice)
    before = AuditEvent.objects.filter(action=AuditAction.SEARCH).count()
    assert "Marie-Ève Côté" in web.get("/en/alerts/").content.decode()
    event = _last_search(network.alice)
    assert event is not None
    assert event.detail["query"] == "alerts"
    assert event.detail["clients"] == [str(marie.pk)]

    services.alert_acknowledge(acting_user=network.alice, alert=alert, note="Appel")
    assert "Marie-Ève Côté" in web.get("/en/alerts/", {"show": "all"}).content.decode()
    event = _last_search(network.alice)
    assert event is not None and event.detail["clients"] == [str(marie.pk)]
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).count() == before + 2


def test_an_empty_alerts_page_shows_no_one_and_writes_nothing(network, marie):
    _alert_for(network.alice, marie)
    bob = client_for(network.bob)
    before = AuditEvent.objects.count()
    html = bob.get("/en/alerts/", {"show": "all"}).content.decode()
    assert "Marie-Ève" not in html
    assert AuditEvent.objects.count() == before
