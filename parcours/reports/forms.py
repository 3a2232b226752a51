"""Filters of the report pages (GET), the publication of a month and the
prioritization rules (POST)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parcours import access
from parcours.accounts.models import Organization, Program, User
from parcours.reports.flow import CATEGORIES
from parcours.reports.models import MAX_WEIGHT, PER_DAYS_CRITERIA, Population, PriorityRule
from parcours.reports.selectors import (
    SORTS,
    ListFilters,
    flow_filter_organizations,
    flow_filter_programs,
)

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

HOUSING_CHOICES = [
    ("", _("Any housing status")),
    ("homeless", _("Homeless")),
    ("chronic", _("Chronically homeless")),
    ("transitional", _("Transitional")),
    ("housed", _("Housed")),
    ("unknown", _("Unknown")),
]
ACTIVITY_CHOICES = [
    ("", _("Active or inactive")),
    ("active", _("Active")),
    ("inactive", _("Inactive")),
]
STATUS_CHOICES = [
    ("", _("Any list status")),
    ("active", _("Actively homeless")),
    ("housed", _("Housed")),
    ("inactive", _("Inactive")),
]
SORT_CHOICES = [
    ("name", _("Name")),
    ("priority", _("Priority, highest first")),
    ("-name", _("Name, Z to A")),
    ("-first_contact", _("First contact, newest first")),
    ("first_contact", _("First contact, oldest first")),
    ("-last_activity", _("Last activity, newest first")),
    ("last_activity", _("Last activity, oldest first")),
]
assert {c for c, _label in SORT_CHOICES} == set(SORTS)

FLOW_LABELS = {
    "active": _("Actively homeless at the end of the month"),
    "newly_identified": _("Newly identified"),
    "returned_from_housing": _("Returned from housing"),
    "returned_from_inactive": _("Returned from inactive"),
    "aged_in": _("Aged in (joined the sub-population)"),
    "moved_to_housing": _("Moved to housing"),
    "moved_to_inactive": _("Moved to inactive"),
    "aged_out": _("Aged out (left the sub-population)"),
}


def parse_month(value: str) -> dt.date:
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(_("Enter a month as YYYY-MM."), code="invalid")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


class MonthField(forms.CharField):
    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        return parse_month(text)


def default_sort(user: User) -> str:
    """The by-name list's order when none is chosen: by priority for those who
    see the network's counts (coordinators), by name for everyone else."""
    return "priority" if access.sees_network_counts(user) else "name"


class ByNameListForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    housing = forms.ChoiceField(label=_("Housing status"), choices=HOUSING_CHOICES, required=False)
    activity = forms.ChoiceField(label=_("Activity"), choices=ACTIVITY_CHOICES, required=False)
    status = forms.ChoiceField(label=_("List status"), choices=STATUS_CHOICES, required=False)
    population = forms.ChoiceField(
        label=_("Sub-population"), choices=Population.choices, required=False
    )
    on = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    month = MonthField(required=False, widget=forms.HiddenInput)
    flow = forms.ChoiceField(
        choices=[("", ""), ("active", "active"), *[(c, c) for c in CATEGORIES]],
        required=False,
        widget=forms.HiddenInput,
    )
    # The monthly flow's filters, carried by its drill-down links.
    organization = forms.UUIDField(required=False, widget=forms.HiddenInput)
    program = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, user: User | None = None) -> None:
        if data is not None and not data.get("sort") and user is not None:
            # Coordinators work the list in the community's priority order (the
            # order housing matching uses); others by name.
            data = data.copy()
            data["sort"] = default_sort(user)
        super().__init__(data)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Only a coordinator narrows the flow's persons, to a partner or its program.
        checks = (
            ("organization", flow_filter_organizations, _ORGANIZATION_REFUSED),
            ("program", flow_filter_programs, _PROGRAM_REFUSED),
        )
        for name, allowed, message in checks:
            value = data.get(name)
            if value is None:
                continue
            user = self.user
            if (
                user is None
                or not access.sees_network_counts(user)
                or not allowed(user).filter(pk=value).exists()
            ):
                # A hidden field: the error is the form's.
                self.add_error(None, message)
        return data

    def clean_on(self) -> dt.date | None:
        on: dt.date | None = self.cleaned_data.get("on")
        if on is not None and on.year < 2000:
            raise ValidationError(_("Enter a date after 2000."))
        return on

    def filters(self) -> ListFilters:
        data = self.cleaned_data
        return ListFilters(
            on=data.get("on"),
            housing=data.get("housing") or "",
            activity=data.get("activity") or "",
            status=data.get("status") or "",
            population=data.get("population") or Population.ALL,
            q=data.get("q") or "",
            sort=data.get("sort") or "name",
            month=data.get("month"),
            flow=data.get("flow") or "",
            organization=data.get("organization"),
            program=data.get("program"),
        )


