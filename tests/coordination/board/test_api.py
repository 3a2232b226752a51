"""The board and appointment routes of the API, validated against the
OpenAPI document; personas refused; bad input a 422 with nothing written;
list routes with a query count that does not grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parcours.casework.models import Encounter
from parcours.coordination.models import Appointment, CrisisFlag, VisitAssignment
from parcours.coordination.services.board import crisis_raise, visit_assign
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.coordination.board.conftest import Act

pytestmark = pytest.mark.django_db


def _in(days: int = 0, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _board(act: Act) -> str:
    return f"/api/v1/programs/{act.program.pk}/board"


def test_the_board_answers_the_ordered_clients_and_the_visits(
    act: Act, openapi: dict[str, Any]
) -> None:
    calm = act.enroll("Calme", "Client")
    act.contact(calm, days_ago=0)
    crisis = act.enroll("En", "Crise")
    act.contact(crisis, days_ago=0)
    crisis_raise(acting_user=act.worker, program=act.program, client=crisis, note="Crise")
    visit_assign(
        acting_user=act.worker,
        program=act.program,
        client=calm,
        worker=act.nurse,
        day=timezone.localdate(),
    )
    response = api_client_for(act.worker).get(_board(act))
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/programs/{program_id}/board", "get", response)
    body = response.json()
    assert [c["client_id"] for c in body["clients"]] == [str(crisis.pk), str(calm.pk)]
    assert body["clients"][0]["reasons"][0]["code"] == "crisis"
    assert body["assignments"][0]["worker"]["id"] == str(act.nurse.pk)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    later = api_client_for(act.worker).get(_board(act), day=tomorrow)
    assert later.json()["day"] == tomorrow and later.json()["assignments"] == []

    boards = api_client_for(act.worker).get("/api/v1/boards")
    assert_matches_openapi(openapi, "/api/v1/boards", "get", boards)
    assert [b["id"] for b in boards.json()] == [str(act.program.pk)]


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 403), ("bob", 404), ("root", 403), ("anonymous", 401)]
)
def test_the_board_refuses(act: Act, openapi: dict[str, Any], persona: str, status: int) -> None:
    user = None if persona == "anonymous" else getattr(act.network, persona)
    response = api_client_for(user).get(_board(act))
    assert response.status_code == status
    assert_matches_openapi(openapi, "/api/v1/programs/{program_id}/board", "get", response)


def test_the_board_route_query_count_does_not_grow(
    act: Act, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_client_for(act.worker)
    for n in range(2):
        act.contact(act.enroll(f"A{n}", f"B{n}"), days_ago=n)
    api.get(_board(act))
    with CaptureQueriesContext(connection) as small:
        api.get(_board(act))
    for n in range(8):
        client = act.enroll(f"C{n}", f"D{n}")
        act.appointment(client, kind="court", at=_in(0, 15))
        visit_assign(
            acting_user=act.worker,
            program=act.program,
            client=client,
            worker=act.nurse,
            day=timezone.localdate(),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api.get(_board(act)).json()["clients"]) == 10


def test_assign_and_remove_a_visit(act: Act, openapi: dict[str, Any]) -> None:
    client = act.enroll("Visite", "Api")
    api = api_client_for(act.worker)
    path = f"{_board(act)}/assignments"
    bad = api.post(path, {"client_id": str(client.pk), "worker_id": str(act.network.alice.pk)})
    assert bad.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/programs/{program_id}/board/assignments", "post", bad)
    unknown = api.post(path, {"client_id": str(client.pk), "worker": "x"})
    assert unknown.status_code == 422
    assert not VisitAssignment.objects.exists()
    created = api.post(path, {"client_id": str(client.pk), "worker_id": str(act.nurse.pk)})
    assert created.status_code == 201
    assert_matches_openapi(
        openapi, "/api/v1/programs/{program_id}/board/assignments", "post", created
    )
    assert created.json()["day"] == timezone.localdate().isoformat()
    assignment_id = created.json()["id"]
    forbidden = api_client_for(act.network.bob).post(
        f"/api/v1/board/assignments/{assignment_id}/remove"
    )
    assert forbidden.status_code == 404
    removed = api.post(f"/api/v1/board/assignments/{assignment_id}/remove")
    assert removed.status_code == 200
    assert_matches_openapi(
        openapi, "/api/v1/board/assignments/{assignment_id}/remove", "post", removed
    )
    assert not VisitAssignment.objects.exists()


def test_crisis_flags_and_the_quick_update(act: Act, openapi: dict[str, Any]) -> None:
    client = act.enroll("Crise", "Api")
    api = api_client_for(act.worker)
    empty = api.post(f"{_board(act)}/crisis-flags", {"client_id": str(client.pk), "note": ""})
    assert empty.status_code == 422
    raised = api.post(
        f"{_board(act)}/crisis-flags", {"client_id": str(client.pk), "note": "Menace"}
    )
    assert raised.status_code == 201
    assert_matches_openapi(
        openapi, "/api/v1/programs/{program_id}/board/crisis-flags", "post", raised
    )
    lifted = api.post(f"/api/v1/board/crisis-flags/{raised.json()['id']}/lift", {"note": "Calme"})
    assert lifted.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/board/crisis-flags/{flag_id}/lift", "post", lifted)
    assert CrisisFlag.objects.get().lifted_at is not None

    update = api.post(f"{_board(act)}/updates", {"client_id": str(client.pk), "text": "Vu au parc"})
    assert update.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/programs/{program_id}/board/updates", "post", update)
    assert Encounter.objects.get(pk=update.json()["encounter_id"]).summary == "Vu au parc"
    refused = api_client_for(act.network.alice).post(
        f"{_board(act)}/updates", {"client_id": str(client.pk), "text": "x"}
    )
    assert refused.status_code == 403
    assert Encounter.objects.count() == 1


def test_appointments_through_the_api(act: Act, openapi: dict[str, Any], clock: Any) -> None:
    client = act.enroll("Rendez", "Api")
    api = api_client_for(act.worker)
    path = f"/api/v1/clients/{client.pk}/appointments"
    past = api.post(path, {"kind": "court", "starts_at": _in(-1).isoformat(), "place": "Cour"})
    assert past.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/appointments", "post", past)
    assert not Appointment.objects.exists()
    created = api.post(
        path,
        {
            "kind": "court",
            "starts_at": _in(0, 11).isoformat(),
            "place": "Palais de justice",
            "accompanied_by_id": str(act.nurse.pk),
        },
    )
    assert created.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/appointments", "post", created)
    listed = api.get(path)
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/appointments", "get", listed)
    assert [a["id"] for a in listed.json()] == [created.json()["id"]]
    assert api.get(path, limit=0).status_code == 422

    clock.shift(dt.timedelta(hours=4))
    outcome_path = f"/api/v1/appointments/{created.json()['id']}/outcome"
    no_date = api.post(outcome_path, {"outcome": "rescheduled"})
    assert no_date.status_code == 422
    missed = api.post(outcome_path, {"outcome": "missed"})
    assert missed.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/appointments/{appointment_id}/outcome", "post", missed)
    assert missed.json()["outcome"] == "missed"
    follow = api.post(
        f"/api/v1/appointments/{created.json()['id']}/follow-up", {"follow_up": "visit"}
    )
    assert follow.status_code == 201
    assert_matches_openapi(
        openapi, "/api/v1/appointments/{appointment_id}/follow-up", "post", follow
    )
    assert follow.json()["visit"]["worker"]["id"] == str(act.worker.pk)
    assert api.get(path, past="true").json()[0]["outcome"] == "missed"


def test_appointment_routes_refuse_who_may_not_see_the_client(
    act: Act, openapi: dict[str, Any]
) -> None:
    client = act.enroll("Refus", "Api")
    appointment = act.appointment(client, kind="court", at=_in(1))
    bob = api_client_for(act.network.bob)
    listed = bob.get(f"/api/v1/clients/{client.pk}/appointments")
    assert listed.status_code == 404
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/appointments", "get", listed)
    created = bob.post(
        f"/api/v1/clients/{client.pk}/appointments",
        {"kind": "court", "starts_at": _in(2).isoformat(), "place": "Cour"},
    )
    assert created.status_code == 404
    assert (
        bob.post(f"/api/v1/appointments/{appointment.pk}/outcome", {"outcome": "kept"}).status_code
        == 404
    )
    assert api_client_for(None).get(f"/api/v1/clients/{client.pk}/appointments").status_code == 401
    assert Appointment.objects.count() == 1


def test_a_clinic_appointment_is_not_listed_for_a_non_clinical_worker(act: Act) -> None:
    client = act.enroll("Clinique", "Api")
    act.appointment(client, kind="clinic", at=_in(1), by=act.nurse, place="CLSC")
    assert api_client_for(act.worker).get(f"/api/v1/clients/{client.pk}/appointments").json() == []
    nurse = api_client_for(act.nurse).get(f"/api/v1/clients/{client.pk}/appointments").json()
    assert [a["category"] for a in nurse] == ["clinical"]


def test_the_appointment_list_query_count_does_not_grow(
    act: Act, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = act.enroll("Beaucoup", "Rendezvous")
    api = api_client_for(act.worker)
    path = f"/api/v1/clients/{client.pk}/appointments"
    act.appointment(client, kind="court", at=_in(1), accompanied_by=act.nurse)
    api.get(path)
    with CaptureQueriesContext(connection) as small:
        api.get(path)
    for n in range(10):
        act.appointment(client, kind="landlord", at=_in(n + 2), accompanied_by=act.worker)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api.get(path).json()) == 11
