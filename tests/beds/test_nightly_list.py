"""The shelter's nightly list: who is in which bed, who is expected tonight
(holds with their expiry), how many beds are free — a printable page and a
PDF, for the site's staff only, audited, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from parcours.access import client_access_for
from parcours.beds import services
from parcours.beds.models import Bed
from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.core.models import AuditAction, AuditEvent
from tests.beds.conftest import Beds
from tests.casework.pdftext import pdf_text
from tests.conftest import Network, client_for
from tests.factories import UserFactory

# 14:00 in Toronto: holds last until the evening intake.
NOW = dt.datetime(2026, 3, 10, 19, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tonight(network: Network, beds: Beds, paul: Client, marie: Client) -> Beds:
    """Paul sleeps in the dorm's first bed; the hub holds the accessible bed for Marie."""
    services.stay_book_in(acting_user=network.bob, bed=beds.dorm_bed_1, client=paul)
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
        reason="Sortie d'hôpital",
    )
    return beds


def _url(beds: Beds, suffix: str = "tonight/", language: str = "en") -> str:
    return f"/{language}/beds/sites/{beds.shelter.pk}/{suffix}"


def test_the_page_lists_who_is_in_which_bed_and_who_is_expected(
    network: Network, tonight: Beds
) -> None:
    response = client_for(network.bob).get(_url(tonight))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Paul Lavoie" in page and "Marie-Ève Côté" in page
    assert "@media print" in page
    assert "1 free bed" in page and "1 expected arrival" in page
    assert "Carrefour Centre-Ville" in page  # who holds the bed
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.detail["section"] == "nightly_list"
    assert set(event.detail["clients"]) == {
        str(c)
        for c in Client.objects.filter(family_name__in=["Lavoie", "Côté"]).values_list(
            "pk", flat=True
        )
    }


def test_the_pdf_has_the_beds_and_arrivals(network: Network, tonight: Beds) -> None:
    response = client_for(network.bob).get(_url(tonight, "tonight.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Paul Lavoie" in text and "Marie-Ève Côté" in text
    assert "Dortoir A" in text and "Chambre adaptée" in text and "A1" in text
    assert "Expected arrivals" in text
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.detail["section"] == "nightly_list_pdf"


def test_the_pdf_in_french(network: Network, tonight: Beds) -> None:
    with translation.override("fr"):
        response = client_for(network.bob).get(_url(tonight, "tonight.pdf", "fr"))
    text = pdf_text(response.content)
    assert "Paul Lavoie" in text
    # Headings already in the French catalogue.
    assert "Lit" in text and "Bed\n" not in text


def test_beds_are_in_natural_order(network: Network, beds: Beds) -> None:
    services.room_create(
        acting_user=network.bob_admin, site=beds.shelter, name="Dortoir B", beds=12
    )
    page = client_for(network.bob).get(_url(beds)).content.decode()
    room = Bed.objects.filter(room__name="Dortoir B")
    positions = [page.index(f'id="nightly-bed-{room.get(label=str(n)).pk}"') for n in range(1, 13)]
    assert positions == sorted(positions)


def _queries(web, url: str) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert web.get(url).status_code == 200
    return len(context)


def test_no_query_per_bed(network: Network, beds: Beds, django_assert_max_num_queries) -> None:
    web = client_for(network.bob)
    web.get(_url(beds))
    few = _queries(web, _url(beds))
    room = services.room_create(
        acting_user=network.bob_admin, site=beds.shelter, name="Grand dortoir", beds=40
    )
    for n, bed in enumerate(room.beds.order_by("created_at")[:25]):
        person = client_register(
            acting_user=network.bob,
            given_name=f"Personne{n}",
            family_name="Test",
            date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=n),
        )
        services.stay_book_in(acting_user=network.bob, bed=bed, client=person)
    assert _queries(web, _url(beds)) == few
    with django_assert_max_num_queries(20):
        response = web.get(_url(beds))
    assert response.content.decode().count("Personne") >= 25


@pytest.mark.parametrize("who", ["hub_worker", "other_shelter", "hospital"])
def test_who_does_not_run_the_site_gets_no_list(network: Network, tonight: Beds, who: str) -> None:
    user = {
        "hub_worker": network.alice,
        "other_shelter": tonight.jennifer,
        "hospital": UserFactory(organization=network.hospital),
    }[who]
    web = client_for(user)
    for suffix in ("tonight/", "tonight.pdf"):
        assert web.get(_url(tonight, suffix)).status_code in (403, 404)
    assert not AuditEvent.objects.filter(detail__section__startswith="nightly_list").exists()


def test_anonymous_is_sent_to_sign_in(tonight: Beds) -> None:
    assert client_for(None).get(_url(tonight)).status_code == 302


def test_the_site_page_links_to_the_list(network: Network, beds: Beds) -> None:
    page = client_for(network.bob).get(f"/en/beds/sites/{beds.shelter.pk}/").content.decode()
    assert f"/en/beds/sites/{beds.shelter.pk}/tonight/" in page
