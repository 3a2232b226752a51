"""Forms of the coverage roster: a shift (repeated weekly or not), the coverage
standard, and the start of the days a roster page shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import User

WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class WorkerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class RosterStartForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ShiftForm(forms.Form):
    worker = WorkerChoiceField(label=_("Staff member"), queryset=User.objects.none())
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(
        label=_("To"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("An end at or before the start is on the next day (a night shift)."),
    )
    on_call = forms.BooleanField(label=_("On call (not on shift)"), required=False)
    phone = forms.CharField(label=_("Phone while on duty"), max_length=40, required=False)
    repeat_weeks = forms.IntegerField(
        label=_("Weeks"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("The same hours each week for this many weeks (1: this date only)."),
    )

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = workers


class CoverageStandardForm(forms.Form):
    around_the_clock = forms.BooleanField(label=_("24 hours a day, 7 days a week"), required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("To"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_(
            "Around the clock, these are the staffed hours: someone must be on shift; "
            "outside them, on call may cover."
        ),
    )
    on_call_counts = forms.BooleanField(label=_("On call counts as coverage"), required=False)
