from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parcours.core.models import AuditAction


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User (email or name)"), required=False, max_length=254)
    client = forms.UUIDField(
        label=_("Client id"),
        required=False,
        error_messages={
            "invalid": _("Enter a client id in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.")
        },
    )
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditAction.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's validation errors on the form's fields (errors of a
    field the form does not have go to the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, a choice of model instances (to narrow its
    queryset or label its options)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field
