"""API routes of the reports: the by-name list (partner staff; network counts
for coordinators, names only where allowed; 403 for staff outside the
network) and the monthly flow (coordinators; 403 for others), with the
publication of a closed month (422 when the month is open or published)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from parcours import access
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.reports_schemas import (
    ByNameListFilter,
    ByNameListOut,
    ByNameListRow,
    MonthFlowFilter,
    MonthFlowLine,
    MonthlyFlowOut,
    PublishIn,
    PublishOut,
)
from parcours.reports import selectors, services
from parcours.reports.forms import MonthRangeForm, parse_month

router = Router(tags=["reports"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


def _month(value: str, field: str) -> object:
    if not value:
        return None
    try:
        return parse_month(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _row(row: selectors.Row) -> ByNameListRow:
    s = row.status
    shared = row.client_id is not None
    housing = row.housing_shared
    return ByNameListRow(
        shared=shared,
        housing_shared=housing,
        client_id=row.client_id,
        name=row.name,
        housing_status=s.housing if housing else selectors.NOT_SHARED,
        activity_status=s.activity,
        list_status=s.list_status if housing else selectors.NOT_SHARED,
        first_contact=s.first_contact if shared else None,
        last_activity=s.last_activity if shared else None,
        homeless_days_past_year=s.days_past_year if shared and housing else None,
        chronic=s.chronic if housing else None,
        indigenous=s.indigenous if shared else None,
        youth=s.youth if shared else None,
        family=s.family if shared else None,
        priority_score=row.priority.score if row.priority and row.priority_shown else None,
        priority_rank=row.rank if row.priority_shown else None,
        priority_reasons=(
            list(row.priority.reasons) if row.priority and row.priority_shown and shared else None
        ),
    )


@router.get(
    "/reports/by-name-list",
    response={200: ByNameListOut, **ERRORS},
    summary="The by-name list: persons with their housing and activity status",
)
def by_name_list(request: HttpRequest, filters: Query[ByNameListFilter]) -> ByNameListOut:
    user = access.require_by_name_list_reader(deps.signed_in(request))
    month = _month(filters.month, "month")
    result = selectors.by_name_list(
        user,
        selectors.ListFilters(
            on=filters.on,
            housing=filters.housing,
            activity=filters.activity,
            status=filters.status,
            population=filters.population,
            q=filters.q,
            sort=filters.sort,
            month=month,  # type: ignore[arg-type]
            flow=filters.flow,
        ),
    )
    page = result.rows[filters.offset : filters.offset + filters.limit]
    services.by_name_list_viewed(
        acting_user=user,
        query=filters.q,
        client_ids=[r.client_id for r in page if r.client_id is not None],
        via="api",
    )
    return ByNameListOut(
        on=result.on,
        network_counts=result.network_counts,
        total=result.total,
        counts_by_housing=result.counts_by_housing,
        counts_by_activity=result.counts_by_activity,
        counts_by_status=result.counts_by_status,
        count=len(result.rows),
        items=[_row(r) for r in page],
    )


@router.get(
    "/reports/monthly-flow",
    response={200: MonthlyFlowOut, **ERRORS},
    summary="The monthly inflow and outflow of the by-name list (coordinators)",
)
def monthly_flow(request: HttpRequest, filters: Query[MonthFlowFilter]) -> MonthlyFlowOut:
    user = access.require_report_coordinator(deps.signed_in(request))
    # The page's form checks the months and the organization or program the
    # user may narrow the flow to (422 otherwise).
    form = MonthRangeForm(
        {
            "first": filters.first,
            "last": filters.last,
            "organization": str(filters.organization or ""),
            "program": str(filters.program or ""),
        },
        user=user,
    )
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    data = form.cleaned_data
    report = selectors.monthly_flow_report(
        user,
        first=data.get("first"),
        last=data.get("last"),
        organization=data.get("organization"),
        program=data.get("program"),
    )
    lines = [
        MonthFlowLine(
            month=line.month.strftime("%Y-%m"),
            population=population,
            previous_active=line.reference,
            figures={**line.figures, "correction": line.correction},
            correction=line.correction,
            balanced=line.balanced,
            net_percent=line.net_percent,
            published_at=line.published.published_at if line.published else None,
        )
        for population, monthly in report.lines.items()
        for line in monthly
    ]
    return MonthlyFlowOut(
        first=report.first.strftime("%Y-%m"), last=report.last.strftime("%Y-%m"), lines=lines
    )


@router.post(
    "/reports/monthly-flow/publish",
    response={201: PublishOut, **ERRORS},
    summary="Publish the figures of a closed month (coordinators)",
)
def publish(request: HttpRequest, payload: PublishIn) -> Status[PublishOut]:
    user = access.require_report_coordinator(deps.signed_in(request))
    month = parse_month(payload.month)
    rows = services.month_publish(acting_user=user, month=month)
    return Status(
        201,
        PublishOut(month=payload.month, populations=[r.population for r in rows]),
    )
