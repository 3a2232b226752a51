"""Forms of institution stays: an admission, a change of the expected
discharge date, a discharge. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Organization, Program, User
from parcours.casework.selectors import workers_for_enrollment
from parcours.coordination.models import DischargeDestination, InstitutionKind, LearnedFrom
from parcours.coordination.selectors import institutions as selectors
from parcours.core.forms import model_choice_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _StaffChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj.full_name or obj.email)


class AdmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of institution"), choices=InstitutionKind.choices)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The network's hospitals and correctional facilities."),
    )
    institution_name = forms.CharField(
        label=_("Or its name, if it is not in the list"), required=False, max_length=200
    )
    contact = forms.CharField(
        label=_("Contact at the institution"),
        required=False,
        max_length=200,
        help_text=_("A social worker, a unit, a telephone number."),
    )
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE)
    expected_discharge_on = forms.DateField(
        label=_("Expected discharge"), widget=DATE, required=False
    )
    learned_from = forms.ChoiceField(label=_("How we learned of it"), choices=LearnedFrom.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nothing clinical: the reason for the stay is not needed."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("admitted_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        model_choice_field(self, "institution").queryset = selectors.institutions()


class StayUpdateForm(forms.Form):
    expected_discharge_on = forms.DateField(
        label=_("Expected discharge"), widget=DATE, required=False
    )
    contact = forms.CharField(label=_("Contact at the institution"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(label=_("Discharged on"), widget=DATE)
    destination = forms.ChoiceField(
        label=_("Destination on discharge"),
        choices=[("", "---------"), *DischargeDestination.choices],
    )
    cti_program = forms.ModelChoiceField(
        label=_("Start a CTI enrollment"),
        queryset=Program.objects.none(),
        required=False,
        help_text=_(
            "Critical time intervention from the discharge: the client is enrolled "
            "in this program from the discharge date."
        ),
    )
    cti_primary_worker = _StaffChoice(
        label=_("CTI primary worker"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("discharged_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        programs = selectors.cti_programs_for(user)
        if programs.exists():
            model_choice_field(self, "cti_program").queryset = programs
            model_choice_field(self, "cti_primary_worker").queryset = workers_for_enrollment(
                user
            ).filter(program_memberships__program__in=programs)
        else:
            del self.fields["cti_program"]
            del self.fields["cti_primary_worker"]
