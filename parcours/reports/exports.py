"""Report exports: a registry of the reports that can be exported, each
building a :class:`Table` (title, filters in words, columns, rows, notes)
with the asking user's permissions — the same selectors as the page, so an
export never holds a name the page would not show — and the three renderers
of a table: CSV, XLSX (openpyxl, typed cells) and PDF (WeasyPrint).

A report joins the exports with one call, from any module the reports app
imports at start-up (``ReportsConfig.ready``)::

    exports.register("outcomes", label=_("Outcomes"), require=access.require_report_coordinator,
                     form=OutcomesForm, build=outcomes_table)

The builder takes ``(user, form, progress)``: the form is the page's filter
form, already valid; ``progress(percent)`` reports how far it got (0–80; the
renderers take it to 100). Builders run inside the export's language
(``translation.override``), so labels are in the language the user chose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours import access
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.reports import selectors
from parcours.reports.fidelity import fidelity_report
from parcours.reports.flow import CATEGORIES, INFLOW, OUTFLOW
from parcours.reports.forms import (
    ACTIVITY_CHOICES,
    FLOW_LABELS,
    HOUSING_CHOICES,
    STATUS_CHOICES,
    ByNameListForm,
    MonthRangeForm,
)
from parcours.reports.models import Population

Progress = Callable[[int], None]
TEXT, INTEGER, NUMBER, DATE, MONTH = "text", "integer", "number", "date", "month"
BUILT = 80  # the progress a builder reaches; rendering takes it to 100


@dataclass
class Column:
    header: str
    kind: str = TEXT
    width: int = 14


@dataclass
class Table:
    """What an export holds, whatever its format."""

    title: str
    filters: list[str]
    columns: list[Column]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    # The client records the table names, by data category ("identity":
    # named, "housing": their housing status shown): a download re-checks
    # that the user still sees each of them.
    shown: dict[str, list[str]] = field(default_factory=dict)


Builder = Callable[[User, Any, Progress], Table]


@dataclass(frozen=True)
class ExportableReport:
    name: str
    label: Any  # a lazy translation
    require: Callable[[User], User]  # who may export it (PermissionDenied otherwise)
    form: type[forms.Form]  # the page's filter form (GET parameters)
    build: Builder


REPORTS: dict[str, ExportableReport] = {}


def register(
    name: str,
    *,
    label: Any,
    require: Callable[[User], User],
    form: type[forms.Form],
    build: Builder,
) -> ExportableReport:
    report = ExportableReport(name, label, require, form, build)
    REPORTS[name] = report
    return report


def report_choices() -> list[tuple[str, str]]:
    return [(r.name, str(r.label)) for r in REPORTS.values()]


def _form(report: ExportableReport, data: Mapping[str, str], user: User | None) -> forms.Form:
    """The report's filter form; a form that takes the user (the choices they
    may filter on) is given them, as on the page."""
    import inspect

    if user is not None and "user" in inspect.signature(report.form.__init__).parameters:
        return report.form(data=data, user=user)  # type: ignore[call-arg]
    return report.form(data=data)


def clean_params(
    report: ExportableReport, query: Mapping[str, str], user: User | None = None
) -> dict[str, str]:
    """The page's filters the report's form knows, as given (JSON for the
    export row); raises ValidationError when the form refuses them."""
    form = _form(report, query, user)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return {name: str(query[name]) for name in form.fields if query.get(name)}


def build_table(
    report: ExportableReport, user: User, params: dict[str, str], progress: Progress
) -> Table:
    """The report's table with the user's permissions, as of now."""
    report.require(user)
    form = _form(report, params, user)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return report.build(user, form, progress)


# --- Describing filters in words -----------------------------------------------


def describe_filters(form: forms.Form, *, skip: tuple[str, ...] = ()) -> list[str]:
    """The filters given, in words ("Housing status: Housed"), with the
    choices' labels."""
    lines: list[str] = []
    for name, bound in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "") or name in skip or isinstance(bound.widget, forms.HiddenInput):
            continue
        if isinstance(bound, forms.ChoiceField):
            value = dict(bound.choices).get(value, value)  # type: ignore[arg-type]
        elif isinstance(value, dt.date):
            value = value.strftime("%Y-%m") if name in ("first", "last") else value.isoformat()
        lines.append(f"{bound.label}: {value}")
    return lines


# --- The three reports -----------------------------------------------------------


def _yes(value: bool) -> str:
    return str(_("yes") if value else _("no"))


