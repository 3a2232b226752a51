"""The outcomes report as an export (CSV, XLSX, PDF): the figures the page
shows, with its filters, computed with the asking user's permissions (a
filter they may not use is refused when the export is built). No names: the
drill-downs stay on the page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours import access
from parcours.accounts.models import User
from parcours.reports.exports import (
    BUILT,
    INTEGER,
    NUMBER,
    Column,
    Progress,
    Table,
    register,
)
from parcours.reports.outcomes import outcomes_report
from parcours.reports.outcomes_views import OutcomesForm, shown


def outcomes_table(user: User, form: forms.Form, progress: Progress) -> Table:
    data = form.cleaned_data
    progress(10)
    report = outcomes_report(
        user,
        first=data.get("first"),
        last=data.get("last"),
        organization_id=data.get("organization"),
        program_id=data.get("program"),
        team_id=data.get("team"),
    )
    progress(60)
    labels = {code: label for code, label, _figures in report.groups()}
    columns = [
        Column(str(_("Group")), width=26),
        Column(str(_("Figure")), width=48),
        Column(str(_("Value")), NUMBER, 10),
        Column(str(_("Value, in words")), width=16),
        Column(str(_("Numerator")), INTEGER, 11),
        Column(str(_("Denominator")), INTEGER, 12),
        Column(str(_("Persons")), INTEGER, 10),
    ]
    rows: list[list[Any]] = [
        [
            labels.get(f.group, f.group),
            f.label,
            f.value,
            shown(f),
            f.numerator,
            f.denominator,
            f.persons,
        ]
        for f in report.figures
    ]
    progress(BUILT)
    period = report.period
    return Table(
        title=str(_("Outcomes")),
        filters=[
            str(
                _("Months: %(first)s to %(last)s")
                % {
                    "first": period.first.strftime("%Y-%m"),
                    "last": period.last.strftime("%Y-%m"),
                }
            ),
            *[
                f"{label}: {value}"
                for label, value in (
                    (_("Organization"), report.organization and report.organization.name),
                    (_("Program"), report.program and report.program.name),
                    (_("Team"), report.team and report.team.name),
                )
                if value
            ],
        ],
        columns=columns,
        rows=rows,
        notes=[
            str(
                _(
                    "Each figure has one definition, written in the documentation (Reports → "
                    "Outcomes); the page lists the persons behind each figure."
                )
            )
        ],
    )


register(
    "outcomes",
    label=gettext_lazy("Outcomes"),
    require=access.require_by_name_list_reader,
    form=OutcomesForm,
    build=outcomes_table,
)
