"""The worklist reads plans through the access policy: a partner whose client
shares the case plan with it but keeps the plan from it by a lock-box (the
whole category, or the plan record itself) gets no item from that plan."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.access import client_access_for
from parcours.casework.models import CasePlan
from parcours.casework.services import enrollment_open, goal_add, goal_review_add
from parcours.casework.worklist import Kind, worklist
from parcours.clients.models import Client
from parcours.clients.services import lock_box_add
from tests.casework.conftest import Casework, today
from tests.conftest import Network, share
from tests.factories import ProgramFactory, ProgramMembershipFactory

LOCKS = ["none", "category", "record"]


def _shared_plan(network: Network, client: Client, *, setback: bool = False) -> CasePlan:
    """Alice (Carrefour) writes the client's plan, due for review yesterday;
    the client shares the case plan with Refuge."""
    client_access = client_access_for(network.alice, client)
    goal = goal_add(
        acting_user=network.alice,
        client_access=client_access,
        statement="Un logement",
        support_type="housing",
        sub_domain="housing_search",
    )
    if setback:
        goal_review_add(
            acting_user=network.alice, client_access=client_access, goal=goal, progress="setback"
        )
    CasePlan.objects.filter(client=client).update(next_review_on=today() - dt.timedelta(days=1))
    share(
        client,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    return CasePlan.objects.get(client=client)


def _enrolled_at_the_shelter(network: Network, client: Client) -> None:
    """Bob (Refuge) enrolls the client in the shelter program, 20 days ago."""
    enrollment_open(
        acting_user=network.bob,
        client=client,
        program=network.shelter_program,
        start_date=today() - dt.timedelta(days=20),
        primary_worker=network.bob,
    )


def _lock(network: Network, client: Client, plan: CasePlan, lock: str) -> None:
    if lock == "none":
        return
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        organization=network.refuge,
        **({"category": "case_plan"} if lock == "category" else {"target": plan}),
    )


@pytest.mark.parametrize("lock", LOCKS)
def test_a_lock_boxed_plan_gives_no_plan_review_item(
    network: Network, casework: Casework, lock: str
) -> None:
    client = casework.clients[0]
    plan = _shared_plan(network, client)
    _enrolled_at_the_shelter(network, client)
    _lock(network, client, plan, lock)
    kinds = {i.kind for i in worklist(network.bob) if i.client == client}
    assert (Kind.PLAN_REVIEW in kinds) is (lock == "none")


@pytest.mark.parametrize("lock", LOCKS)
def test_a_setback_on_a_lock_boxed_plan_is_not_weighed(
    network: Network, casework: Casework, lock: str
) -> None:
    """A setback on the plan holds back the step-down review — only for a
    partner who may see the plan: a lock-boxed plan tells it nothing."""
    act = ProgramFactory(organization=network.refuge, name="SIM Refuge", kind="act")
    ProgramMembershipFactory(user=network.bob, program=act)
    client = casework.clients[0]
    plan = _shared_plan(network, client, setback=True)
    enrollment_open(
        acting_user=network.bob,
        client=client,
        program=act,
        start_date=today() - dt.timedelta(days=250),
        primary_worker=network.bob,
    )
    _lock(network, client, plan, lock)
    kinds = {i.kind for i in worklist(network.bob) if i.client == client}
    assert (Kind.PLAN_REVIEW in kinds) is (lock == "none")
    assert (Kind.ACT_STEP_DOWN in kinds) is (lock != "none")


def test_a_client_the_partner_may_no_longer_see_leaves_its_worklist(
    network: Network, casework: Casework
) -> None:
    """Refuge enrolled a client Carrefour shares with it; once the client keeps
    their identity from Refuge (a lock-box on the category), the open
    enrollment stays but Bob's worklist says nothing of them."""
    client = casework.clients[0]
    _shared_plan(network, client)
    _enrolled_at_the_shelter(network, client)
    assert any(i.client == client for i in worklist(network.bob))
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        organization=network.refuge,
        category="identity",
    )
    assert not any(i.client == client for i in worklist(network.bob))
