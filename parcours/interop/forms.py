from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class HmisUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HMIS CSV export (.zip)"),
        help_text=_(
            "The export's CSV files (Export.csv, Client.csv, Enrollment.csv…) in one .zip."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    into_own_organization = forms.BooleanField(
        label=_("Put everything in my organization"),
        help_text=_(
            "Otherwise each organization of the export becomes (or joins) a partner of that name."
        ),
        required=False,
        initial=True,
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): report what would happen, write nothing"),
        required=False,
    )
    partial = forms.BooleanField(
        label=_("Import the valid rows even if some are rejected"),
        required=False,
    )

    def __init__(self, *args: Any, network_admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An organization's administrator always imports into their own.
        if not network_admin:
            del self.fields["into_own_organization"]


class ClientListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List of clients (.csv or .xlsx)"),
        help_text=_("One person per row, the column names on the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ClientListMappingForm(forms.Form):
    """For each client field, the column of the file that holds it."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        from parcours.interop.client_list import DATE_FORMATS, FIELDS, REQUIRED

        super().__init__(*args, **kwargs)
        columns = [("", _("— not in the file —"))] + [
            (str(i), header or _("Column %(number)s") % {"number": i + 1})
            for i, header in enumerate(headers)
        ]
        for name, label in FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=columns, required=name in REQUIRED
            )
        self.fields["date_format"] = forms.ChoiceField(
            label=_("Dates are written"),
            choices=[(key, label) for key, (_pattern, label) in DATE_FORMATS.items()],
        )
