"""Budgets and financial assistance: every write checks the policy
(``parcours.access.housing_finance``), validates, saves inside a transaction
with its audit event; bad input raises ``ValidationError`` with translated
messages and nothing is written.

The rules:

* an amount is more than 0; a period ends on or after its start; a request
  is made within its budget's period;
* a recurring rent supplement's amount is monthly: it commits the monthly
  amount times the months of its period (``models.finance.committed_total``);
* **approval**: a line that commits more than
  ``HOUSING_ASSISTANCE_APPROVAL_THRESHOLD`` is approved by a coordinator of the
  budget's organization; up to it, by any member of the budget's program.
  Nothing is approved automatically on request: a request waits for a decision;
* **the remaining budget** (total − committed) is read with the budget row
  locked (``select_for_update``), so two approvals never both spend the last
  dollars: a line beyond it is refused, naming the remaining amount, unless a
  coordinator overrides with a reason (audited, shown on the budget);
* payments never exceed the line's approved total."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.base import is_network_admin
from parcours.access.clients import ClientAccess
from parcours.access.housing_finance import (
    is_budget_coordinator,
    require_assistance_decider,
    require_assistance_requester,
    require_payment_recorder,
)
from parcours.accounts.models import Program, User
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.housing.models import (
    COMMITTED_STATUSES,
    AssistanceKind,
    AssistancePayment,
    AssistanceStatus,
    FinancialAssistance,
    HousingBudget,
    Landlord,
    committed_total,
)

CENT = Decimal("0.01")
BUDGET_FIELDS = ["program_id", "name", "period_start", "period_end", "total_amount", "note"]
ASSISTANCE_FIELDS = [
    "client_id",
    "budget_id",
    "kind",
    "amount",
    "total_amount",
    "period_start",
    "period_end",
    "payee",
    "landlord_id",
    "status",
    "requested_on",
    "decided_by_id",
    "decision_note",
    "override",
    "override_reason",
    "override_by_id",
    "note",
]
PAYMENT_FIELDS = ["assistance_id", "date", "amount", "reference"]


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The audit snapshot, with amounts as text (JSON has no decimals)."""
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in audit_snapshot(obj, fields).items()
    }


def money(value: Decimal) -> str:
    """An amount as people read it: 1 234.50 $ style is left to the template;
    here the plain decimal with two places."""
    return f"{value.quantize(CENT)}"


def _amount_error(amount: Decimal | None, *, label: str = "") -> str | None:
    if amount is None:
        return _("Enter an amount.")
    if amount <= 0:
        return _("The amount must be more than 0.")
    if amount != amount.quantize(CENT):
        return _("Enter an amount in dollars and cents (two decimals at most).")
    return None


# --- Budgets -------------------------------------------------------------------------


def budget_committed(budget: HousingBudget) -> Decimal:
    """What the budget's approved lines commit (read it with the row locked)."""
    total = FinancialAssistance.objects.filter(
        budget=budget, status__in=COMMITTED_STATUSES
    ).aggregate(total=Sum("total_amount"))["total"]
    return total or Decimal("0")


def budget_remaining(budget: HousingBudget) -> Decimal:
    return budget.total_amount - budget_committed(budget)


def budget_create(
    *,
    acting_user: User,
    program: Program,
    name: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
    total_amount: Decimal | None,
    note: str = "",
) -> HousingBudget:
    """A coordinator of the program's organization (or a network
    administrator) opens a budget for the program."""
    probe = HousingBudget(program=program)
    if not (is_network_admin(acting_user) or is_budget_coordinator(acting_user, probe)):
        raise PermissionDenied(
            _("Only a coordinator of the program's organization may open its budgets.")
        )
    errors: dict[str, Any] = {}
    if not name.strip():
        errors["name"] = _("Name the budget.")
    if period_start is None:
        errors["period_start"] = _("Enter the start of the period.")
    if period_end is None:
        errors["period_end"] = _("Enter the end of the period.")
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = _("The end cannot be before the start (%(date)s).") % {
            "date": period_start.isoformat()
        }
    if total_amount is None or total_amount < 0:
        errors["total_amount"] = _("Enter a total of 0 or more.")
    if errors:
        raise ValidationError(errors)
    assert period_start is not None and period_end is not None and total_amount is not None
    if HousingBudget.objects.filter(
        program=program, name=name.strip(), period_start=period_start
    ).exists():
        raise ValidationError(
            {"name": _("This program already has a budget of this name for this period.")}
        )
    with transaction.atomic():
        budget = HousingBudget.objects.create(
            program=program,
            name=name.strip(),
            period_start=period_start,
            period_end=period_end,
            total_amount=total_amount,
            note=note.strip(),
            created_by=acting_user,
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=budget,
            after=_snapshot(budget, BUDGET_FIELDS),
        )
    return budget


