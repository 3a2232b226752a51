"""Forms of the income and ID-document trackers and of stigma incidents: they
parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parcours.casework.models import Goal
from parcours.community.models import (
    AdvocacyOutcome,
    BenefitApplication,
    BenefitProgram,
    BenefitStatus,
    DocumentKind,
    DocumentStatus,
    IdDocumentRequest,
    ProviderKind,
    StigmaGround,
)
from parcours.community.services import BenefitData, DocumentData
from parcours.community.services.stigma import IncidentData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class GoalField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Goal)
        return obj.statement[:120]


class _TrackerForm(forms.Form):
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=300,
        help_text=_("E.g. bring the notice of assessment to the office."),
    )
    next_step_due = forms.DateField(label=_("Next step due"), widget=DATE, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=TEXT)
    goal = GoalField(
        label=_("Plan goal it serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("— No goal —"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, forms.ModelChoiceField)
        goal_field.queryset = goals


class BenefitForm(_TrackerForm):
    program = forms.ChoiceField(label=_("Income program"), choices=BenefitProgram.choices)
    program_name = forms.CharField(
        label=_("Name of the program or office"),
        required=False,
        max_length=200,
        help_text=_("Needed when the program is “Other”. E.g. Ontario Works, ODSP."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=BenefitStatus.choices)
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=4000, widget=TEXT)
    monthly_amount = forms.DecimalField(
        label=_("Monthly amount ($)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
    )

    field_order = [
        "program",
        "program_name",
        "status",
        "started_on",
        "submitted_on",
        "decided_on",
        "next_step",
        "next_step_due",
        "outcome",
        "monthly_amount",
        "goal",
        "notes",
        "version",
    ]

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("started_on", timezone.localdate())
        super().__init__(*args, goals=goals, **kwargs)

    @staticmethod
    def initial_for(application: BenefitApplication) -> dict[str, Any]:
        return {
            "program": application.program,
            "program_name": application.program_name,
            "status": application.status,
            "started_on": application.started_on,
            "submitted_on": application.submitted_on,
            "decided_on": application.decided_on,
            "next_step": application.next_step,
            "next_step_due": application.next_step_due,
            "outcome": application.outcome,
            "monthly_amount": application.monthly_amount,
            "notes": application.notes,
            "goal": application.goal_id,
            "version": application.version,
        }

    def data_of(self) -> BenefitData:
        data = self.cleaned_data
        return BenefitData(
            program=data["program"],
            program_name=data.get("program_name") or "",
            status=data["status"],
            started_on=data["started_on"],
            submitted_on=data.get("submitted_on"),
            decided_on=data.get("decided_on"),
            next_step=data.get("next_step") or "",
            next_step_due=data.get("next_step_due"),
            outcome=data.get("outcome") or "",
            monthly_amount=data.get("monthly_amount"),
            notes=data.get("notes") or "",
            goal=data.get("goal"),
        )


class DocumentForm(_TrackerForm):
    document = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    document_detail = forms.CharField(
        label=_("Which document"),
        required=False,
        max_length=200,
        help_text=_("Needed when the document is “Other”. E.g. the issuing province."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE, required=False)
    resolved_on = forms.DateField(label=_("Received or refused on"), widget=DATE, required=False)
    fee_paid = forms.BooleanField(label=_("Fee paid"), required=False)

    field_order = [
        "document",
        "document_detail",
        "status",
        "requested_on",
        "resolved_on",
        "fee_paid",
        "next_step",
        "next_step_due",
        "goal",
        "notes",
        "version",
    ]

    @staticmethod
    def initial_for(request: IdDocumentRequest) -> dict[str, Any]:
        return {
            "document": request.document,
            "document_detail": request.document_detail,
            "status": request.status,
            "requested_on": request.requested_on,
            "resolved_on": request.resolved_on,
            "fee_paid": request.fee_paid,
            "next_step": request.next_step,
            "next_step_due": request.next_step_due,
            "notes": request.notes,
            "goal": request.goal_id,
            "version": request.version,
        }

    def data_of(self) -> DocumentData:
        data = self.cleaned_data
        return DocumentData(
            document=data["document"],
            document_detail=data.get("document_detail") or "",
            status=data["status"],
            requested_on=data.get("requested_on"),
            resolved_on=data.get("resolved_on"),
            fee_paid=bool(data.get("fee_paid")),
            next_step=data.get("next_step") or "",
            next_step_due=data.get("next_step_due"),
            notes=data.get("notes") or "",
            goal=data.get("goal"),
        )


class MyTrackersForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("mine", _("Trackers I recorded")),
            ("organization", _("My organization's trackers")),
        ],
    )

    def scope_value(self) -> str:
        if self.is_valid():
            return self.cleaned_data.get("scope") or "mine"
        return "mine"


__all__ = ["BenefitForm", "DocumentForm", "MyTrackersForm"]


# --- Stigma and advocacy -----------------------------------------------------------------


class IncidentForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date of the incident"), widget=DATE)
    provider_name = forms.CharField(
        label=pgettext_lazy("outside the network", "Provider"),
        max_length=200,
        help_text=_(
            "Outside the network: e.g. the emergency department of a hospital, a landlord."
        ),
    )
    provider_kind = forms.ChoiceField(label=_("Kind of service"), choices=ProviderKind.choices)
    grounds = forms.MultipleChoiceField(
        label=_("Grounds"),
        choices=StigmaGround.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the client was treated differently for, as they tell it."),
    )
    description = forms.CharField(
        label=_("What happened"), required=False, max_length=4000, widget=TEXT
    )
    advocacy = forms.CharField(
        label=_("Advocacy actions taken"),
        required=False,
        max_length=4000,
        widget=TEXT,
        help_text=_("E.g. accompanied the client, wrote to the patient ombudsman."),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AdvocacyOutcome.choices)
    outcome_on = forms.DateField(label=_("Outcome date"), widget=DATE, required=False)

    def to_data(self) -> IncidentData:
        data = self.cleaned_data
        return IncidentData(
            occurred_on=data["occurred_on"],
            provider_name=data["provider_name"],
            provider_kind=data["provider_kind"],
            grounds=list(data["grounds"]),
            description=data["description"],
            advocacy=data["advocacy"],
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
        )

    @classmethod
    def initial_of(cls, data: IncidentData) -> dict[str, Any]:
        return {
            "occurred_on": data.occurred_on,
            "provider_name": data.provider_name,
            "provider_kind": data.provider_kind,
            "grounds": data.grounds,
            "description": data.description,
            "advocacy": data.advocacy,
            "outcome": data.outcome,
            "outcome_on": data.outcome_on,
        }


class StigmaReportForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=DATE, required=False)
    until = forms.DateField(label=_("To"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period cannot come before its start."))
        return data
