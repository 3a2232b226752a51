"""``access.among(client_ids)``: inside the block, the rules on clients
(``clients_visible_to``, ``clients_sharing`` and so every
``records_visible_filter`` built on them) answer for those clients from ids
read once — and answer exactly what the organization-wide rules answer for
them: for every persona, every category, with a guardian's consent, under
lock-boxes and with an emergency access. The worklist reads its caseload's
records this way."""

from __future__ import annotations

import pytest

from parcours import access
from parcours.casework.models import CasePlan
from parcours.clients.models import Client, DataCategory
from parcours.clients.services import break_glass_open, lock_box_add
from tests.conftest import share
from tests.factories import ClientFactory, OrganizationFactory, UserFactory

CATEGORIES = [
    DataCategory.IDENTITY,
    DataCategory.HOUSING,
    DataCategory.CASE_PLAN,
    DataCategory.CLINICAL,
    DataCategory.FINANCIAL,
]


def _answers(user, ids):
    visible = set(access.clients_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    sharing = {
        category: set(
            access.clients_sharing(user, category).filter(pk__in=ids).values_list("pk", flat=True)
        )
        for category in CATEGORIES
    }
    plans = set(
        CasePlan.objects.filter(client_id__in=ids).filter(
            access.records_visible_filter(
                user, category=DataCategory.CASE_PLAN, model_label="casework.caseplan"
            )
        )
    )
    return visible, sharing, plans


def _same_inside_and_out(user, ids) -> None:
    outside = _answers(user, ids)
    with access.among(ids):
        inside = _answers(user, ids)
        known = access.visible_among(user)
    assert inside == outside
    assert known == outside[0]


@pytest.fixture
def registry(network, family):
    """Clients of two partners, shared in different ways, a dependent seen
    through a guardian, a lock-box on a category and on one plan."""
    alice = network.alice
    shared = [ClientFactory(registered_by_organization=network.carrefour) for _ in range(3)]
    private = ClientFactory(registered_by_organization=network.carrefour)
    bobs = ClientFactory(registered_by_organization=network.refuge)
    share(shared[0], by=alice, categories=["identity", "case_plan"], organizations=[network.refuge])
    share(shared[1], by=alice, categories=["identity", "housing"], all_partners=True)
    share(
        shared[2],
        by=alice,
        categories=["identity", "case_plan", "clinical", "financial"],
        organizations=[network.refuge],
    )
    share(
        family.julie, by=alice, categories=["identity", "housing"], organizations=[network.refuge]
    )
    for client in [*shared, private, family.julie, family.leo]:
        CasePlan.objects.create(client=client, organization=network.carrefour)
    CasePlan.objects.create(client=bobs, organization=network.refuge)
    lock_box_add(
        acting_user=alice,
        client_access=access.client_access_for(alice, shared[2]),
        organization=network.refuge,
        category=DataCategory.CASE_PLAN,
    )
    lock_box_add(
        acting_user=alice,
        client_access=access.client_access_for(alice, shared[0]),
        organization=network.refuge,
        target=CasePlan.objects.get(client=shared[0]),
    )
    return [c.pk for c in [*shared, private, bobs, family.julie, family.leo]]


def test_the_same_answers_for_every_persona(network, registry):
    for user in (network.alice, network.alice_admin, network.nurse, network.bob, network.bob_admin):
        _same_inside_and_out(user, registry)


def test_the_same_answers_for_a_part_of_the_clients(network, registry):
    _same_inside_and_out(network.bob, registry[:2])


def test_the_same_answers_with_an_emergency_access(network, registry):
    outsider = UserFactory(organization=OrganizationFactory(name="Clinique Nord"))
    break_glass_open(
        acting_user=outsider,
        client=Client.objects.get(pk=registry[3]),
        reason="Ambulance: the person is unconscious and we need their history now.",
    )
    _same_inside_and_out(outsider, registry)


def test_inside_the_block_only_its_clients_are_answered_for(network, registry):
    with access.among(registry[:1]):
        assert set(access.clients_visible_to(network.alice).values_list("pk", flat=True)) == {
            registry[0]
        }
    assert access.clients_visible_to(network.alice).count() > 1


def test_what_the_block_knows_is_read_once(network, registry, django_assert_max_num_queries):
    with access.among(registry):
        # the clients, the directives, a guardian's consent, the lock-boxes,
        # the emergency accesses — then the clients asked for
        with django_assert_max_num_queries(9):
            list(access.clients_sharing(network.bob, DataCategory.HOUSING))
        # every other rule: the clients asked for, their ids known
        for category in CATEGORIES:
            with django_assert_max_num_queries(1):
                list(access.clients_sharing(network.bob, category))
        with django_assert_max_num_queries(1):
            list(access.clients_visible_to(network.bob))


def test_which_of_its_clients_are_visible_is_known_without_a_query(
    network, registry, django_assert_num_queries
):
    with access.among(registry):
        list(access.clients_visible_to(network.bob))
        with django_assert_num_queries(0):
            visible = access.visible_among(network.bob)
    assert registry[4] in visible  # Refuge's own client
    assert registry[3] not in visible  # Carrefour's, shared with nobody


def test_visible_among_is_asked_inside_a_block_only(network):
    with pytest.raises(RuntimeError):
        access.visible_among(network.bob)
