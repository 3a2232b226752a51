"""Every list route of the casework API answers in a number of queries that
does not grow with the rows it returns (no query per row): the same count
for 2 rows as for 10."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.access import client_access_for
from parcours.casework.models import AssessmentInstrument, Enrollment, InstrumentQuestion
from parcours.casework.services import (
    assessment_record,
    encounter_record,
    enrollment_open,
    goal_add,
    goal_review_add,
    note_amend,
    note_write,
)
from parcours.clients.models import Client
from tests.api.conftest import ApiClient, api_client_for
from tests.casework.conftest import Casework, register, today
from tests.conftest import Network


def _rows(body: Any, key: str | None) -> list[Any]:
    if key is None:
        return list(body)
    for part in key.split("."):
        body = body[part]
    return list(body)


def _queries(api: ApiClient, path: str, rows: int, key: str | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200, response.json()
    assert len(_rows(response.json(), key)) == rows
    return len(captured)


def _grow(add: Callable[[int], None], count: Callable[[int], int]) -> None:
    add(2)
    count(2)  # caches warmed (the token, the reference lists)
    few = count(2)
    add(8)
    assert count(10) == few


def test_enrollments(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    added: list[int] = []

    def add(n: int) -> None:
        for i in range(n):
            k = len(added)
            added.append(k)
            Enrollment.objects.create(
                client=client,
                program=casework.icm,
                organization=network.carrefour,
                start_date=today() - dt.timedelta(days=400 - k * 10),
                end_date=today() - dt.timedelta(days=395 - k * 10),
                end_reason="goals_met",
                primary_worker=network.alice,
                team=network.icm_team,
                opened_by=network.alice,
            )

    api = api_client_for(network.alice)
    _grow(add, lambda n: _queries(api, f"/api/v1/clients/{client.pk}/enrollments", n))


def test_encounters_and_notes(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    client_access = client_access_for(network.alice, client)
    goal = goal_add(
        acting_user=network.alice,
        client_access=client_access,
        statement="Un logement",
        support_type="housing",
        sub_domain="housing_search",
    )

    def add(n: int) -> None:
        for _ in range(n):
            encounter = encounter_record(
                acting_user=network.alice,
                client_access=client_access,
                kind="home_visit",
                occurred_at=timezone.now() - dt.timedelta(hours=1),
                duration_minutes=30,
                staff=[network.nurse],
                goals=[goal],
            )
            note = note_write(
                acting_user=network.alice,
                client_access=client_access,
                kind="general",
                text="Visite",
                encounter=encounter,
            )
            note_amend(acting_user=network.alice, client_access=client_access, note=note, text="+")

    api = api_client_for(network.alice)

    def both(n: int) -> int:
        return _queries(api, f"/api/v1/clients/{client.pk}/encounters", n) * 1000 + _queries(
            api, f"/api/v1/clients/{client.pk}/notes", n
        )

    _grow(add, both)


def _answers() -> dict[str, str]:
    questions = InstrumentQuestion.objects.filter(domain__instrument__code="parcours-acuity-v1")
    return {q.code: q.answers.order_by("score").first().code for q in questions}  # type: ignore[union-attr]


def test_assessments(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    client_access = client_access_for(network.alice, client)
    instrument = AssessmentInstrument.objects.get(code="parcours-acuity-v1")
    answers = _answers()
    done: list[int] = []

    def add(n: int) -> None:
        for _ in range(n):
            done.append(1)
            assessment_record(
                acting_user=network.alice,
                client_access=client_access,
                instrument=instrument,
                answers=answers,
                assessed_on=today() - dt.timedelta(days=len(done)),
            )

    api = api_client_for(network.alice)
    _grow(add, lambda n: _queries(api, f"/api/v1/clients/{client.pk}/assessments", n))


def test_plan_goals(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    client_access = client_access_for(network.alice, client)

    def add(n: int) -> None:
        for i in range(n):
            goal = goal_add(
                acting_user=network.alice,
                client_access=client_access,
                statement=f"But {i}",
                support_type="housing",
                sub_domain="housing_search",
                responsible="worker",
                responsible_worker=network.alice,
                steps=["Appeler", "Visiter"],
            )
            goal_review_add(
                acting_user=network.alice, client_access=client_access, goal=goal, progress="good"
            )

    api = api_client_for(network.alice)
    _grow(add, lambda n: _queries(api, f"/api/v1/clients/{client.pk}/plan", n, "goals"))


def _enrolled(network: Network, casework: Casework) -> Callable[[int], None]:
    casework.icm_standard.clients_per_staff = None
    casework.icm_standard.save()
    made: list[Client] = []

    def add(n: int) -> None:
        for _ in range(n):
            client = register(network.alice, "Client", f"Famille{chr(65 + len(made))}")
            made.append(client)
            enrollment_open(
                acting_user=network.alice,
                client=client,
                program=casework.icm,
                start_date=today() - dt.timedelta(days=400),
                primary_worker=network.alice,
            )

    return add


def test_worklist(network: Network, casework: Casework) -> None:
    api = api_client_for(network.alice)

    def count(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/worklist")
        assert response.status_code == 200
        assert len({i["client_id"] for i in response.json()}) == n
        return len(captured)

    _grow(_enrolled(network, casework), count)


def test_caseload(network: Network, casework: Casework) -> None:
    api = api_client_for(casework.coordinator)

    def count(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(f"/api/v1/programs/{casework.icm.pk}/caseload")
        assert response.status_code == 200, response.json()
        assert sum(len(r["clients"]) for r in response.json()["rows"]) == n
        return len(captured)

    _grow(_enrolled(network, casework), count)
