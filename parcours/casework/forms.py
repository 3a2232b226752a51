"""Forms of the casework screens. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours import access
from parcours.accounts.models import Organization, Program, Team, User
from parcours.casework import selectors
from parcours.casework.models import (
    SUBDOMAIN_SUPPORT,
    CasePlan,
    EncounterKind,
    Enrollment,
    EnrollmentEndReason,
    Goal,
    GoalProgress,
    NoteKind,
    PlanGoalStatus,
    ProgramStandard,
    ResponsibleParty,
    ServiceLevel,
    SubDomain,
    SupportType,
)
from parcours.casework.services import STANDARD_FIELDS
from parcours.core.forms import model_choice_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _StaffChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj.full_name or obj.email)


class _TeamChoice(forms.ModelChoiceField[Team]):
    def label_from_instance(self, obj: Team) -> str:
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
        model_choice_field(self, "primary_worker").queryset = workers
        model_choice_field(self, "team").queryset = teams


class _EnrollmentChoice(forms.ModelChoiceField[Enrollment]):
    def label_from_instance(self, obj: Enrollment) -> str:
        return f"{obj.program.name} ({obj.program.organization.name}), {obj.end_date:%Y-%m-%d}"


class EnrollmentForm(AssignmentFields):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    previous_enrollment = _EnrollmentChoice(
        label=_("Continues the enrollment"),
        queryset=Enrollment.objects.none(),
        required=False,
        help_text=_(
            "When another program (of any partner) stepped the client down or transferred "
            "them to this one, link the two so that the history reads as one."
        ),
    )
    field_order = [
        "program",
        "start_date",
        "primary_worker",
        "team",
        "previous_enrollment",
        "override_reason",
    ]

    def __init__(self, *args: Any, user: User, previous: Any = None, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("start_date", timezone.localdate())
        super().__init__(*args, user=user, **kwargs)
        model_choice_field(self, "program").queryset = selectors.programs_for_enrollment(user)
        if previous is None:
            del self.fields["previous_enrollment"]
        else:
            model_choice_field(self, "previous_enrollment").queryset = previous


class CloseForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    end_reason = forms.ChoiceField(
        label=_("Reason for ending"), choices=EnrollmentEndReason.choices
    )
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
    (EnrollmentEndReason.STEPPED_DOWN, EnrollmentEndReason.STEPPED_DOWN.label),
    (EnrollmentEndReason.TRANSFERRED, EnrollmentEndReason.TRANSFERRED.label),
    (EnrollmentEndReason.CTI_COMPLETED, EnrollmentEndReason.CTI_COMPLETED.label),
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
        model_choice_field(self, "to_program").queryset = selectors.programs_for_enrollment(
            user
        ).exclude(pk=exclude_program.pk)


class ReassignForm(AssignmentFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class WaitlistAddForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "program").queryset = selectors.programs_for_enrollment(
            user
        ).filter(pk__in=access.programs_with_caseload_visible_to(user).values("pk"))


class WaitlistRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OfferForm(AssignmentFields):
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    field_order = ["start_date", "primary_worker", "team", "override_reason"]

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("start_date", timezone.localdate())
        super().__init__(*args, **kwargs)


class StandardForm(forms.ModelForm[ProgramStandard]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ProgramStandard
        fields = STANDARD_FIELDS


# --- The client's plan ---------------------------------------------------------


class PlanForm(forms.ModelForm[CasePlan]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = CasePlan
        fields = ["in_own_words", "strengths", "context", "next_review_on"]
        widgets = {
            "in_own_words": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 2}),
            "context": forms.Textarea(attrs={"rows": 2}),
            "next_review_on": DATE,
        }


class PlanReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = forms.DateField(label=_("Date of the review"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("reviewed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


def _sub_domain_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for support in SupportType:
        groups.append(
            (
                str(support.label),
                [(d.value, str(d.label)) for d in SubDomain if SUBDOMAIN_SUPPORT[d] == support],
            )
        )
    return groups


class GoalForm(forms.Form):
    statement = forms.CharField(
        label=_("The goal, in the client's words"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    sub_domain = forms.ChoiceField(label=_("Area"), choices=_sub_domain_choices)
    responsible = forms.ChoiceField(label=_("Who is responsible"), choices=ResponsibleParty.choices)
    responsible_worker = _StaffChoice(
        label=_("Responsible worker"), queryset=User.objects.none(), required=False
    )
    responsible_organization = forms.ModelChoiceField(
        label=_("Responsible partner"), queryset=Organization.objects.none(), required=False
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    steps = forms.CharField(
        label=_("First steps (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        workers = User.objects.filter(organization=user.organization, is_active=True)
        model_choice_field(self, "responsible_worker").queryset = workers.order_by(
            "family_name", "given_name"
        )
        model_choice_field(self, "responsible_organization").queryset = Organization.objects.filter(
            is_partner=True
        ).order_by("name")

    def support_type(self) -> str:
        return SUBDOMAIN_SUPPORT[self.cleaned_data["sub_domain"]]


class GoalEditForm(GoalForm):
    status = forms.ChoiceField(label=_("Status"), choices=PlanGoalStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["steps"]


class StepForm(forms.Form):
    description = forms.CharField(label=_("Step"), max_length=300)
    responsible = forms.ChoiceField(label=_("Who is responsible"), choices=ResponsibleParty.choices)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)


class GoalReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Date"), widget=DATE)
    progress = forms.ChoiceField(label=_("Progress"), choices=GoalProgress.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("reviewed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


# --- Encounters and notes ------------------------------------------------------

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _GoalChoice(forms.ModelMultipleChoiceField[Goal]):
    def label_from_instance(self, obj: Goal) -> str:
        return str(obj.statement[:80])


class _StaffMultiple(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj.full_name or obj.email)


class EncounterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=EncounterKind.choices)
    occurred_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440
    )
    staff = _StaffMultiple(
        label=_("Other staff present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    support_type = forms.ChoiceField(
        label=_("Type of support"),
        choices=[("", "—"), *SupportType.choices],
        required=False,
    )
    goals = _GoalChoice(
        label=_("Goals worked on"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A general note. Write clinical observations as a clinical note."),
    )

    def __init__(self, *args: Any, user: User, goals: Any, programs: Any, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
        initial.setdefault("duration_minutes", 30)
        super().__init__(*args, **kwargs)
        model_choice_field(self, "staff").queryset = (
            User.objects.filter(organization=user.organization, is_active=True)
            .exclude(pk=user.pk)
            .order_by("family_name", "given_name")
        )
        model_choice_field(self, "goals").queryset = goals
        model_choice_field(self, "program").queryset = programs
        # The only program the client is enrolled in with the worker is the one.
        only = list(programs[:2])
        if len(only) == 1:
            self.fields["program"].initial = only[0].pk


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of note"), choices=NoteKind.choices)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    is_sensitive = forms.BooleanField(
        label=_("Sensitive"),
        required=False,
        help_text=_("Kept within your organization, whatever the client shares with partners."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        if access.can_write_clinical_note(user):
            # A nurse or a psychiatrist writes clinical notes first of all.
            kind.initial = NoteKind.CLINICAL
        else:
            kind.choices = [(NoteKind.GENERAL, NoteKind.GENERAL.label)]
            kind.initial = NoteKind.GENERAL
            kind.help_text = _(
                "Clinical notes are written by clinical staff (nurses, physicians, "
                "psychiatrists, social workers…): your discipline writes general notes."
            )


class NoteCorrectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    is_sensitive = forms.BooleanField(label=_("Sensitive"), required=False)


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


# --- Acuity assessment -------------------------------------------------------------


class AssessmentForm(forms.Form):
    """One radio question per instrument question (``q_<code>``), then the
    level chosen and the reason when it differs from the recommendation."""

    assessed_on = forms.DateField(label=_("Date"), widget=DATE)
    chosen_level = forms.ChoiceField(
        label=_("Level chosen with the client"),
        choices=[("", _("The recommended level")), *ServiceLevel.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Reason for another level"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args: Any, domains: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("assessed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.domains: list[tuple[Any, list[str]]] = []
        for domain in domains:
            names = []
            for question in domain.questions.all():
                name = f"q_{question.code}"
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    choices=[(a.code, f"{a.text} ({a.score})") for a in question.answers.all()],
                    widget=forms.RadioSelect,
                )
                names.append(name)
            self.domains.append((domain, names))

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("q_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_")
        }

    def domain_fields(self) -> list[tuple[Any, list[Any]]]:
        return [(domain, [self[name] for name in names]) for domain, names in self.domains]


class LevelForm(forms.Form):
    chosen_level = forms.ChoiceField(
        label=_("Level chosen with the client"), choices=ServiceLevel.choices
    )
    override_reason = forms.CharField(
        label=_("Reason for another level"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
