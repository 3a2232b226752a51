"""Forms of the opportunities board: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.community.models import (
    Language,
    OpportunityKind,
    PlacementStatus,
    Requirement,
    Schedule,
)
from parcours.community.selectors.opportunities import SORT_CLOSING, SORT_NEWEST, SORT_TITLE
from parcours.community.services.opportunities import InterestData, OpportunityData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    title_fr = forms.CharField(
        label=_("Title in French"),
        max_length=200,
        required=False,
        help_text=_("E.g. « Commis d'entrepôt ». A title in one language at least."),
    )
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Warehouse clerk”."),
    )
    host = forms.CharField(label=_("Employer or host"), max_length=200)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    area = forms.CharField(
        label=_("Area"),
        max_length=100,
        required=False,
        help_text=_("Neighbourhood or part of the city, compared with where clients want to go."),
    )
    schedule = forms.ChoiceField(label=_("Schedule"), choices=Schedule.choices)
    schedule_detail = forms.CharField(label=_("Hours"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    places = forms.IntegerField(label=_("Places available"), min_value=1, max_value=500)
    closes_on = forms.DateField(label=_("Closing date"), required=False, widget=DATE)
    requirements = forms.MultipleChoiceField(
        label=_("Requirements"),
        choices=Requirement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requirements_detail = forms.CharField(
        label=_("Other requirements"), max_length=2000, required=False, widget=TEXTAREA
    )
    description_fr = forms.CharField(
        label=_("Description in French"), max_length=4000, required=False, widget=TEXTAREA
    )
    description_en = forms.CharField(
        label=_("Description in English"), max_length=4000, required=False, widget=TEXTAREA
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_fr") or "").strip() and not (data.get("title_en") or "").strip():
            self.add_error("title_fr", _("Give the opportunity a title, in French or in English."))
        return data

    def to_data(self) -> OpportunityData:
        return OpportunityData(**{name: self.cleaned_data[name] for name in self.fields})

    @classmethod
    def initial_of(cls, data: OpportunityData) -> dict[str, Any]:
        return {name: getattr(data, name) for name in cls.base_fields}


class OpportunityListForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OpportunityKind.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (SORT_CLOSING, _("Closing soonest")),
            (SORT_NEWEST, _("Newest")),
            (SORT_TITLE, _("Title")),
        ],
    )
    closed = forms.BooleanField(label=_("Show closed opportunities"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "kind": "", "include_closed": False, "sort": SORT_CLOSING}
        return {
            "q": self.cleaned_data["q"],
            "kind": self.cleaned_data["kind"],
            "include_closed": self.cleaned_data["closed"],
            "sort": self.cleaned_data["sort"] or SORT_CLOSING,
        }


class InterestForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Looking for"), choices=OpportunityKind.choices, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Official languages spoken"), choices=Language.choices)
    area = forms.CharField(
        label=_("Area wanted"),
        max_length=100,
        required=False,
        help_text=_("Empty: anywhere in the city."),
    )
    available_daytime = forms.BooleanField(label=_("Free weekdays, daytime"), required=False)
    available_evenings = forms.BooleanField(label=_("Free evenings"), required=False)
    available_weekends = forms.BooleanField(label=_("Free weekends"), required=False)
    lacks = forms.MultipleChoiceField(
        label=_("Requirements the client does not meet yet"),
        choices=Requirement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), max_length=4000, required=False, widget=TEXTAREA)

    def to_data(self) -> InterestData:
        return InterestData(**{name: self.cleaned_data[name] for name in self.fields})

    @classmethod
    def initial_of(cls, data: InterestData) -> dict[str, Any]:
        return {name: getattr(data, name) for name in cls.base_fields}


class ReferForm(forms.Form):
    reason = forms.CharField(
        label=_("What the posting organization needs to know"),
        max_length=4000,
        widget=TEXTAREA,
        help_text=_("Why this opportunity, in the client's words where possible."),
    )
    beyond_consent_reason = forms.CharField(
        label=_("Why it is sent beyond the client's consent (coordinators only)"),
        max_length=500,
        required=False,
    )
    acknowledge_duplicates = forms.BooleanField(
        label=_("I know the client already receives this kind of support"), required=False
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (PlacementStatus.STARTED, PlacementStatus.STARTED.label),
            (PlacementStatus.COMPLETED, PlacementStatus.COMPLETED.label),
            (PlacementStatus.ENDED_EARLY, PlacementStatus.ENDED_EARLY.label),
        ],
    )
    on = forms.DateField(label=_("On"), widget=DATE)


class FollowUpForm(forms.Form):
    still_there = forms.TypedChoiceField(
        label=_("Still there at 3 months?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Follow-up date"), widget=DATE)