def by_name_list_table(user: User, form: ByNameListForm, progress: Progress) -> Table:
    """The rows of the by-name list with the page's filters, as the page shows
    them (names only where allowed, "not shared" where the housing category is
    not): the selector the page reads."""
    filters = form.filters()
    progress(10)
    result = selectors.by_name_list(user, filters)
    progress(60)
    housing = dict(HOUSING_CHOICES)
    activity = dict(ACTIVITY_CHOICES)
    status = dict(STATUS_CHOICES)
    not_shared = str(_("not shared"))
    columns = [
        Column(str(_("Person")), width=28),
        Column(str(_("Housing status")), width=20),
        Column(str(_("Activity")), width=12),
        Column(str(_("List status")), width=18),
        Column(str(_("First contact")), DATE, 13),
        Column(str(_("Last activity")), DATE, 13),
        Column(str(_("Homeless days, past year")), INTEGER, 12),
        Column(str(_("Chronically homeless")), width=10),
        Column(str(_("Indigenous")), width=10),
        Column(str(_("Youth (16–24)")), width=10),
        Column(str(_("Families with children")), width=10),
        Column(str(_("Priority rank")), INTEGER, 10),
        Column(str(_("Priority score")), NUMBER, 10),
        Column(str(_("Why (priority)")), width=50),
    ]
    rows: list[list[Any]] = []
    named: list[str] = []
    housing_shown: list[str] = []
    for row in result.rows:
        s = row.status
        is_named = row.client_id is not None
        shared = row.housing_shared
        if row.client_id is not None:
            named.append(str(row.client_id))
            if shared:
                housing_shown.append(str(row.client_id))
        priority_shown = row.priority_shown and row.priority is not None
        rows.append(
            [
                row.name if is_named else str(_("a person (record not shared)")),
                str(housing.get(s.housing, s.housing)) if shared else not_shared,
                str(activity.get(s.activity, s.activity)),
                str(status.get(s.list_status, s.list_status)) if shared else not_shared,
                s.first_contact if is_named else None,
                s.last_activity if is_named else None,
                s.days_past_year if is_named and shared else None,
                _yes(s.chronic) if shared else "",
                _yes(s.indigenous) if is_named else "",
                _yes(s.youth) if is_named else "",
                _yes(s.family) if is_named else "",
                row.rank if priority_shown else None,
                row.priority.score if priority_shown and row.priority else None,
                "; ".join(row.priority.reasons)
                if priority_shown and row.priority and is_named
                else "",
            ]
        )
    progress(BUILT)
    inactive_days = _inactive_days()
    notes = [
        str(
            _(
                "A person counts once, whatever the number of their records (merged and "
                "linked records are one person)."
            )
        ),
        str(
            _(
                "Inactive: no qualifying activity (visit, service, stay, encounter, "
                "assessment, housing step, street contact) for more than %(days)s days."
            )
            % {"days": inactive_days}
        ),
        str(
            _(
                "Actively homeless: not housed and active. Chronically homeless: at least 180 "
                "days homeless in the past year, or 546 days in the past three years."
            )
        ),
        str(
            _("Counts are for the whole network; names only of the persons shared with you.")
            if result.network_counts
            else _("Names and counts are those of the persons you may see.")
        ),
    ]
    filters_text = [
        str(_("Date: %(day)s") % {"day": result.on.isoformat()}),
        *describe_filters(form, skip=("on",)),
    ]
    if filters.month is not None:
        filters_text.append(
            str(
                _("Figure of the monthly flow: %(flow)s in %(month)s")
                % {
                    "flow": FLOW_LABELS.get(filters.flow, FLOW_LABELS["active"]),
                    "month": filters.month.strftime("%Y-%m"),
                }
            )
        )
    return Table(
        title=str(_("By-name list")),
        filters=filters_text,
        columns=columns,
        rows=rows,
        notes=notes,
        shown={DataCategory.IDENTITY: named, DataCategory.HOUSING: housing_shown},
    )


def _inactive_days() -> int:
    return int(getattr(settings, "BY_NAME_LIST_INACTIVE_DAYS", 90))


