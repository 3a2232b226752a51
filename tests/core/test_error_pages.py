"""A worker who lands on a missing page, a record not shared with their
organization or a refused action gets a page of Parcours in their language,
with the menu and what they can do next — never Django's bare English page."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client as WebClient
from django.utils import translation
from django.utils.html import escape

from parcours.housing.services import LandlordData, landlord_create
from tests.conftest import Network, client_for
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_in_french_has_the_menu_and_next_steps(network: Network) -> None:
    response = client_for(network.alice).get("/fr/nulle-part/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert "Page introuvable" in page
    assert 'id="brand"' in page  # the menu is there
    assert "demande de jumelage" in page.lower() or "/fr/linkage/requests/" in page
    assert "Not Found" not in page


def test_a_missing_page_in_english(network: Network) -> None:
    response = client_for(network.alice).get("/en/nowhere/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert "Page not found" in page
    assert "send a linkage request" in page


def test_a_record_not_shared_reads_as_not_found_with_what_to_do(network: Network) -> None:
    kept_by_refuge = ClientFactory(registered_by=network.bob)

    response = client_for(network.alice).get(f"/en/clients/{kept_by_refuge.pk}/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "not shared with your organization" in page
    assert "/en/linkage/requests/" in page
    assert kept_by_refuge.family_name not in page


def test_a_refused_action_says_why_in_the_users_language(network: Network) -> None:
    landlord = landlord_create(
        acting_user=network.bob, data=LandlordData(name="Gestion Lalonde", kind="company")
    )

    response = client_for(network.alice).get(f"/fr/housing/landlords/{landlord.pk}/edit/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Action non permise" in page
    with translation.override("fr"):
        expected = translation.gettext(
            "Only the organization that keeps this landlord can change it or write its log."
        )
    assert escape(expected) in page
    assert "Nothing was changed" not in page  # French page


def test_signed_out_visitors_are_offered_to_sign_in() -> None:
    response = WebClient().get("/en/nowhere/")

    assert response.status_code == 404
    assert "Sign in" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Un problème est survenu"), ("en", "Something went wrong")]
)
def test_the_server_error_page_stands_alone_in_both_languages(language: str, title: str) -> None:
    with translation.override(language):
        page = render_to_string("500.html")

    assert f'<html lang="{language}"' in page
    assert title in page
