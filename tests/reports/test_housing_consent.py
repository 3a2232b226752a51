"""Housing consent on the by-name list: a partner that may see a person's
identity but not their housing category sees "not shared" for the housing
status (and what it says: list status, chronic, homeless days) — on the
page, in the API and in the CSV — and never finds the person by a housing
filter; a coordinator still counts them in the network's figures, and a
housing filter lists them as a row without a name."""

from __future__ import annotations

import csv
import io
import re

import pytest

from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import api_client_for
from tests.conftest import client_for, share
from tests.reports.conftest import day, person, stay

LIST = "/en/reports/by-name-list/"
CSV = "/en/reports/by-name-list.csv"
API = "/api/v1/reports/by-name-list"


@pytest.fixture
def people(network, kinds):
    """Two chronically homeless persons the hub registered and shares with the
    Refuge: Paul shares his identity only, Lise her identity and housing."""
    paul = person(network.alice, "Paul", "Lavoie")
    stay(paul, kinds["emergency_shelter"], day(220), None)
    share(paul, by=network.alice, categories=["identity"], organizations=[network.refuge])
    lise = person(network.alice, "Lise", "Gagnon")
    stay(lise, kinds["emergency_shelter"], day(210), None)
    share(
        lise, by=network.alice, categories=["identity", "housing"], organizations=[network.refuge]
    )
    return {"paul": paul, "lise": lise}


def _rows(html: str) -> dict[str, str]:
    """Name → the housing status cell of each named row."""
    found = re.findall(r'/clients/[0-9a-f-]+/">([^<]+)</a></td>\s*<td>(.*?)</td>', html, flags=re.S)
    return {name: re.sub(r"<[^>]+>", "", cell).strip() for name, cell in found}


@pytest.mark.parametrize("persona", ["bob", "bob_admin"])
def test_the_housing_status_shows_only_where_housing_is_shared(network, people, persona):
    html = client_for(getattr(network, persona)).get(LIST).content.decode()
    rows = _rows(html)
    assert rows == {"Paul Lavoie": "not shared", "Lise Gagnon": "Chronically homeless"}


def test_a_partner_counts_unshared_housing_apart_and_never_finds_it_by_housing(network, people):
    web = client_for(network.bob)
    html = web.get(LIST).content.decode()
    assert 'id="count-housing-chronic">1<' in html
    assert 'id="count-housing-not-shared">1<' in html
    for query in ({"housing": "chronic"}, {"status": "active"}, {"population": "chronic"}):
        listed = web.get(LIST, query).content.decode()
        assert set(_rows(listed)) == {"Lise Gagnon"}, query
        assert "record not shared" not in listed
    # The other filters still find him, with his housing not shared.
    assert _rows(web.get(LIST, {"activity": "active"}).content.decode())["Paul Lavoie"] == (
        "not shared"
    )


def test_a_coordinator_counts_the_person_and_lists_them_without_a_name_by_housing(network, people):
    web = client_for(network.bob_admin)
    html = web.get(LIST).content.decode()
    # The network's figures count both persons as before.
    assert 'id="count-housing-chronic">2<' in html
    assert "count-housing-not-shared" not in html
    chronic = web.get(LIST, {"housing": "chronic"}).content.decode()
    assert _rows(chronic) == {"Lise Gagnon": "Chronically homeless"}
    assert chronic.count("a person (record not shared)") == 1
    assert chronic.count('class="bnl-row') == 2
    # A name search by housing does not single him out.
    searched = web.get(LIST, {"housing": "chronic", "q": "Lavoie"}).content.decode()
    assert 'class="bnl-row' not in searched


def test_the_hub_that_registered_them_without_housing_consent_sees_not_shared(network, people):
    rows = _rows(client_for(network.alice).get(LIST).content.decode())
    assert rows == {"Paul Lavoie": "not shared", "Lise Gagnon": "not shared"}
    share(
        people["paul"],
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.carrefour],
    )
    rows = _rows(client_for(network.alice).get(LIST).content.decode())
    assert rows == {"Paul Lavoie": "Chronically homeless", "Lise Gagnon": "not shared"}


@pytest.mark.parametrize("persona", ["bob", "bob_admin"])
def test_the_api_says_not_shared(network, people, persona):
    body = api_client_for(getattr(network, persona)).get(API).json()
    items = {item["name"]: item for item in body["items"] if item["shared"]}
    paul, lise = items["Paul Lavoie"], items["Lise Gagnon"]
    assert paul["housing_shared"] is False
    assert paul["housing_status"] == "not_shared" and paul["list_status"] == "not_shared"
    assert paul["chronic"] is None and paul["homeless_days_past_year"] is None
    assert paul["activity_status"] == "active"
    assert lise["housing_shared"] is True
    assert lise["housing_status"] == "chronic" and lise["chronic"] is True
    assert lise["homeless_days_past_year"] > 180
    if persona == "bob":
        assert body["counts_by_housing"]["not_shared"] == 1
        assert body["counts_by_housing"]["chronic"] == 1
    else:
        assert "not_shared" not in body["counts_by_housing"]
        assert body["counts_by_housing"]["chronic"] == 2
    filtered = api_client_for(getattr(network, persona)).get(API, housing="chronic").json()
    named = {item["name"] for item in filtered["items"] if item["shared"]}
    assert named == {"Lise Gagnon"}


def test_the_csv_says_not_shared_and_is_audited(network, people):
    response = client_for(network.bob).get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {r["person"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["Paul Lavoie"]["housing_status"] == "not_shared"
    assert rows["Paul Lavoie"]["list_status"] == "not_shared"
    assert (
        rows["Paul Lavoie"]["chronic"] == ""
        and rows["Paul Lavoie"]["homeless_days_past_year"] == ""
    )
    assert rows["Lise Gagnon"]["housing_status"] == "chronic"
    assert rows["Lise Gagnon"]["chronic"] == "yes"
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("id")
    assert event.detail["via"] == "csv"
    assert set(event.detail["clients"]) == {str(people["paul"].pk), str(people["lise"].pk)}
    chronic = client_for(network.bob).get(CSV, {"housing": "chronic"}).content.decode()
    assert "Lise Gagnon" in chronic and "Lavoie" not in chronic


def test_the_csv_is_refused_outside_the_network(network, people):
    from tests.factories import UserFactory

    hospital = UserFactory(organization=network.hospital)
    assert client_for(hospital).get(CSV).status_code == 403
    assert client_for(None).get(CSV).status_code == 302
