"""What the printable consent form is pre-filled with: the choices of the
directive being recorded (all optional — a blank form is filled by hand)
and the language it is printed in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Organization
from parcours.clients.models import DataCategory, OfficialLanguage


class ConsentPrintForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the form to sign"), choices=OfficialLanguage.choices, required=False
    )
    all_partners = forms.BooleanField(required=False)
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.filter(is_partner=True).order_by("name"), required=False
    )
    categories = forms.MultipleChoiceField(choices=DataCategory.choices, required=False)
    start_date = forms.DateField(required=False)
    end_date = forms.DateField(required=False)
    witnessed_by = forms.CharField(max_length=150, required=False)