def monthly_flow_table(user: User, form: MonthRangeForm, progress: Progress) -> Table:
    """The monthly flow of the network, one line per sub-population and month:
    the selector the page reads (counts, no names)."""
    progress(10)
    report = selectors.monthly_flow_report(
        user,
        first=form.cleaned_data.get("first"),
        last=form.cleaned_data.get("last"),
        organization=form.cleaned_data.get("organization"),
        program=form.cleaned_data.get("program"),
    )
    progress(60)
    columns = [
        Column(str(_("Sub-population")), width=24),
        Column(str(_("Month")), MONTH, 10),
        Column(str(_("Active, month before")), INTEGER, 12),
        *[Column(f"+ {FLOW_LABELS[c]}", INTEGER, 14) for c in INFLOW],
        *[Column(f"− {FLOW_LABELS[c]}", INTEGER, 14) for c in OUTFLOW],
        Column(str(_("Inflow")), INTEGER, 10),
        Column(str(_("Outflow")), INTEGER, 10),
        Column(str(_("Correction")), INTEGER, 11),
        Column(str(_("Actively homeless")), INTEGER, 12),
        Column(str(_("Net change")), INTEGER, 10),
        Column(str(_("Net change %")), NUMBER, 10),
        Column(str(_("Published")), DATE, 12),
    ]
    rows: list[list[Any]] = []
    for population, lines in report.lines.items():
        label = str(Population(population).label)
        for line in lines:
            figures = line.figures
            rows.append(
                [
                    label,
                    line.month,
                    line.reference,
                    *[int(figures.get(c, 0)) for c in CATEGORIES],
                    int(figures["inflow"]),
                    int(figures["outflow"]),
                    line.correction,
                    int(figures["active"]),
                    int(figures["active"]) - line.reference,
                    line.net_percent,
                    line.published.published_at.date() if line.published else None,
                ]
            )
    progress(BUILT)
    return Table(
        title=str(_("Monthly flow of the by-name list")),
        filters=[
            str(
                _("Months: %(first)s to %(last)s")
                % {"first": report.first.strftime("%Y-%m"), "last": report.last.strftime("%Y-%m")}
            ),
            *describe_filters(form, skip=("first", "last", "population")),
        ],
        columns=columns,
        rows=rows,
        notes=[
            str(
                _(
                    "Actively homeless at the end of each month (today for the current month). "
                    "Inflow = newly identified + returned from housing + returned from inactive "
                    "+ aged in; outflow = moved to housing + moved to inactive + aged out."
                )
            ),
            str(
                _(
                    "Active at the end of the month = active at the end of the month before + "
                    "inflow − outflow + correction. A published month is never rewritten: a "
                    "later correction is booked in the month after the last published one."
                )
            ),
        ],
    )


class NoFilterForm(forms.Form):
    """A report without filters (the fidelity report's figures are those of today)."""


def fidelity_table(user: User, form: forms.Form, progress: Progress) -> Table:
    """The fidelity figures of the programs the user reads (no client names):
    the computation the page reads."""
    progress(10)
    data = form.cleaned_data
    organization = data.get("organization")
    team = data.get("team")
    drilled = bool(data.get("item"))  # as on the page: a drill-down shows its program
    report = fidelity_report(
        user,
        program_id=data.get("program") if drilled else None,
        organization_id=organization.pk if organization else None,
        team_id=team.pk if team and not drilled else None,
        **({"weeks": data["weeks"]} if data.get("weeks") else {}),
    )
    progress(60)
    columns = [
        Column(str(_("Organization")), width=24),
        Column(str(_("Program")), width=24),
        Column(str(_("Team")), width=16),
        Column(str(_("Model")), width=8),
        Column(str(_("Item")), width=40),
        Column(str(_("Value")), NUMBER, 10),
        Column(str(_("Value, in words")), width=34),
        Column(str(_("Standard")), width=34),
        Column(str(_("Rating (1–5)")), INTEGER, 10),
    ]
    rows: list[list[Any]] = []
    for unit in report.units:
        for item in unit.items:
            rows.append(
                [
                    unit.program.organization.name,
                    unit.program.name,
                    unit.team.name if unit.team else "",
                    str(unit.standard.get_model_display()),
                    item.label,
                    item.value,
                    item.display,
                    item.standard,
                    item.rating,
                ]
            )
    progress(BUILT)
    return Table(
        title=str(_("Fidelity to the model standards")),
        filters=[
            str(_("Date: %(day)s") % {"day": report.on.isoformat()}),
            *describe_filters(form, skip=("program", "item")),
        ],
        columns=columns,
        rows=rows,
        notes=[
            str(
                _(
                    "Ratings from 1 to 5 come from the anchors set by the network (DACTS where "
                    "it has one). Items rated by people: %(items)s."
                )
                % {"items": "; ".join(report.human_items)}
            )
        ],
    )


register(
    "by_name_list",
    label=gettext_lazy("By-name list"),
    require=access.require_by_name_list_reader,
    form=ByNameListForm,
    build=by_name_list_table,
)
register(
    "monthly_flow",
    label=gettext_lazy("Monthly flow"),
    require=access.require_report_coordinator,
    form=MonthRangeForm,
    build=monthly_flow_table,
)


def still_shown(user: User, shown: Mapping[str, list[str]]) -> bool:
    """Whether the user still sees every record the export names (and the
    housing category of those whose housing status it shows)."""
    for category, ids in shown.items():
        wanted = set(ids)
        if not wanted:
            continue
        if category == DataCategory.IDENTITY:
            records = access.clients_visible_to(user)
        else:
            records = access.clients_sharing(user, category)
        seen = {str(pk) for pk in records.filter(pk__in=wanted).values_list("pk", flat=True)}
        if seen != wanted:
            return False
    return True
