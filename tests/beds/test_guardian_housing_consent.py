"""A dependent's stays are shown under the guardian's housing consent.

A 9-year-old with no directive of their own, whose mother is recorded as
their guardian on the household, stays at Maison Marguerite's family
shelter. The mother's directive shares identity and housing with the hub
(Carrefour, alice): alice sees the child's stay in the stays list, on the
child's stays page and in the API — and no longer once the mother's housing
consent is withdrawn or lock-boxed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from parcours import access
from parcours.access import client_access_for
from parcours.beds import family as family_rooms
from parcours.beds import selectors, services
from parcours.beds.models import Stay
from parcours.clients.models import Client, ConsentDirective
from parcours.clients.services import client_register, consent_directive_withdraw, lock_box_add
from parcours.households import services as household_services
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.beds.conftest import Beds, Family, hours_ago
from tests.conftest import client_for, share
from tests.households.conftest import born


@dataclass
class ChildInShelter:
    child: Client
    stay: Stay
    directive: ConsentDirective


@pytest.fixture
def child_in_shelter(network, beds: Beds, family: Family) -> ChildInShelter:
    """Fatou, 9, registered by Maison Marguerite with her mother (Aïcha) as
    her guardian on the household; she stays in the family room with her
    mother; Aïcha shares identity and housing with the hub."""
    by = beds.jennifer
    since = timezone.localdate() - dt.timedelta(days=400)
    child = client_register(
        acting_user=by, given_name="Fatou", family_name="Diallo", date_of_birth=born(9)
    )
    household_services.household_member_add(
        acting_user=by,
        household=family.household,
        client_access=client_access_for(by, child),
        relationship="child",
        joined_on=since,
    )
    household_services.guardianship_add(
        acting_user=by,
        household=family.household,
        dependent=client_access_for(by, child),
        guardian=client_access_for(by, family.mother),
        start_date=since,
    )
    family_rooms.room_book_in(
        acting_user=by,
        room=beds.family_room,
        household=family.household,
        members=[family.mother, child],
        started_at=hours_ago(30),
    )
    services.street_contact_record(
        acting_user=by,
        client_access=client_access_for(by, child),
        seen_on=timezone.localdate() - dt.timedelta(days=40),
        place="Parc Lafontaine",
    )
    directive = share(
        family.mother,
        by=by,
        categories=["identity", "housing"],
        organizations=[network.carrefour],
    )
    return ChildInShelter(child=child, stay=Stay.objects.get(client=child), directive=directive)


def _alice_sees_the_stay(network, openapi, case: ChildInShelter) -> bool:
    """Whether alice sees Fatou's stay, asserting the list, the page and the
    API agree."""
    alice = network.alice
    listed = list(selectors.stays_for(alice, client_id=case.child.pk))
    page = client_for(alice).get(reverse("beds:client_stays", kwargs={"client_id": case.child.pk}))
    api = api_client_for(alice).get(f"/api/v1/clients/{case.child.pk}/stays")
    if page.status_code == 404:
        # Identity is gone too: the child is not known at all.
        assert api.status_code == 404 and listed == []
        return False
    assert page.status_code == 200 and api.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/stays", "get", api)
    on_page = [str(s.pk) for s in page.context["stays"]]
    assert [str(s.pk) for s in listed] == on_page == [row["id"] for row in api.json()]
    return on_page == [str(case.stay.pk)]


def test_the_guardians_housing_consent_shows_the_childs_stay_to_the_partner(
    network, beds, openapi, child_in_shelter
):
    case = child_in_shelter
    assert not ConsentDirective.objects.filter(client=case.child).exists()
    assert _alice_sees_the_stay(network, openapi, case)
    page = client_for(network.alice).get(
        reverse("beds:client_stays", kwargs={"client_id": case.child.pk})
    )
    assert "Maison Marguerite" in page.content.decode()
    assert page.context["status"] is not None
    assert [c.place for c in page.context["contacts"]] == ["Parc Lafontaine"]
    # The hub does not run the site: it sees the stay, it does not change it.
    assert not access.stays_visible_to(network.alice, access.Action.CHANGE).exists()
    # A partner the mother shares nothing with sees nothing.
    assert not selectors.stays_for(network.bob, client_id=case.child.pk).exists()


def test_withdrawing_the_guardians_consent_hides_the_childs_stay(
    network, beds, family, openapi, child_in_shelter
):
    case = child_in_shelter
    consent_directive_withdraw(
        acting_user=beds.jennifer,
        client_access=client_access_for(beds.jennifer, family.mother),
        directive=case.directive,
        reason="La mère retire son consentement.",
    )
    assert not _alice_sees_the_stay(network, openapi, case)


def test_a_housing_lock_box_on_the_guardian_hides_the_childs_stay(
    network, beds, family, openapi, child_in_shelter
):
    case = child_in_shelter
    lock_box_add(
        acting_user=beds.jennifer,
        client_access=client_access_for(beds.jennifer, family.mother),
        organization=network.carrefour,
        category="housing",
    )
    # Identity is still shared: the child's page opens, without the stay.
    response = client_for(network.alice).get(
        reverse("beds:client_stays", kwargs={"client_id": case.child.pk})
    )
    assert response.status_code == 200
    assert response.context["stays"] == [] and response.context["contacts"] == []
    assert response.context["status"] is None
    assert not _alice_sees_the_stay(network, openapi, case)
