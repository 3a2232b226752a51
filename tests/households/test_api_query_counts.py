"""The list routes of the households API answer in as many queries for ten
rows as for two: output schemas over querysets whose relations are selected
or prefetched, never a query per row.

(``/households/{id}/members`` writes one audit event per person shown, by
design, so its cost follows the number of people, not of the rows' relations.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.access import client_access_for
from parcours.households import services
from parcours.households.models import Relationship
from parcours.households.selectors import household_get_for_user
from tests.api.conftest import ApiClient, api_client_for
from tests.factories import ProgramFactory
from tests.households.conftest import born, register


def _queries(api: ApiClient, path: str, rows: Callable[[Any], int], expected: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    assert response.status_code == 200, response.content
    assert rows(response.json()) == expected
    return len(ctx)


def _same_queries_for_2_and_10(
    api: ApiClient,
    path: str,
    add: Callable[[int], None],
    rows: Callable[[Any], int] = len,
) -> None:
    for i in range(2):
        add(i)
    api.get(path)  # warm the caches (translations, the token's last use)
    two = _queries(api, path, rows, 2)
    for i in range(2, 10):
        add(i)
    assert _queries(api, path, rows, 10) == two


def test_household_list(network):
    since = timezone.localdate() - dt.timedelta(days=30)

    def add(i: int) -> None:
        head = register(network.alice, f"Parent{i}", "Famille", born(30))
        child = register(network.alice, f"Enfant{i}", "Famille", born(5))
        household = services.household_create(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, head),
            formed_on=since,
        )
        services.household_member_add(
            acting_user=network.alice,
            household=household,
            client_access=client_access_for(network.alice, child),
            relationship=Relationship.CHILD,
            joined_on=since,
        )

    _same_queries_for_2_and_10(
        api_client_for(network.alice),
        "/api/v1/households?limit=50",
        add,
        rows=lambda body: len(body["items"]),
    )


def test_assessment_list(network, family):
    def add(i: int) -> None:
        services.household_assessment_record(
            acting_user=network.alice,
            household=family.household,
            assessed_on=timezone.localdate() - dt.timedelta(days=i),
            needs=["housing"],
            summary=f"Besoins de la famille ({i})",
        )

    _same_queries_for_2_and_10(
        api_client_for(network.alice), f"/api/v1/households/{family.household.pk}/assessments", add
    )


def test_goal_list(network, family):
    def add(i: int) -> None:
        services.household_goal_add(
            acting_user=network.alice,
            household=family.household,
            domain="daycare",
            description=f"Objectif {i}",
        )

    _same_queries_for_2_and_10(
        api_client_for(network.alice), f"/api/v1/households/{family.household.pk}/goals", add
    )


def test_enrollment_list(network, family):
    def add(i: int) -> None:
        program = ProgramFactory(organization=network.carrefour, name=f"Programme {i}")
        services.household_enroll(
            acting_user=network.alice,
            household=household_get_for_user(network.alice, family.household.pk),
            program=program,
            start_date=timezone.localdate(),
        )

    _same_queries_for_2_and_10(
        api_client_for(network.alice), f"/api/v1/households/{family.household.pk}/enrollments", add
    )


def test_a_clients_households(network):
    person = register(network.alice, "Nomade", "Gauthier", born(40))
    start = timezone.localdate() - dt.timedelta(days=1000)

    def add(i: int) -> None:
        """A past household of the person's: they formed it, then left it."""
        household = services.household_create(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, person),
            formed_on=start + dt.timedelta(days=20 * i),
        )
        services.household_member_leave(
            acting_user=network.alice,
            membership=household.memberships.get(),
            client_access=client_access_for(network.alice, person),
            left_on=start + dt.timedelta(days=20 * i + 10),
        )

    _same_queries_for_2_and_10(
        api_client_for(network.alice), f"/api/v1/clients/{person.pk}/households", add
    )
