"""A referral's loop in French, as two workers live it: the hub's worker
refers Marie from her file to the Refuge's housing search; the Refuge's
worker finds it in the inbox (and the notification), accepts it; the hub's
worker sees the answer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from parcours.accounts.models import MembershipRole
from parcours.coordination.models import DirectoryOrganization, Referral, Service
from tests.browser.conftest import assert_accessible
from tests.conftest import share
from tests.factories import PASSWORD, ProgramFactory, ProgramMembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/fr/$"))


def test_a_referral_between_two_partners_in_french(
    browser: Any, live_server: Any, network: Any, marie: Any
):
    housing = ProgramFactory(
        organization=network.refuge, name="Soutien au logement", kind="housing"
    )
    ProgramMembershipFactory(user=network.bob, program=housing, role=MembershipRole.MEMBER)
    entry = DirectoryOrganization.objects.create(
        name="Refuge Saint-Laurent", partner=network.refuge
    )
    Service.objects.create(
        organization=entry,
        name="Recherche de logement",
        support_type="housing",
        sub_domain="housing_search",
        program=housing,
    )
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )

    hub = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
    page = hub.new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, live_server, network.alice.email)
    page.goto(f"{live_server.url}/fr/clients/{marie.pk}/?tab=care")
    page.locator("#client-refer").click()
    page.wait_for_url(re.compile(r"/referrals/new/"))
    assert page.get_by_role("heading", name="Aiguiller vers un service").is_visible()
    assert_accessible(page)
    service = Service.objects.get(name="Recherche de logement")
    page.locator("#id_service").select_option(value=str(service.pk))
    page.locator("#id_reason").fill("Cherche un studio près du métro; revenu du POSPH.")
    page.locator("#referral-submit").click()
    page.wait_for_url(re.compile(r"/fr/referrals/[0-9a-f-]+/$"))
    assert "Envoyé" in page.locator("#referral-status").inner_text()
    referral = Referral.objects.get()

    shelter = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
    other = shelter.new_page()
    other.set_default_timeout(10_000)
    _sign_in(other, live_server, network.bob.email)
    assert other.locator("#nav-notifications .badge").inner_text() == "1"
    other.locator("#nav-coordination summary").click()
    other.locator("#nav-referrals").click()
    other.wait_for_url(re.compile(r"/fr/referrals/$"))
    assert "Marie-Ève Côté" in other.locator("#referral-rows").inner_text()
    assert_accessible(other)
    other.get_by_role("link", name="Recherche de logement").click()
    other.locator("#referral-to-accepted").click()
    other.wait_for_url(re.compile(rf"/fr/referrals/{referral.pk}/$"))
    assert "Accepté" in other.locator("#referral-status").inner_text()

    page.goto(f"{live_server.url}/fr/notifications/")
    assert (
        "Aiguillage vers Recherche de logement" in page.locator("#notification-list").inner_text()
    )
    hub.close()
    shelter.close()
