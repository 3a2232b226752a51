"""Emergency-access reviews belong to each organization's privacy reviewers
(its administrators and program coordinators), never to a network
administrator by being one."""

from __future__ import annotations

from parcours import access
from parcours.clients import services
from tests.conftest import client_for
from tests.factories import UserFactory


def _grant(network, marie):
    return services.break_glass_open(
        acting_user=network.bob, client=marie, reason="Urgence médicale la nuit"
    )


def test_a_superuser_without_an_organization_sees_no_emergency_reason(network, marie):
    _grant(network, marie)
    assert not access.can_review_break_glass(network.root)
    assert not access.break_glass_reviews_visible_to(network.root).exists()
    root = client_for(network.root)
    assert root.get("/fr/emergency-access/reviews/").status_code == 403
    assert "Urgence médicale" not in root.get("/fr/").content.decode()


def test_a_superuser_of_an_organization_reviews_only_if_they_are_its_privacy_reviewer(
    network, marie
):
    grant = _grant(network, marie)
    staff_superuser = UserFactory(
        email="it@refuge.example", organization=network.refuge, is_superuser=True
    )
    assert not access.break_glass_reviews_visible_to(staff_superuser).exists()
    response = client_for(staff_superuser).post(
        f"/fr/emergency-access/reviews/{grant.pk}/", {"note": "vu"}
    )
    assert response.status_code in (403, 404)
    grant.refresh_from_db()
    assert grant.reviewed_by is None


def test_the_organizations_administrator_reviews_its_own_staffs_accesses(network, marie):
    grant = _grant(network, marie)
    assert list(access.break_glass_reviews_visible_to(network.bob_admin)) == [grant]
    assert not access.break_glass_reviews_visible_to(network.alice_admin).exists()
