"""Forms of the households screens: they parse, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Program, Team, User
from parcours.households import selectors
from parcours.households.models import GoalDomain, GoalStatus, Relationship

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today() -> Any:
    return timezone.localdate()


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of a member"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class HeadReasonMixin(forms.Form):
    head_reason = forms.CharField(
        label=_("Why a minor is head of household"),
        required=False,
        max_length=300,
        help_text=_("Only when the head of household is under the age of majority."),
    )


class HouseholdStartForm(HeadReasonMixin):
    relationship = forms.ChoiceField(
        label=_("Relationship in the household"),
        choices=Relationship.choices,
        initial=Relationship.HEAD,
    )
    formed_on = forms.DateField(
        label=_("Living together since"), widget=DATE_WIDGET, initial=_today
    )
    field_order = ["relationship", "formed_on", "head_reason"]


class MemberAddForm(HeadReasonMixin):
    client = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    relationship = forms.ChoiceField(
        label=_("Relationship in the household"), choices=Relationship.choices
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE_WIDGET, initial=_today)
    field_order = ["client", "version", "relationship", "joined_on", "head_reason"]


class MemberLeaveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET, initial=_today)
    reason = forms.CharField(label=_("Reason for leaving"), required=False, max_length=300)


class RelationshipChangeForm(HeadReasonMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)
    relationship = forms.ChoiceField(
        label=_("New relationship in the household"), choices=Relationship.choices
    )
    on = forms.DateField(label=_("From"), widget=DATE_WIDGET, initial=_today)
    field_order = ["version", "relationship", "on", "head_reason"]


class GuardianshipForm(forms.Form):
    dependent = forms.ChoiceField(label=_("Dependent (child)"))
    guardian = forms.ChoiceField(label=_("Guardian"))
    start_date = forms.DateField(label=_("Since"), widget=DATE_WIDGET, initial=_today)

    def __init__(
        self,
        *args: Any,
        dependents: list[tuple[str, str]],
        guardians: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        dependent_field: Any = self.fields["dependent"]
        dependent_field.choices = dependents
        guardian_field: Any = self.fields["guardian"]
        guardian_field.choices = guardians


class GuardianshipEndForm(forms.Form):
    end_date = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET, initial=_today)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_WIDGET, initial=_today)
    needs = forms.MultipleChoiceField(
        label=_("Needs of the family"),
        choices=GoalDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary, in the family's words"), widget=forms.Textarea(attrs={"rows": 4})
    )


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=GoalDomain.choices)
    description = forms.CharField(
        label=_("Goal, in the family's words"), widget=forms.Textarea(attrs={"rows": 3})
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE_WIDGET)


class GoalStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class HouseholdEnrollForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET, initial=_today)
    primary_worker = forms.ModelChoiceField(
        label=_("Primary worker"), queryset=User.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    override_reason = forms.CharField(
        label=_("Reason to go over the caseload standard (coordinators)"),
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program_field: Any = self.fields["program"]
        program_field.queryset = selectors.enrollment_programs_for(user)
        worker_field: Any = self.fields["primary_worker"]
        worker_field.queryset = selectors.enrollment_workers_for(user)
        team_field: Any = self.fields["team"]
        team_field.queryset = selectors.enrollment_teams_for(user)
