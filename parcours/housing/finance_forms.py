"""Forms of budgets, financial assistance and housing applications: they
parse; the services (``housing.finance``, ``housing.applications``) decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Program
from parcours.core.forms import model_choice_field
from parcours.housing.applications import ApplicationData
from parcours.housing.finance import AssistanceRequest
from parcours.housing.models import (
    ApplicationKind,
    ApplicationStatus,
    AssistanceKind,
    HousingApplication,
    HousingBudget,
    Landlord,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ATTRS = {"step": "0.01", "inputmode": "decimal"}


def _money(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
        **kwargs,
    )


class BudgetForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    total_amount = _money(_("Total amount ($)"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "program").queryset = programs


class AssistanceRequestForm(forms.Form):
    budget = forms.ModelChoiceField(label=_("Budget"), queryset=HousingBudget.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=AssistanceKind.choices)
    amount = _money(
        _("Amount ($)"),
        help_text=_("For a recurring rent supplement, the monthly amount."),
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(
        label=_("Period end"),
        widget=DATE,
        help_text=_("For a one-time payment, the same day as the start."),
    )
    landlord = forms.ModelChoiceField(
        label=_("Landlord"), queryset=Landlord.objects.none(), required=False
    )
    payee = forms.CharField(
        label=_("Payee"),
        max_length=300,
        required=False,
        help_text=_("The landlord, utility or supplier paid (the landlord's name if left empty)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        budgets: QuerySet[HousingBudget],
        landlords: QuerySet[Landlord],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "budget").queryset = budgets
        model_choice_field(self, "landlord").queryset = landlords

    def request_data(self) -> AssistanceRequest:
        data = self.cleaned_data
        return AssistanceRequest(
            budget=data["budget"],
            kind=data["kind"],
            amount=data["amount"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            payee=data.get("payee") or "",
            landlord=data.get("landlord"),
            note=data.get("note") or "",
        )


class DecisionForm(forms.Form):
    APPROVE = "approve"
    REFUSE = "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
    )
    override = forms.BooleanField(
        label=_("Approve beyond the remaining budget (coordinators only)"), required=False
    )
    override_reason = forms.CharField(
        label=_("Reason for going beyond the budget"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note to the requester"),
        required=False,
        max_length=2000,
        help_text=_("Required to refuse."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PaymentForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = _money(_("Amount ($)"))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ApplicationKind.choices)
    provider = forms.CharField(
        label=_("Provider or registry"),
        max_length=300,
        help_text=_("E.g. the Centralized Waiting List for social housing in Ottawa."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ApplicationStatus.choices)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE, required=False)
    waitlist_position = forms.IntegerField(
        label=_("Waitlist position"), required=False, min_value=1
    )
    documents_needed = forms.CharField(
        label=_("Documents still needed"),
        required=False,
        max_length=4000,
        help_text=_("One document per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_follow_up = forms.DateField(label=_("Next follow-up"), widget=DATE, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(application: HousingApplication) -> dict[str, Any]:
        return {
            "kind": application.kind,
            "provider": application.provider,
            "status": application.status,
            "submitted_on": application.submitted_on,
            "waitlist_position": application.waitlist_position,
            "documents_needed": application.documents_needed,
            "next_follow_up": application.next_follow_up,
            "notes": application.notes,
            "version": application.version,
        }

    def application_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            kind=data["kind"],
            provider=data["provider"],
            status=data["status"],
            submitted_on=data.get("submitted_on"),
            waitlist_position=data.get("waitlist_position"),
            documents_needed=data.get("documents_needed") or "",
            next_follow_up=data.get("next_follow_up"),
            notes=data.get("notes") or "",
        )


__all__ = [
    "ApplicationForm",
    "AssistanceRequestForm",
    "BudgetForm",
    "DecisionForm",
    "PaymentForm",
]
