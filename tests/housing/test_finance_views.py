# ruff: noqa: F811 (the fixtures of test_finance are imported by name)
"""Budget and assistance screens: route × persona refusals, names only where
the financial category is seen, the override shown on the budget, the
subsidy-ending worklist item, audit of reads, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from parcours.casework.services import enrollment_open
from parcours.casework.worklist import worklist
from parcours.core.models import AuditAction, AuditEvent
from parcours.housing.finance import assistance_approve
from parcours.housing.models import AssistanceStatus, FinancialAssistance
from tests.conftest import client_for, share
from tests.factories import UserFactory
from tests.housing.test_finance import (  # noqa: F401 (fixtures)
    TODAY,
    finance,
    frozen,
    make_budget,
    request,
)


def test_budget_list_and_detail_for_the_program_and_coordinators(network, finance, marie):
    line = request(network.alice, marie, finance.budget, "400")
    assistance_approve(acting_user=network.alice, assistance=line)
    web = client_for(network.alice)
    page = web.get(reverse("housing:budgets"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Rent supplements 2027" in body and "9600.00 $" in body and "<progress" in body
    detail = web.get(reverse("housing:budget", kwargs={"budget_id": finance.budget.pk}))
    assert detail.status_code == 200
    assert marie.display_name in detail.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, target_id=str(finance.budget.pk)
    ).exists()


def test_a_coordinator_elsewhere_sees_amounts_but_never_the_clients_name(network, finance, marie):
    line = request(network.alice, marie, finance.budget, "400")
    assistance_approve(acting_user=network.alice, assistance=line)
    web = client_for(network.bob_admin)  # Refuge's administrator: a coordinator
    detail = web.get(reverse("housing:budget", kwargs={"budget_id": finance.budget.pk}))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert marie.display_name not in body and marie.family_name not in body
    assert "a client" in body and "400.00 $" in body
    line_page = web.get(reverse("housing:assistance", kwargs={"assistance_id": line.pk}))
    assert line_page.status_code == 404  # not client data for him, not his budget


def test_route_persona_refusals(network, finance, marie):
    line = request(network.alice, marie, finance.budget, "400")
    hospital_staff = UserFactory(organization=network.hospital)
    budget_urls = [
        reverse("housing:budgets"),
        reverse("housing:budget", kwargs={"budget_id": finance.budget.pk}),
    ]
    # bob: a Refuge worker, no budget, not a coordinator; the hospital: not a partner.
    for user in (network.bob, hospital_staff):
        web = client_for(user)
        for url in budget_urls:
            assert web.get(url).status_code == 403, (user, url)
    assert client_for(network.bob_admin).get(reverse("housing:budget_new")).status_code == 200
    assert client_for(network.alice).get(reverse("housing:budget_new")).status_code == 403
    assert client_for(None).get(budget_urls[0]).status_code == 302

    new_url = reverse("housing:assistance_new", kwargs={"client_id": marie.pk})
    line_url = reverse("housing:assistance", kwargs={"assistance_id": line.pk})
    decide_url = reverse("housing:assistance_decide", kwargs={"assistance_id": line.pk})
    pay_url = reverse("housing:payment_new", kwargs={"assistance_id": line.pk})
    bob = client_for(network.bob)
    assert bob.get(new_url).status_code == 404  # a client the Refuge may not see
    assert bob.get(line_url).status_code == 404
    assert bob.post(decide_url, {"decision": "approve"}).status_code == 404
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert bob.get(new_url).status_code == 403  # financial not shared
    assert bob.get(line_url).status_code == 404
    share(marie, by=network.alice, categories=["financial"], organizations=[network.refuge])
    assert bob.get(new_url).status_code == 200
    assert bob.get(line_url).status_code == 200  # he sees it, but may not decide nor pay
    assert bob.post(decide_url, {"decision": "approve"}).status_code == 403
    assert bob.post(pay_url, {"date": TODAY.isoformat(), "amount": "1"}).status_code == 403
    assert client_for(hospital_staff).get(new_url).status_code == 404  # refused: not seen
    assert FinancialAssistance.objects.get(pk=line.pk).status == AssistanceStatus.REQUESTED


def test_request_decide_and_pay_through_the_screens(network, finance, marie):
    web = client_for(network.alice)
    page = web.get(reverse("housing:assistance_new", kwargs={"client_id": marie.pk}))
    assert page.status_code == 200
    bad = web.post(
        reverse("housing:assistance_new", kwargs={"client_id": marie.pk}),
        {
            "budget": str(finance.budget.pk),
            "kind": "moving",
            "amount": "-3",
            "period_start": TODAY.isoformat(),
            "period_end": TODAY.isoformat(),
            "payee": "Déménagements Outaouais",
        },
    )
    assert bad.status_code == 422
    assert not FinancialAssistance.objects.exists()
    done = web.post(
        reverse("housing:assistance_new", kwargs={"client_id": marie.pk}),
        {
            "budget": str(finance.budget.pk),
            "kind": "moving",
            "amount": "350",
            "period_start": TODAY.isoformat(),
            "period_end": TODAY.isoformat(),
            "payee": "Déménagements Outaouais",
        },
    )
    assert done.status_code == 302
    line = FinancialAssistance.objects.get()
    decided = web.post(
        reverse("housing:assistance_decide", kwargs={"assistance_id": line.pk}),
        {"decision": "approve"},
    )
    assert decided.status_code == 302
    too_much = web.post(
        reverse("housing:payment_new", kwargs={"assistance_id": line.pk}),
        {"date": TODAY.isoformat(), "amount": "350.01"},
    )
    assert too_much.status_code == 422
    assert "350.00 $" in too_much.content.decode()
    paid = web.post(
        reverse("housing:payment_new", kwargs={"assistance_id": line.pk}),
        {"date": TODAY.isoformat(), "amount": "350", "reference": "CHQ-1042"},
    )
    assert paid.status_code == 302
    page = web.get(reverse("housing:assistance", kwargs={"assistance_id": line.pk}))
    assert "CHQ-1042" in page.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, client_id=marie.pk, detail__section="financial_assistance"
    ).exists()


def test_over_budget_on_the_screen_names_the_remaining_and_the_override_shows(
    network, frozen, marie
):
    budget = make_budget(network, total="500")
    line = request(network.alice, marie, budget, "600")
    url = reverse("housing:assistance_decide", kwargs={"assistance_id": line.pk})
    refused = client_for(network.alice).post(url, {"decision": "approve"})
    assert refused.status_code == 422
    assert "500.00 $" in refused.content.decode()
    ok = client_for(network.alice_admin).post(
        url,
        {"decision": "approve", "override": "on", "override_reason": "Risque d'éviction."},
    )
    assert ok.status_code == 302
    detail = client_for(network.alice_admin).get(
        reverse("housing:budget", kwargs={"budget_id": budget.pk})
    )
    assert "Risque d&#x27;éviction." in detail.content.decode()


def test_a_subsidy_ending_within_60_days_is_on_the_workers_worklist(network, frozen, marie):
    budget = make_budget(network)
    enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=network.icm,
        start_date=TODAY - dt.timedelta(days=30),
        primary_worker=network.alice,
    )
    ending = request(
        network.alice,
        marie,
        budget,
        "300",
        kind="rent_supplement",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 5, 10),
    )
    later = request(
        network.alice,
        marie,
        budget,
        "100",
        kind="short_term_rent",
        start=TODAY,
        end=dt.date(2027, 6, 30),
    )
    for line in (ending, later):
        assistance_approve(acting_user=network.alice_admin, assistance=line)
    items = [i for i in worklist(network.alice) if i.kind == "housing_subsidy_end"]
    assert [i.due for i in items] == [dt.date(2027, 5, 10)]
    assert "Subsidy ends on 2027-05-10: plan the move to provincial or municipal support." in (
        items[0].label
    )
    with time_machine.travel(dt.datetime(2027, 5, 11, 12)):
        assert [i.due for i in worklist(network.alice) if i.kind == "housing_subsidy_end"] == [
            dt.date(2027, 6, 30)
        ]
    page = client_for(network.alice).get(reverse("housing:budget", kwargs={"budget_id": budget.pk}))
    assert "Ends soon" in page.content.decode()
    # bob, who is not the client's worker and does not see her finances, gets nothing.
    assert not [i for i in worklist(network.bob) if i.kind == "housing_subsidy_end"]


def test_budget_pages_cost_the_same_few_queries_whatever_their_length(
    network, finance, marie, django_assert_max_num_queries
):
    for amount in ("10", "20", "30", "40", "50", "60"):
        line = request(network.alice, marie, finance.budget, amount)
        assistance_approve(acting_user=network.alice, assistance=line)
    web = client_for(network.alice)
    with django_assert_max_num_queries(20):
        assert web.get(reverse("housing:budgets")).status_code == 200
    with django_assert_max_num_queries(24):
        response = web.get(reverse("housing:budget", kwargs={"budget_id": finance.budget.pk}))
        assert response.status_code == 200


@pytest.mark.parametrize("amount", ["600.00"])
def test_the_client_file_lists_the_assistance_where_finances_are_shared(
    network, finance, marie, amount
):
    request(network.alice, marie, finance.budget, amount)
    page = client_for(network.alice).get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    )
    assert 'id="housing-finance"' in page.content.decode()
    assert f"{amount} $" in page.content.decode()
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    other = client_for(network.bob).get(
        reverse("clients:detail", kwargs={"client_id": marie.pk}), {"tab": "housing"}
    )
    assert other.status_code == 200
    assert 'id="housing-finance"' not in other.content.decode()
    assert Decimal(amount)
