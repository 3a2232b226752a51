"""The households API, route × persona, validated against the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from parcours.casework.models import Enrollment
from parcours.core.models import AuditAction, AuditEvent
from parcours.households.models import (
    Guardianship,
    Household,
    HouseholdAssessment,
    HouseholdEnrollment,
    HouseholdGoal,
    HouseholdMembership,
)
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import share
from tests.households.conftest import born, register

TABLES = (
    Household,
    HouseholdMembership,
    Guardianship,
    HouseholdAssessment,
    HouseholdGoal,
    HouseholdEnrollment,
    Enrollment,
    AuditEvent,
)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in TABLES)


def today() -> str:
    return timezone.localdate().isoformat()


def routes(network, family):
    marc = HouseholdMembership.objects.get(client=family.marc).pk
    guardianship = Guardianship.objects.filter(dependent=family.leo).first().pk
    v = family.household.version
    return [
        ("get", "/api/v1/households/{id}", {}),
        ("get", "/api/v1/households/{id}/members", {}),
        (
            "post",
            "/api/v1/households/{id}/members",
            {
                "client_id": str(family.julie.pk),
                "relationship": "child",
                "joined_on": today(),
                "version": v,
            },
        ),
        (
            "post",
            f"/api/v1/households/{{id}}/members/{marc}/leave",
            {
                "left_on": today(),
                "version": v,
            },
        ),
        (
            "post",
            f"/api/v1/households/{{id}}/members/{marc}/relationship",
            {
                "relationship": "other",
                "on": today(),
                "version": v,
            },
        ),
        (
            "post",
            "/api/v1/households/{id}/guardianships",
            {
                "dependent_id": str(family.leo.pk),
                "guardian_id": str(family.marc.pk),
                "start_date": today(),
            },
        ),
        (
            "post",
            f"/api/v1/households/{{id}}/guardianships/{guardianship}/end",
            {
                "end_date": today(),
                "reason": "x",
            },
        ),
        ("get", "/api/v1/households/{id}/assessments", {}),
        (
            "post",
            "/api/v1/households/{id}/assessments",
            {
                "assessed_on": today(),
                "summary": "Logement de 3 chambres",
            },
        ),
        ("get", "/api/v1/households/{id}/goals", {}),
        ("post", "/api/v1/households/{id}/goals", {"domain": "daycare", "description": "x"}),
        ("get", "/api/v1/households/{id}/enrollments", {}),
        (
            "post",
            "/api/v1/households/{id}/enrollments",
            {
                "program_id": str(network.icm.pk),
                "start_date": today(),
            },
        ),
    ]


def call(api, method, path, body):
    return api.get(path) if method == "get" else api.post(path, body)


def test_every_route_refuses_a_request_without_token(network, family):
    api = api_client_for(None)
    for method, path, body in routes(network, family):
        before = counts()
        response = call(api, method, path.format(id=family.household.pk), body)
        assert response.status_code == 401, path
        assert counts() == before, path


def test_other_partner_without_consent_gets_404_and_nothing_is_written(network, family):
    api = api_client_for(network.bob)
    for method, path, body in routes(network, family):
        before = counts()
        response = call(api, method, path.format(id=family.household.pk), body)
        assert response.status_code == 404, path
        assert set(response.json()) == {"detail", "errors"}
        assert counts() == before, path
    before = counts()
    assert api.get(f"/api/v1/clients/{family.leo.pk}/households").status_code == 404
    assert api.get("/api/v1/households").json() == {"items": [], "count": 0}
    assert counts()[:-1] == before[:-1]


def test_a_superuser_without_organization_is_refused(network, family):
    api = api_client_for(network.root)
    for method, path, body in routes(network, family):
        before = counts()
        response = call(api, method, path.format(id=family.household.pk), body)
        assert response.status_code == 403, path
        assert counts() == before, path


def test_an_unknown_household_is_a_404(network, family):
    assert (
        api_client_for(network.alice).get(f"/api/v1/households/{uuid.uuid4()}").status_code == 404
    )


def test_the_partner_sees_only_the_members_it_may_see(network, family, openapi):
    share(family.marc, by=network.alice, categories=["identity"], organizations=[network.refuge])
    api = api_client_for(network.bob)
    response = api.get(f"/api/v1/households/{family.household.pk}")
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/households/{household_id}", "get", response)
    body = response.json()
    assert [m["display_name"] for m in body["members"]] == ["Marc Bouchard"]
    assert body["guardianships"] == []
    listing = api.get("/api/v1/households")
    assert_matches_openapi(openapi, "/api/v1/households", "get", listing)
    assert [m["display_name"] for m in listing.json()["items"][0]["members"]] == ["Marc Bouchard"]
    assert "Julie" not in listing.content.decode()


def test_the_guardians_consent_shows_the_children_to_the_partner(network, family):
    share(family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    body = api_client_for(network.bob).get(f"/api/v1/households/{family.household.pk}").json()
    assert {m["display_name"] for m in body["members"]} == {
        "Julie Tremblay",
        "Léo Bouchard",
        "Emma Tremblay",
    }
    assert len(body["guardianships"]) == 2


def test_a_household_is_formed_and_members_join_through_the_api(network, openapi):
    alice = network.alice
    api = api_client_for(alice)
    head = register(alice, "Sarah", "Cohen", born(29))
    kid = register(alice, "Noah", "Cohen", born(3))
    response = api.post(
        "/api/v1/households",
        {
            "client_id": str(head.pk),
            "formed_on": today(),
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, "/api/v1/households", "post", response)
    household = response.json()
    response = api.post(
        f"/api/v1/households/{household['id']}/members",
        {
            "client_id": str(kid.pk),
            "relationship": "child",
            "joined_on": today(),
            "version": household["version"],
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(openapi, "/api/v1/households/{household_id}/members", "post", response)
    response = api.post(
        f"/api/v1/households/{household['id']}/guardianships",
        {
            "dependent_id": str(kid.pk),
            "guardian_id": str(head.pk),
            "start_date": today(),
        },
    )
    assert response.status_code == 201, response.json()
    members = api.get(f"/api/v1/households/{household['id']}/members").json()
    assert {m["display_name"] for m in members} == {"Sarah Cohen", "Noah Cohen"}
    history = api.get(f"/api/v1/clients/{kid.pk}/households")
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/households", "get", history)
    assert history.json()[0]["household_id"] == household["id"]


@pytest.mark.parametrize(
    ("case", "field"),
    [("two_households", "client"), ("minor_head", "head_reason"), ("guardian_outside", "guardian")],
)
def test_bad_input_gets_422_with_a_message_and_writes_nothing(network, family, case, field):
    alice = network.alice
    api = api_client_for(alice)
    if case == "two_households":
        other = register(alice, "Paul", "Girard", born(40))
        created = api.post("/api/v1/households", {"client_id": str(other.pk), "formed_on": today()})
        before = counts()
        response = api.post(
            f"/api/v1/households/{created.json()['id']}/members",
            {
                "client_id": str(family.leo.pk),
                "relationship": "child",
                "joined_on": today(),
                "version": created.json()["version"],
            },
        )
    elif case == "minor_head":
        teen = register(alice, "Kevin", "Lavoie", born(15))
        before = counts()
        response = api.post("/api/v1/households", {"client_id": str(teen.pk), "formed_on": today()})
    else:
        aunt = register(alice, "Claire", "Tremblay", born(45))
        before = counts()
        response = api.post(
            f"/api/v1/households/{family.household.pk}/guardianships",
            {
                "dependent_id": str(family.leo.pk),
                "guardian_id": str(aunt.pk),
                "start_date": today(),
            },
        )
    assert response.status_code == 422
    body = response.json()
    assert field in {e["field"] for e in body["errors"]}
    assert all(e["message"] for e in body["errors"])
    assert counts() == before


def test_a_stale_version_gets_409_and_changes_nothing(network, family):
    marc = HouseholdMembership.objects.get(client=family.marc)
    api = api_client_for(network.alice)
    before = counts()
    response = api.post(
        f"/api/v1/households/{family.household.pk}/members/{marc.pk}/leave",
        {
            "left_on": today(),
            "version": family.household.version - 1,
        },
    )
    assert response.status_code == 409
    assert counts() == before


def test_a_partner_cannot_record_a_guardian_of_a_child_it_did_not_register(network, family):
    for person in (family.julie, family.marc):
        share(person, by=network.alice, categories=["identity"], organizations=[network.refuge])
    api = api_client_for(network.bob)
    before = counts()
    response = api.post(
        f"/api/v1/households/{family.household.pk}/guardianships",
        {
            "dependent_id": str(family.leo.pk),
            "guardian_id": str(family.marc.pk),
            "start_date": today(),
        },
    )
    assert response.status_code == 403
    assert counts() == before


def test_family_goals_and_assessment_through_the_api(network, family, openapi):
    api = api_client_for(network.alice)
    base = f"/api/v1/households/{family.household.pk}"
    assessment = api.post(
        f"{base}/assessments",
        {
            "assessed_on": today(),
            "needs": ["daycare", "school_registration"],
            "summary": "« On a besoin d'une garderie pour Léo et d'inscrire Emma à l'école. »",
        },
    )
    assert assessment.status_code == 201
    goal = api.post(
        f"{base}/goals",
        {
            "domain": "daycare",
            "description": "Place en garderie pour Léo",
            "assessment_id": assessment.json()["id"],
        },
    )
    assert goal.status_code == 201
    assert_matches_openapi(openapi, "/api/v1/households/{household_id}/goals", "post", goal)
    patched = api.patch(f"{base}/goals/{goal.json()['id']}", {"status": "met", "version": 1})
    assert patched.status_code == 200 and patched.json()["status"] == "met"
    stale = api.patch(f"{base}/goals/{goal.json()['id']}", {"status": "open", "version": 1})
    assert stale.status_code == 409
    listed = api.get(f"{base}/goals")
    assert_matches_openapi(openapi, "/api/v1/households/{household_id}/goals", "get", listed)
    assert (
        AuditEvent.objects.filter(
            target_type="households.householdgoal", client_id=family.leo.pk
        ).count()
        == 2
    )


def test_family_enrollment_through_the_api_in_one_transaction(network, family, openapi):
    api = api_client_for(network.alice)
    base = f"/api/v1/households/{family.household.pk}"
    response = api.post(
        f"{base}/enrollments",
        {
            "program_id": str(network.icm.pk),
            "start_date": today(),
            "primary_worker_id": str(network.alice.pk),
        },
    )
    assert response.status_code == 201, response.json()
    assert_matches_openapi(
        openapi, "/api/v1/households/{household_id}/enrollments", "post", response
    )
    assert len(response.json()["enrollment_ids"]) == 4
    before = counts()
    again = api.post(
        f"{base}/enrollments",
        {
            "program_id": str(network.icm.pk),
            "start_date": today(),
            "primary_worker_id": str(network.alice.pk),
        },
    )
    assert again.status_code == 422
    assert counts() == before
    other_program = api.post(
        f"{base}/enrollments",
        {
            "program_id": str(network.shelter_program.pk),
            "start_date": today(),
        },
    )
    assert other_program.status_code == 422
    assert "program_id" in {e["field"] for e in other_program.json()["errors"]}


def test_reading_a_household_is_audited_for_each_person_shown(network, family):
    api_client_for(network.alice).get(f"/api/v1/households/{family.household.pk}")
    events = AuditEvent.objects.filter(
        action=AuditAction.VIEW, target_type="households.household", detail__via="api"
    )
    assert set(events.values_list("client_id", flat=True)) == {
        family.julie.pk,
        family.marc.pk,
        family.leo.pk,
        family.emma.pk,
    }


def test_members_on_a_date_and_a_clients_history(network, family, openapi):
    alice = network.alice
    api = api_client_for(alice)
    marc = HouseholdMembership.objects.get(client=family.marc)
    left = timezone.localdate() - dt.timedelta(days=5)
    response = api.post(
        f"/api/v1/households/{family.household.pk}/members/{marc.pk}/leave",
        {
            "left_on": left.isoformat(),
            "version": family.household.version,
            "reason": "Séparation",
        },
    )
    assert response.status_code == 200
    assert_matches_openapi(
        openapi,
        "/api/v1/households/{household_id}/members/{membership_id}/leave",
        "post",
        response,
    )
    before = api.get(
        f"/api/v1/households/{family.household.pk}/members",
        on=(left - dt.timedelta(days=1)).isoformat(),
    )
    assert_matches_openapi(openapi, "/api/v1/households/{household_id}/members", "get", before)
    assert "Marc Bouchard" in {m["display_name"] for m in before.json()}
    now = api.get(f"/api/v1/households/{family.household.pk}/members")
    assert "Marc Bouchard" not in {m["display_name"] for m in now.json()}
    history = api.get(f"/api/v1/clients/{family.marc.pk}/households").json()
    assert history[0]["left_on"] == left.isoformat()


def test_a_clinical_colleague_sees_the_household_like_the_case_manager(network, family):
    body = api_client_for(network.nurse).get(f"/api/v1/households/{family.household.pk}").json()
    assert len(body["members"]) == 4