def budget_viewed(*, acting_user: User, budget: HousingBudget, client_ids: list[Any]) -> None:
    """A budget page names the clients of the lines the viewer may see as
    client data: which ones it showed is in the audit log."""
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=budget,
        detail={"section": "housing_budget", "clients": sorted({str(c) for c in client_ids})},
    )


# --- Requests --------------------------------------------------------------------------


@dataclass
class AssistanceRequest:
    """A request for assistance, as the form and the API give it."""

    budget: HousingBudget | None
    kind: str
    amount: Decimal | None
    period_start: dt.date | None
    period_end: dt.date | None
    payee: str = ""
    landlord: Landlord | None = None
    note: str = ""


def assistance_request(
    *, acting_user: User, client_access: ClientAccess, data: AssistanceRequest
) -> FinancialAssistance:
    """A partner that may read the client's financial category (or registered
    the client) requests assistance from a budget; it waits for a decision."""
    require_assistance_requester(client_access)
    today = timezone.localdate()
    errors: dict[str, Any] = {}
    if data.budget is None:
        errors["budget"] = _("Choose the budget the assistance is drawn from.")
    elif not (data.budget.period_start <= today <= data.budget.period_end):
        errors["budget"] = _(
            "This budget's period is %(start)s to %(end)s: a request today is outside it."
        ) % {
            "start": data.budget.period_start.isoformat(),
            "end": data.budget.period_end.isoformat(),
        }
    if data.kind not in AssistanceKind.values:
        errors["kind"] = _("Choose the kind of assistance.")
    amount_error = _amount_error(data.amount)
    if amount_error:
        errors["amount"] = amount_error
    if data.period_start is None:
        errors["period_start"] = _("Enter the start of the period.")
    if data.period_end is None:
        errors["period_end"] = _("Enter the end of the period.")
    elif data.period_start is not None and data.period_end < data.period_start:
        errors["period_end"] = _("The end cannot be before the start (%(date)s).") % {
            "date": data.period_start.isoformat()
        }
    payee = data.payee.strip() or (data.landlord.name if data.landlord else "")
    if not payee:
        errors["payee"] = _("Name the landlord, utility or supplier to be paid.")
    if errors:
        raise ValidationError(errors)
    assert data.budget is not None and data.amount is not None
    assert data.period_start is not None and data.period_end is not None
    with transaction.atomic():
        assistance = FinancialAssistance(
            client=client_access.client,
            budget=data.budget,
            kind=data.kind,
            amount=data.amount,
            total_amount=committed_total(
                data.kind, data.amount, data.period_start, data.period_end
            ),
            period_start=data.period_start,
            period_end=data.period_end,
            payee=payee[:300],
            landlord=data.landlord,
            requested_on=today,
            organization_id=client_access.organization_id,
            requested_by=acting_user,
            note=data.note.strip(),
        )
        assistance.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=assistance,
            client_id=client_access.client.pk,
            after=_snapshot(assistance, ASSISTANCE_FIELDS),
        )
    return assistance


# --- Decisions -------------------------------------------------------------------------


def _locked_line(assistance: FinancialAssistance) -> tuple[HousingBudget, FinancialAssistance]:
    """The budget row, then the line, locked for the decision (in that order
    everywhere, so two decisions never deadlock)."""
    budget = (
        HousingBudget.objects.select_for_update()
        .select_related("program")
        .get(pk=assistance.budget_id)
    )
    line = FinancialAssistance.objects.select_for_update().get(pk=assistance.pk)
    line.budget = budget
    return budget, line


