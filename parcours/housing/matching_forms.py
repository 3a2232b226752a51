"""Forms of preferences, offers and the offers list: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.housing.matching import ACCEPT, DECLINE, WITHDRAW, PreferenceData
from parcours.housing.matching_selectors import OFFERS_ALL, OFFERS_OPEN, OFFERS_STALLED
from parcours.housing.models import (
    DECLINE_REASONS,
    MAX_BEDROOMS,
    AccessibilityNeed,
    DeclineSide,
    HousingPreference,
    LivingArrangement,
    UnitType,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(text: str) -> list[str]:
    """Areas typed one per line or separated by commas or semicolons."""
    parts = text.replace(";", "\n").replace(",", "\n").splitlines()
    return [part.strip() for part in parts if part.strip()]


class PreferenceForm(forms.Form):
    areas = forms.CharField(
        label=_("Areas wanted"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Neighbourhoods, cities, streets or postal code areas (K1L…), "
            "separated by commas or one per line."
        ),
    )
    areas_to_avoid = forms.CharField(
        label=_("Areas to avoid"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A unit in one of these areas is never proposed."),
    )
    unit_types = forms.MultipleChoiceField(
        label=_("Unit types wanted"),
        required=False,
        choices=UnitType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any type."),
    )
    min_bedrooms = forms.IntegerField(
        label=_("Minimum bedrooms"), min_value=0, max_value=MAX_BEDROOMS, initial=0
    )
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Accessibility needs"),
        required=False,
        choices=AccessibilityNeed.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    has_pets = forms.BooleanField(label=_("Has pets"), required=False)
    living = forms.ChoiceField(
        label=_("Living alone or with others"),
        choices=LivingArrangement.choices,
        initial=LivingArrangement.EITHER,
    )
    max_rent = forms.DecimalField(
        label=_("Maximum monthly rent ($)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    constraints = forms.CharField(
        label=_("Constraints"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything else that matters: near a clinic, away from a person…"),
    )

    def preference_data(self) -> PreferenceData:
        data = self.cleaned_data
        return PreferenceData(
            areas=_lines(data["areas"]),
            areas_to_avoid=_lines(data["areas_to_avoid"]),
            unit_types=list(data["unit_types"]),
            min_bedrooms=data["min_bedrooms"],
            accessibility_needs=list(data["accessibility_needs"]),
            has_pets=data["has_pets"],
            living=data["living"],
            max_rent=data["max_rent"],
            constraints=data["constraints"],
        )

    @staticmethod
    def initial_for(preference: HousingPreference | None) -> dict[str, Any]:
        if preference is None:
            return {}
        return {
            "areas": ", ".join(preference.areas),
            "areas_to_avoid": ", ".join(preference.areas_to_avoid),
            "unit_types": preference.unit_types,
            "min_bedrooms": preference.min_bedrooms,
            "accessibility_needs": preference.accessibility_needs,
            "has_pets": preference.has_pets,
            "living": preference.living,
            "max_rent": preference.max_rent,
            "constraints": preference.constraints,
        }


class OfferForm(forms.Form):
    respond_by = forms.DateField(
        label=_("Answer expected by"),
        required=False,
        widget=DATE,
        help_text=_("Empty: in the usual number of days."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (ACCEPT, _("Accepted")),
            (DECLINE, _("Declined")),
            (WITHDRAW, _("Withdraw the offer")),
        ],
        widget=forms.RadioSelect,
    )
    decline_side = forms.ChoiceField(
        label=_("Declined by"),
        required=False,
        choices=[("", "—"), *DeclineSide.choices],
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", "—"), *[(r.value, r.label) for r in DECLINE_REASONS]],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    pause = forms.BooleanField(
        label=_("Pause this client's next offers"),
        required=False,
        help_text=_("After a decline only."),
    )
    pause_days = forms.IntegerField(
        label=_("Pause (days)"), required=False, min_value=0, max_value=365
    )

    def __init__(self, *args: Any, default_pause: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pause_days"].initial = default_pause or 14
        self.fields["pause"].initial = default_pause > 0

    def pause_days_value(self) -> int:
        if not self.cleaned_data.get("pause"):
            return 0
        return int(self.cleaned_data.get("pause_days") or 0)


class OfferListForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (OFFERS_OPEN, _("Open offers")),
            (OFFERS_STALLED, _("Stalled offers only")),
            (OFFERS_ALL, _("All offers")),
        ],
    )


__all__ = ["OfferAnswerForm", "OfferForm", "OfferListForm", "PreferenceForm"]
