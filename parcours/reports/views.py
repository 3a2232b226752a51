"""Report screens: the by-name list, the monthly flow and the prioritization
rules. Thin: forms parse, selectors read through the access policy, services
write and audit."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.reports import charts, selectors, services
from parcours.reports.flow import CATEGORIES, INFLOW, OUTFLOW
from parcours.reports.forms import (
    FLOW_LABELS,
    ByNameListForm,
    MonthRangeForm,
    PriorityRuleForm,
    PublishForm,
    priority_rule_forms,
)
from parcours.reports.models import Population, PriorityRule


@login_required
@require_GET
def by_name_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_by_name_list_reader(request.user)
    form = ByNameListForm(request.GET, user=user)
    filters = form.filters() if form.is_valid() else selectors.ListFilters()
    result = selectors.by_name_list(user, filters)
    page = paginate(request, result.rows, per_page=50)
    services.by_name_list_viewed(
        acting_user=user,
        query=filters.q,
        client_ids=[row.client_id for row in page if row.client_id is not None],
    )
    base = reverse("reports:by_name_list")
    context = {
        "form": form,
        "result": result,
        "page_obj": page,
        "links": _count_links(base, filters),
        "population_label": Population(filters.population).label,
        "flow_label": FLOW_LABELS.get(filters.flow, ""),
        "chart": _housing_chart(result),
    }
    template = "reports/by_name_list.html#results" if request.htmx else "reports/by_name_list.html"
    return render(request, template, context)


@login_required
@require_GET
def by_name_list_csv(request: AuthenticatedRequest) -> HttpResponse:
    """The rows of the list with the page's filters, as the page shows them
    (names only where allowed, "not_shared" where the housing category is not)."""
    user = access.require_by_name_list_reader(request.user)
    form = ByNameListForm(request.GET, user=user)
    filters = form.filters() if form.is_valid() else selectors.ListFilters()
    result = selectors.by_name_list(user, filters)
    services.by_name_list_viewed(
        acting_user=user,
        query=filters.q,
        client_ids=[row.client_id for row in result.rows if row.client_id is not None],
        via="csv",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="by-name-list.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "person",
            "client_id",
            "housing_status",
            "activity_status",
            "list_status",
            "first_contact",
            "last_activity",
            "homeless_days_past_year",
            "chronic",
            "indigenous",
            "youth",
            "family",
            "priority_rank",
            "priority_score",
            "priority_reasons",
        ]
    )
    for row in result.rows:
        s = row.status
        named = row.client_id is not None
        housing = row.housing_shared

        def flag(value: bool, shown: bool) -> str:
            return ("yes" if value else "no") if shown else ""

        writer.writerow(
            [
                row.name if named else _("a person (record not shared)"),
                row.client_id or "",
                s.housing if housing else selectors.NOT_SHARED,
                s.activity,
                s.list_status if housing else selectors.NOT_SHARED,
                s.first_contact.isoformat() if named else "",
                s.last_activity.isoformat() if named and s.last_activity else "",
                s.days_past_year if named and housing else "",
                flag(s.chronic, housing),
                flag(s.indigenous, named),
                flag(s.youth, named),
                flag(s.family, named),
                row.rank if row.priority_shown and row.rank is not None else "",
                row.priority.score if row.priority and row.priority_shown else "",
                "; ".join(row.priority.reasons)
                if row.priority and row.priority_shown and named
                else "",
            ]
        )
    return response


def _housing_chart(result: selectors.ByNameList) -> charts.Chart:
    """The counts by housing status (the counts table's figures), as bars."""
    labels = {
        "homeless": _("Homeless"),
        "chronic": _("Chronically homeless"),
        "transitional": _("Transitional"),
        "housed": _("Housed"),
        "unknown": _("Unknown"),
        selectors.NOT_SHARED: _("Not shared with your organization"),
    }
    keys = [k for k in labels if k in result.counts_by_housing]
    return charts.bar_chart(
        _("Persons by housing status"),
        [str(labels[k]) for k in keys],
        [charts.Series(_("Persons"), [result.counts_by_housing[k] for k in keys])],
        chart_id="bnl-housing-chart",
        x_header=_("Housing status"),
    )


def _count_links(base: str, filters: selectors.ListFilters) -> dict[str, str]:
    """Drill-down links of the counts: the same filters, one status more."""
    cleared = selectors.ListFilters(
        on=filters.on, population=filters.population, month=filters.month, flow=filters.flow
    )
    links = {}
    for key in ("homeless", "chronic", "transitional", "housed", "unknown"):
        links[f"housing_{key}"] = f"{base}?{urlencode(cleared.query(housing=key))}"
    for key in ("active", "inactive"):
        links[f"activity_{key}"] = f"{base}?{urlencode(cleared.query(activity=key))}"
    for key in ("active", "housed", "inactive"):
        links[f"status_{key}"] = f"{base}?{urlencode(cleared.query(status=key))}"
    links["all"] = f"{base}?{urlencode(cleared.query())}"
    links["chronic_active"] = f"{base}?{urlencode({'population': 'chronic', 'status': 'active'})}"
    return links


def _flow_report(request: AuthenticatedRequest) -> tuple[MonthRangeForm, selectors.FlowReport]:
    user = access.require_report_coordinator(request.user)
    form = MonthRangeForm(request.GET, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.monthly_flow_report(
        user,
        first=data.get("first"),
        last=data.get("last"),
        organization=data.get("organization"),
        program=data.get("program"),
    )


def _flow_charts(report: selectors.FlowReport, population: str) -> list[charts.Chart]:
    """Actively homeless over the months, and inflow against outflow, for one
    sub-population (the table's figures)."""
    lines = report.lines.get(population, [])
    labels = [charts.month_label(line.month) for line in lines]
    name = Population(population).label
    active = charts.line_chart(
        _("Actively homeless at the end of each month (%(population)s)") % {"population": name},
        labels,
        [charts.Series(_("Actively homeless"), [line.figures["active"] for line in lines])],
        chart_id="flow-active-chart",
        x_header=_("Month"),
        long_labels=[charts.month_name(line.month) for line in lines],
    )
    inflow = [line.figures["inflow"] for line in lines]
    outflow = [line.figures["outflow"] for line in lines]
    if lines:
        summary = _(
            "From %(start)s to %(end)s, %(inflow)s came onto the list and %(outflow)s left it."
        ) % {
            "start": charts.month_name(lines[0].month),
            "end": charts.month_name(lines[-1].month),
            "inflow": charts.format_number(sum(inflow)),
            "outflow": charts.format_number(sum(outflow)),
        }
    else:
        summary = _("No data.")
    moves = charts.bar_chart(
        _("Inflow and outflow each month (%(population)s)") % {"population": name},
        labels,
        [charts.Series(_("Inflow"), inflow), charts.Series(_("Outflow"), outflow)],
        chart_id="flow-moves-chart",
        x_header=_("Month"),
        summary=summary,
    )
    return [active, moves]


@login_required
@require_GET
def monthly_flow(request: AuthenticatedRequest) -> HttpResponse:
    form, report = _flow_report(request)
    base = reverse("reports:by_name_list")
    narrowed = {}
    if report.program is not None:
        narrowed["program"] = str(report.program.pk)
    elif report.organization is not None:
        narrowed["organization"] = str(report.organization.pk)
    chosen = (form.cleaned_data.get("population") if form.is_valid() else "") or Population.ALL
    tables = []
    for population in Population.values:
        lines = report.lines.get(population, [])
        rows = []
        for line in lines:
            month = line.month.strftime("%Y-%m")

            def link(flow: str, month: str = month, population: str = population) -> str:
                query = {"month": month, "flow": flow}
                if population != Population.ALL:
                    query["population"] = population
                query.update(narrowed)
                return f"{base}?{urlencode(query)}"

            rows.append(
                {
                    "line": line,
                    "links": {c: link(c) for c in (*CATEGORIES, "active")},
                }
            )
        tables.append({"population": Population(population), "rows": rows})
    return render(
        request,
        "reports/monthly_flow.html",
        {
            "form": form,
            "report": report,
            "tables": tables,
            "inflow": [(c, FLOW_LABELS[c]) for c in INFLOW],
            "outflow": [(c, FLOW_LABELS[c]) for c in OUTFLOW],
            "publish_form": PublishForm(),
            "charts": _flow_charts(report, chosen),
        },
    )


@login_required
@require_GET
def monthly_flow_csv(request: AuthenticatedRequest) -> HttpResponse:
    _form, report = _flow_report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="monthly-flow.csv"'
    writer = csv.writer(response)
    columns = ["active", *CATEGORIES, "inflow", "outflow", "correction", "net"]
    writer.writerow(
        ["month", "population", "previous_active", *columns, "net_percent", "published"]
    )
    for population, lines in report.lines.items():
        for line in lines:
            figures = {**line.figures, "correction": line.correction}
            writer.writerow(
                [
                    line.month.strftime("%Y-%m"),
                    population,
                    line.reference,
                    *[figures.get(c, 0) for c in columns],
                    "" if line.net_percent is None else line.net_percent,
                    "yes" if line.published else "no",
                ]
            )
    return response


@login_required
@require_POST
def monthly_flow_publish(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_report_coordinator(request.user)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.month_publish(acting_user=user, month=form.cleaned_data["month"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The figures of %(month)s are published.")
                % {"month": form.cleaned_data["month"].strftime("%Y-%m")},
            )
            return redirect("reports:monthly_flow")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("reports:monthly_flow")


@login_required
@require_http_methods(["GET", "POST"])
def priority_rules(request: AuthenticatedRequest) -> HttpResponse:
    """The community's prioritization rules: every reader of the by-name list
    reads them; coordinators change them, after a confirmation step that
    lists the changes (audited, no client data)."""
    user = access.require_by_name_list_reader(request.user)
    can_change = access.can_change_priority_rules(user)
    rules = list(PriorityRule.objects.order_by("position", "criterion"))
    forms = priority_rule_forms(rules)
    confirm: list[dict[str, object]] = []
    if request.method == "POST":
        access.require_priority_rules_editor(user)
        forms = priority_rule_forms(rules, request.POST)
        if all(f.is_valid() for f in forms):
            changes = {f.rule.criterion: f.changes() for f in forms if f.changes()}
            if not changes:
                messages.info(request, _("Nothing changed."))
                return redirect("reports:priority_rules")
            if request.POST.get("confirm") == "yes":
                try:
                    services.priority_rules_update(acting_user=user, changes=changes)
                except ValidationError as exc:
                    for error in exc.messages:
                        messages.error(request, error)
                else:
                    messages.success(request, _("The prioritization rules are changed."))
                    return redirect("reports:priority_rules")
            else:
                confirm = _rule_changes(forms)
    return render(
        request,
        "reports/priority_rules.html",
        {"forms": forms, "can_change": can_change, "confirm": confirm},
    )


def _rule_changes(forms: list[PriorityRuleForm]) -> list[dict[str, object]]:
    """What the confirmation step lists: rule, field, value before and after."""
    lines: list[dict[str, object]] = []
    for form in forms:
        for name, value in form.changes().items():
            lines.append(
                {
                    "rule": form.rule,
                    "field": form.fields[name].label,
                    "before": _shown(getattr(form.rule, name)),
                    "after": _shown(value),
                }
            )
    return lines


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)
