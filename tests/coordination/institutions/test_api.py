"""The institution-stay API: route × persona, bad input (422, nothing
written), optimistic version, CTI from a discharge, the discharges list,
answers valid against the OpenAPI document, query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.access import client_access_for
from parcours.casework.models import Enrollment
from parcours.clients.services import client_register
from parcours.coordination.models import (
    DischargeTask,
    DischargeTaskKind,
    InstitutionStay,
    Notification,
    NotificationKind,
)
from parcours.coordination.services.institutions import institution_stay_discharge
from parcours.core.models import AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import share
from tests.coordination.institutions.conftest import Inst, admit, today

STAYS = "/api/v1/clients/{client_id}/institution-stays"
STAY = "/api/v1/institution-stays/{stay_id}"
DISCHARGE = "/api/v1/institution-stays/{stay_id}/discharge"
DISCHARGES = "/api/v1/discharges"


def _persona(inst: Inst, name: str):
    return {
        "alice": inst.alice,
        "bob": inst.bob,
        "ida": inst.ida,
        "nora": inst.nora,
        "root": inst.network.root,
        "anonymous": None,
    }[name]


def _admission(inst: Inst, **over):
    return {
        "kind": "hospital",
        "institution_id": str(inst.network.hospital.pk),
        "admitted_on": today().isoformat(),
        "expected_discharge_on": (today() + dt.timedelta(days=9)).isoformat(),
        "learned_from": "institution",
        "contact": "Travailleuse sociale",
        **over,
    }


@pytest.mark.parametrize(
    ("persona", "list_status", "count", "create_status"),
    [
        ("alice", 200, 1, 422),  # 422: the client already has an open stay
        ("bob", 200, 1, 422),
        ("ida", 200, 0, 403),  # identity only: no stays, may not record one
        ("nora", 404, None, 404),
        ("root", 403, None, 403),
        ("anonymous", 401, None, 401),
    ],
)
def test_client_stays_by_persona(inst, openapi, persona, list_status, count, create_status):
    admit(inst)
    api = api_client_for(_persona(inst, persona))
    path = STAYS.format(client_id=inst.marie.pk)
    response = api.get(path)
    assert response.status_code == list_status
    assert_matches_openapi(
        openapi, "/api/v1/clients/{client_id}/institution-stays", "get", response
    )
    if count is not None:
        assert len(response.json()) == count
    created = api.post(path, _admission(inst))
    assert created.status_code == create_status
    assert InstitutionStay.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bob", 200), ("ida", 404), ("nora", 404), ("root", 403), ("anonymous", 401)],
)
def test_patch_and_discharge_by_persona(inst, openapi, persona, status):
    stay = admit(inst)
    api = api_client_for(_persona(inst, persona))
    patched = api.patch(STAY.format(stay_id=stay.pk), {"version": 1, "contact": "Poste 12"})
    assert patched.status_code == status
    assert_matches_openapi(openapi, "/api/v1/institution-stays/{stay_id}", "patch", patched)
    discharged = api.post(
        DISCHARGE.format(stay_id=stay.pk),
        {"discharged_on": today().isoformat(), "destination": "own_unit"},
    )
    assert discharged.status_code == status
    assert_matches_openapi(
        openapi, "/api/v1/institution-stays/{stay_id}/discharge", "post", discharged
    )
    stay.refresh_from_db()
    assert stay.is_open is (status != 200)


def test_recording_an_admission(inst, openapi):
    api = api_client_for(inst.bob)
    response = api.post(STAYS.format(client_id=inst.marie.pk), _admission(inst))
    assert response.status_code == 201, response.json()
    assert_matches_openapi(
        openapi, "/api/v1/clients/{client_id}/institution-stays", "post", response
    )
    body = response.json()
    assert body["place"] == inst.network.hospital.name
    assert {t["kind"] for t in body["tasks"]} == {"contact_institution", "plan_destination"}
    assert Notification.objects.filter(
        kind=NotificationKind.INSTITUTION_ADMISSION, recipient=inst.alice
    ).exists()


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"admitted_on": "tomorrow"}, "admitted_on"),
        ({"expected_discharge_on": "before"}, "expected_discharge_on"),
        ({"kind": "spa"}, "kind"),
        ({"institution_id": None}, "institution_name"),
        ({"institution_id": "partner"}, "institution_id"),
        ({"colour": "blue"}, "colour"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_admissions_are_422_and_write_nothing(inst, openapi, over, field):
    if over.get("admitted_on") == "tomorrow":
        over = {"admitted_on": (today() + dt.timedelta(days=1)).isoformat()}
    if over.get("expected_discharge_on") == "before":
        over = {"expected_discharge_on": (today() - dt.timedelta(days=1)).isoformat()}
    if over.get("institution_id") == "partner":
        over = {"institution_id": str(inst.network.refuge.pk)}
    api = api_client_for(inst.alice)
    response = api.post(STAYS.format(client_id=inst.marie.pk), _admission(inst, **over))
    assert response.status_code == 422
    assert_matches_openapi(
        openapi, "/api/v1/clients/{client_id}/institution-stays", "post", response
    )
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not InstitutionStay.objects.exists()
    assert not Notification.objects.exists()


def test_a_second_open_stay_is_422(inst):
    admit(inst)
    api = api_client_for(inst.alice)
    response = api.post(STAYS.format(client_id=inst.marie.pk), _admission(inst, kind="jail"))
    assert response.status_code == 422
    assert "a déjà un séjour en établissement en cours" in response.json()["errors"][0]["message"]


def test_the_patch_moves_the_plan_task_and_refuses_a_stale_version(inst, openapi):
    stay = admit(inst, expected_in_days=10)
    api = api_client_for(inst.alice)
    new_date = today() + dt.timedelta(days=30)
    response = api.patch(
        STAY.format(stay_id=stay.pk), {"version": 1, "expected_discharge_on": new_date.isoformat()}
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["contact"] == "Travailleuse sociale, 4e étage"
    plan = DischargeTask.objects.get(stay=stay, kind=DischargeTaskKind.PLAN_DESTINATION)
    assert plan.due_on == new_date - dt.timedelta(days=3)
    stale = api.patch(STAY.format(stay_id=stay.pk), {"version": 1, "note": "x"})
    assert stale.status_code == 409
    assert_matches_openapi(openapi, "/api/v1/institution-stays/{stay_id}", "patch", stale)
    cleared = api.patch(STAY.format(stay_id=stay.pk), {"version": 2, "expected_discharge_on": None})
    assert cleared.status_code == 200 and cleared.json()["expected_discharge_on"] is None


def test_a_discharge_with_cti(inst, openapi):
    stay = admit(inst)
    api = api_client_for(inst.alice)
    response = api.post(
        DISCHARGE.format(stay_id=stay.pk),
        {
            "discharged_on": today().isoformat(),
            "destination": "street",
            "cti_program_id": str(inst.cti.pk),
            "cti_primary_worker_id": str(inst.alice.pk),
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["destination"] == "street" and body["discharged_on"] == today().isoformat()
    assert "find_destination" in {t["kind"] for t in body["tasks"]}
    assert Enrollment.objects.filter(client=inst.marie, program=inst.cti).exists()


def test_a_discharge_without_destination_or_with_a_foreign_cti_program_is_422(inst):
    stay = admit(inst)
    api = api_client_for(inst.alice)
    missing = api.post(DISCHARGE.format(stay_id=stay.pk), {"discharged_on": today().isoformat()})
    assert missing.status_code == 422
    foreign = api.post(
        DISCHARGE.format(stay_id=stay.pk),
        {
            "discharged_on": today().isoformat(),
            "destination": "family",
            "cti_program_id": str(inst.network.shelter_program.pk),
        },
    )
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["field"] == "cti_program_id"
    stay.refresh_from_db()
    assert stay.is_open


def _client(inst: Inst, n: int):
    client = client_register(
        acting_user=inst.alice,
        given_name=f"Api{n}",
        family_name=f"Client{n}",
        date_of_birth=dt.date(1970, 2, 1 + n),
        preferred_language="en",
    )
    share(
        client,
        by=inst.alice,
        categories=["identity", "case_plan"],
        organizations=[inst.network.refuge],
    )
    return client


def test_the_discharges_list_is_ordered_paginated_and_audited(inst, openapi, clock):
    clock.shift(dt.timedelta(days=-10))
    later = admit(inst, client=_client(inst, 1), admitted_days_ago=1, expected_in_days=40)
    overdue = admit(inst, client=_client(inst, 2), admitted_days_ago=1, expected_in_days=5)
    soon = admit(inst, client=_client(inst, 3), admitted_days_ago=1, expected_in_days=13)
    clock.shift(dt.timedelta(days=10))
    api = api_client_for(inst.bob)
    response = api.get(DISCHARGES, limit=2)
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/discharges", "get", response)
    body = response.json()
    assert body["count"] == 3
    assert [i["id"] for i in body["items"]] == [str(overdue.pk), str(soon.pk)]
    assert [i["urgency"] for i in body["items"]] == ["overdue", "due_soon"]
    assert body["items"][0]["days"] == 11
    rest = api.get(DISCHARGES, limit=2, offset=2).json()
    assert [i["id"] for i in rest["items"]] == [str(later.pk)]
    event = AuditEvent.objects.filter(detail__section="discharges").latest("id")
    assert event.detail["clients"] == [str(later.client_id)]
    assert api.get(DISCHARGES, limit=0).status_code == 422
    assert api_client_for(inst.nora).get(DISCHARGES).json()["count"] == 0


def test_list_query_counts_do_not_grow(inst, django_assert_max_num_queries):
    api = api_client_for(inst.bob)
    for n in range(2):
        admit(inst, client=_client(inst, n))
    with django_assert_max_num_queries(40) as small:
        assert api.get(DISCHARGES).status_code == 200
    for n in range(2, 8):
        admit(inst, client=_client(inst, n))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api.get(DISCHARGES).json()["items"]) == 8


def test_client_list_query_count_does_not_grow(inst, django_assert_max_num_queries, clock):
    api = api_client_for(inst.alice)
    path = STAYS.format(client_id=inst.marie.pk)

    def stay_and_discharge(days_ago: int) -> None:
        stay = admit(inst, admitted_days_ago=days_ago, expected_in_days=None)
        institution_stay_discharge(
            acting_user=inst.alice,
            client_access=client_access_for(inst.alice, inst.marie),
            stay=stay,
            discharged_on=stay.admitted_on + dt.timedelta(days=1),
            destination="own_unit",
        )

    stay_and_discharge(100)
    with django_assert_max_num_queries(40) as small:
        assert len(api.get(path).json()) == 1
    for days in (80, 60, 40, 20):
        stay_and_discharge(days)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api.get(path).json()) == 5