def assistance_approve(
    *,
    acting_user: User,
    assistance: FinancialAssistance,
    override: bool = False,
    override_reason: str = "",
    note: str = "",
) -> FinancialAssistance:
    """Approve a requested line: refused above the threshold for anyone but a
    coordinator, and beyond the remaining budget without a coordinator's
    override with a reason."""
    require_assistance_decider(acting_user, assistance)
    reason = override_reason.strip()
    if override and not is_budget_coordinator(acting_user, assistance.budget):
        raise PermissionDenied(_("Only a coordinator may approve beyond the remaining budget."))
    if override and not reason:
        raise ValidationError(
            {"override_reason": _("Give the reason for approving beyond the remaining budget.")}
        )
    with transaction.atomic():
        budget, line = _locked_line(assistance)
        if line.status != AssistanceStatus.REQUESTED:
            raise ValidationError(
                _("This request was already decided (%(status)s).")
                % {"status": line.get_status_display().lower()}
            )
        before = _snapshot(line, ASSISTANCE_FIELDS)
        remaining = budget.total_amount - budget_committed(budget)
        beyond = line.total_amount > remaining
        if beyond and not override:
            raise ValidationError(
                {
                    "amount": _(
                        "This assistance (%(amount)s $) is more than what remains of the "
                        "budget %(budget)s: %(remaining)s $. A coordinator may approve it "
                        "beyond the budget with a reason."
                    )
                    % {
                        "amount": money(line.total_amount),
                        "budget": budget.name,
                        "remaining": money(remaining),
                    }
                }
            )
        line.status = AssistanceStatus.APPROVED
        line.decided_by = acting_user
        line.decided_at = timezone.now()
        line.decision_note = note.strip()
        line.override = beyond
        line.override_reason = reason if beyond else ""
        line.override_by = acting_user if beyond else None
        line.version += 1
        line.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "decision_note",
                "override",
                "override_reason",
                "override_by",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=line,
            client_id=line.client_id,
            before=before,
            after=_snapshot(line, ASSISTANCE_FIELDS),
            detail={
                "decision": "approved",
                "remaining_before": money(remaining),
                **({"override": reason} if beyond else {}),
            },
        )
    _refresh(assistance, line)
    return assistance


def assistance_refuse(
    *, acting_user: User, assistance: FinancialAssistance, note: str
) -> FinancialAssistance:
    """Refuse a requested line, with the reason told to the requester."""
    require_assistance_decider(acting_user, assistance)
    if not note.strip():
        raise ValidationError({"note": _("Say why the request is refused.")})
    with transaction.atomic():
        _budget, line = _locked_line(assistance)
        if line.status != AssistanceStatus.REQUESTED:
            raise ValidationError(
                _("This request was already decided (%(status)s).")
                % {"status": line.get_status_display().lower()}
            )
        before = _snapshot(line, ASSISTANCE_FIELDS)
        line.status = AssistanceStatus.REFUSED
        line.decided_by = acting_user
        line.decided_at = timezone.now()
        line.decision_note = note.strip()
        line.version += 1
        line.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "decision_note",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=line,
            client_id=line.client_id,
            before=before,
            after=_snapshot(line, ASSISTANCE_FIELDS),
            detail={"decision": "refused"},
        )
    _refresh(assistance, line)
    return assistance


def _refresh(target: FinancialAssistance, source: FinancialAssistance) -> None:
    for name in (
        "status",
        "decided_by_id",
        "decided_at",
        "decision_note",
        "override",
        "override_reason",
        "override_by_id",
        "version",
        "updated_at",
    ):
        setattr(target, name, getattr(source, name))


# --- Payments --------------------------------------------------------------------------


def assistance_paid(assistance: FinancialAssistance) -> Decimal:
    total = AssistancePayment.objects.filter(assistance=assistance).aggregate(total=Sum("amount"))[
        "total"
    ]
    return total or Decimal("0")


def payment_record(
    *,
    acting_user: User,
    assistance: FinancialAssistance,
    date: dt.date | None,
    amount: Decimal | None,
    reference: str = "",
) -> AssistancePayment:
    """Record a payment on an approved line; never beyond its approved total."""
    require_payment_recorder(acting_user, assistance)
    errors: dict[str, Any] = {}
    amount_error = _amount_error(amount)
    if amount_error:
        errors["amount"] = amount_error
    if date is None:
        errors["date"] = _("Enter the date of the payment.")
    elif date > timezone.localdate():
        errors["date"] = _("A payment cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    assert amount is not None and date is not None
    with transaction.atomic():
        _budget, line = _locked_line(assistance)
        if line.status not in COMMITTED_STATUSES:
            raise ValidationError(_("Only approved assistance can be paid."))
        paid = assistance_paid(line)
        left = line.total_amount - paid
        if amount > left:
            raise ValidationError(
                {
                    "amount": _(
                        "This payment is more than what is left to pay on the approved "
                        "%(total)s $: %(left)s $."
                    )
                    % {"total": money(line.total_amount), "left": money(left)}
                }
            )
        payment = AssistancePayment.objects.create(
            assistance=line,
            date=date,
            amount=amount,
            reference=reference.strip()[:100],
            paid_by=acting_user,
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=payment,
            client_id=line.client_id,
            after=_snapshot(payment, PAYMENT_FIELDS),
        )
    return payment


__all__ = [
    "ASSISTANCE_FIELDS",
    "AssistanceRequest",
    "assistance_approve",
    "assistance_paid",
    "assistance_refuse",
    "assistance_request",
    "budget_committed",
    "budget_create",
    "budget_remaining",
    "budget_viewed",
    "money",
    "payment_record",
]
