from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.linkage.models import LinkageRequestStatus, MatchStatus


class CandidateQueryForm(forms.Form):
    given_name = forms.CharField(required=False, max_length=150)
    family_name = forms.CharField(required=False, max_length=150)
    date_of_birth = forms.DateField(required=False)
    health_card = forms.CharField(required=False, max_length=30)


class LinkageRequestForm(CandidateQueryForm):
    hidden_rank = forms.IntegerField(min_value=0, max_value=50)


class LinkageAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Is it the same person?"),
        choices=[
            (LinkageRequestStatus.SAME_PERSON, _("Yes, the same person")),
            (LinkageRequestStatus.NOT_SAME_PERSON, _("No, not the same person")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the requesting partner"),
        required=False,
        max_length=500,
        help_text=_("Share nothing about the client here without their consent."),
    )


class MatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Are these two records the same person?"),
        choices=[
            (MatchStatus.SAME_PERSON, _("Yes, the same person: merge them")),
            (MatchStatus.NOT_SAME_PERSON, _("No, two different people")),
            (MatchStatus.DEFERRED, _("Not sure: decide later")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose same person, not the same person, or decide later.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these two different people?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the merge is undone.")},
    )


REVIEW_STATUSES = [
    (MatchStatus.PENDING, _("To review")),
    (MatchStatus.DEFERRED, _("Deferred")),
    (MatchStatus.SAME_PERSON, _("Merged")),
    (MatchStatus.NOT_SAME_PERSON, _("Not the same person")),
]
