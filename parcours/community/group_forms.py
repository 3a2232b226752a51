"""Forms of the life-skills groups: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Organization
from parcours.casework.models import Goal
from parcours.community.models import GroupSession, GroupTopic
from parcours.community.selectors.groups import WHEN_PAST, WHEN_UPCOMING
from parcours.community.services.groups import SessionData

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("As participants will read it, e.g. « Atelier budget »."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=GroupTopic.choices)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    facilitator = forms.CharField(
        label=_("Facilitator"),
        max_length=200,
        help_text=_("A name: a worker of a partner or a volunteer."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def to_data(self) -> SessionData:
        data = self.cleaned_data
        return SessionData(
            title=data["title"],
            topic=data["topic"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            facilitator=data["facilitator"],
            capacity=data["capacity"],
            place=data["place"],
            description=data["description"],
        )

    @classmethod
    def initial_of(cls, data: SessionData) -> dict[str, Any]:
        return {
            "title": data.title,
            "topic": data.topic,
            "starts_at": data.starts_at,
            "duration_minutes": data.duration_minutes,
            "facilitator": data.facilitator,
            "capacity": data.capacity,
            "place": data.place,
            "description": data.description,
        }


class SessionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        session: GroupSession = obj
        left = max(session.capacity - getattr(session, "registered", 0), 0)
        return str(
            _("%(title)s — %(when)s (%(left)d places left)")
            % {"title": session.title, "when": f"{session.starts_at:%Y-%m-%d %H:%M}", "left": left}
        )


class RegisterForm(forms.Form):
    session = SessionChoiceField(label=_("Session"), queryset=GroupSession.objects.none())
    goal = forms.ModelChoiceField(
        label=_("Plan goal it serves"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("Attending counts toward this goal."),
    )

    def __init__(
        self,
        *args: Any,
        sessions: QuerySet[GroupSession],
        goals: QuerySet[Goal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]


class GroupListForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[(WHEN_UPCOMING, _("Upcoming")), (WHEN_PAST, _("Past"))],
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[("", _("All topics")), *GroupTopic.choices],
    )
    organization = forms.ModelChoiceField(
        label=_("Offered by"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("All partners"),
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"when": WHEN_UPCOMING, "topic": "", "organization_id": None}
        organization = self.cleaned_data["organization"]
        return {
            "when": self.cleaned_data["when"] or WHEN_UPCOMING,
            "topic": self.cleaned_data["topic"],
            "organization_id": organization.pk if organization else None,
        }
