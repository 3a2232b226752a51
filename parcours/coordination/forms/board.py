"""Forms of the ACT daily team meeting board."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import User
from parcours.casework.models import EncounterKind
from parcours.core.forms import model_choice_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=DATE, input_formats=["%Y-%m-%d"])


class AssignForm(forms.Form):
    client = forms.UUIDField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    worker = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "worker").queryset = workers


class QuickUpdateForm(forms.Form):
    client = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=EncounterKind.choices, initial=EncounterKind.OUTREACH
    )
    text = forms.CharField(label=_("Update"), max_length=500)


class CrisisRaiseForm(forms.Form):
    client = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What is happening"), max_length=300)


class CrisisLiftForm(forms.Form):
    note = forms.CharField(label=_("Why the crisis is over"), max_length=500)
