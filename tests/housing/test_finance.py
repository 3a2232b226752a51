"""Budgets and financial assistance, the rules of the service: amounts and
periods, the approval threshold, the remaining budget to the cent, the
coordinator's override, payments never beyond the approved total, and two
approvals racing for the last dollars of a budget (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction

from parcours.access import client_access_for
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.core.models import AuditAction, AuditEvent
from parcours.housing.finance import (
    AssistanceRequest,
    assistance_approve,
    assistance_refuse,
    assistance_request,
    budget_committed,
    budget_create,
    budget_remaining,
    payment_record,
)
from parcours.housing.models import (
    AssistancePayment,
    AssistanceStatus,
    FinancialAssistance,
    HousingBudget,
    months_in_period,
)
from tests.conftest import Network

TODAY = dt.date(2027, 3, 15)


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2027, 3, 15, 12, tzinfo=ZoneInfo("America/Toronto"))):
        yield


@dataclass
class Finance:
    budget: HousingBudget
    coordinator: User  # alice_admin: Carrefour's administrator
    member: User  # alice: a member of the budget's program (ICM)


def make_budget(network: Network, total: str = "10000", **kw) -> HousingBudget:
    values = {
        "name": "Suppléments au loyer 2027 / Rent supplements 2027",
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2027, 12, 31),
        "total_amount": Decimal(total),
    }
    values.update(kw)
    return budget_create(acting_user=network.alice_admin, program=network.icm, **values)


@pytest.fixture
def finance(network: Network, frozen) -> Finance:
    return Finance(make_budget(network), network.alice_admin, network.alice)


def request(
    user: User,
    client: Client,
    budget: HousingBudget,
    amount: str,
    *,
    kind: str = "one_time_rent",
    start: dt.date = TODAY,
    end: dt.date | None = None,
    payee: str = "Gestion immobilière Rideau",
) -> FinancialAssistance:
    return assistance_request(
        acting_user=user,
        client_access=client_access_for(user, client),
        data=AssistanceRequest(
            budget=budget,
            kind=kind,
            amount=Decimal(amount),
            period_start=start,
            period_end=end or start,
            payee=payee,
        ),
    )


def approved(network: Network, client: Client, budget: HousingBudget, amount: str):
    line = request(network.alice, client, budget, amount)
    return assistance_approve(acting_user=network.alice_admin, assistance=line)


def test_months_in_a_period_count_every_month_begun():
    assert months_in_period(dt.date(2027, 1, 1), dt.date(2027, 12, 31)) == 12
    assert months_in_period(dt.date(2027, 1, 15), dt.date(2027, 2, 14)) == 1
    assert months_in_period(dt.date(2027, 1, 15), dt.date(2027, 2, 20)) == 2
    assert months_in_period(dt.date(2027, 1, 31), dt.date(2027, 2, 27)) == 1
    assert months_in_period(dt.date(2027, 3, 15), dt.date(2027, 3, 15)) == 1


def test_a_recurring_supplement_commits_the_monthly_amount_times_the_months(
    network, finance, marie
):
    line = request(
        network.alice,
        marie,
        finance.budget,
        "250",
        kind="rent_supplement",
        start=dt.date(2027, 4, 1),
        end=dt.date(2027, 9, 30),
    )
    assert line.total_amount == Decimal("1500")
    assert line.status == AssistanceStatus.REQUESTED
    assistance_approve(acting_user=network.alice_admin, assistance=line)
    assert budget_committed(finance.budget) == Decimal("1500")
    assert budget_remaining(finance.budget) == Decimal("8500")


def test_the_remaining_amount_exactly_passes_and_one_cent_more_is_refused(network, frozen, marie):
    budget = make_budget(network, total="1000")
    approved(network, marie, budget, "600")
    exact = request(network.alice, marie, budget, "400")
    one_cent_more = request(network.alice, marie, budget, "0.01")
    assistance_approve(acting_user=network.alice, assistance=exact)
    assert budget_remaining(budget) == Decimal("0")
    with pytest.raises(ValidationError, match=r"remains of the budget .*: 0\.00 \$"):
        assistance_approve(acting_user=network.alice, assistance=one_cent_more)
    one_cent_more.refresh_from_db()
    assert one_cent_more.status == AssistanceStatus.REQUESTED


def test_beyond_the_remaining_budget_the_message_names_what_remains(network, frozen, marie):
    budget = make_budget(network, total="1000")
    approved(network, marie, budget, "599.99")
    line = request(network.alice, marie, budget, "400.02")
    with pytest.raises(ValidationError) as refused:
        assistance_approve(acting_user=network.alice, assistance=line)
    assert "400.01 $" in str(refused.value)
    assert budget_committed(budget) == Decimal("599.99")


def test_a_coordinator_overrides_the_budget_with_a_reason_and_it_is_audited(network, frozen, marie):
    budget = make_budget(network, total="500")
    line = request(network.alice, marie, budget, "800")
    with pytest.raises(ValidationError, match="reason"):
        assistance_approve(acting_user=network.alice_admin, assistance=line, override=True)
    assistance_approve(
        acting_user=network.alice_admin,
        assistance=line,
        override=True,
        override_reason="Éviction imminente : dernier recours.",
    )
    line.refresh_from_db()
    assert line.status == AssistanceStatus.APPROVED
    assert line.override and line.override_by == network.alice_admin
    assert budget_remaining(budget) == Decimal("-300")
    event = AuditEvent.objects.filter(target_id=str(line.pk), action=AuditAction.UPDATE).get()
    assert event.detail["override"] == "Éviction imminente : dernier recours."
    assert event.client_id == marie.pk


def test_a_program_member_cannot_override_the_budget(network, frozen, marie):
    budget = make_budget(network, total="500")
    line = request(network.alice, marie, budget, "600")
    with pytest.raises(PermissionDenied, match="Only a coordinator"):
        assistance_approve(
            acting_user=network.alice, assistance=line, override=True, override_reason="Urgent."
        )
    line.refresh_from_db()
    assert line.status == AssistanceStatus.REQUESTED and not line.override


def test_above_the_threshold_only_a_coordinator_approves(network, finance, marie, settings):
    settings.HOUSING_ASSISTANCE_APPROVAL_THRESHOLD = "1000"
    at_threshold = request(network.alice, marie, finance.budget, "1000")
    above = request(network.alice, marie, finance.budget, "1000.01")
    assistance_approve(acting_user=network.alice, assistance=at_threshold)
    with pytest.raises(PermissionDenied, match="only a coordinator"):
        assistance_approve(acting_user=network.alice, assistance=above)
    assistance_approve(acting_user=network.alice_admin, assistance=above)
    assert FinancialAssistance.objects.get(pk=above.pk).decided_by == network.alice_admin


def test_staff_outside_the_budget_program_cannot_decide(network, finance, marie):
    line = request(network.alice, marie, finance.budget, "100")
    for outsider in (network.bob, network.bob_admin):
        with pytest.raises(PermissionDenied):
            assistance_approve(acting_user=outsider, assistance=line)
        with pytest.raises(PermissionDenied):
            assistance_refuse(acting_user=outsider, assistance=line, note="Non.")
    assert FinancialAssistance.objects.get(pk=line.pk).status == AssistanceStatus.REQUESTED


def test_refusing_needs_a_reason_and_a_decided_request_cannot_be_decided_again(
    network, finance, marie
):
    line = request(network.alice, marie, finance.budget, "100")
    with pytest.raises(ValidationError):
        assistance_refuse(acting_user=network.alice, assistance=line, note=" ")
    assistance_refuse(acting_user=network.alice, assistance=line, note="Déjà couvert par l'OW.")
    with pytest.raises(ValidationError, match="already decided"):
        assistance_approve(acting_user=network.alice_admin, assistance=line)
    assert budget_committed(finance.budget) == 0


def test_bad_requests_are_refused_and_nothing_is_written(network, finance, marie):
    access = client_access_for(network.alice, marie)
    bad = [
        ("amount", AssistanceRequest(finance.budget, "moving", Decimal("-5"), TODAY, TODAY, "X")),
        ("amount", AssistanceRequest(finance.budget, "moving", Decimal("0"), TODAY, TODAY, "X")),
        (
            "amount",
            AssistanceRequest(finance.budget, "moving", Decimal("1.234"), TODAY, TODAY, "X"),
        ),
        (
            "period_end",
            AssistanceRequest(
                finance.budget, "moving", Decimal("5"), TODAY, TODAY - dt.timedelta(days=1), "X"
            ),
        ),
        ("payee", AssistanceRequest(finance.budget, "moving", Decimal("5"), TODAY, TODAY, " ")),
        ("kind", AssistanceRequest(finance.budget, "lottery", Decimal("5"), TODAY, TODAY, "X")),
    ]
    for field, data in bad:
        with pytest.raises(ValidationError) as refused:
            assistance_request(acting_user=network.alice, client_access=access, data=data)
        assert field in refused.value.message_dict, field
    assert not FinancialAssistance.objects.exists()


def test_a_request_outside_the_budget_period_is_refused(network, frozen, marie):
    last_year = make_budget(
        network, name="2026", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    with pytest.raises(ValidationError, match="outside"):
        request(network.alice, marie, last_year, "100")
    assert not FinancialAssistance.objects.exists()


def test_the_database_refuses_a_zero_amount_and_a_period_ending_before_it_starts(
    network, finance, marie
):
    base = {
        "client": marie,
        "budget": finance.budget,
        "kind": "moving",
        "payee": "Déménagements Outaouais",
        "requested_on": TODAY,
        "organization": network.carrefour,
        "requested_by": network.alice,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancialAssistance.objects.create(
            **base, amount=0, total_amount=0, period_start=TODAY, period_end=TODAY
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancialAssistance.objects.create(
            **base,
            amount=5,
            total_amount=5,
            period_start=TODAY,
            period_end=TODAY - dt.timedelta(days=1),
        )


def test_payments_never_go_beyond_the_approved_total(network, finance, marie):
    line = request(network.alice, marie, finance.budget, "500")
    with pytest.raises(ValidationError, match="Only approved"):
        payment_record(acting_user=network.alice, assistance=line, date=TODAY, amount=Decimal("1"))
    assistance_approve(acting_user=network.alice, assistance=line)
    payment_record(
        acting_user=network.alice, assistance=line, date=TODAY, amount=Decimal("300"), reference="1"
    )
    payment_record(acting_user=network.alice, assistance=line, date=TODAY, amount=Decimal("200"))
    with pytest.raises(ValidationError, match=r"0\.00 \$"):
        payment_record(
            acting_user=network.alice, assistance=line, date=TODAY, amount=Decimal("0.01")
        )
    with pytest.raises(ValidationError):
        payment_record(acting_user=network.alice, assistance=line, date=TODAY, amount=Decimal("-1"))
    with pytest.raises(PermissionDenied):
        payment_record(acting_user=network.bob, assistance=line, date=TODAY, amount=Decimal("1"))
    assert AssistancePayment.objects.filter(assistance=line).count() == 2


def test_requests_need_the_financial_category_or_the_registration(network, finance, marie):
    from tests.conftest import share

    with pytest.raises(Exception):
        request(network.bob, marie, finance.budget, "100")
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    with pytest.raises(PermissionDenied, match="financial information is not shared"):
        request(network.bob, marie, finance.budget, "100")
    share(marie, by=network.alice, categories=["financial"], organizations=[network.refuge])
    line = request(network.bob, marie, finance.budget, "100")
    assert line.organization == network.refuge


def test_every_write_is_audited(network, finance, marie):
    line = request(network.alice, marie, finance.budget, "100")
    assistance_approve(acting_user=network.alice, assistance=line)
    payment = payment_record(
        acting_user=network.alice, assistance=line, date=TODAY, amount=Decimal("100")
    )
    events = AuditEvent.objects.filter(client_id=marie.pk)
    assert events.filter(action=AuditAction.CREATE, target_id=str(line.pk)).exists()
    assert events.filter(action=AuditAction.UPDATE, target_id=str(line.pk)).exists()
    assert events.filter(action=AuditAction.CREATE, target_id=str(payment.pk)).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, target_id=str(finance.budget.pk)
    ).exists()


def test_only_a_coordinator_opens_a_budget(network, frozen):
    with pytest.raises(PermissionDenied):
        budget_create(
            acting_user=network.alice,
            program=network.icm,
            name="X",
            period_start=TODAY,
            period_end=TODAY,
            total_amount=Decimal("1"),
        )
    with pytest.raises(PermissionDenied):
        budget_create(
            acting_user=network.bob_admin,
            program=network.icm,
            name="X",
            period_start=TODAY,
            period_end=TODAY,
            total_amount=Decimal("1"),
        )
    with pytest.raises(ValidationError):
        budget_create(
            acting_user=network.alice_admin,
            program=network.icm,
            name="X",
            period_start=TODAY,
            period_end=TODAY - dt.timedelta(days=1),
            total_amount=Decimal("-1"),
        )
    assert not HousingBudget.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_approvals_racing_for_the_last_dollars_one_passes(network, marie):
    today = dt.date.today()
    budget = budget_create(
        acting_user=network.alice_admin,
        program=network.icm,
        name="Course",
        period_start=today - dt.timedelta(days=10),
        period_end=today + dt.timedelta(days=10),
        total_amount=Decimal("1000"),
    )
    first = request(network.alice, marie, budget, "600", start=today)
    second = request(network.alice, marie, budget, "600", start=today)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve(line: FinancialAssistance, user: User) -> None:
        try:
            barrier.wait(timeout=10)
            assistance_approve(acting_user=user, assistance=line)
            result = "approved"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=approve, args=(first, network.alice)),
        threading.Thread(target=approve, args=(second, network.alice_admin)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    assert budget_committed(budget) == Decimal("600")
