"""The consent form to sign: a PDF in the client's language (or the one
chosen), blank or pre-filled with the directive being recorded; for those who
may record the client's consent only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.core.models import AuditAction, AuditEvent
from tests.casework.pdftext import pdf_text
from tests.conftest import Network, client_for, share
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _url(client: Client, language: str = "en") -> str:
    return f"/{language}/clients/{client.pk}/consents/print/"


def test_a_blank_form_in_the_clients_french_from_an_english_page(
    network: Network, marie: Client
) -> None:
    response = client_for(network.alice).get(_url(marie))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Marie-Ève Côté" in text and "1984-03-09" in text
    assert "Carrefour Centre-Ville" in text
    # The categories, from the French catalogue; none ticked.
    assert "Identity and contact" not in text
    assert "☐" in text and "☑" not in text
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.client_id == marie.pk and event.detail["section"] == "consent_form_pdf"


def test_the_directive_being_recorded_is_printed_in_english_when_chosen(
    network: Network, marie: Client
) -> None:
    response = client_for(network.alice).post(
        _url(marie, "fr"),
        {
            "language": "en",
            "organizations": [str(network.refuge.pk)],
            "categories": ["identity", "housing"],
            "start_date": "2026-03-10",
            "end_date": "2027-03-09",
            "witnessed_by": "Alice Tremblay",
            "method": "written",
        },
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Consent to share information" in text
    assert "Identity and contact" in text and "Housing" in text and "Financial" in text
    assert "Refuge Saint-Laurent" in text
    assert "2026-03-10" in text and "2027-03-09" in text
    assert "Signature of the client (or guardian)" in text and "Signature of the witness" in text
    assert "How to withdraw" in text
    assert text.count("☑") == 2
    from parcours.clients.models import ConsentDirective

    assert not ConsentDirective.objects.exists()


def test_an_english_speaking_client_gets_english_by_default(network: Network) -> None:
    karen = client_register(
        acting_user=network.alice,
        given_name="Karen",
        family_name="O'Connor",
        date_of_birth=dt.date(1990, 1, 2),
        preferred_language="en",
    )
    text = pdf_text(client_for(network.alice).get(_url(karen, "fr")).content)
    assert "Karen O'Connor" in text and "What may be shared" in text


def test_a_partner_the_client_shares_with_may_not_print_the_consent_form(
    network: Network, marie: Client
) -> None:
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    web = client_for(network.bob)
    assert web.get(_url(marie)).status_code == 404
    assert not AuditEvent.objects.filter(detail__section="consent_form_pdf").exists()


@pytest.mark.parametrize("who", ["other", "hospital"])
def test_others_get_nothing(network: Network, marie: Client, who: str) -> None:
    org = network.hospital if who == "hospital" else network.refuge
    response = client_for(UserFactory(organization=org)).get(_url(marie))
    assert response.status_code in (403, 404)


def test_anonymous_is_sent_to_sign_in(marie: Client) -> None:
    assert client_for(None).get(_url(marie)).status_code == 302
