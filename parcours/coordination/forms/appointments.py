"""Forms of appointments: plan one, record its outcome."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import User
from parcours.coordination.models import AppointmentKind, AppointmentOutcome
from parcours.core.forms import model_choice_field

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class _StaffChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of appointment"), choices=AppointmentKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    with_whom = forms.CharField(label=_("With whom"), max_length=200, required=False)
    accompanied_by = _StaffChoice(
        label=_("Accompanied by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A staff member of your organization who goes with the client."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "accompanied_by").queryset = staff


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(v, label) for v, label in AppointmentOutcome.choices if v != "planned"],
    )
    new_starts_at = forms.DateTimeField(
        label=_("New date and time (rescheduled)"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == AppointmentOutcome.RESCHEDULED and not data.get("new_starts_at"):
            self.add_error("new_starts_at", _("Enter the new date and time."))
        return data