_ORGANIZATION_REFUSED = _("Choose an organization you may report on.")
_PROGRAM_REFUSED = _("Choose a program you may report on.")


class ProgramChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organization.name} — {obj.name}"


class MonthRangeForm(forms.Form):
    """The monthly flow's months, the sub-population of its charts, and the
    persons it counts: those an organization or a program served."""

    first = MonthField(label=_("From (YYYY-MM)"), required=False)
    last = MonthField(label=_("To (YYYY-MM)"), required=False)
    population = forms.ChoiceField(
        label=_("Sub-population of the charts"), choices=Population.choices, required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Served by the organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Every organization"),
        error_messages={"invalid_choice": _ORGANIZATION_REFUSED},
    )
    program = ProgramChoiceField(
        label=_("Served by the program"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("Every program"),
        error_messages={"invalid_choice": _PROGRAM_REFUSED},
    )

    def __init__(self, data: Any = None, *, user: User | None = None) -> None:
        super().__init__(data)
        if user is not None:
            organizations = self.fields["organization"]
            programs = self.fields["program"]
            assert isinstance(organizations, forms.ModelChoiceField)
            assert isinstance(programs, forms.ModelChoiceField)
            organizations.queryset = flow_filter_organizations(user)
            programs.queryset = flow_filter_programs(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            raise ValidationError({"last": _("The last month comes after the first.")})
        if first and last and (last.year - first.year) * 12 + last.month - first.month > 60:
            raise ValidationError({"first": _("Show at most five years at once.")})
        return data


class PublishForm(forms.Form):
    month = MonthField(label=_("Month (YYYY-MM)"))


class PriorityRuleForm(forms.Form):
    """One rule of the prioritization (prefixed by its criterion)."""

    weight = forms.IntegerField(label=_("Points"), min_value=0, max_value=MAX_WEIGHT)
    per_days = forms.IntegerField(
        label=_("Per number of days"), min_value=1, max_value=3650, required=False
    )
    max_points = forms.IntegerField(
        label=_("At most (points)"), min_value=0, max_value=MAX_WEIGHT * 10, required=False
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, data: Any = None, *, rule: PriorityRule) -> None:
        self.rule = rule
        initial = {name: getattr(rule, name) for name in self.base_fields}
        super().__init__(data, prefix=rule.criterion, initial=initial)
        if rule.criterion not in PER_DAYS_CRITERIA:
            del self.fields["per_days"]
        # In a table row: each input is named by its column and its rule.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} — {rule.get_criterion_display()}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "per_days" in self.fields and not data.get("per_days") and "per_days" not in self.errors:
            self.add_error("per_days", _("A count of days needs the number of days per point."))
        return data

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the rule's."""
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if self.cleaned_data.get(name) != getattr(self.rule, name)
        }


def priority_rule_forms(rules: list[PriorityRule], data: Any = None) -> list[PriorityRuleForm]:
    return [PriorityRuleForm(data, rule=rule) for rule in rules]
