# ruff: noqa: F811 (the fixtures of test_finance are imported by name)
"""The housing finance API: answers valid against the OpenAPI document;
422 for bad input (negative amount, end before start, over budget naming the
remaining amount) with nothing written; 403/404 per policy."""

from __future__ import annotations

from parcours.housing.models import AssistancePayment, AssistanceStatus, FinancialAssistance
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import share
from tests.factories import UserFactory
from tests.housing.test_finance import TODAY, finance, frozen, make_budget  # noqa: F401

LIST = "/api/v1/clients/{client_id}/financial-assistance"
ONE = "/api/v1/housing/financial-assistance/{assistance_id}"
APPROVE = "/api/v1/housing/financial-assistance/{assistance_id}/approve"
REFUSE = "/api/v1/housing/financial-assistance/{assistance_id}/refuse"
PAYMENTS = "/api/v1/housing/financial-assistance/{assistance_id}/payments"
BUDGETS = "/api/v1/housing/budgets"
BUDGET = "/api/v1/housing/budgets/{budget_id}"
LINES = "/api/v1/housing/budgets/{budget_id}/assistance"


def _body(budget, amount="400", **kw):
    return {
        "budget_id": str(budget.pk),
        "kind": "one_time_rent",
        "amount": amount,
        "period_start": TODAY.isoformat(),
        "period_end": TODAY.isoformat(),
        "payee": "Gestion immobilière Rideau",
        **kw,
    }


def test_request_approve_pay_and_read(network, finance, marie, openapi):
    api = api_client_for(network.alice)
    url = LIST.format(client_id=marie.pk)
    created = api.post(url, _body(finance.budget))
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, LIST, "post", created)
    line_id = created.json()["id"]
    approved = api.post(APPROVE.format(assistance_id=line_id), {})
    assert approved.status_code == 200, approved.json()
    assert_matches_openapi(openapi, APPROVE, "post", approved)
    assert approved.json()["status"] == "approved"
    paid = api.post(
        PAYMENTS.format(assistance_id=line_id), {"date": TODAY.isoformat(), "amount": "150"}
    )
    assert paid.status_code == 201
    assert_matches_openapi(openapi, PAYMENTS, "post", paid)
    listed = api.get(url)
    assert listed.status_code == 200
    assert_matches_openapi(openapi, LIST, "get", listed)
    assert listed.json()[0]["paid"] in ("150", "150.00")
    budgets = api.get(BUDGETS)
    assert budgets.status_code == 200
    assert_matches_openapi(openapi, BUDGETS, "get", budgets)
    one = api.get(BUDGET.format(budget_id=finance.budget.pk))
    assert_matches_openapi(openapi, BUDGET, "get", one)
    assert one.json()["remaining"] in ("9600", "9600.00")
    lines = api.get(LINES.format(budget_id=finance.budget.pk))
    assert_matches_openapi(openapi, LINES, "get", lines)
    assert lines.json()["items"][0]["client_id"] == str(marie.pk)


def test_bad_input_is_a_422_and_nothing_is_written(network, frozen, marie):
    budget = make_budget(network, total="500")
    api = api_client_for(network.alice)
    url = LIST.format(client_id=marie.pk)
    assert api.post(url, _body(budget, amount="-10")).status_code == 422
    before = _body(budget, period_end="2027-03-01")
    assert api.post(url, before).status_code == 422
    assert api.post(url, {**_body(budget), "surprise": 1}).status_code == 422
    assert not FinancialAssistance.objects.exists()
    line_id = api.post(url, _body(budget, amount="600")).json()["id"]
    over = api.client.post(
        APPROVE.format(assistance_id=line_id),
        "{}",
        content_type="application/json",
        headers=api.headers,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert over.status_code == 422
    assert "500.00 $" in over.json()["errors"][0]["message"]
    assert FinancialAssistance.objects.get().status == AssistanceStatus.REQUESTED
    refused = api.post(REFUSE.format(assistance_id=line_id), {"note": "Hors critères."})
    assert refused.json()["status"] == "refused"


def test_refusals(network, finance, marie):
    alice = api_client_for(network.alice)
    line_id = alice.post(LIST.format(client_id=marie.pk), _body(finance.budget)).json()["id"]
    bob = api_client_for(network.bob)
    assert bob.get(LIST.format(client_id=marie.pk)).status_code == 404
    assert bob.get(ONE.format(assistance_id=line_id)).status_code == 404
    assert bob.get(BUDGETS).status_code == 403
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(LIST.format(client_id=marie.pk)).status_code == 403
    assert bob.post(LIST.format(client_id=marie.pk), _body(finance.budget)).status_code == 403
    share(marie, by=network.alice, categories=["financial"], organizations=[network.refuge])
    assert bob.get(LIST.format(client_id=marie.pk)).status_code == 200
    assert bob.post(APPROVE.format(assistance_id=line_id), {}).status_code == 403
    assert (
        bob.post(
            PAYMENTS.format(assistance_id=line_id), {"date": TODAY.isoformat(), "amount": "1"}
        ).status_code
        == 403
    )
    hospital = api_client_for(UserFactory(organization=network.hospital))
    assert hospital.get(BUDGETS).status_code == 403
    assert hospital.get(LIST.format(client_id=marie.pk)).status_code == 404
    assert api_client_for(None).get(BUDGETS).status_code == 401
    assert FinancialAssistance.objects.get().status == AssistanceStatus.REQUESTED
    assert not AssistancePayment.objects.exists()


def test_a_coordinator_elsewhere_sees_budget_lines_without_the_client(network, finance, marie):
    alice = api_client_for(network.alice)
    alice.post(LIST.format(client_id=marie.pk), _body(finance.budget))
    lines = api_client_for(network.bob_admin).get(LINES.format(budget_id=finance.budget.pk))
    assert lines.status_code == 200
    assert lines.json()["items"][0]["client_id"] is None
