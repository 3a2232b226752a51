"""Every list route of the client registry and the linkage API answers in a
number of queries that does not grow with the number of rows it returns
(no query per row): the same count for 2 rows as for 10."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.clients.models import Client
from parcours.clients.services import client_register
from parcours.linkage.models import MatchCandidate, PersonIdentity
from tests.api.conftest import ApiClient, api_client_for

CLIENT = "/api/v1/clients/{id}"


def _queries(api: ApiClient, path: str, expected_rows: int, **params: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, **params)
    assert response.status_code == 200, response.json()
    body = response.json()
    rows = body["items"] if isinstance(body, dict) else body
    assert len(rows) == expected_rows
    return len(captured)


def _register(network: Any, n: int, family: str = "Lavoie") -> list[Client]:
    return [
        client_register(
            acting_user=network.alice,
            given_name=f"Prénom{chr(65 + i)}",
            family_name=family,
            date_of_birth=dt.date(1960 + i, 1 + i % 12, 2 + i % 27),
        )
        for i in range(n)
    ]


def _grow(
    add: Callable[[int], None], count: Callable[[int], int], small: int = 2, large: int = 10
) -> None:
    """Queries for ``small`` rows, then ``large``: the same."""
    add(small)
    count(small)  # caches warmed (the token, the reference lists)
    few = count(small)
    add(large - small)
    assert count(large) == few


def test_client_search_queries_do_not_grow_with_the_rows(network):
    alice = api_client_for(network.alice)
    _grow(
        lambda n: _register(network, n) and None,
        lambda n: _queries(alice, "/api/v1/clients", n, q="Lavoie", limit=50),
    )


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        (
            "/consents",
            lambda network: {
                "organizations": [str(network.refuge.pk)],
                "categories": ["identity", "housing"],
                "start_date": str(timezone.localdate()),
                "method": "verbal",
                "witnessed_by": "Alice Tremblay",
            },
        ),
        (
            "/visits",
            lambda network: {
                "site": "Halte",
                "needs": ["food"],
                "services": [{"kind": "meal"}, {"kind": "clothing"}],
            },
        ),
    ],
)
def test_consent_and_visit_lists_do_not_grow_with_the_rows(network, marie, suffix, body):
    alice = api_client_for(network.alice)
    url = CLIENT.format(id=marie.pk) + suffix

    def add(n: int) -> None:
        for _ in range(n):
            response = alice.post(url, body(network))
            assert response.status_code == 201, response.json()

    done = 0

    def count(n: int) -> int:
        nonlocal done
        done = n
        return _queries(alice, url, n)

    _grow(add, count)
    assert done == 10


def test_pathway_list_does_not_grow_with_the_rows_or_their_alerts(network, marie):
    alice = api_client_for(network.alice)
    url = CLIENT.format(id=marie.pk) + "/pathway"
    moves = iter([{"stage": "visit", "reason": "Lost the bed"}, {"stage": "safety"}] * 5)

    def add(n: int) -> None:
        for _ in range(n):
            response = alice.post(url, next(moves))
            assert response.status_code == 201, response.json()

    _grow(add, lambda n: _queries(alice, url, n))


def test_review_queue_queries_do_not_grow_with_the_rows(network):
    admin = api_client_for(network.alice_admin)
    clients = iter(_register(network, 20, family="Pelletier"))

    def add(n: int) -> None:
        for _ in range(n):
            left, right = sorted([next(clients), next(clients)], key=lambda c: str(c.pk))
            MatchCandidate.objects.create(
                client_a=left,
                client_b=right,
                match_probability=0.9,
                evidence=[{"field": "date_of_birth", "level": 4, "reason": "exact", "weight": 9.0}],
            )

    _grow(add, lambda n: _queries(admin, "/api/v1/linkage/review", n, limit=50))


def test_identities_queries_do_not_grow_with_the_rows(network, marie):
    alice = api_client_for(network.alice)
    key = uuid.uuid4()
    PersonIdentity.objects.create(client=marie, person_key=key)
    url = CLIENT.format(id=marie.pk) + "/identities"

    def add(n: int) -> None:
        for other in _register(network, n, family="Côté"):
            PersonIdentity.objects.create(client=other, person_key=key)

    _grow(add, lambda n: _queries(alice, url, n))
