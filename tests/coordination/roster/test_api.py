"""The roster's API: ``/programs/{id}/roster``, ``/programs/{id}/shifts``,
``/shifts/{id}/remove``, ``/programs/{id}/coverage-standard`` and
``/clients/{id}/on-call`` — answers valid against the OpenAPI document,
refusals per persona, bad input a 422 with nothing written, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.casework.services import enrollment_open
from parcours.coordination.models import CoverageStandard, Shift
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import share
from tests.coordination.roster.conftest import add, at, put

pytestmark = pytest.mark.django_db

ROSTER = "/api/v1/programs/{program_id}/roster"
SHIFTS = "/api/v1/programs/{program_id}/shifts"
REMOVE = "/api/v1/shifts/{shift_id}/remove"
STANDARD = "/api/v1/programs/{program_id}/coverage-standard"
ON_CALL = "/api/v1/clients/{client_id}/on-call"


def shift_in(worker, day: dt.date, **extra):
    return {
        "worker_id": str(worker.pk),
        "starts_at": at(day, 8).isoformat(),
        "ends_at": at(day, 20).isoformat(),
        **extra,
    }


def test_the_roster_lists_shifts_and_gaps(roster, openapi):
    net = roster.net
    today = timezone.localdate()
    add(net.icm, net.alice, at(today, 8), at(today, 16), by=roster.lead, phone="613-555-0101")
    response = api_client_for(net.alice).get(ROSTER.format(program_id=net.icm.pk), days=2)
    assert response.status_code == 200
    assert_matches_openapi(openapi, ROSTER, "get", response)
    body = response.json()
    assert body["days"] == 2 and body["start"] == today.isoformat()
    assert body["standard"]["is_default"] and body["standard"]["weekdays"] == [1, 2, 3, 4, 5, 6, 7]
    assert [s["worker"]["name"] for s in body["shifts"]] == ["Alice Tremblay"]
    assert [(g["day"], g["minutes"]) for g in body["gaps"]] == [
        (today.isoformat(), 240),
        ((today + dt.timedelta(days=1)).isoformat(), 720),
    ]


@pytest.mark.parametrize("days", [0, 32, "x"])
def test_a_bad_period_is_a_422(roster, days):
    response = api_client_for(roster.net.alice).get(
        ROSTER.format(program_id=roster.icm.pk), days=days
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "days"


def test_who_may_read_a_roster(roster):
    net = roster.net
    url = ROSTER.format(program_id=net.icm.pk)
    assert api_client_for(None).get(url).status_code == 401
    assert api_client_for(roster.stranger).get(url).status_code == 403
    assert api_client_for(net.bob).get(url).status_code == 404
    assert api_client_for(net.root).get(url).status_code == 403
    assert api_client_for(net.nurse).get(url).status_code == 200
    assert api_client_for(net.alice).get(ROSTER.format(program_id=roster.act.pk)).status_code == 403


def test_a_lead_adds_shifts_weekly_and_removes_one(roster, openapi):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=1)
    api = api_client_for(roster.lead)
    response = api.post(
        SHIFTS.format(program_id=net.icm.pk), shift_in(net.nurse, day, repeat_weeks=2, on_call=True)
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, SHIFTS, "post", response)
    first, second = response.json()
    assert first["on_call"] and Shift.objects.count() == 2
    response = api.post(REMOVE.format(shift_id=second["id"]))
    assert response.status_code == 200
    assert_matches_openapi(openapi, REMOVE, "post", response)
    assert response.json()["id"] == second["id"]
    assert [str(pk) for pk in Shift.objects.values_list("pk", flat=True)] == [first["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "START"}, "ends_at"),
        ({"ends_at": "PLUS25"}, "ends_at"),
        ({"worker_id": "STRANGER"}, "worker_id"),
        ({"repeat_weeks": 13}, "repeat_weeks"),
        ({"phone": "6" * 41}, "phone"),
        ({"colour": "red"}, "colour"),
        ({"starts_at": "tomorrow"}, "starts_at"),
    ],
)
def test_bad_shift_input_is_a_422_and_writes_nothing(roster, change, field, openapi):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=1)
    payload = shift_in(net.nurse, day)
    replacements = {
        "START": payload["starts_at"],
        "PLUS25": (at(day, 8) + dt.timedelta(hours=25)).isoformat(),
        "STRANGER": str(roster.stranger.pk),
    }
    payload |= {k: replacements.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    response = api_client_for(roster.lead).post(SHIFTS.format(program_id=net.icm.pk), payload)
    assert response.status_code == 422
    assert_matches_openapi(openapi, SHIFTS, "post", response)
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Shift.objects.exists()


def test_an_overlap_in_one_week_of_a_repeat_refuses_them_all(roster):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=1)
    add(
        net.icm,
        net.nurse,
        at(day + dt.timedelta(days=14), 19),
        at(day + dt.timedelta(days=14), 21),
        by=roster.lead,
    )
    response = api_client_for(roster.lead).post(
        SHIFTS.format(program_id=net.icm.pk), shift_in(net.nurse, day, repeat_weeks=4)
    )
    assert response.status_code == 422
    assert "est déjà à l'horaire" in response.json()["errors"][0]["message"]
    assert Shift.objects.count() == 1


def test_who_may_write_shifts(roster):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=1)
    [shift] = add(net.icm, net.alice, at(day, 8), at(day, 12), by=roster.lead)
    for user, status in ((None, 401), (net.alice, 403), (roster.stranger, 403), (net.bob, 404)):
        api = api_client_for(user)
        assert (
            api.post(SHIFTS.format(program_id=net.icm.pk), shift_in(net.nurse, day)).status_code
            == status
        )
        assert api.post(REMOVE.format(shift_id=shift.pk)).status_code == status
    assert list(Shift.objects.all()) == [shift]


def test_the_coverage_standard_is_read_and_set(roster, openapi):
    net = roster.net
    url = STANDARD.format(program_id=roster.act.pk)
    response = api_client_for(net.alice_admin).get(url)
    assert response.status_code == 200
    assert_matches_openapi(openapi, STANDARD, "get", response)
    assert response.json()["around_the_clock"] and response.json()["start_time"] == "08:00:00"
    new = {
        "around_the_clock": False,
        "weekdays": [1, 2, 3, 4, 5],
        "start_time": "09:00",
        "end_time": "17:00",
        "on_call_counts": True,
    }
    response = put(api_client_for(net.alice_admin), url, new)
    assert response.status_code == 200, response.json()
    assert_matches_openapi(openapi, STANDARD, "put", response)
    assert not response.json()["is_default"]
    standard = CoverageStandard.objects.get(program=roster.act)
    assert standard.weekdays == [1, 2, 3, 4, 5] and standard.start_time == dt.time(9)


def test_bad_or_unauthorised_standards_are_refused(roster, openapi):
    net = roster.net
    url = STANDARD.format(program_id=net.icm.pk)
    bad = {"weekdays": [1], "start_time": "18:00", "end_time": "08:00"}
    response = put(api_client_for(roster.coordinator), url, bad)
    assert response.status_code == 422
    assert_matches_openapi(openapi, STANDARD, "put", response)
    assert response.json()["errors"][0]["field"] == "end_time"
    good = {"around_the_clock": True, "on_call_counts": True}
    assert put(api_client_for(roster.lead), url, good).status_code == 403
    assert put(api_client_for(net.alice), url, good).status_code == 403
    assert put(api_client_for(net.bob_admin), url, good).status_code == 404
    assert api_client_for(roster.stranger).get(url).status_code == 403
    assert not CoverageStandard.objects.exists()


def test_who_is_on_call_now_for_a_client(roster, marie, openapi):
    net = roster.net
    today = timezone.localdate()
    enrollment_open(
        acting_user=net.alice,
        client=marie,
        program=net.icm,
        start_date=today,
        primary_worker=net.alice,
    )
    add(net.icm, net.nurse, at(today, 8), at(today, 20), by=roster.lead, phone="613-555-0199")
    add(roster.act, roster.act_worker, at(today, 8), at(today, 20), by=net.alice_admin)
    url = ON_CALL.format(client_id=marie.pk)
    with time_machine.travel(at(today, 12), tick=False):
        response = api_client_for(net.alice).get(url)
        assert response.status_code == 200
        assert_matches_openapi(openapi, ON_CALL, "get", response)
        [row] = response.json()
        assert row["worker"]["name"] == "Nadia Roy" and row["phone"] == "613-555-0199"
        assert row["program"]["name"] == net.icm.name and not row["on_call"]
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, client_id=marie.pk, detail__section="on_call"
        ).exists()
        # Another partner: 404 until the client shares; with identity only, no enrollment.
        assert api_client_for(net.bob).get(url).status_code == 404
        share(marie, by=net.alice, categories=["identity"], organizations=[net.refuge])
        assert api_client_for(net.bob).get(url).json() == []
        share(marie, by=net.alice, categories=["identity", "case_plan"], organizations=[net.refuge])
        assert len(api_client_for(net.bob).get(url).json()) == 1
        assert api_client_for(None).get(url).status_code == 401
    with time_machine.travel(at(today, 21), tick=False):
        assert api_client_for(net.alice).get(url).json() == []


def _count(api, path, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path, **params).status_code == 200
    return len(queries)


def test_the_roster_and_on_call_cost_the_same_queries_with_more_shifts(roster, marie):
    net = roster.net
    today = timezone.localdate()
    enrollment_open(
        acting_user=net.alice,
        client=marie,
        program=net.icm,
        start_date=today,
        primary_worker=net.alice,
    )
    api = api_client_for(net.alice)
    roster_url, on_call = ROSTER.format(program_id=net.icm.pk), ON_CALL.format(client_id=marie.pk)
    add(net.icm, net.alice, at(today, 0), at(today, 23), by=roster.lead)
    _count(api, roster_url)  # the token's first use is recorded once
    few = _count(api, roster_url), _count(api, on_call)
    for n in range(1, 14):
        day = today + dt.timedelta(days=n)
        add(net.icm, net.alice, at(day, 8), at(day, 14), by=roster.lead)
        add(net.icm, net.nurse, at(day, 14), at(day, 20), by=roster.lead)
    add(net.icm, net.nurse, at(today, 0), at(today, 23), by=roster.lead, on_call=True)
    assert (_count(api, roster_url), _count(api, on_call)) == few
