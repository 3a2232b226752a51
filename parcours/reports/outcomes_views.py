"""The outcomes report screen and its CSV: figures of a period, filtered by
organization, program and team, each drilling down to its persons (names
only where allowed; each drill-down read is audited)."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import Organization, Program, Team, User
from parcours.reports import services
from parcours.reports.flow import month_start
from parcours.reports.forms import MonthRangeForm
from parcours.reports.outcomes import (
    DAYS,
    PERCENT,
    Figure,
    OutcomesReport,
    drill_down,
    figure_keys,
    outcomes_report,
)


class OutcomesForm(MonthRangeForm):
    """The period and the filters; the organizations, programs and teams
    offered are those the user may filter on (others are refused, 403)."""

    # The outcomes' own organization and program filters (ids; the choices
    # offered are set per user below), in place of the monthly flow's.
    organization = forms.UUIDField(  # type: ignore[assignment]
        label=gettext_lazy("Organization"), required=False, widget=forms.Select
    )
    program = forms.UUIDField(  # type: ignore[assignment]
        label=gettext_lazy("Program"), required=False, widget=forms.Select
    )
    population = None  # type: ignore[assignment]  # no chart sub-population here
    team = forms.UUIDField(label=gettext_lazy("Team"), required=False, widget=forms.Select)
    figure = forms.ChoiceField(
        choices=[("", ""), *[(k, k) for k in figure_keys()]],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, data: Any = None, *, user: User | None = None) -> None:
        super().__init__(data)
        if user is None:
            # An export's form (parcours.reports.outcomes_export): the filters
            # are checked against the user when the report is computed.
            return
        organizations = Organization.objects.filter(is_partner=True).order_by("name")
        programs = Program.objects.all()
        if not access.sees_network_counts(user):
            organizations = organizations.filter(
                pk__in=[user.organization_id] if user.organization_id else []
            )
            programs = access.fidelity_programs_named_for(user)
        programs = programs.select_related("organization").order_by("organization__name", "name")
        teams = Team.objects.filter(program__in=programs).select_related("program")
        anything = [("", _("All"))]
        self.fields["organization"].widget.choices = anything + [
            (str(o.pk), o.name) for o in organizations
        ]
        self.fields["program"].widget.choices = anything + [
            (str(p.pk), f"{p.organization.name} — {p.name}") for p in programs
        ]
        self.fields["team"].widget.choices = anything + [
            (str(t.pk), f"{t.program.name} · {t.name}")
            for t in teams.order_by("program__name", "name")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        current = month_start(timezone.localdate())
        last = data.get("last")
        if last and last > current:
            self.add_error("last", _("The period cannot end after this month."))
        return data


def report_for(
    request: AuthenticatedRequest,
) -> tuple[User, OutcomesForm, OutcomesReport, Figure | None]:
    user = access.require_by_name_list_reader(request.user)
    form = OutcomesForm(request.GET, user=user)
    form.is_valid()
    data = form.cleaned_data  # the valid fields; the errors are shown
    report = outcomes_report(
        user,
        first=data.get("first"),
        last=data.get("last"),
        organization_id=data.get("organization"),
        program_id=data.get("program"),
        team_id=data.get("team"),
    )
    return user, form, report, drill_down(report, data.get("figure") or "")


def shown(figure: Figure) -> str:
    """A figure's value as the page and the CSV's ``display`` say it."""
    if figure.value is None:
        return "—"
    number = f"{figure.value:.1f}".rstrip("0").rstrip(".")
    if figure.unit == PERCENT:
        return f"{number} %"
    if figure.unit == DAYS:
        return _("%(n)s days") % {"n": number}
    return number


@login_required
@require_GET
def outcomes(request: AuthenticatedRequest) -> HttpResponse:
    user, form, report, chosen = report_for(request)
    if chosen is not None:
        services.by_name_list_viewed(
            acting_user=user,
            query="",
            client_ids=[e.client_id for e in chosen.people if e.client_id is not None],
            section="outcomes",
        )
    query = request.GET.copy()
    query.pop("figure", None)
    groups = [
        (code, label, [(f, shown(f)) for f in figures]) for code, label, figures in report.groups()
    ]
    return render(
        request,
        "reports/outcomes.html",
        {
            "form": form,
            "report": report,
            "groups": groups,
            "chosen": chosen,
            "chosen_display": shown(chosen) if chosen else "",
            "base_query": query.urlencode(),
        },
    )


CSV_COLUMNS = [
    "group",
    "figure",
    "label",
    "value",
    "unit",
    "numerator",
    "denominator",
    "persons",
    "mean",
    "period_start",
    "period_end",
]


@login_required
@require_GET
def outcomes_csv(request: AuthenticatedRequest) -> HttpResponse:
    """The figures with the page's filters, as the page shows them (no names)."""
    _user, _form, report, _chosen = report_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="outcomes.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for f in report.figures:
        mean = f.extra.get("mean")
        writer.writerow(
            [
                f.group,
                f.key,
                f.label,
                "" if f.value is None else f.value,
                f.unit,
                "" if f.numerator is None else f.numerator,
                "" if f.denominator is None else f.denominator,
                f.persons,
                "" if mean is None else mean,
                report.period.start.isoformat(),
                report.period.end.isoformat(),
            ]
        )
    return response
