"""The housing screens: landlords (list, page, create, edit, the
relationship log), the vacancies board and its filters, units and
inspections; who may do what (route × persona); nothing written on bad
input; query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.core.models import AuditEvent
from parcours.housing.models import HousingUnit, Landlord, LandlordContactLog, UnitInspection
from tests.conftest import Network, client_for
from tests.housing.conftest import Housing, make_unit

pytestmark = pytest.mark.django_db


def unit_post(**changes) -> dict[str, str]:
    data = {
        "address_line": "77, rue Cumberland",
        "city": "Ottawa",
        "province": "ON",
        "postal_code": "k1n 7j2",
        "unit_type": "apartment",
        "bedrooms": "2",
        "monthly_rent": "1450.00",
        "status": "available",
        "available_from": timezone.localdate().isoformat(),
    }
    data.update({k: str(v) for k, v in changes.items()})
    return data


def landlord_post(**changes) -> dict[str, str]:
    data = {"kind": "person", "name": "Suzanne Charron", "languages": "fr, en", "active": "on"}
    data.update(changes)
    return data


# --- Who may see and change what -------------------------------------------------------


def _read_routes(housing: Housing) -> list[str]:
    return [
        reverse("housing:landlords"),
        reverse("housing:landlord", kwargs={"landlord_id": housing.rideau.pk}),
        reverse("housing:vacancies"),
        reverse("housing:unit", kwargs={"unit_id": housing.family.pk}),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(network: Network, housing: Housing):
    for url in _read_routes(housing):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_staff_of_a_non_partner_hospital_are_refused(network: Network, housing: Housing):
    web = client_for(housing.hospital_staff)
    for url in _read_routes(housing):
        assert web.get(url).status_code == 403, url
    response = web.post(reverse("housing:landlord_new"), landlord_post())
    assert response.status_code == 403
    assert not Landlord.objects.filter(name="Suzanne Charron").exists()


def test_every_partners_staff_read_landlords_units_and_vacancies(
    network: Network, housing: Housing
):
    for user in (network.alice, network.bob, network.nurse, network.root):
        web = client_for(user)
        for url in _read_routes(housing):
            assert web.get(url).status_code == 200, (user, url)


def test_another_partner_cannot_edit_a_landlord_it_does_not_keep(
    network: Network, housing: Housing
):
    web = client_for(network.alice)
    edit = reverse("housing:landlord_edit", kwargs={"landlord_id": housing.rideau.pk})
    assert web.get(edit).status_code == 403
    assert web.post(edit, landlord_post(name="Taken over")).status_code == 403
    log = reverse("housing:landlord_log_new", kwargs={"landlord_id": housing.rideau.pk})
    response = web.post(
        log, {"date": timezone.localdate().isoformat(), "kind": "call", "summary": "Hi"}
    )
    assert response.status_code == 403
    new_unit = reverse("housing:unit_new", kwargs={"landlord_id": housing.rideau.pk})
    assert web.post(new_unit, unit_post()).status_code == 403
    unit_edit = reverse("housing:unit_edit", kwargs={"unit_id": housing.family.pk})
    assert web.post(unit_edit, unit_post()).status_code == 403
    inspect = reverse("housing:inspection_new", kwargs={"unit_id": housing.family.pk})
    response = web.post(inspect, {"date": timezone.localdate().isoformat(), "condition": "poor"})
    assert response.status_code == 403
    housing.rideau.refresh_from_db()
    assert housing.rideau.name == "Gestion immobilière Rideau"
    assert not LandlordContactLog.objects.exists()
    assert not UnitInspection.objects.exists()
    assert HousingUnit.objects.filter(landlord=housing.rideau).count() == 3
    page = web.get(reverse("housing:landlord", kwargs={"landlord_id": housing.rideau.pk}))
    assert 'id="edit-landlord"' not in page.content.decode()
    assert 'id="log-form"' not in page.content.decode()


def test_the_keeping_partner_edits_its_landlord(network: Network, housing: Housing):
    web = client_for(network.bob)
    edit = reverse("housing:landlord_edit", kwargs={"landlord_id": housing.lalonde.pk})
    assert web.get(edit).status_code == 200
    response = web.post(edit, landlord_post(name="Gérard Lalonde", phone="613-555-0122"))
    assert response.status_code == 302
    housing.lalonde.refresh_from_db()
    assert housing.lalonde.phone == "613-555-0122"
    assert housing.lalonde.languages == ["fr", "en"]


def test_a_network_admin_edits_any_landlord(network: Network, housing: Housing):
    web = client_for(network.root)
    edit = reverse("housing:landlord_edit", kwargs={"landlord_id": housing.rideau.pk})
    response = web.post(edit, landlord_post(name="Rideau Property Group", kind="company"))
    assert response.status_code == 302
    housing.rideau.refresh_from_db()
    assert housing.rideau.name == "Rideau Property Group"


def test_a_network_admin_adds_a_landlord_for_a_partner(network: Network, housing: Housing):
    web = client_for(network.root)
    response = web.post(
        reverse("housing:landlord_new"), landlord_post(organization=str(network.refuge.pk))
    )
    assert response.status_code == 302
    assert Landlord.objects.get(name="Suzanne Charron").organization == network.refuge


def test_a_network_admin_must_say_who_keeps_a_new_landlord(network: Network, housing: Housing):
    response = client_for(network.root).post(reverse("housing:landlord_new"), landlord_post())
    assert response.status_code == 422
    assert "Choose the partner organization" in response.content.decode()
    assert not Landlord.objects.filter(name="Suzanne Charron").exists()


def test_partner_staff_add_a_landlord_kept_by_their_organization(
    network: Network, housing: Housing
):
    response = client_for(network.alice).post(reverse("housing:landlord_new"), landlord_post())
    assert response.status_code == 302
    landlord = Landlord.objects.get(name="Suzanne Charron")
    assert landlord.organization == network.carrefour
    assert response["Location"] == reverse("housing:landlord", kwargs={"landlord_id": landlord.pk})


def test_unknown_landlord_or_unit_is_404(network: Network, housing: Housing):
    web = client_for(network.alice)
    assert (
        web.get(reverse("housing:landlord", kwargs={"landlord_id": network.icm.pk})).status_code
        == 404
    )
    assert web.get(reverse("housing:unit", kwargs={"unit_id": network.icm.pk})).status_code == 404


# --- Bad input: a clear message and nothing written ---------------------------------------


def test_a_negative_rent_is_refused_and_nothing_written(network: Network, housing: Housing):
    url = reverse("housing:unit_new", kwargs={"landlord_id": housing.lalonde.pk})
    web = client_for(network.bob)
    before = (HousingUnit.objects.count(), AuditEvent.objects.count())
    response = web.post(url, unit_post(monthly_rent="-50"))
    assert response.status_code == 422
    assert "The monthly rent cannot be negative." in response.content.decode()
    assert (HousingUnit.objects.count(), AuditEvent.objects.count()) == before


def test_a_negative_rent_on_edit_keeps_the_unit_as_it_was(network: Network, housing: Housing):
    url = reverse("housing:unit_edit", kwargs={"unit_id": housing.studio.pk})
    response = client_for(network.bob).post(url, unit_post(monthly_rent="-1", bedrooms="-2"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "The monthly rent cannot be negative." in html
    assert "The number of bedrooms cannot be negative." in html
    housing.studio.refresh_from_db()
    assert housing.studio.monthly_rent == 850 and housing.studio.bedrooms == 0


def test_an_available_unit_needs_a_date(network: Network, housing: Housing):
    url = reverse("housing:unit_new", kwargs={"landlord_id": housing.lalonde.pk})
    response = client_for(network.bob).post(url, unit_post(available_from=""))
    assert response.status_code == 422
    assert "Say from when an available unit can be rented." in response.content.decode()
    assert HousingUnit.objects.filter(landlord=housing.lalonde).count() == 1


def test_bad_language_codes_are_refused(network: Network, housing: Housing):
    response = client_for(network.alice).post(
        reverse("housing:landlord_new"), landlord_post(languages="french")
    )
    assert response.status_code == 422
    assert "Not ISO 639-1 language codes: french." in response.content.decode()
    assert not Landlord.objects.filter(name="Suzanne Charron").exists()


def test_an_empty_log_entry_is_refused(network: Network, housing: Housing):
    url = reverse("housing:landlord_log_new", kwargs={"landlord_id": housing.lalonde.pk})
    response = client_for(network.bob).post(
        url, {"date": timezone.localdate().isoformat(), "kind": "call", "summary": ""}
    )
    assert response.status_code == 422
    assert not LandlordContactLog.objects.exists()


# --- The keeping partner's work ----------------------------------------------------------


def test_the_keeper_adds_a_unit_then_edits_it(network: Network, housing: Housing):
    web = client_for(network.bob)
    url = reverse("housing:unit_new", kwargs={"landlord_id": housing.lalonde.pk})
    response = web.post(url, unit_post(pets_allowed="on"))
    assert response.status_code == 302
    unit = HousingUnit.objects.get(address_line="77, rue Cumberland")
    assert unit.organization == network.refuge and unit.postal_code == "K1N 7J2"
    assert unit.pets_allowed
    edit = reverse("housing:unit_edit", kwargs={"unit_id": unit.pk})
    assert web.get(edit).status_code == 200
    response = web.post(edit, unit_post(status="held", available_from=""))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.status == "held" and not unit.pets_allowed


def test_the_keeper_writes_the_relationship_log(network: Network, housing: Housing):
    web = client_for(network.bob)
    url = reverse("housing:landlord_log_new", kwargs={"landlord_id": housing.rideau.pk})
    response = web.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "kind": "mediation",
            "summary": "Médiation sur des arriérés de loyer.",
            "outcome": "Entente sur trois mois.",
        },
    )
    assert response.status_code == 302
    entry = LandlordContactLog.objects.get()
    assert (entry.kind, entry.recorded_by, entry.organization) == (
        "mediation",
        network.bob,
        network.refuge,
    )
    page = web.get(reverse("housing:landlord", kwargs={"landlord_id": housing.rideau.pk}))
    html = page.content.decode()
    assert "Mediation session" in html and "Entente sur trois mois." in html
    assert "45, avenue Beechwood" in html


def test_the_keeper_records_an_inspection(network: Network, housing: Housing):
    web = client_for(network.bob)
    url = reverse("housing:inspection_new", kwargs={"unit_id": housing.family.pk})
    response = web.post(
        url,
        {"date": timezone.localdate().isoformat(), "condition": "fair", "notes": "Peinture"},
    )
    assert response.status_code == 302
    inspection = UnitInspection.objects.get()
    assert inspection.inspected_by == network.bob and inspection.condition == "fair"
    page = web.get(reverse("housing:unit", kwargs={"unit_id": housing.family.pk}))
    assert "Peinture" in page.content.decode()
    future = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = web.post(url, {"date": future, "condition": "good"})
    assert response.status_code == 422
    assert "The inspection cannot be in the future." in response.content.decode()
    assert UnitInspection.objects.count() == 1


# --- Lists: search, filters, pagination, empty states -----------------------------------


def test_landlords_search_and_empty_state(network: Network, housing: Housing):
    web = client_for(network.alice)
    response = web.get(reverse("housing:landlords"))
    assert [landlord.name for landlord in response.context["page_obj"]] == [
        "Gestion immobilière Rideau",
        "Gérard Lalonde",
        "Habitations Vanier",
    ]
    rideau = response.context["page_obj"][0]
    assert (rideau.unit_count, rideau.vacancy_count) == (3, 2)
    response = web.get(reverse("housing:landlords"), {"q": "clarke"})
    assert [landlord.name for landlord in response.context["page_obj"]] == [
        "Gestion immobilière Rideau"
    ]
    response = web.get(reverse("housing:landlords"), {"q": "nobody"})
    assert "No landlord meets this search." in response.content.decode()


def test_inactive_landlords_are_hidden_unless_asked(network: Network, housing: Housing):
    Landlord.objects.filter(pk=housing.vanier.pk).update(active=False)
    web = client_for(network.alice)
    names = [x.name for x in web.get(reverse("housing:landlords")).context["page_obj"]]
    assert "Habitations Vanier" not in names
    shown = web.get(reverse("housing:landlords"), {"inactive": "on"}).context["page_obj"]
    assert "Habitations Vanier" in [x.name for x in shown]


def test_landlords_are_paginated(network: Network, housing: Housing, settings):
    settings.PARCOURS_PAGE_SIZE = 2
    response = client_for(network.alice).get(reverse("housing:landlords"))
    assert response.context["page_obj"].paginator.num_pages == 2
    assert "page=2" in response.content.decode()


def addresses(response) -> list[str]:
    return [unit.address_line for unit in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {},
            [
                "45, avenue Beechwood",
                "12, rue Dalhousie",
                "100, rue Murray, app. 3",
                "9, rue Nelson",
            ],
        ),
        ({"unit_type": "room"}, ["12, rue Dalhousie"]),
        ({"bedrooms": "2"}, ["45, avenue Beechwood"]),
        ({"max_rent": "900"}, ["12, rue Dalhousie", "100, rue Murray, app. 3"]),
        ({"pets": "on"}, ["45, avenue Beechwood", "12, rue Dalhousie"]),
        ({"accessible": "on"}, ["45, avenue Beechwood"]),
        ({"city": "gatineau"}, ["12, rue Dalhousie"]),
        (
            {"available_now": "on"},
            ["45, avenue Beechwood", "12, rue Dalhousie", "100, rue Murray, app. 3"],
        ),
        ({"status": "occupied"}, ["100, rue Murray, app. 3"]),
        ({"pets": "on", "max_rent": "1000", "available_now": "on"}, ["12, rue Dalhousie"]),
    ],
)
def test_vacancy_filters(network: Network, housing: Housing, params, expected):
    response = client_for(network.alice).get(reverse("housing:vacancies"), params)
    assert response.status_code == 200
    assert addresses(response) == expected


def test_the_board_shows_every_unit_when_asked(network: Network, housing: Housing):
    response = client_for(network.alice).get(reverse("housing:vacancies"), {"status": "all"})
    assert len(addresses(response)) == 5


def test_the_board_is_empty_with_a_message(network: Network, housing: Housing):
    response = client_for(network.alice).get(reverse("housing:vacancies"), {"max_rent": "10"})
    assert addresses(response) == []
    assert "No unit meets these filters." in response.content.decode()


def test_the_board_answers_htmx_with_its_results_only(network: Network, housing: Housing):
    response = client_for(network.alice).get(
        reverse("housing:vacancies"), {"pets": "on"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="vacancy-results"')
    assert "45, avenue Beechwood" in html


def test_the_menu_partial_names_landlords_and_vacancies(network: Network, housing: Housing):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.resolver_match = None
    html = render_to_string("housing/_menu.html", {"request": request})
    assert html.count('<li dir="ltr">') == 2
    assert reverse("housing:landlords") in html and reverse("housing:vacancies") in html


# --- Query counts: the lists do not grow with their rows -------------------------------


def _queries(web, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert web.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("route", ["housing:landlords", "housing:vacancies"])
def test_list_query_counts_do_not_grow_with_rows(network: Network, housing: Housing, route):
    web = client_for(network.bob)
    url = reverse(route)
    web.get(url)
    few = _queries(web, url)
    for i in range(8):
        from parcours.housing.services import LandlordData, landlord_create

        landlord = landlord_create(acting_user=network.bob, data=LandlordData(name=f"Bailleur {i}"))
        make_unit(network.bob, landlord, address_line=f"{i}, rue Rideau")
    many = _queries(web, url)
    assert many == few
    # session and user, the page's count and rows, the site menu's 3 queries
    # (unread notifications, ACT board, roster), and the user's organization
    assert many <= 12


def test_landlord_page_query_count_does_not_grow(network: Network, housing: Housing):
    web = client_for(network.bob)
    url = reverse("housing:landlord", kwargs={"landlord_id": housing.rideau.pk})
    web.get(url)
    few = _queries(web, url)
    for i in range(5):
        make_unit(network.bob, housing.rideau, address_line=f"{i}, rue Somerset")
    many = _queries(web, url)
    assert many == few
