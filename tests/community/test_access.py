"""The trackers' access rules (``access.community``): financial-category
client data under the client's directives, the way financial assistance is;
``restrict`` knows both kinds of tracker, for viewing and for changing."""

from __future__ import annotations

import pytest

from parcours.access import Action, client_access_for, restrict
from parcours.access.community import can_write_trackers
from parcours.clients.services import lock_box_add
from parcours.community.models import BenefitApplication, IdDocumentRequest
from tests.community.conftest import benefit, document
from tests.conftest import share
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _seen(user, model, action=Action.VIEW) -> set:
    return set(restrict(model.objects.all(), user, action).values_list("pk", flat=True))


def test_trackers_follow_the_financial_category_of_the_clients_directives(network, marie, paul):
    application = benefit(network.alice, marie)
    request = document(network.alice, marie)
    own = benefit(network.bob, paul)
    assert _seen(network.alice, BenefitApplication) == {application.pk}
    assert _seen(network.bob, BenefitApplication) == {own.pk}
    assert _seen(network.bob, IdDocumentRequest) == set()
    share(
        marie, by=network.alice, categories=["identity", "housing"], organizations=[network.refuge]
    )
    assert _seen(network.bob, BenefitApplication) == {own.pk}
    share(marie, by=network.alice, categories=["financial"], organizations=[network.refuge])
    assert _seen(network.bob, BenefitApplication) == {application.pk, own.pk}
    assert _seen(network.bob, IdDocumentRequest, Action.CHANGE) == {request.pk}
    assert can_write_trackers(client_access_for(network.bob, marie))
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        organization=network.refuge,
        category="financial",
    )
    assert _seen(network.bob, BenefitApplication) == {own.pk}
    assert _seen(network.bob, IdDocumentRequest, Action.CHANGE) == set()
    assert not can_write_trackers(client_access_for(network.bob, marie))


def test_outside_the_network_and_without_an_organization_nothing_is_seen(network, marie):
    benefit(network.alice, marie)
    hospital_staff = UserFactory(organization=network.hospital)
    for user in (hospital_staff, network.root):
        assert _seen(user, BenefitApplication) == set()
        assert _seen(user, BenefitApplication, Action.CHANGE) == set()


def test_a_clinician_of_the_same_organization_sees_and_writes_them(network, marie):
    application = benefit(network.alice, marie)
    assert _seen(network.nurse, BenefitApplication, Action.CHANGE) == {application.pk}
    assert can_write_trackers(client_access_for(network.nurse, marie))


def test_the_menu_offers_the_community_pages_to_network_partners_only(network):
    """Trackers, groups and opportunities are the partners': staff of a
    hospital outside the network are not offered pages that refuse them."""
    from tests.conftest import client_for

    items = ("nav-my-trackers", "nav-groups", "nav-opportunities")
    page = client_for(network.bob).get("/fr/").content.decode()
    assert all(f'id="{item}"' in page for item in items)
    hospital_staff = UserFactory(organization=network.hospital)
    page = client_for(hospital_staff).get("/fr/").content.decode()
    assert not any(f'id="{item}"' in page for item in items)
    assert client_for(hospital_staff).get("/fr/community/groups/").status_code == 403
