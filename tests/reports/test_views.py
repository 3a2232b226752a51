"""The by-name list and the monthly flow through the screens and the API:
who may read what, names only where allowed, drill-downs that list as many
persons as the figure says, audit of the names shown, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from parcours.core.models import AuditAction, AuditEvent
from parcours.reports.models import PublishedMonth
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import client_for, share
from tests.factories import UserFactory
from tests.reports.conftest import day, person, seen, stay, tenancy, visit

LIST = "/en/reports/by-name-list/"
FLOW = "/en/reports/monthly-flow/"


@pytest.fixture
def history(network, kinds):
    """Gilles (registered by the Refuge, chronic), Marie (the hub's, housed),
    Paul (the hub's, shared with the Refuge, inactive)."""
    gilles = person(network.bob, "Gilles", "Roy")
    stay(gilles, kinds["emergency_shelter"], day(220), None)
    marie = person(network.alice, "Marie", "Côté")
    visit(marie, day(100), network.carrefour, network.alice)
    tenancy(marie, network.alice, day(40))
    paul = person(network.alice, "Paul", "Lavoie")
    seen(paul, day(150), network.carrefour, network.alice)
    share(paul, by=network.alice, categories=["identity"], organizations=[network.refuge])
    return {"gilles": gilles, "marie": marie, "paul": paul}


@pytest.fixture
def hospital_staff(network):
    return UserFactory(organization=network.hospital)


def _names(html: str) -> set[str]:
    return set(re.findall(r'/clients/[0-9a-f-]+/">([^<]+)</a>', html))


def test_staff_outside_the_network_and_anonymous_users_are_refused(
    network, history, hospital_staff
):
    assert client_for(hospital_staff).get(LIST).status_code == 403
    assert client_for(hospital_staff).get(FLOW).status_code == 403
    assert client_for(None).get(LIST).status_code == 302
    api = api_client_for(hospital_staff)
    assert api.get("/api/v1/reports/by-name-list").status_code == 403
    assert api.get("/api/v1/reports/monthly-flow").status_code == 403


def test_a_partner_sees_names_and_counts_of_the_persons_it_may_see_only(network, history):
    response = client_for(network.bob).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert _names(html) == {"Gilles Roy", "Paul Lavoie"}
    assert "Marie" not in html and "record not shared" not in html
    assert 'id="count-all">' in html and "2 persons" in html
    assert 'id="bnl-quality"' not in html  # the quality panel is the coordinators'


def test_a_coordinator_sees_network_counts_and_names_only_where_allowed(network, history):
    response = client_for(network.alice_admin).get(LIST)
    html = response.content.decode()
    assert _names(html) == {"Marie Côté", "Paul Lavoie"}
    assert "Gilles" not in html and "Roy" not in html
    assert html.count("a person (record not shared)") == 1
    assert "3 persons" in html
    assert 'id="bnl-quality"' in html


def test_statuses_and_filters_on_the_list(network, history):
    web = client_for(network.alice_admin)
    assert 'id="count-housing-chronic">1<' in web.get(LIST).content.decode()
    # Marie shares no housing with the hub: a housing filter lists her without a name.
    housed = web.get(LIST, {"housing": "housed"}).content.decode()
    assert _names(housed) == set() and housed.count("a person (record not shared)") == 1
    share(
        history["marie"],
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.carrefour],
    )
    housed = web.get(LIST, {"housing": "housed"}).content.decode()
    assert _names(housed) == {"Marie Côté"}
    inactive = web.get(LIST, {"activity": "inactive"}).content.decode()
    assert _names(inactive) == {"Paul Lavoie"}
    searched = web.get(LIST, {"q": "lavoie"}).content.decode()
    assert _names(searched) == {"Paul Lavoie"} and "record not shared" not in searched
    # A search never finds a person by a name the user may not see.
    assert "record not shared" not in web.get(LIST, {"q": "Gilles"}).content.decode()


def test_every_count_of_the_list_drills_down_to_as_many_rows(network, history):
    web = client_for(network.alice_admin)
    html = web.get(LIST).content.decode()
    for link, count in re.findall(r'<a href="([^"]+)" id="count-[^"]+">(\d+)</a>', html):
        listed = web.get(link.replace("&amp;", "&")).content.decode()
        assert listed.count('class="bnl-row') == int(count), link


def test_the_list_read_is_audited_with_the_records_it_showed(network, history):
    client_for(network.bob).get(LIST)
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("id")
    assert event.detail["section"] == "by_name_list"
    assert set(event.detail["clients"]) == {str(history["gilles"].pk), str(history["paul"].pk)}


def test_the_list_takes_the_same_number_of_queries_however_many_persons(
    network, kinds, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            someone = person(network.alice, f"P{i}", f"Person{i}{n}")
            visit(someone, day(i), network.carrefour, network.alice)
            seen(someone, day(i + 3), network.carrefour, network.alice)

    web = client_for(network.alice_admin)
    add(3)
    # (+2: housing applications and offers are qualifying activities)
    with django_assert_max_num_queries(52) as few:
        assert web.get(LIST).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert web.get(LIST).status_code == 200


def test_monthly_flow_is_for_coordinators(network, history):
    assert client_for(network.bob).get(FLOW).status_code == 403
    response = client_for(network.alice_admin).get(FLOW)
    assert response.status_code == 200
    assert 'id="flow-chronic"' in response.content.decode()


def test_every_figure_of_the_flow_drills_down_to_as_many_persons(network, history):
    web = client_for(network.alice_admin)
    html = web.get(FLOW, {"first": "2024-10", "last": "2025-06"}).content.decode()
    links = re.findall(
        r'<a href="([^"]+)" class="flow-count" data-category="[^"]+">(\d+)</a>', html
    )
    assert any(int(count) for _link, count in links)
    checked = 0
    for link, count in links:
        if int(count) == 0 and checked > 40:
            continue
        listed = web.get(link.replace("&amp;", "&")).content.decode()
        assert listed.count('class="bnl-row') == int(count), link
        checked += 1


def test_csv_download_of_the_flow(network, history):
    response = client_for(network.alice_admin).get("/en/reports/monthly-flow.csv")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("month,population,previous_active,active")
    assert len(lines) == 1 + 13 * 5
    assert client_for(network.bob).get("/en/reports/monthly-flow.csv").status_code == 403


def test_a_coordinator_publishes_a_closed_month_and_a_partner_may_not(network, history):
    url = reverse("reports:monthly_flow_publish")
    client_for(network.bob).post(url, {"month": "2025-04"})
    assert not PublishedMonth.objects.exists()
    response = client_for(network.alice_admin).post(url, {"month": "2025-04"})
    assert response.status_code == 302
    assert PublishedMonth.objects.filter(month=dt.date(2025, 4, 1)).count() == 5
    assert AuditEvent.objects.filter(target_type="reports.publishedmonth").exists()
    client_for(network.alice_admin).post(url, {"month": "2025-06"})  # not closed
    assert not PublishedMonth.objects.filter(month=dt.date(2025, 6, 1)).exists()


def test_publish_month_command(network, history):
    call_command("publish_month", "2025-05", "--by", network.alice_admin.email)
    row = PublishedMonth.objects.get(month=dt.date(2025, 5, 1), population="chronic")
    assert row.figures["active"] == 1 and row.published_by == network.alice_admin


def test_api_by_name_list_and_monthly_flow(network, history, openapi):
    api = api_client_for(network.alice_admin)
    response = api.get("/api/v1/reports/by-name-list", limit=2)
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/reports/by-name-list", "get", response)
    body = response.json()
    assert body["total"] == 3 and body["count"] == 3 and len(body["items"]) == 2
    hidden = [r for r in api.get("/api/v1/reports/by-name-list").json()["items"] if not r["shared"]]
    assert hidden == [
        {
            "shared": False,
            "housing_shared": True,
            "client_id": None,
            "name": "",
            "housing_status": "chronic",
            "activity_status": "active",
            "list_status": "active",
            "first_contact": None,
            "last_activity": None,
            "homeless_days_past_year": None,
            "chronic": True,
            "indigenous": None,
            "youth": None,
            "family": None,
            "priority_score": 1100 + 221,
            "priority_rank": 1,
            "priority_reasons": None,
        }
    ]
    flow = api.get("/api/v1/reports/monthly-flow", first="2025-01", last="2025-06")
    assert flow.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/reports/monthly-flow", "get", flow)
    assert all(line["balanced"] for line in flow.json()["lines"])
    assert api_client_for(network.bob).get("/api/v1/reports/monthly-flow").status_code == 403
    bad = api.get("/api/v1/reports/monthly-flow", first="2025-13")
    assert bad.status_code == 422


def test_api_publish_refuses_an_open_month_with_422(network, history):
    api = api_client_for(network.alice_admin)
    assert api.post("/api/v1/reports/monthly-flow/publish", {"month": "2025-06"}).status_code == 422
    assert not PublishedMonth.objects.exists()
    assert api.post("/api/v1/reports/monthly-flow/publish", {"month": "2025-05"}).status_code == 201
    partner = api_client_for(network.bob)
    assert (
        partner.post("/api/v1/reports/monthly-flow/publish", {"month": "2025-06"}).status_code
        == 403
    )


def test_the_client_page_explains_the_chronic_status(network, history):
    gilles = history["gilles"]
    html = client_for(network.bob).get(f"/en/clients/{gilles.pk}/?tab=housing").content.decode()
    assert "How this was computed" not in html  # housing is not shared (consent)
    share(
        gilles, by=network.bob, categories=["identity", "housing"], organizations=[network.refuge]
    )
    html = client_for(network.bob).get(f"/en/clients/{gilles.pk}/?tab=housing").content.decode()
    assert "How this was computed" in html
    # 220 nights before today, and tonight (the stay is open).
    assert re.search(r'id="chronic-days-year">\s*221 \(chronic from 180\)', html)
    assert "at least 180 homeless days in the past year" in html
