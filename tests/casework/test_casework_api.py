"""The casework API: same rules as the screens, answers match the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parcours.casework.models import Enrollment, WaitlistEntry
from parcours.casework.services import enrollment_open, waitlist_add
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.casework.conftest import Casework, today
from tests.conftest import Network, share


def counts() -> tuple[int, int, int]:
    return (
        Enrollment.objects.count(),
        WaitlistEntry.objects.count(),
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, "auth.token_created"]).count(),
    )


def test_case_manager_enrolls_lists_and_reads_an_enrollment(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    api = api_client_for(network.alice)
    client = casework.clients[0]
    response = api.post(
        f"/api/v1/clients/{client.pk}/enrollments",
        {
            "program_id": str(casework.icm.pk),
            "start_date": today().isoformat(),
            "primary_worker_id": str(network.alice.pk),
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/enrollments", "post", response)
    body = response.json()
    assert body["primary_worker"]["id"] == str(network.alice.pk)
    listed = api.get(f"/api/v1/clients/{client.pk}/enrollments")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/enrollments", "get", listed)
    assert [e["id"] for e in listed.json()] == [body["id"]]
    detail = api.get(f"/api/v1/enrollments/{body['id']}")
    assert_matches_openapi(openapi, "/api/v1/enrollments/{enrollment_id}", "get", detail)


def test_capacity_refusal_is_a_422_and_nothing_is_written(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    for c in casework.clients[:3]:
        enrollment_open(
            acting_user=network.alice,
            client=c,
            program=casework.icm,
            start_date=today(),
            primary_worker=network.alice,
        )
    api = api_client_for(network.alice)
    before = counts()
    response = api.post(
        f"/api/v1/clients/{casework.clients[3].pk}/enrollments",
        {
            "program_id": str(casework.icm.pk),
            "start_date": today().isoformat(),
            "primary_worker_id": str(network.alice.pk),
        },
    )
    assert response.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/enrollments", "post", response)
    assert response.json()["errors"][0]["field"] == "override_reason"
    assert counts() == before


def test_bad_input_is_a_422_and_nothing_is_written(network: Network, casework: Casework) -> None:
    api = api_client_for(network.alice)
    before = counts()
    response = api.post(
        f"/api/v1/clients/{casework.clients[0].pk}/enrollments",
        {"program_id": str(casework.icm.pk), "start_date": "soon", "colour": "blue"},
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"start_date", "colour"} <= fields
    assert counts() == before


def test_another_partner_gets_404_and_writes_nothing(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    enrollment = enrollment_open(
        acting_user=network.alice, client=client, program=casework.icm, start_date=today()
    )
    api = api_client_for(network.bob)
    before = counts()
    assert api.get(f"/api/v1/clients/{client.pk}/enrollments").status_code == 404
    assert api.get(f"/api/v1/enrollments/{enrollment.pk}").status_code == 404
    assert (
        api.post(
            f"/api/v1/enrollments/{enrollment.pk}/close",
            {"end_date": today().isoformat(), "end_reason": "goals_met"},
        ).status_code
        == 404
    )
    assert api.get(f"/api/v1/programs/{casework.icm.pk}/caseload").status_code == 404
    assert (
        api.post(
            f"/api/v1/programs/{casework.icm.pk}/waitlist", {"client_id": str(client.pk)}
        ).status_code
        == 404
    )
    assert counts() == before


def test_anonymous_callers_are_refused(network: Network, casework: Casework) -> None:
    api = api_client_for(None)
    before = counts()
    response = api.post(
        f"/api/v1/clients/{casework.clients[0].pk}/enrollments",
        {"program_id": str(casework.icm.pk), "start_date": today().isoformat()},
    )
    assert response.status_code == 401
    assert counts() == before


def test_partner_with_case_plan_consent_reads_but_cannot_close(
    network: Network, casework: Casework
) -> None:
    client = casework.clients[0]
    enrollment = enrollment_open(
        acting_user=network.alice, client=client, program=casework.icm, start_date=today()
    )
    share(
        client,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    api = api_client_for(network.bob)
    assert api.get(f"/api/v1/enrollments/{enrollment.pk}").status_code == 200
    before = counts()
    response = api.post(
        f"/api/v1/enrollments/{enrollment.pk}/close",
        {"end_date": today().isoformat(), "end_reason": "goals_met"},
    )
    assert response.status_code == 404
    assert counts() == before


def test_a_stale_reassignment_is_a_409(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    enrollment = enrollment_open(
        acting_user=network.alice,
        client=casework.clients[0],
        program=casework.icm,
        start_date=today(),
        primary_worker=network.alice,
    )
    api = api_client_for(network.alice)
    first = api.patch(
        f"/api/v1/enrollments/{enrollment.pk}",
        {"version": 1, "primary_worker_id": str(casework.coordinator.pk)},
    )
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 2
    stale = api.patch(
        f"/api/v1/enrollments/{enrollment.pk}",
        {"version": 1, "primary_worker_id": str(network.alice.pk)},
    )
    assert stale.status_code == 409
    assert_matches_openapi(openapi, "/api/v1/enrollments/{enrollment_id}", "patch", stale)
    enrollment.refresh_from_db()
    assert enrollment.primary_worker == casework.coordinator


def test_step_down_through_the_api(network: Network, casework: Casework) -> None:
    act = enrollment_open(
        acting_user=casework.act_staff[0],
        client=casework.clients[0],
        program=casework.act,
        start_date=today() - dt.timedelta(days=200),
        team=casework.act_team,
    )
    api = api_client_for(network.alice)
    response = api.post(
        f"/api/v1/enrollments/{act.pk}/transfer",
        {
            "to_program_id": str(casework.icm.pk),
            "transfer_date": today().isoformat(),
            "reason": "Stable, logement maintenu",
            "primary_worker_id": str(network.alice.pk),
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["previous_enrollment_id"] == str(act.pk)


def test_caseload_and_waitlist_through_the_api(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    enrollment_open(
        acting_user=network.alice,
        client=casework.clients[0],
        program=casework.icm,
        start_date=today(),
        primary_worker=network.alice,
    )
    api = api_client_for(network.alice)
    added = api.post(
        f"/api/v1/programs/{casework.icm.pk}/waitlist", {"client_id": str(casework.clients[1].pk)}
    )
    assert added.status_code == 201
    waitlist_add(acting_user=network.alice, program=casework.icm, client=casework.clients[2])
    moved = api.post(f"/api/v1/waitlist/{added.json()['id']}/move", {"direction": "down"})
    assert moved.json()["position"] == 2
    load = api.get(f"/api/v1/programs/{casework.icm.pk}/caseload")
    assert load.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/programs/{program_id}/caseload", "get", load)
    body = load.json()
    assert body["total"] == 1
    assert [w["display_name"] for w in body["waitlist"]] == ["Marc Bergeron", "Sylvie Pelletier"]
    offer = api.post(
        f"/api/v1/waitlist/{added.json()['id']}/offer",
        {"start_date": today().isoformat(), "primary_worker_id": str(network.alice.pk)},
    )
    assert offer.status_code == 201
    bad = api.post(f"/api/v1/waitlist/{added.json()['id']}/remove", {"reason": "x"})
    assert bad.status_code == 404  # no longer waiting


# --- plans and goals ---------------------------------------------------------------


def test_goals_through_the_api_with_a_stale_edit_answering_409(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    client = casework.clients[0]
    api = api_client_for(network.alice)
    created = api.post(
        f"/api/v1/clients/{client.pk}/goals",
        {
            "statement": "Trouver un emploi à temps partiel",
            "sub_domain": "employment",
            "steps": ["Préparer un CV"],
        },
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/goals", "post", created)
    goal = created.json()
    assert goal["support_type"] == "complementary"
    plan = api.get(f"/api/v1/clients/{client.pk}/plan")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/plan", "get", plan)
    assert [g["id"] for g in plan.json()["goals"]] == [goal["id"]]
    first = api.patch(f"/api/v1/goals/{goal['id']}", {"version": 1, "status": "on_hold"})
    assert first.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/goals/{goal_id}", "patch", first)
    stale = api.patch(f"/api/v1/goals/{goal['id']}", {"version": 1, "statement": "Autre"})
    assert stale.status_code == 409
    assert "statut" in stale.json()["detail"]  # what changed, in the default language
    assert_matches_openapi(openapi, "/api/v1/goals/{goal_id}", "patch", stale)
    review = api.post(
        f"/api/v1/goals/{goal['id']}/reviews", {"progress": "good", "note": "CV fait"}
    )
    assert review.status_code == 201
    step = api.post(f"/api/v1/goals/{goal['id']}/steps", {"description": "Appeler Avenir Emploi"})
    assert step.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/goals/{goal_id}/steps", "post", step)


def test_plan_patch_is_versioned(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    api = api_client_for(network.alice)
    first = api.patch(
        f"/api/v1/clients/{client.pk}/plan", {"version": 0, "in_own_words": "Un chez-moi"}
    )
    assert first.status_code == 200, first.json()
    version = first.json()["version"]
    again = api.patch(
        f"/api/v1/clients/{client.pk}/plan", {"version": version, "strengths": "Ma sœur"}
    )
    assert again.status_code == 200
    stale = api.patch(f"/api/v1/clients/{client.pk}/plan", {"version": version, "strengths": "x"})
    assert stale.status_code == 409


def test_bad_goals_are_a_422_and_other_partners_a_404(network: Network, casework: Casework) -> None:
    client = casework.clients[0]
    api = api_client_for(network.alice)
    before = counts()
    bad = api.post(f"/api/v1/clients/{client.pk}/goals", {"statement": "", "sub_domain": "nope"})
    assert bad.status_code == 422
    assert {"statement", "sub_domain"} <= {e["field"] for e in bad.json()["errors"]}
    partner = api.post(
        f"/api/v1/clients/{client.pk}/goals",
        {"statement": "x", "sub_domain": "income", "responsible": "partner"},
    )
    assert partner.status_code == 422
    assert counts() == before
    goal = api.post(
        f"/api/v1/clients/{client.pk}/goals", {"statement": "x", "sub_domain": "income"}
    ).json()
    bob = api_client_for(network.bob)
    before = counts()
    assert bob.get(f"/api/v1/clients/{client.pk}/plan").status_code == 404
    assert bob.get(f"/api/v1/goals/{goal['id']}").status_code == 404
    assert (
        bob.patch(f"/api/v1/goals/{goal['id']}", {"version": 1, "status": "stopped"}).status_code
        == 404
    )
    assert bob.post(f"/api/v1/goals/{goal['id']}/reviews", {"progress": "good"}).status_code == 404
    assert counts() == before


# --- encounters and notes -------------------------------------------------------------


def test_clinical_notes_through_the_api(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    client = casework.clients[0]
    nurse = api_client_for(network.nurse)
    created = nurse.post(
        f"/api/v1/clients/{client.pk}/notes",
        {"kind": "clinical", "text": "Tension artérielle élevée"},
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/notes", "post", created)
    listed = nurse.get(f"/api/v1/clients/{client.pk}/notes")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/notes", "get", listed)
    assert [n["kind"] for n in listed.json()] == ["clinical"]
    alice = api_client_for(network.alice)
    assert alice.get(f"/api/v1/clients/{client.pk}/notes").json() == []
    before = counts()
    refused = alice.post(
        f"/api/v1/clients/{client.pk}/notes",
        {"kind": "clinical", "text": "Je ne suis pas clinicienne"},
    )
    assert refused.status_code == 422
    note_id = created.json()["id"]
    assert alice.patch(f"/api/v1/notes/{note_id}", {"version": 1, "text": "x"}).status_code == 404
    assert alice.post(f"/api/v1/notes/{note_id}/addenda", {"text": "x"}).status_code == 404
    assert counts() == before
    corrected = nurse.patch(
        f"/api/v1/notes/{note_id}", {"version": 1, "text": "Tension élevée, à revoir"}
    )
    assert corrected.status_code == 200
    stale = nurse.patch(f"/api/v1/notes/{note_id}", {"version": 1, "text": "x"})
    assert stale.status_code == 409
    amended = nurse.post(
        f"/api/v1/notes/{note_id}/addenda", {"text": "Revue le lendemain: normale"}
    )
    assert amended.status_code == 201
    assert [a["text"] for a in amended.json()["addenda"]] == ["Revue le lendemain: normale"]


def test_encounters_through_the_api(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    client = casework.clients[0]
    api = api_client_for(network.alice)
    created = api.post(
        f"/api/v1/clients/{client.pk}/encounters",
        {
            "kind": "home_visit",
            "occurred_at": "2026-01-15T10:00:00-05:00",
            "duration_minutes": 45,
            "staff_ids": [str(network.nurse.pk)],
            "location": "Chez le client",
            "summary": "Visite à domicile",
        },
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/encounters", "post", created)
    assert {s["id"] for s in created.json()["staff"]} == {
        str(network.alice.pk),
        str(network.nurse.pk),
    }
    listed = api.get(f"/api/v1/clients/{client.pk}/encounters")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/encounters", "get", listed)
    before = counts()
    bad = api.post(
        f"/api/v1/clients/{client.pk}/encounters",
        {"kind": "dream", "occurred_at": "2026-01-15T10:00:00", "duration_minutes": 0},
    )
    assert bad.status_code == 422
    bob = api_client_for(network.bob)
    assert bob.get(f"/api/v1/clients/{client.pk}/encounters").status_code == 404
    assert (
        bob.post(
            f"/api/v1/clients/{client.pk}/encounters",
            {"kind": "phone", "occurred_at": "2026-01-15T10:00:00", "duration_minutes": 5},
        ).status_code
        == 404
    )
    assert counts() == before


# --- assessments and worklist ------------------------------------------------------------


def _low_answers() -> dict[str, str]:
    from parcours.casework.models import InstrumentQuestion

    return {
        q.code: q.answers.order_by("score").first().code  # type: ignore[union-attr]
        for q in InstrumentQuestion.objects.filter(domain__instrument__code="parcours-acuity-v1")
    }


def test_assessments_and_the_worklist_through_the_api(
    network: Network, casework: Casework, openapi: dict[str, Any]
) -> None:
    client = casework.clients[0]
    enrollment_open(
        acting_user=network.alice,
        client=client,
        program=casework.icm,
        start_date=today() - dt.timedelta(days=30),
        primary_worker=network.alice,
    )
    api = api_client_for(network.alice)
    work = api.get("/api/v1/worklist")
    assert work.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/worklist", "get", work)
    assert {"no_contact", "assessment_due"} <= {i["kind"] for i in work.json()}
    created = api.post(f"/api/v1/clients/{client.pk}/assessments", {"answers": _low_answers()})
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/assessments", "post", created)
    assert created.json()["recommendation"] == "brief"
    listed = api.get(f"/api/v1/clients/{client.pk}/assessments")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/assessments", "get", listed)
    assert "assessment_due" not in {i["kind"] for i in api.get("/api/v1/worklist").json()}
    before = counts()
    bad = api.post(
        f"/api/v1/clients/{client.pk}/assessments",
        {"answers": _low_answers(), "chosen_level": "act"},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "override_reason"
    bob = api_client_for(network.bob)
    assert bob.get(f"/api/v1/clients/{client.pk}/assessments").status_code == 404
    assert (
        bob.post(
            f"/api/v1/clients/{client.pk}/assessments", {"answers": _low_answers()}
        ).status_code
        == 404
    )
    assert bob.get("/api/v1/worklist").json() == []
    assert counts() == before
