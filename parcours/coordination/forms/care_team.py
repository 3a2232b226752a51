"""Forms of the care team: add a member, change a member's role or contact,
end a membership, and the coordinators' overview filter. The rules are the
service's (``coordination.services.care_team``); these only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import User
from parcours.coordination.models import CareRole
from parcours.coordination.selectors.care_team import care_team_worker_choices
from parcours.core.forms import model_choice_field

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffChoiceField(forms.ModelChoiceField[User]):
    """A staff member, by their name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class CareTeamMemberAddForm(forms.Form):
    worker = StaffChoiceField(
        label=_("Staff member of your organization"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— an outside professional —"),
    )
    outside_name = forms.CharField(
        label=_("Or: name of a professional outside the network"),
        max_length=200,
        required=False,
        help_text=_("A professional who has no Parcours account, e.g. a family doctor."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *CareRole.choices])
    contact = forms.CharField(label=_("How to reach them"), max_length=200, required=False)
    since = forms.DateField(label=_("Since"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("since", timezone.localdate())
        super().__init__(*args, **kwargs)
        model_choice_field(self, "worker").queryset = care_team_worker_choices(user)


class CareTeamMemberEditForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CareRole.choices)
    contact = forms.CharField(label=_("How to reach them"), max_length=200, required=False)


class CareTeamMemberEndForm(forms.Form):
    until = forms.DateField(label=_("Member until"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("until", timezone.localdate())
        super().__init__(*args, **kwargs)


class CareOverviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("partners", _("Most partners involved")),
            ("referrals", _("Most open referrals")),
            ("name", _("Name (A–Z)")),
        ],
    )
