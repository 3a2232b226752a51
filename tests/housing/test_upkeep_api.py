"""The upkeep API: repairs of a unit, damages of a tenancy, budgeting
sessions of a client. Answers valid against the OpenAPI document; refusals
(404 for what the caller may not see, 403 for a unit not kept or a category
not shared) and bad input (422) with nothing written."""

from __future__ import annotations

from parcours.core.models import AuditAction, AuditEvent
from parcours.housing.models import BudgetingSession, DamageRecord, RepairRequest
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.beds.conftest import paul  # noqa: F401 (fixture)
from tests.conftest import share
from tests.housing.upkeep_helpers import add_goal, damage, days_ago, repair, start_tenancy

REPAIRS = "/api/v1/housing/units/{unit_id}/repairs"
REPAIR = "/api/v1/housing/repairs/{repair_id}"
DAMAGES = "/api/v1/housing/tenancies/{tenancy_id}/damages"
SETTLE = "/api/v1/housing/damages/{damage_id}/settle"
SESSIONS = "/api/v1/clients/{client_id}/budgeting-sessions"


def test_repairs_create_list_and_update(network, housing, openapi):
    api = api_client_for(network.bob)
    url = REPAIRS.format(unit_id=housing.studio.pk)
    created = api.post(
        url, {"kind": "pest_control", "description": "Punaises", "reported_on": str(days_ago(3))}
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, REPAIRS, "post", created)
    listed = api.get(url)
    assert listed.status_code == 200
    assert_matches_openapi(openapi, REPAIRS, "get", listed)
    assert [row["id"] for row in listed.json()] == [created.json()["id"]]
    path = REPAIR.format(repair_id=created.json()["id"])
    done = api.patch(path, {"status": "done", "cost": "120.00"})
    assert done.status_code == 200
    assert_matches_openapi(openapi, REPAIR, "patch", done)
    assert done.json()["status"] == "done" and done.json()["done_on"]


def test_repair_refusals_and_bad_input(network, housing):
    leak = repair(network.bob, housing.studio)
    url = REPAIRS.format(unit_id=housing.studio.pk)
    body = {"kind": "repair", "description": "x", "reported_on": str(days_ago(1))}
    alice = api_client_for(network.alice)
    assert alice.get(url).status_code == 200
    assert alice.post(url, body).status_code == 403
    assert alice.patch(REPAIR.format(repair_id=leak.pk), {"status": "cancelled"}).status_code == 403
    hospital = api_client_for(housing.hospital_staff)
    assert hospital.get(url).status_code == 403
    assert api_client_for(None).get(url).status_code == 401
    bob = api_client_for(network.bob)
    bad = bob.post(url, {**body, "cost": "-3"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "cost"
    early = bob.patch(
        REPAIR.format(repair_id=leak.pk), {"status": "done", "done_on": str(days_ago(30))}
    )
    assert early.status_code == 422
    assert bob.post(url, {**body, "colour": "red"}).status_code == 422
    assert (
        bob.get(REPAIRS.format(unit_id="00000000-0000-0000-0000-000000000000")).status_code == 404
    )
    assert RepairRequest.objects.count() == 1
    leak.refresh_from_db()
    assert leak.status == "open"


def test_damages_create_list_settle(network, housing, marie, openapi):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    api = api_client_for(network.alice)
    url = DAMAGES.format(tenancy_id=tenancy.pk)
    created = api.post(
        url,
        {
            "found_on": str(days_ago(2)),
            "description": "Tapis taché",
            "cost": "80",
            "paid_by": "insurance",
        },
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, DAMAGES, "post", created)
    listed = api.get(url)
    assert_matches_openapi(openapi, DAMAGES, "get", listed)
    assert len(listed.json()) == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="damages"
    ).exists()
    settled = api.post(SETTLE.format(damage_id=created.json()["id"]), {})
    assert settled.status_code == 200
    assert_matches_openapi(openapi, SETTLE, "post", settled)
    assert settled.json()["settled_on"]
    again = api.post(SETTLE.format(damage_id=created.json()["id"]), {})
    assert again.status_code == 422


def test_damage_refusals_and_bad_input(network, housing, marie):
    tenancy = start_tenancy(network.alice, marie, housing.studio)
    row = damage(network.alice, tenancy)
    url = DAMAGES.format(tenancy_id=tenancy.pk)
    body = {"found_on": str(days_ago(1)), "description": "x", "cost": "10", "paid_by": "tenant"}
    bob = api_client_for(network.bob)
    assert bob.get(url).status_code == 404
    assert bob.post(url, body).status_code == 404
    assert bob.post(SETTLE.format(damage_id=row.pk), {}).status_code == 404
    assert api_client_for(housing.hospital_staff).get(url).status_code in (403, 404)
    alice = api_client_for(network.alice)
    assert alice.post(url, {**body, "cost": "0"}).status_code == 422
    assert alice.post(url, {**body, "paid_by": "nobody"}).status_code == 422
    assert DamageRecord.objects.count() == 1


def test_budgeting_sessions_create_and_list(network, housing, marie, openapi):
    goal = add_goal(network.alice, marie)
    api = api_client_for(network.alice)
    url = SESSIONS.format(client_id=marie.pk)
    created = api.post(
        url,
        {
            "date": str(days_ago(1)),
            "duration_minutes": 50,
            "topics": ["debts", "benefits"],
            "goal_id": str(goal.pk),
        },
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, SESSIONS, "post", created)
    listed = api.get(url)
    assert_matches_openapi(openapi, SESSIONS, "get", listed)
    assert listed.json()[0]["goal_id"] == str(goal.pk)


def test_budgeting_refusals_and_bad_input(network, housing, marie, paul):  # noqa: F811
    url = SESSIONS.format(client_id=marie.pk)
    body = {"date": str(days_ago(1)), "duration_minutes": 30, "topics": ["bills"]}
    bob = api_client_for(network.bob)
    assert bob.get(url).status_code == 404
    share(
        marie, by=network.alice, categories=["identity", "housing"], organizations=[network.refuge]
    )
    assert bob.post(url, body).status_code == 403
    assert api_client_for(housing.hospital_staff).get(url).status_code in (403, 404)
    alice = api_client_for(network.alice)
    other = add_goal(network.bob, paul, "Payer mes dettes")
    refused = alice.post(url, {**body, "goal_id": str(other.pk)})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "goal_id"
    assert alice.post(url, {**body, "duration_minutes": 0}).status_code == 422
    assert alice.post(url, {**body, "duration_minutes": 481}).status_code == 422
    assert alice.post(url, {**body, "topics": ["lottery"]}).status_code == 422
    assert not BudgetingSession.objects.exists()
