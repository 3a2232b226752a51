"""The printable summary of a referral: the client as the receiving partner
may see them, never a category the client did not share with it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from parcours.access import client_access_for
from parcours.casework.services import goal_add
from parcours.clients.models import Client
from parcours.coordination.models import Referral
from parcours.coordination.services import referrals as services
from parcours.core.models import AuditAction, AuditEvent
from tests.casework.pdftext import pdf_text
from tests.conftest import Network, client_for, share
from tests.coordination.referrals.conftest import Directory, directory  # noqa: F401

NOW = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _goal(network: Network, client: Client, statement: str, support: str, area: str) -> None:
    goal_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        statement=statement,
        support_type=support,
        sub_domain=area,
        responsible="client",
        target_date=timezone.localdate() + dt.timedelta(days=60),
        steps=[],
    )


def _referral(network: Network, client: Client, dirs: Directory) -> Referral:
    return services.referral_create(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        service=dirs.housing_service,
        kind="service",
        goal=None,
        reason="Cherche un logement près de sa fille",
        urgent=True,
        respond_by=timezone.localdate() + dt.timedelta(days=5),
    )


@pytest.fixture
def referred(network: Network, marie: Client, directory: Directory) -> Referral:  # noqa: F811
    """Marie shares identity and case plan with the Refuge; her plan has a
    housing goal and a health goal (clinical, never shared with the Refuge)."""
    marie.phone = "613-555-0101"
    marie.save(update_fields=["phone"])
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    _goal(network, marie, "Trouver un appartement près de ma fille", "housing", "housing_search")
    _goal(network, marie, "Soigner mon diabète avec un médecin", "clinical", "primary_care")
    return _referral(network, marie, directory)


def _url(referral: Referral, language: str = "en") -> str:
    return f"/{language}/referrals/{referral.pk}/summary.pdf"


def test_the_sender_prints_what_the_receiver_may_see_and_no_clinical_goal(
    network: Network, referred: Referral
) -> None:
    response = client_for(network.alice).get(_url(referred))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Marie-Ève Côté" in text and "1984-03-09" in text and "613-555-0101" in text
    assert "Cherche un logement près de sa fille" in text
    assert "Trouver un appartement près de ma fille" in text
    assert "Recherche de logement / Housing search" in text
    assert "Alice Tremblay" in text
    # Clinical: shared with nobody but the sender (it wrote the goal).
    assert "diabète" not in text
    assert "Clinical and health" not in text
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.client_id == referred.client_id
    assert event.detail["section"] == "referral_summary_pdf"


def test_the_clinical_goal_is_printed_once_the_receiver_is_shared_the_clinical_category(
    network: Network, referred: Referral
) -> None:
    share(
        referred.client, by=network.alice, categories=["clinical"], organizations=[network.refuge]
    )
    text = pdf_text(client_for(network.alice).get(_url(referred)).content)
    assert "Soigner mon diabète avec un médecin" in text


def test_nothing_of_the_record_when_the_receiver_is_shared_only_the_case_plan(
    network: Network,
    marie: Client,
    directory: Directory,  # noqa: F811
) -> None:
    share(marie, by=network.alice, categories=["case_plan"], organizations=[network.refuge])
    marie.phone = "613-555-0101"
    marie.save(update_fields=["phone"])
    referral = services.referral_create(
        acting_user=network.alice_admin,
        client_access=client_access_for(network.alice_admin, marie),
        service=directory.housing_service,
        kind="service",
        goal=None,
        reason="Besoin urgent",
        urgent=False,
        respond_by=None,
        beyond_consent_reason="Danger immédiat",
    )
    text = pdf_text(client_for(network.alice).get(_url(referral)).content)
    assert "Besoin urgent" in text
    assert "613-555-0101" not in text and "1984-03-09" not in text


def test_the_receiver_prints_it_in_french(network: Network, referred: Referral) -> None:
    response = client_for(network.bob).get(_url(referred, "fr"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Marie-Ève Côté" in text
    assert "diabète" not in text
    # Headings from the French catalogue.
    assert "Date de naissance" in text and "Date of birth" not in text


@pytest.mark.parametrize("who", ["bob_admin_other", "hospital", "anonymous"])
def test_who_may_not_read_the_referral_gets_nothing(
    network: Network, referred: Referral, who: str
) -> None:
    from tests.factories import OrganizationFactory, UserFactory

    if who == "anonymous":
        web = client_for(None)
    elif who == "hospital":
        web = client_for(UserFactory(organization=network.hospital))
    else:
        web = client_for(UserFactory(organization=OrganizationFactory(name="Autre partenaire")))
    before = AuditEvent.objects.filter(detail__section="referral_summary_pdf").count()
    response = web.get(_url(referred))
    assert response.status_code in (302, 403, 404)
    if who != "anonymous":
        assert response.status_code in (403, 404)
    assert AuditEvent.objects.filter(detail__section="referral_summary_pdf").count() == before
