"""The client-scoped twins of the organization-wide rules (``stays_of``,
``street_contacts_of``, ``referrals_of``) give exactly the rows the
organization-wide rules give for that client — for every persona, with and
without consent, under a lock-box on one record, a lock-box on the
category, and an emergency access. The client file's timeline reads them:
the same records, built from the client's known access instead of the
organization-wide query."""

from __future__ import annotations

import pytest

from parcours import access
from parcours.access import client_access_for
from parcours.beds.models import Stay
from parcours.clients.models import DataCategory
from parcours.clients.services import break_glass_open, lock_box_add
from parcours.coordination.models import Referral, ReferralStatus
from tests.conftest import share
from tests.factories import OrganizationFactory, UserFactory


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
