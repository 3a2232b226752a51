"""Forms of repairs, damages and budgeting help: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.casework.models import Goal
from parcours.housing.models import (
    MAX_SESSION_MINUTES,
    BudgetTopic,
    DamagePayer,
    RepairKind,
    RepairParty,
    RepairStatus,
)
from parcours.housing.upkeep import BudgetingData, DamageData, RepairData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RepairForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of work"), choices=RepairKind.choices)
    description = forms.CharField(
        label=_("What needs doing"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)
    reported_by = forms.CharField(
        label=_("Reported by"),
        max_length=200,
        required=False,
        help_text=_("The tenant, the landlord, a worker…"),
    )
    handled_by = forms.ChoiceField(label=_("Who does it"), choices=RepairParty.choices)
    status = forms.ChoiceField(label=_("Status"), choices=RepairStatus.choices)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    cost = forms.DecimalField(label=_("Cost ($)"), required=False, max_digits=9, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("reported_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def repair_data(self) -> RepairData:
        data = self.cleaned_data
        return RepairData(
            kind=data["kind"],
            description=data["description"],
            reported_on=data["reported_on"],
            reported_by=data.get("reported_by") or "",
            handled_by=data["handled_by"],
            status=data["status"],
            done_on=data.get("done_on"),
            cost=data.get("cost"),
        )


class RepairStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RepairStatus.choices)
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=DATE,
        help_text=_("Empty for a repair done today."),
    )
    cost = forms.DecimalField(label=_("Cost ($)"), required=False, max_digits=9, decimal_places=2)


class DamageForm(forms.Form):
    found_on = forms.DateField(label=_("Found on"), widget=DATE)
    description = forms.CharField(
        label=_("What was damaged"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    cost = forms.DecimalField(label=_("Cost ($)"), max_digits=9, decimal_places=2)
    paid_by = forms.ChoiceField(label=_("Who pays"), choices=DamagePayer.choices)
    repayment_plan = forms.CharField(
        label=_("Repayment plan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: $50 a month from October, agreed with the tenant."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("found_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def damage_data(self) -> DamageData:
        data = self.cleaned_data
        return DamageData(
            found_on=data["found_on"],
            description=data["description"],
            cost=data["cost"],
            paid_by=data["paid_by"],
            repayment_plan=data.get("repayment_plan") or "",
        )


class GoalField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Goal)
        return obj.statement[:120]


class BudgetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_SESSION_MINUTES
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=BudgetTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    goal = GoalField(
        label=_("Plan goal it serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("— No goal —"),
    )

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, forms.ModelChoiceField)
        goal_field.queryset = goals

    def budgeting_data(self) -> BudgetingData:
        data = self.cleaned_data
        return BudgetingData(
            date=data["date"],
            duration_minutes=data["duration_minutes"],
            topics=list(data["topics"]),
            notes=data.get("notes") or "",
            goal=data.get("goal"),
        )
