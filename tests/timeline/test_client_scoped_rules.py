"""The client-scoped twins of the organization-wide rules (``stays_of``,
``street_contacts_of``, ``shelter_history_of``, ``referrals_of``) give exactly the rows the
organization-wide rules give for that client — for every persona, with and
without consent, under a lock-box on one record, a lock-box on the
category, and an emergency access. The client file's timeline reads them:
the same records, built from the client's known access instead of the
organization-wide query."""

from __future__ import annotations

import pytest
from django.utils import timezone

from parcours import access
from parcours.access import client_access_for
from parcours.accounts.models import ProgramKind
from parcours.beds.models import ShelterHistory, Stay
from parcours.clients.models import AlertKind, DataCategory, PathwayStage, RevolvingDoorAlert
from parcours.clients.services import break_glass_open, lock_box_add
from parcours.coordination.models import CrisisFlag, Referral, ReferralStatus
from tests.conftest import share
from tests.factories import (
    OrganizationFactory,
    ProgramFactory,
    ProgramMembershipFactory,
    UserFactory,
)


def _locked(client_access, label: str) -> list[str]:
    return [tid for (kind, tid) in client_access.locked_records if kind == label]


def _same(user, client) -> None:
    client_access = client_access_for(user, client)
    stays = (
        access.stays_visible_to(user)
        .filter(client=client)
        .exclude(pk__in=_locked(client_access, "beds.stay"))
    )
    assert set(access.stays_of(client_access)) == set(stays)
    contacts = (
        access.street_contacts_visible_to(user)
        .filter(client=client)
        .exclude(pk__in=_locked(client_access, "beds.streetcontact"))
    )
    assert set(access.street_contacts_of(client_access)) == set(contacts)
    history = (
        access.shelter_history_visible_to(user)
        .filter(client=client)
        .exclude(pk__in=_locked(client_access, "beds.shelterhistory"))
    )
    assert set(access.shelter_history_of(client_access)) == set(history)
    referrals = access.referrals_readable_by(user).filter(client=client)
    assert set(access.referrals_of(client_access)) == set(referrals)


def _personas(network, busy):
    return [
        network.alice,
        network.alice_admin,
        network.nurse,
        network.bob,
        network.bob_admin,
        busy.jennifer,
    ]


def test_the_same_rows_for_every_persona(network, busy):
    for user in _personas(network, busy):
        _same(user, busy.client)


def test_the_same_rows_under_lock_boxes(network, busy):
    alice_access = client_access_for(network.alice, busy.client)
    lock_box_add(
        acting_user=network.alice,
        client_access=alice_access,
        organization=network.refuge,
        target=Stay.objects.filter(client=busy.client).first(),
    )
    referral = (
        Referral.objects.filter(client=busy.client).exclude(status=ReferralStatus.DRAFT).first()
    )
    lock_box_add(
        acting_user=network.alice,
        client_access=alice_access,
        organization=network.refuge,
        target=referral,
    )
    lock_box_add(
        acting_user=network.alice,
        client_access=alice_access,
        organization=busy.marguerite,
        category=DataCategory.CASE_PLAN,
    )
    lock_box_add(
        acting_user=network.alice,
        client_access=alice_access,
        organization=network.carrefour,
        target=ShelterHistory.objects.filter(client=busy.client).first(),
    )
    for user in _personas(network, busy):
        _same(user, busy.client)


def test_the_same_rows_under_emergency_access(network, busy):
    outsider = UserFactory(organization=OrganizationFactory(name="Clinique Nord"))
    break_glass_open(
        acting_user=outsider,
        client=busy.client,
        reason="Ambulance: the person is unconscious and we need their history now.",
    )
    assert client_access_for(outsider, busy.client).break_glass is not None
    _same(outsider, busy.client)


@pytest.mark.parametrize("category", ["housing", "case_plan"])
def test_the_same_rows_when_one_category_is_shared(network, busy, category):
    partner = OrganizationFactory(name="Partenaire Sud")
    worker = UserFactory(organization=partner)
    share(busy.client, by=network.alice, categories=["identity", category], organizations=[partner])
    _same(worker, busy.client)


def _flags_same(user, client) -> None:
    client_access = client_access_for(user, client)
    alerts = RevolvingDoorAlert.objects.filter(access.pathway_alerts_filter(user)).filter(
        client=client
    )
    assert set(access.pathway_alerts_of(client_access)) == set(alerts)
    crises = access.crisis_flags_visible_to(user).filter(client=client)
    assert set(access.crisis_flags_of(client_access)) == set(crises)


def test_the_same_alerts_and_crisis_flags(network, busy):
    client = busy.client
    stages = []
    for organization, worker in (
        (network.carrefour, network.alice),
        (network.refuge, network.bob),
        (busy.marguerite, busy.jennifer),
        (network.carrefour, network.alice),
    ):
        stage = PathwayStage.objects.create(
            client=client,
            stage="safety",
            entered_on=timezone.localdate(),
            organization=organization,
            recorded_by=worker,
        )
        RevolvingDoorAlert.objects.create(
            client=client, pathway_stage=stage, kind=AlertKind.values[0]
        )
        stages.append(stage)
    # The last hub stage is kept from the shelter by a lock-box.
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        organization=network.refuge,
        target=stages[-1],
    )
    act = ProgramFactory(organization=network.refuge, kind=ProgramKind.ACT, name="ACT Refuge")
    ProgramMembershipFactory(user=network.bob, program=act)
    CrisisFlag.objects.create(program=act, client=client, note="Crise", raised_by=network.bob)
    for user in _personas(network, busy):
        _flags_same(user, client)
    assert access.pathway_alerts_of(client_access_for(network.bob, client)).count() == 3
    assert access.crisis_flags_of(client_access_for(network.bob, client)).count() == 1
    assert not access.crisis_flags_of(client_access_for(network.alice, client)).exists()
