"""The matching screens: preferences form, matches of a vacancy and of a
client, making and answering an offer, the tenancy of an accepted offer, the
coordinators' list — route × persona refusals, audit of reads, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.clients.services import client_register
from parcours.core.models import AuditEvent
from parcours.housing.models import HousingOffer, HousingPreference, OfferStatus, Tenancy
from tests.conftest import client_for, share
from tests.housing.conftest import make_unit
from tests.housing.matching_support import offer, people_fixture, prefs  # noqa: F401


def test_a_worker_records_preferences_on_the_client_file(network, people):
    web = client_for(network.alice)
    url = reverse("housing:preferences", kwargs={"client_id": people.anne.pk})
    page = web.get(url)
    assert page.status_code == 200
    assert AuditEvent.objects.filter(
        action="record.view", client_id=people.anne.pk, detail__section="housing_preferences"
    ).exists()
    response = web.post(
        url,
        {
            "areas": "Vanier, K1L",
            "areas_to_avoid": "",
            "unit_types": ["apartment"],
            "min_bedrooms": "1",
            "accessibility_needs": ["elevator"],
            "living": "alone",
            "max_rent": "1100",
            "constraints": "Près de la clinique Montfort.",
        },
    )
    assert response.status_code == 302
    pref = HousingPreference.objects.get(client=people.anne)
    assert pref.areas == ["Vanier", "K1L"]
    assert pref.max_rent == Decimal("1100")
    file = web.get(
        reverse("clients:detail", kwargs={"client_id": people.anne.pk}), {"tab": "housing"}
    )
    assert b'id="housing-preferences"' in file.content
    assert "Vanier, K1L" in file.content.decode()


def test_bad_preferences_show_the_form_again(network, people):
    web = client_for(network.alice)
    url = reverse("housing:preferences", kwargs={"client_id": people.anne.pk})
    response = web.post(
        url,
        {"areas": "Vanier", "areas_to_avoid": "vanier", "min_bedrooms": "0", "living": "either"},
    )
    assert response.status_code == 422
    assert b"both wanted and avoided" in response.content


def test_the_matches_of_a_vacancy_with_reasons_then_an_offer(network, housing, people):
    web = client_for(network.alice)
    page = web.get(reverse("housing:unit_matches", kwargs={"unit_id": housing.studio.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Anne") < html.index("Bruno")
    assert "Rent within budget" in html
    offer_url = reverse("housing:offer_new", kwargs={"unit_id": housing.studio.pk})
    confirm = web.get(offer_url, {"client": people.anne.pk})
    assert confirm.status_code == 200
    assert b"held for the client" in confirm.content
    response = web.post(offer_url, {"client": people.anne.pk, "respond_by": "", "note": ""})
    assert response.status_code == 302
    made = HousingOffer.objects.get()
    assert made.client == people.anne
    held = web.get(reverse("housing:unit_matches", kwargs={"unit_id": housing.studio.pk}))
    assert b"Held for" in held.content


def test_accept_leads_to_the_prefilled_tenancy(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    web = client_for(network.alice)
    response = web.post(
        reverse("housing:offer_answer", kwargs={"offer_id": made.pk}), {"answer": "accept"}
    )
    assert response.status_code == 302
    tenancy_url = reverse("housing:offer_tenancy", kwargs={"offer_id": made.pk})
    assert response["Location"] == tenancy_url
    form = web.get(tenancy_url)
    assert form.status_code == 200
    assert f'value="{housing.studio.pk}" selected'.encode() in form.content
    started = web.post(
        tenancy_url,
        {"unit": housing.studio.pk, "start_date": dt.date.today().isoformat(), "note": ""},
    )
    assert started.status_code == 302
    made.refresh_from_db()
    assert made.tenancy == Tenancy.objects.get(client=people.anne)


def test_a_decline_with_a_pause_from_the_form(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    web = client_for(network.alice)
    response = web.post(
        reverse("housing:offer_answer", kwargs={"offer_id": made.pk}),
        {
            "answer": "decline",
            "decline_side": "client",
            "reason": "location",
            "pause": "on",
            "pause_days": "5",
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == OfferStatus.DECLINED
    assert made.paused_until == dt.date.today() + dt.timedelta(days=5)


def test_the_coordinators_list_flags_stalled_offers(network, housing, people):
    old = offer(
        network.alice,
        people.anne,
        housing.studio,
        offered_on=dt.date.today() - dt.timedelta(days=9),
    )
    offer(network.alice, people.bruno, housing.family)
    web = client_for(network.alice_admin)
    page = web.get(reverse("housing:offers"))
    assert page.status_code == 200
    assert page.content.count(b'class="stalled"') == 1
    stalled = web.get(reverse("housing:offers"), {"show": "stalled", "sort": "-respond_by"})
    assert f'id="offer-{old.pk}"'.encode() in stalled.content
    assert stalled.content.count(b'class="stalled"') == 1


@pytest.mark.parametrize("persona", ["bob", "hospital", "alice"])
def test_the_offers_list_refuses_others(network, housing, persona):
    user = {"bob": network.bob, "hospital": housing.hospital_staff, "alice": network.alice}[persona]
    assert client_for(user).get(reverse("housing:offers")).status_code == 403


def test_route_by_persona_refusals(network, housing, people):
    made = offer(network.alice, people.anne, housing.studio)
    client_routes = [
        reverse("housing:preferences", kwargs={"client_id": people.anne.pk}),
        reverse("housing:client_matches", kwargs={"client_id": people.anne.pk}),
    ]
    offer_routes = [
        reverse("housing:offer_answer", kwargs={"offer_id": made.pk}),
        reverse("housing:offer_tenancy", kwargs={"offer_id": made.pk}),
    ]
    new_offer = reverse("housing:offer_new", kwargs={"unit_id": housing.family.pk})
    bob = client_for(network.bob)
    hospital = client_for(housing.hospital_staff)
    # Bob does not see Anne: 404.
    for url in client_routes + offer_routes:
        assert bob.get(url).status_code == 404, url
    assert bob.get(new_offer, {"client": people.anne.pk}).status_code == 404
    # Identity shared but not housing: 403 on the client's housing, offers unseen.
    share(people.anne, by=network.alice, categories=["identity"], organizations=[network.refuge])
    for url in client_routes:
        assert bob.get(url).status_code == 403, url
    assert bob.get(new_offer, {"client": people.anne.pk}).status_code == 403
    assert bob.post(new_offer, {"client": people.anne.pk}).status_code == 403
    for url in offer_routes:
        assert bob.get(url).status_code == 404, url
    assert HousingOffer.objects.count() == 1
    # Hospital staff: refused.
    unit_matches_url = reverse("housing:unit_matches", kwargs={"unit_id": housing.studio.pk})
    for url in [*client_routes, unit_matches_url]:
        assert hospital.get(url).status_code in (403, 404), url
    # Anonymous: to the sign-in page.
    assert client_for(None).get(client_routes[0]).status_code == 302


def test_the_matches_page_costs_the_same_queries_whatever_its_length(
    network, housing, people, django_assert_max_num_queries
):
    web = client_for(network.alice)
    url = reverse("housing:unit_matches", kwargs={"unit_id": housing.studio.pk})
    web.get(url)
    for i in range(15):
        client = client_register(acting_user=network.alice, given_name=f"C{i}", family_name="Roy")
        prefs(network.alice, client, max_rent=Decimal("900"))
    # The by-name list's prioritization reads each rule's facts in a fixed
    # number of queries (about 20), whatever the number of clients.
    with django_assert_max_num_queries(38):
        page = web.get(url)
    assert page.content.count(b'id="match-') == 18


def test_the_offers_list_costs_the_same_queries_whatever_its_length(
    network, housing, people, django_assert_max_num_queries
):
    web = client_for(network.alice_admin)
    offer(network.alice, people.anne, housing.studio)
    with CaptureQueriesContext(connection) as one:
        web.get(reverse("housing:offers"))
    for i in range(12):
        client = client_register(acting_user=network.alice, given_name=f"D{i}", family_name="Roy")
        offer(network.alice, client, make_unit(network.bob, housing.lalonde))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = web.get(reverse("housing:offers"))
    assert page.content.count(b'<tr id="offer-') == 13
