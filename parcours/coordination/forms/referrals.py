"""Forms of referrals and the inbox."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Team, User
from parcours.casework.models import Goal
from parcours.coordination.models import ReferralKind, ReferralStatus, Service
from parcours.core.forms import model_choice_field


class ServiceChoiceField(forms.ModelChoiceField[Service]):
    def label_from_instance(self, obj: Service) -> str:
        flag = _("mainstream program") if obj.is_mainstream else ""
        where = obj.organization.name
        return f"{obj.name} — {where}" + (f" ({flag})" if flag else "")


class GoalChoiceField(forms.ModelChoiceField[Goal]):
    def label_from_instance(self, obj: Goal) -> str:
        return obj.statement[:90]


class ReferralForm(forms.Form):
    service = ServiceChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        error_messages={"required": _("Choose the service the client is referred to.")},
    )
    kind = forms.ChoiceField(label=_("Kind of referral"), choices=ReferralKind.choices)
    goal = GoalChoiceField(
        label=_("Goal of the plan it serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("— No goal —"),
    )
    reason = forms.CharField(
        label=_("What the receiving service needs to know"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_(
            "The need, in the client's words where possible. Share no more than the "
            "service needs: it sees what the client's consent allows."
        ),
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    respond_by = forms.DateField(
        label=_("Answer expected by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the service's usual delay."),
    )
    beyond_consent_reason = forms.CharField(
        label=_("Reason to send beyond the client's consent (coordinators)"),
        required=False,
        max_length=500,
        help_text=_(
            "Only when the client has not agreed to share with this partner and the "
            "referral cannot wait: recorded and shown to the client's privacy reviewers."
        ),
    )
    acknowledge_duplicates = forms.BooleanField(
        label=_("I know the client already receives this kind of support; send anyway"),
        required=False,
    )
    send = forms.BooleanField(
        label=_("Send now (otherwise keep as a draft)"), required=False, initial=True
    )

    def __init__(self, *args: Any, services: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = services
        model_choice_field(self, "goal").queryset = goals


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message.")},
    )


class ReferralEnrollForm(forms.Form):
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    primary_worker: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Primary worker"), queryset=User.objects.none(), required=False
    )
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False
    )
    override_reason = forms.CharField(
        label=_("Reason for exceeding capacity"), required=False, max_length=500
    )

    def __init__(self, *args: Any, workers: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "primary_worker").queryset = workers
        model_choice_field(self, "team").queryset = teams


class InboxFilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("Referrals"),
        required=False,
        choices=[("received", _("Received")), ("sent", _("Sent"))],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open (waiting or in progress)")), *ReferralStatus.choices],
    )
