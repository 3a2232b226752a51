from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.beds.models import Destination, ExitReason, SiteKind, TurnawayReason
from parcours.beds.services import DEFAULT_HOLD_HOURS, MAX_HOLD_HOURS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class AvailabilityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of bed"), required=False, choices=[("", _("All kinds")), *SiteKind.choices]
    )
    gender = forms.ChoiceField(
        label=_("Bed for"),
        required=False,
        choices=[
            ("", _("Anyone")),
            ("woman", _("A woman")),
            ("man", _("A man")),
            ("gender_diverse", _("A gender-diverse person")),
        ],
    )
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    pets = forms.BooleanField(label=_("With a pet"), required=False)
    family = forms.BooleanField(label=_("Family rooms only"), required=False)


class ClientPickForm(forms.Form):
    q = forms.CharField(
        label=_("Find the client (name, date of birth or health card)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class HoldForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    hours = forms.IntegerField(
        label=_("Hold for (hours)"),
        min_value=1,
        max_value=MAX_HOLD_HOURS,
        required=False,
    )
    reason = forms.CharField(label=_("Referral note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours"].help_text = _(
            "Leave empty to hold it until the site's evening intake time "
            "(or %(hours)s hours when the site has none)."
        ) % {"hours": DEFAULT_HOLD_HOURS}


class BookInForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    started_at = forms.DateTimeField(
        label=_("Booked in at"), widget=DATETIME_WIDGET, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_at"].initial = _now_local()


class BookOutForm(forms.Form):
    ended_at = forms.DateTimeField(label=_("Booked out at"), widget=DATETIME_WIDGET, required=False)
    exit_reason = forms.ChoiceField(label=_("Reason for leaving"), choices=ExitReason.choices)
    destination = forms.ChoiceField(
        label=_("Destination"),
        required=False,
        choices=[("", _("(not known)")), *Destination.choices],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_at"].initial = _now_local()


class TurnawayForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=TurnawayReason.choices)
    detail = forms.CharField(
        label=_("Detail"),
        required=False,
        max_length=300,
        help_text=_("Which restriction, or what happened."),
    )
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=30, initial=1)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME_WIDGET, required=False)
    client_id = forms.UUIDField(
        label=_("Client id (optional)"),
        required=False,
        help_text=_("Only when the person gave their name and is in the registry."),
    )


class RestrictionForm(forms.Form):
    client_id = forms.UUIDField(label=_("Client id"))
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Until"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty for a restriction until it is lifted."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()


class OccupancyForm(forms.Form):
    site = forms.UUIDField(label=_("Site"), required=False)
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET, required=False)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET, required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=29)
        if start > end:
            start, end = end, start
        # At most a year per page.
        start = max(start, end - dt.timedelta(days=365))
        return start, end


class StreetContactForm(forms.Form):
    seen_on = forms.DateField(label=_("Seen on"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Where"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_on"].initial = timezone.localdate()
