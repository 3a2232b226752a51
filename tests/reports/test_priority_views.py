"""Prioritization through the screens and the API: the by-name list's
Priority column, sort, CSV and API fields; the rules page — read by partner
staff, changed by coordinators after a confirmation, audited, refused to
staff outside the network."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from parcours.accounts.services import api_token_create
from parcours.core.models import AuditAction, AuditEvent
from parcours.reports.models import PriorityRule
from tests.api.conftest import api_client_for
from tests.conftest import client_for, share
from tests.factories import UserFactory
from tests.reports.conftest import day, person, seen, stay

LIST = "/en/reports/by-name-list/"
RULES = "/en/reports/priority-rules/"


@pytest.fixture
def waiting(network, kinds):
    """Three actively homeless persons of the hub, who share their housing
    with it: Gilles chronic (220 nights), Marie 40 nights, Paul 10 nights."""
    shelter = kinds["emergency_shelter"]
    people = {}
    for name, nights in (("Paul", 10), ("Gilles", 220), ("Marie", 40)):
        client = person(network.alice, name, "Roy")
        stay(client, shelter, day(nights), None)
        seen(client, day(1), network.carrefour, network.alice)
        share(client, by=network.alice, categories=["housing"], organizations=[network.carrefour])
        people[name] = client
    return people


@pytest.fixture
def hospital_staff(network):
    return UserFactory(organization=network.hospital)


def _post(rule_values: dict[str, dict[str, object]], **extra: str) -> dict[str, object]:
    data: dict[str, object] = {}
    for rule in PriorityRule.objects.all():
        values = {
            "weight": rule.weight,
            "per_days": rule.per_days or "",
            "max_points": rule.max_points or "",
            "position": rule.position,
            "is_active": "on" if rule.is_active else "",
        }
        values.update(rule_values.get(rule.criterion, {}))
        for name, value in values.items():
            if name == "is_active" and not value:
                continue
            data[f"{rule.criterion}-{name}"] = value
    data.update(extra)
    return data


def test_the_list_sorts_by_priority_and_shows_rank_score_and_reasons(network, waiting):
    html = client_for(network.alice).get(LIST, {"sort": "priority"}).content.decode()
    assert html.index("Gilles Roy") < html.index("Marie Roy") < html.index("Paul Roy")
    assert "#1" in html and "1321 points" in html
    assert "Chronically homeless (+1100)" in html
    assert "41 homeless days in 3 years (+41)" in html


def test_coordinators_see_the_list_in_priority_order_by_default(network, waiting):
    html = client_for(network.alice_admin).get(LIST).content.decode()
    assert html.index("Gilles Roy") < html.index("Marie Roy") < html.index("Paul Roy")
    assert '<option value="priority" selected>' in html
    # A chosen order wins.
    by_name = client_for(network.alice_admin).get(LIST, {"sort": "name"}).content.decode()
    assert by_name.index("Gilles Roy") < by_name.index("Marie Roy") < by_name.index("Paul Roy")
    assert by_name.index("Marie Roy") > by_name.index("Gilles Roy")
    paul_first = client_for(network.alice_admin).get(LIST, {"sort": "-name"}).content.decode()
    assert paul_first.index("Paul Roy") < paul_first.index("Gilles Roy")


def test_case_workers_see_the_list_by_name_by_default(network, waiting):
    html = client_for(network.alice).get(LIST).content.decode()
    assert '<option value="name" selected>' in html
    assert html.index("Gilles Roy") < html.index("Marie Roy") < html.index("Paul Roy")


def test_the_api_and_the_csv_give_the_priority(network, waiting):
    token = api_token_create(user=network.alice).secret
    body = (
        Client()
        .get(
            "/api/v1/reports/by-name-list",
            {"sort": "priority"},
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
        )
        .json()
    )
    rows = body["items"]
    assert [r["name"] for r in rows] == ["Gilles Roy", "Marie Roy", "Paul Roy"]
    assert [r["priority_rank"] for r in rows] == [1, 2, 3]
    assert rows[0]["priority_score"] == 1321
    assert rows[0]["priority_reasons"] == [
        "Chronically homeless (+1100)",
        "221 homeless days in 3 years (+221)",
    ]
    response = client_for(network.alice).get("/en/reports/by-name-list.csv", {"sort": "priority"})
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["person"], r["priority_rank"], r["priority_score"]) for r in lines] == [
        ("Gilles Roy", "1", "1321"),
        ("Marie Roy", "2", "41"),
        ("Paul Roy", "3", "11"),
    ]
    assert lines[0]["priority_reasons"].startswith("Chronically homeless (+1100); ")


def test_a_person_not_shared_shows_no_priority(network, waiting, kinds):
    # Lise does not share her housing: her row shows no priority, and a
    # sort by priority puts her last.
    lise = person(network.alice, "Lise", "Gagnon")
    stay(lise, kinds["emergency_shelter"], day(300), None)
    body = api_client_for(network.alice).get("/api/v1/reports/by-name-list?sort=priority").json()
    last = body["items"][-1]
    assert last["name"] == "Lise Gagnon" and last["housing_shared"] is False
    assert last["priority_score"] is None and last["priority_rank"] is None
    assert last["priority_reasons"] is None
    # Her rank is counted for the network, so Gilles is second.
    assert body["items"][0]["priority_rank"] == 2
    # Bob (the Refuge) sees none of the hub's clients: no row, no priority.
    body = api_client_for(network.bob).get("/api/v1/reports/by-name-list").json()
    assert body["items"] == []
    # A coordinator of the Refuge sees the network: rank and score, no reasons.
    body = (
        api_client_for(network.bob_admin).get("/api/v1/reports/by-name-list?sort=priority").json()
    )
    first = body["items"][0]
    assert first["shared"] is False
    assert first["priority_rank"] == 1 and first["priority_score"] == 1100 + 301
    assert first["priority_reasons"] is None


def test_every_reader_of_the_list_reads_the_rules_but_only_coordinators_change_them(
    network, hospital_staff
):
    assert client_for(hospital_staff).get(RULES).status_code == 403
    assert client_for(None).get(RULES).status_code == 302
    html = client_for(network.alice).get(RULES).content.decode()
    assert 'id="rules-read-only"' in html and 'id="rules-submit"' not in html
    assert "Chronic homelessness" in html and "Reaching Home asks" in html
    data = _post({"chronic": {"weight": 5}}, confirm="yes")
    assert client_for(network.alice).post(RULES, data).status_code == 403
    assert client_for(hospital_staff).post(RULES, data).status_code == 403
    assert PriorityRule.objects.get(criterion="chronic").weight == 1100
    html = client_for(network.alice_admin).get(RULES).content.decode()
    assert 'id="rules-submit"' in html


def test_a_coordinator_changes_the_rules_after_confirming_and_it_is_audited(network, waiting):
    web = client_for(network.alice_admin)
    data = _post({"veteran": {"weight": 2000, "is_active": "on"}, "chronic": {"position": 99}})
    response = web.post(RULES, data)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="rules-confirm"' in html
    assert "Veteran — Points: 100 → 2000" in html
    assert "Veteran — Active: no → yes" in html
    assert not PriorityRule.objects.get(criterion="veteran").is_active  # not yet
    response = web.post(RULES, {**data, "confirm": "yes"})
    assert response.status_code == 302
    veteran = PriorityRule.objects.get(criterion="veteran")
    assert veteran.is_active and veteran.weight == 2000
    assert PriorityRule.objects.get(criterion="chronic").position == 99
    events = AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(veteran.pk))
    event = events.get()
    assert event.before["weight"] == 100 and event.after["weight"] == 2000
    assert event.client_id is None
    assert event.detail == {"section": "priority_rules", "criterion": "veteran"}


def test_bad_values_write_nothing(network):
    web = client_for(network.alice_admin)
    data = _post({"homeless_days": {"per_days": ""}, "chronic": {"weight": -3}}, confirm="yes")
    response = web.post(RULES, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A count of days needs the number of days per point." in html
    assert PriorityRule.objects.get(criterion="homeless_days").per_days == 1
    assert PriorityRule.objects.get(criterion="chronic").weight == 1100
    assert not AuditEvent.objects.filter(detail__section="priority_rules").exists()


def test_nothing_changed_is_said_and_nothing_audited(network):
    response = client_for(network.alice_admin).post(RULES, _post({}), follow=True)
    assert "Nothing changed." in response.content.decode()
    assert not AuditEvent.objects.filter(detail__section="priority_rules").exists()
