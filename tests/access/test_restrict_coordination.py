"""``access.restrict`` narrows every kind of coordination row to what the
policy allows: a partner the client shares nothing with gets none of them."""

from __future__ import annotations

import pytest

from parcours import access
from parcours.coordination.models import (
    Appointment,
    CareTeamMember,
    CrisisFlag,
    DirectoryOrganization,
    DischargeTask,
    InstitutionStay,
    Notification,
    Referral,
    Service,
    VisitAssignment,
)
from parcours.coordination.services import referrals as referral_services
from tests.factories import UserFactory

MODELS = [
    Appointment,
    CareTeamMember,
    CrisisFlag,
    DischargeTask,
    InstitutionStay,
    Notification,
    Referral,
    VisitAssignment,
]


@pytest.mark.parametrize("model", MODELS)
def test_every_coordination_model_has_a_rule(network, model):
    assert access.restrict(model.objects.all(), network.alice).count() == 0


def test_restrict_keeps_a_referral_from_a_stranger(network, marie):
    outside = DirectoryOrganization.objects.create(name="Service Canada")
    service = Service.objects.create(
        organization=outside, name="NAS", support_type="complementary", sub_domain="identification"
    )
    referral = referral_services.referral_create(
        acting_user=network.alice,
        client_access=access.client_access_for(network.alice, marie),
        service=service,
        reason="Remplacer la carte d'assurance sociale.",
    )
    stranger = UserFactory(email="s@autre.example")
    assert list(access.restrict(Referral.objects.all(), network.alice)) == [referral]
    assert list(access.restrict(Referral.objects.all(), stranger)) == []
    assert list(access.restrict(Referral.objects.all(), network.bob)) == []
