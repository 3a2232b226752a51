"""At the hub, in French: a walk-in is registered, gets a naloxone kit, and
moves to the Safety stage."""

from __future__ import annotations

import re

import pytest

from parcours.clients.models import Client, VisitService
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_walk_in_intake_naloxone_kit_and_move_to_safety_in_french(page, live_server, network):
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill("alice@carrefour.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/fr/$"))

    # Search first: the person is not known yet.
    page.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_role("searchbox").fill("Jean Gagnon")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"q=Jean"))
    assert page.locator("#results .empty-state").is_visible()
    assert_accessible(page)

    # Quick registration, prefilled from the search.
    page.get_by_role("button", name="Inscrire une personne à l'accueil").click()
    assert page.get_by_label("Prénom(s)").input_value() == "Jean"
    assert page.get_by_label("Nom de famille").input_value() == "Gagnon"
    page.get_by_label("Ou âge approximatif").fill("52")
    assert_accessible(page)
    page.get_by_role("button", name="Inscrire et enregistrer la visite").click()

    # The visit: a naloxone kit, with training.
    page.wait_for_url(re.compile(r"/visits/new/$"))
    page.get_by_label("Trousse de naloxone", exact=True).check()
    page.get_by_label("Formation sur la naloxone donnée").check()
    page.get_by_label("Repas", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la visite").click()

    page.wait_for_url(re.compile(r"/fr/clients/[0-9a-f-]+/$"))
    assert page.locator("#timeline").is_visible()  # the file opens on its overview
    page.locator("#file-tabs").get_by_role("link", name="Visites").click()
    page.wait_for_url(re.compile(r"\?tab=visits$"))
    visits = page.locator("#visits")
    assert "Trousse de naloxone" in visits.inner_text()

    # Safety: a shelter bed and a naloxone kit mean the person is safer tonight.
    page.locator("#file-tabs").get_by_role("link", name="Plan et partenaires").click()
    page.get_by_label("Nouvelle étape").select_option(label="Sécurité")
    page.get_by_role("button", name="Passer à cette étape").click()
    page.wait_for_url(re.compile(r"/fr/clients/[0-9a-f-]+/\?tab=care#pathway$"))
    assert "Sécurité" in page.locator("#current-stage").inner_text()
    assert_accessible(page)

    client = Client.objects.get(family_name="Gagnon")
    assert client.registered_by_organization == network.carrefour
    kit = VisitService.objects.get(kind="naloxone_kit", visit__client=client)
    assert kit.naloxone_training is True
    # The first visit put the person on the pathway, at its first stage.
    assert list(
        client.pathway.order_by("entered_on", "created_at").values_list("stage", flat=True)
    ) == [
        "visit",
        "safety",
    ]


def test_typing_a_name_shows_a_possible_record_at_another_partner_and_asks_its_coordinator(
    page, live_server, network
):
    import datetime as dt

    from parcours.clients.services import client_register
    from parcours.linkage.models import LinkageRequest

    client_register(
        acting_user=network.bob,
        given_name="Robert",
        family_name="Lévesque",
        date_of_birth=dt.date(1968, 10, 5),
    )
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill("alice@carrefour.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/fr/$"))
    page.goto(f"{live_server.url}/fr/clients/new/")
    page.get_by_label("Prénom(s)").fill("Bob")
    page.get_by_label("Nom de famille").fill("Levesque")
    page.get_by_label("Date de naissance").fill("1968-10-05")
    candidates = page.locator("#candidates")
    candidates.get_by_text("Un dossier existant possible chez un autre partenaire").wait_for()
    assert "Robert" not in candidates.inner_text()
    assert_accessible(page)
    candidates.get_by_role("button", name="Demander à la coordination de ce partenaire").click()
    candidates.get_by_text("Demande envoyée").wait_for()
    assert LinkageRequest.objects.get().target_organization == network.refuge


# Counts every press of the mouse button on the pages, across page loads.
COUNT_CLICKS = """
document.addEventListener("mousedown", function (event) {
  if (event.isTrusted) {
    sessionStorage.setItem("clicks", String(Number(sessionStorage.getItem("clicks") || 0) + 1));
  }
}, true);
"""


def test_a_walk_in_visit_with_a_meal_a_shower_and_a_naloxone_kit_takes_at_most_12_clicks(
    page, live_server, network
):
    from parcours.beds.models import Site
    from parcours.clients.models import Visit

    Site.objects.create(program=network.icm, name="Accueil de jour", kind="other")
    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill("alice@carrefour.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/fr/$"))
    page.goto(f"{live_server.url}/fr/clients/")
    page.add_init_script(COUNT_CLICKS)
    page.reload()

    # From the search box: nobody matches.
    page.get_by_role("searchbox").fill("Jean Gagnon")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"q=Jean"))
    assert page.locator("#results .empty-state").is_visible()

    # Registration: the name comes from the search, the cursor is in the first field.
    page.get_by_role("button", name="Inscrire une personne à l'accueil").click()
    page.wait_for_url(re.compile(r"/clients/new/"))
    assert page.evaluate("document.activeElement.name") == "given_name"
    assert page.get_by_label("Prénom(s)").input_value() == "Jean"
    assert page.get_by_label("Nom de famille").input_value() == "Gagnon"
    page.get_by_label("Ou âge approximatif").fill("52")
    assert_accessible(page)
    page.get_by_role("button", name="Inscrire et enregistrer la visite").click()

    # The visit: the only site and the first stage are already chosen; tick and save.
    page.wait_for_url(re.compile(r"/visits/new/$"))
    assert (
        page.get_by_role("combobox", name=re.compile(r"^Site")).input_value() == "Accueil de jour"
    )
    given = page.get_by_role("group", name="Services offerts")
    given.get_by_label("Repas", exact=True).check()
    given.get_by_label("Douche", exact=True).check()
    given.get_by_label("Trousse de naloxone", exact=True).check()
    given.get_by_label("Formation sur la naloxone donnée").check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la visite").click()
    page.wait_for_url(re.compile(r"/fr/clients/[0-9a-f-]+/$"))

    clicks = page.evaluate("Number(sessionStorage.getItem('clicks') || 0)")
    # Search, register link, register button, four ticks, save: 8 today.
    assert 0 < clicks <= 12, clicks
    visit = Visit.objects.get(client__family_name="Gagnon")
    assert visit.site == "Accueil de jour"
    given = {s.kind: (s.quantity, s.naloxone_training) for s in visit.services.all()}
    assert given == {"meal": (1, False), "shower": (1, False), "naloxone_kit": (1, True)}
    assert visit.client.pathway.get().stage == "visit"
