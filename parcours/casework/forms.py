"""Forms of the casework screens. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Program, Team, User
from parcours.casework import selectors
from parcours.casework.models import EndReason, ProgramStandard
from parcours.casework.services import STANDARD_FIELDS
from parcours.core import access

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _StaffChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class _TeamChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.program.name})"


class AssignmentFields(forms.Form):
    primary_worker = _StaffChoice(
        label=_("Primary worker"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For individual models (ICM, CTI)."),
    )
    team = _TeamChoice(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("For team-based models (ACT)."),
    )
    override_reason = forms.CharField(
        label=_("Reason for exceeding capacity"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Coordinators only, when the worker or team is at capacity."),
    )

    def __init__(self, *args: Any, user: User, program: Program | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        workers = selectors.workers_for_enrollment(user)
        teams = selectors.teams_for_enrollment(user)
        if program is not None:
            workers = workers.filter(program_memberships__program=program)
            teams = teams.filter(program=program)
        self.fields["primary_worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class EnrollmentForm(AssignmentFields):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    field_order = ["program", "start_date", "primary_worker", "team", "override_reason"]

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("start_date", timezone.localdate())
        super().__init__(*args, user=user, **kwargs)
        self.fields["program"].queryset = selectors.programs_for_enrollment(user)  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    end_reason = forms.ChoiceField(label=_("Reason for ending"), choices=EndReason.choices)
    destination = forms.CharField(
        label=_("Destination"),
        required=False,
        max_length=200,
        help_text=_("Where the client goes next (regular services, another program …)."),
    )
    end_note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("end_date", timezone.localdate())
        super().__init__(*args, **kwargs)


TRANSFER_REASONS = [
    (EndReason.STEPPED_DOWN, EndReason.STEPPED_DOWN.label),
    (EndReason.TRANSFERRED, EndReason.TRANSFERRED.label),
    (EndReason.CTI_COMPLETED, EndReason.CTI_COMPLETED.label),
]


class TransferForm(AssignmentFields):
    to_program = forms.ModelChoiceField(label=_("Next program"), queryset=Program.objects.none())
    transfer_date = forms.DateField(label=_("Date of the move"), widget=DATE)
    end_reason = forms.ChoiceField(label=_("Kind of move"), choices=TRANSFER_REASONS)
    reason = forms.CharField(
        label=_("Why (step-down reason)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = [
        "to_program",
        "transfer_date",
        "end_reason",
        "reason",
        "primary_worker",
        "team",
        "override_reason",
    ]

    def __init__(self, *args: Any, user: User, exclude_program: Program, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("transfer_date", timezone.localdate())
        super().__init__(*args, user=user, **kwargs)
        self.fields["to_program"].queryset = selectors.programs_for_enrollment(user).exclude(  # type: ignore[attr-defined]
            pk=exclude_program.pk
        )


class ReassignForm(AssignmentFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class WaitlistAddForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = (  # type: ignore[attr-defined]
            selectors.programs_for_enrollment(user).filter(
                pk__in=access.programs_with_caseload_visible_to(user).values("pk")
            )
        )


class WaitlistRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OfferForm(AssignmentFields):
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    field_order = ["start_date", "primary_worker", "team", "override_reason"]

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("start_date", timezone.localdate())
        super().__init__(*args, **kwargs)


class StandardForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ProgramStandard
        fields = STANDARD_FIELDS
