"""The care-team API, route × persona, answers validated against the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from parcours.coordination.models import CareRole, CareTeamMember, Notification
from parcours.core.models import AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.coordination.care_team.conftest import Care, add_member, open_referral, today

BASE = "/api/v1"


def _team_path(care: Care) -> str:
    return f"{BASE}/clients/{care.marie.pk}/care-team"


def test_get_the_care_team(care: Care, openapi):
    n = care.network
    add_member(n.alice, care.marie, worker=n.nurse, contact="poste 204")
    response = api_client_for(n.alice).get(_team_path(care))
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/care-team", "get", response)
    body = response.json()
    assert body["can_change"] is True
    [member] = body["current"]
    assert member["worker"]["name"] == "Nadia Roy" and member["can_change"] is True
    assert {w["worker"]["name"] for w in body["implicit"]} == {"Alice Tremblay", "Bob Martin"}
    assert AuditEvent.objects.filter(detail__via="api", detail__section="care_team").exists()


def test_identity_only_partner_gets_an_empty_team_and_no_consent_is_404(care: Care, openapi):
    add_member(care.network.alice, care.marie, worker=care.network.nurse)
    response = api_client_for(care.hugo).get(_team_path(care))
    assert response.status_code == 200
    assert response.json()["current"] == [] and response.json()["implicit"] == []
    assert response.json()["can_change"] is False
    missing = api_client_for(care.zoe).get(_team_path(care))
    assert missing.status_code == 404
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/care-team", "get", missing)
    assert api_client_for(None).get(_team_path(care)).status_code == 401


def test_add_a_member(care: Care, openapi):
    n = care.network
    response = api_client_for(n.alice).post(
        _team_path(care),
        {"worker_id": str(n.nurse.pk), "role": "nurse", "contact": "poste 204"},
    )
    assert response.status_code == 201, response.content
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/care-team", "post", response)
    assert response.json()["since"] == today().isoformat()
    assert CareTeamMember.objects.get().worker == n.nurse
    assert Notification.objects.filter(recipient=n.bob).count() == 1


def test_bad_input_is_422_and_nothing_is_written(care: Care, openapi):
    n = care.network
    api = api_client_for(n.alice)
    for payload in (
        {"role": "astronaut", "outside_name": "Dr X"},
        {"role": "nurse"},
        {"role": "nurse", "worker_id": str(n.bob.pk)},
        {"role": "nurse", "outside_name": "Dr X", "since": "2020-13-01"},
        {"role": "nurse", "outside_name": "Dr X", "colour": "blue"},
        {
            "role": "nurse",
            "outside_name": "Dr X",
            "since": (today() + dt.timedelta(days=3)).isoformat(),
        },
    ):
        response = api.post(_team_path(care), payload)
        assert response.status_code == 422, payload
        assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/care-team", "post", response)
    assert CareTeamMember.objects.count() == 0


def test_identity_only_partner_cannot_add_and_no_consent_is_404(care: Care):
    payload = {"role": "family_doctor", "outside_name": "Dr X"}
    assert api_client_for(care.hugo).post(_team_path(care), payload).status_code == 422
    assert api_client_for(care.zoe).post(_team_path(care), payload).status_code == 404
    assert CareTeamMember.objects.count() == 0


def test_patch_and_end_a_member(care: Care, openapi):
    n = care.network
    member = add_member(n.alice, care.marie, worker=n.nurse)
    api = api_client_for(n.alice)
    response = api.patch(f"{BASE}/care-team/{member.pk}", {"contact": "cell 613-555-0199"})
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/care-team/{member_id}", "patch", response)
    assert response.json()["contact"] == "cell 613-555-0199"
    bad = api.post(f"{BASE}/care-team/{member.pk}/end", {"until": "1999-01-01"})
    assert bad.status_code == 422
    assert_matches_openapi(openapi, "/api/v1/care-team/{member_id}/end", "post", bad)
    response = api.post(f"{BASE}/care-team/{member.pk}/end", {})
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/care-team/{member_id}/end", "post", response)
    assert response.json()["until"] == today().isoformat()


def test_only_the_partner_that_added_a_member_patches_or_ends_it(care: Care):
    member = add_member(care.network.alice, care.marie, worker=care.network.nurse)
    for user in (care.network.bob, care.hugo, care.zoe):
        api = api_client_for(user)
        assert api.patch(f"{BASE}/care-team/{member.pk}", {"contact": "x"}).status_code == 404
        assert api.post(f"{BASE}/care-team/{member.pk}/end", {}).status_code == 404
    member.refresh_from_db()
    assert member.contact == "" and member.is_current


def test_care_plan(care: Care, openapi, django_assert_max_num_queries):
    from parcours.access import client_access_for
    from parcours.casework import services as casework

    n = care.network
    casework.goal_add(
        acting_user=n.alice,
        client_access=client_access_for(n.alice, care.marie),
        statement="Avoir mon appartement",
        support_type="housing",
        sub_domain="housing_search",
        steps=["Remplir la demande"],
    )
    open_referral(client=care.marie, sender=n.alice, receiver=n.refuge)
    add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="Dre Lefebvre")
    path = f"{BASE}/clients/{care.marie.pk}/care-plan"
    api = api_client_for(n.alice)
    response = api.get(path)
    assert response.status_code == 200
    assert_matches_openapi(openapi, "/api/v1/clients/{client_id}/care-plan", "get", response)
    parts = {p["organization"]["name"]: p for p in response.json()["parts"]}
    assert parts["Carrefour Centre-Ville"]["editable"] is True
    assert parts["Carrefour Centre-Ville"]["goals"][0]["statement"] == "Avoir mon appartement"
    assert parts["Carrefour Centre-Ville"]["open_steps"][0]["description"] == "Remplir la demande"
    assert parts["Refuge Saint-Laurent"]["editable"] is False
    assert parts["Refuge Saint-Laurent"]["referrals"][0]["service_name"] == "Clinique de santé"
    with django_assert_max_num_queries(40) as small:
        api.get(path)
    for i in range(5):
        add_member(n.alice, care.marie, role=CareRole.OTHER, outside_name=f"Pro {i}")
        open_referral(client=care.marie, sender=n.alice, receiver=n.refuge, name=f"S{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        api.get(path)
    assert api_client_for(care.zoe).get(path).status_code == 404
    hugo = api_client_for(care.hugo).get(path).json()
    assert hugo["parts"] == []
