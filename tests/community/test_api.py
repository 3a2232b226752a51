"""The trackers API: answers valid against the OpenAPI document; refusals
(404 for a client or tracker the caller may not see, 403 when the financial
category is not shared) and bad input (422, translated, field by field) with
nothing written; reads audited."""

from __future__ import annotations

import pytest
from django.test import Client

from parcours.accounts.services import api_token_create
from parcours.community.models import BenefitApplication, IdDocumentRequest
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.community.conftest import add_goal, benefit, days_ago, days_ahead, document
from tests.conftest import share
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BENEFITS = "/api/v1/clients/{client_id}/benefit-applications"
BENEFIT = "/api/v1/community/benefit-applications/{application_id}"
DOCUMENTS = "/api/v1/clients/{client_id}/id-documents"
DOCUMENT = "/api/v1/community/id-documents/{request_id}"


def test_applications_create_list_and_patch(network, marie, openapi):
    goal = add_goal(network.alice, marie)
    api = api_client_for(network.alice)
    url = BENEFITS.format(client_id=marie.pk)
    created = api.post(
        url,
        {
            "program": "gst_hst_credit",
            "status": "preparing",
            "started_on": str(days_ago(2)),
            "next_step": "Produire la déclaration de revenus 2025",
            "next_step_due": str(days_ahead(14)),
            "monthly_amount": "41.50",
            "goal_id": str(goal.pk),
        },
    )
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, BENEFITS, "post", created)
    body = created.json()
    assert body["goal_id"] == str(goal.pk) and body["organization"] == network.carrefour.name
    listed = api.get(url)
    assert_matches_openapi(openapi, BENEFITS, "get", listed)
    assert [row["id"] for row in listed.json()] == [body["id"]]
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="benefit_applications"
    ).exists()
    one = BENEFIT.format(application_id=body["id"])
    patched = api.patch(
        one, {"status": "submitted", "submitted_on": str(days_ago(1)), "version": 1}
    )
    assert patched.status_code == 200, patched.json()
    assert_matches_openapi(openapi, BENEFIT, "patch", patched)
    assert patched.json()["version"] == 2 and patched.json()["next_step"].startswith("Produire")
    stale = api.patch(one, {"outcome": "Trop tard", "version": 1})
    assert stale.status_code == 422
    cleared = api.patch(one, {"next_step_due": None, "goal_id": None, "monthly_amount": None})
    assert cleared.status_code == 200, cleared.json()
    assert cleared.json()["goal_id"] is None and cleared.json()["monthly_amount"] is None


def test_documents_create_list_and_patch(network, marie, openapi):
    api = api_client_for(network.alice)
    url = DOCUMENTS.format(client_id=marie.pk)
    created = api.post(url, {"document": "status_card", "fee_paid": False})
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, DOCUMENTS, "post", created)
    assert created.json()["status"] == "needed"
    listed = api.get(url)
    assert_matches_openapi(openapi, DOCUMENTS, "get", listed)
    one = DOCUMENT.format(request_id=created.json()["id"])
    patched = api.patch(one, {"status": "requested", "requested_on": str(days_ago(1))})
    assert patched.status_code == 200, patched.json()
    assert_matches_openapi(openapi, DOCUMENT, "patch", patched)
    bad = api.patch(one, {"status": "received"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "resolved_on"
    assert IdDocumentRequest.objects.get().status == "requested"


def test_refusals_by_persona_with_nothing_written(network, marie, paul):
    application = benefit(network.alice, marie)
    request = document(network.alice, marie)
    body = {"program": "tax_filing", "started_on": str(days_ago(1))}
    bob = api_client_for(network.bob)
    for url in (BENEFITS.format(client_id=marie.pk), DOCUMENTS.format(client_id=marie.pk)):
        assert bob.get(url).status_code == 404
    assert bob.post(BENEFITS.format(client_id=marie.pk), body).status_code == 404
    assert bob.patch(BENEFIT.format(application_id=application.pk), {}).status_code == 404
    assert bob.patch(DOCUMENT.format(request_id=request.pk), {}).status_code == 404
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(BENEFITS.format(client_id=marie.pk)).json() == []
    assert bob.get(DOCUMENTS.format(client_id=marie.pk)).json() == []
    refused = bob.post(BENEFITS.format(client_id=marie.pk), body)
    # The API answers in French unless asked otherwise (Accept-Language).
    assert refused.status_code == 403
    assert "renseignements financiers" in refused.json()["detail"]
    assert (
        bob.post(DOCUMENTS.format(client_id=marie.pk), {"document": "passport"}).status_code == 403
    )
    assert bob.patch(BENEFIT.format(application_id=application.pk), {}).status_code == 404
    hospital = api_client_for(UserFactory(organization=network.hospital))
    assert hospital.get(BENEFITS.format(client_id=marie.pk)).status_code in (403, 404)
    assert api_client_for(None).get(BENEFITS.format(client_id=marie.pk)).status_code == 401
    assert BenefitApplication.objects.count() == 1 and IdDocumentRequest.objects.count() == 1


def test_bad_input_is_a_422_with_translated_messages(network, marie, paul):
    api = api_client_for(network.alice)
    url = BENEFITS.format(client_id=marie.pk)
    base = {"program": "pension", "started_on": str(days_ago(5))}
    other = add_goal(network.bob, paul, "Payer mes dettes")
    cases = [
        ({**base, "goal_id": str(other.pk)}, "goal_id"),
        ({**base, "status": "submitted"}, "submitted_on"),
        ({**base, "status": "submitted", "submitted_on": str(days_ago(9))}, "submitted_on"),
        ({**base, "program": "lottery"}, "program"),
        ({**base, "monthly_amount": "-3"}, "monthly_amount"),
        ({**base, "monthly_amount": "abc"}, "monthly_amount"),
        ({**base, "started_on": "yesterday"}, "started_on"),
        ({**base, "colour": "blue"}, "colour"),
        ({**base, "next_step_due": str(days_ahead(3))}, "next_step"),
    ]
    for payload, field in cases:
        answer = api.post(url, payload)
        assert answer.status_code == 422, (payload, answer.json())
        assert field in [e["field"] for e in answer.json()["errors"]], (payload, answer.json())
    assert not BenefitApplication.objects.exists()


def test_a_refusal_answers_in_the_language_asked_for(network, marie):
    token = api_token_create(user=network.alice).secret
    answer = Client().post(
        BENEFITS.format(client_id=marie.pk),
        '{"program": "pension", "started_on": "2026-01-01", "status": "submitted"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "submitted_on", "message": "Enter the date the application was submitted."}
    ]
    assert not BenefitApplication.objects.exists()
