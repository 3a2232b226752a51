from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import User
from parcours.core.forms import AuditFilterForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("The email address or password is incorrect."),
        "inactive": _("This account is deactivated."),
    }


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Deactivated")), ("all", _("All"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("email", _("Email")),
            ("-last_login", _("Most recent sign-in")),
        ],
    )


class PasswordResetByAdminForm(forms.Form):
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, staff: Any, *args: Any, **kwargs: Any) -> None:
        self.staff = staff
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords are not the same."))
        elif one:
            try:
                password_validation.validate_password(one, self.staff)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Label"),
        max_length=100,
        required=True,
        help_text=_("What the token is for, e.g. “spreadsheet export”."),
    )


class OneTimeCodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
                "size": 8,
            }
        ),
        help_text=_("Open your authenticator app and type the code it shows for Parcours."),
    )


class RecoveryCodeForm(forms.Form):
    """One of the ten recovery codes given when two-factor sign-in was set up."""

    code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": 12,
            }
        ),
        help_text=_("Each recovery code works once."),
    )


class AuditLogFilterForm(AuditFilterForm):
    """The audit log's filters, with a client's name and a staff member to pick
    (among the staff the reader administers)."""

    client_name = forms.CharField(label=_("Client name"), required=False, max_length=150)
    staff = forms.ModelChoiceField(
        label=_("Staff member"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("All staff"),
    )

    field_order = ["staff", "user", "client_name", "client", "action", "date_from", "date_to"]

    def __init__(self, *args: Any, staff: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        assert isinstance(field, forms.ModelChoiceField)
        if staff is not None:
            field.queryset = staff.order_by("family_name", "given_name")


class StaffCreateForm(forms.Form):
    """A new colleague at the administrator's organization."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    discipline = forms.ChoiceField(label=_("Discipline"))
    preferred_language = forms.ChoiceField(
        label=_("Preferred official language"),
        choices=[("fr", _("French")), ("en", _("English"))],
    )

    def __init__(self, *args: Any, disciplines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        discipline = self.fields["discipline"]
        if isinstance(discipline, forms.ChoiceField):
            discipline.choices = disciplines
        self.fields["email"].widget.attrs["autofocus"] = True


NOT_A_MEMBER = ""


class StaffAccessForm(forms.Form):
    """Programs and teams of the organization, each with the colleague's role
    (or *not a member*), and whether they administer the organization."""

    is_org_admin = forms.BooleanField(label=_("Organization administrator"), required=False)

    def __init__(
        self,
        *args: Any,
        programs: list[Any],
        teams: list[Any],
        roles: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NOT_A_MEMBER, _("Not a member")), *roles]
        self.program_fields: list[str] = []
        self.team_fields: list[str] = []
        for program in programs:
            name = f"program_{program.pk}"
            self.fields[name] = forms.ChoiceField(
                label=program.name, choices=choices, required=False
            )
            self.program_fields.append(name)
        for team in teams:
            name = f"team_{team.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(team)s (team of %(program)s)")
                % {"team": team.name, "program": team.program.name},
                choices=choices,
                required=False,
            )
            self.team_fields.append(name)

    def program_boundfields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.program_fields]

    def team_boundfields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.team_fields]

    def roles(self, prefix: str) -> dict[Any, str]:
        import uuid

        return {
            uuid.UUID(name.removeprefix(f"{prefix}_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith(f"{prefix}_")
        }
