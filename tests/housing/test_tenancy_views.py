"""Tenancy screens: the client file's housing section, start, end, the
move-in checklist and the retention page — persona refusals, validation
with nothing written, query counts."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.access import client_access_for
from parcours.clients.models import Stage
from parcours.clients.services.visits import current_stage
from parcours.housing.models import CHECKLIST_ITEMS, MoveInChecklist, Tenancy
from parcours.housing.tenancies import tenancy_start
from tests.conftest import client_for, share
from tests.housing.conftest import make_unit


def _start(user, client, unit, days=10):
    return tenancy_start(
        acting_user=user,
        client_access=client_access_for(user, client),
        unit=unit,
        start_date=timezone.localdate() - dt.timedelta(days=days),
    )


def _panel(user, client) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% include 'housing/_client_file.html' %}").render(
        Context({"client_access": client_access_for(user, client), "request": request})
    )


def test_the_start_form_starts_a_tenancy_and_moves_the_pathway(network, housing, marie):
    web = client_for(network.alice)
    url = reverse("housing:tenancy_new", kwargs={"client_id": marie.pk})
    page = web.get(url)
    assert page.status_code == 200
    assert "100, rue Murray" in page.content.decode()
    response = web.post(
        url,
        {"unit": str(housing.studio.pk), "start_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#housing")
    assert Tenancy.objects.get().unit == housing.studio
    assert current_stage(marie).stage == Stage.STABILITY


def test_the_start_form_refuses_a_second_tenancy_and_writes_nothing(network, housing, marie):
    _start(network.alice, marie, housing.studio)
    web = client_for(network.alice)
    response = web.post(
        reverse("housing:tenancy_new", kwargs={"client_id": marie.pk}),
        {"unit": str(housing.room.pk), "start_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 422
    assert "already has an active tenancy" in response.content.decode()
    assert Tenancy.objects.count() == 1


def test_persona_refusals(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio)
    urls = [
        reverse("housing:tenancy_new", kwargs={"client_id": marie.pk}),
        reverse("housing:tenancy_end", kwargs={"tenancy_id": tenancy.pk}),
        reverse("housing:move_in", kwargs={"tenancy_id": tenancy.pk}),
    ]
    bob = client_for(network.bob)
    for url in urls:  # a client the Refuge may not see: 404
        assert bob.get(url).status_code == 404, url
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(urls[0]).status_code == 403  # sees the client, not their housing
    assert bob.get(urls[1]).status_code == 404  # the tenancy is not shared
    hospital = client_for(housing.hospital_staff)
    for url in urls:
        assert hospital.get(url).status_code in (403, 404), url
    assert client_for(None).get(urls[0]).status_code == 302


def test_the_end_form_ends_the_tenancy(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio, days=100)
    web = client_for(network.alice)
    url = reverse("housing:tenancy_end", kwargs={"tenancy_id": tenancy.pk})
    assert web.get(url).status_code == 200
    bad = web.post(url, {"end_date": "2000-01-01", "end_reason": "eviction"})
    assert bad.status_code == 422
    assert Tenancy.objects.get().end_date is None
    good = web.post(url, {"end_date": timezone.localdate().isoformat(), "end_reason": "eviction"})
    assert good.status_code == 302
    assert Tenancy.objects.get().end_reason == "eviction"
    assert current_stage(marie).stage == Stage.SAFETY


def test_the_move_in_form_refuses_to_close_until_complete(network, housing, marie):
    tenancy = _start(network.alice, marie, housing.studio)
    web = client_for(network.alice)
    url = reverse("housing:move_in", kwargs={"tenancy_id": tenancy.pk})
    assert web.get(url).status_code == 200
    refused = web.post(url, {"lease_signed": "on", "close": "on"})
    assert refused.status_code == 422
    assert "Still to do" in refused.content.decode()
    assert MoveInChecklist.objects.get().closed_at is None
    done = web.post(url, {**dict.fromkeys(CHECKLIST_ITEMS, "on"), "close": "on"})
    assert done.status_code == 302
    assert MoveInChecklist.objects.get().closed_at is not None


def test_the_client_file_section(network, housing, marie):
    html = _panel(network.alice, marie)
    assert 'id="tenancy-start"' in html
    _start(network.alice, marie, housing.studio)
    html = _panel(network.alice, marie)
    assert 'id="active-tenancy"' in html
    assert "To do:" in html
    assert 'id="tenancy-end"' in html
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    html = _panel(network.bob, marie)
    assert "No active tenancy." in html  # not shared with the Refuge
    assert "tenancy-start" not in html


def test_the_retention_page_is_for_coordinators(network, housing, marie):
    _start(network.alice, marie, housing.studio, days=400)
    assert client_for(network.alice).get(reverse("housing:retention")).status_code == 403
    web = client_for(network.alice_admin)
    with CaptureQueriesContext(connection) as queries:
        page = web.get(reverse("housing:retention"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="retention-6"' in html and "100 %" in html
    assert len(queries) < 25


def test_the_start_form_costs_the_same_whatever_the_units(network, housing, marie):
    web = client_for(network.alice)
    url = reverse("housing:tenancy_new", kwargs={"client_id": marie.pk})
    web.get(url)
    with CaptureQueriesContext(connection) as few:
        web.get(url)
    for n in range(5):
        make_unit(network.bob, housing.lalonde, address_line=f"{n}, rue Rideau")
    with CaptureQueriesContext(connection) as many:
        web.get(url)
    assert len(many) == len(few)
