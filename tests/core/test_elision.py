"""French pages elide « de » before a name that starts with a vowel:
« Plan d'Elijah », « Demande d'Avenir Emploi » — and leave English alone."""

from __future__ import annotations

import pytest
from django.utils import translation

from parcours.core.text import elide
from tests.conftest import client_for
from tests.factories import ClientFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plan de Elijah Brown", "Plan d'Elijah Brown"),
        ("Demande de Avenir Emploi le 2026-01-02", "Demande d'Avenir Emploi le 2026-01-02"),
        ("Séjours de Émilie Roy", "Séjours d'Émilie Roy"),
        ("De Yves Caron", "D'Yves Caron"),
        ("pendant que Alice attend", "pendant qu'Alice attend"),
        ("Plan de Marie Côté", "Plan de Marie Côté"),
        ("Équipe de ACT", "Équipe de ACT"),  # an acronym, not a name
        ("le dossier de un client", "le dossier de un client"),  # translators' own text
    ],
)
def test_french_elides_before_a_name(text: str, expected: str) -> None:
    with translation.override("fr"):
        assert elide(text) == expected


def test_english_is_left_alone() -> None:
    with translation.override("en"):
        assert elide("Plan de Elijah") == "Plan de Elijah"


def test_the_stays_page_of_elijah_reads_d_elijah(network) -> None:
    elijah = ClientFactory(given_name="Elijah", family_name="Brown", registered_by=network.alice)

    page = client_for(network.alice).get(f"/fr/beds/clients/{elijah.pk}/").content.decode()

    assert "Séjours d&#x27;Elijah Brown" in page or "Séjours d'Elijah Brown" in page
    assert "de Elijah" not in page
