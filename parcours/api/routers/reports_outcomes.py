"""API route of the outcomes report: partner staff (403 outside the network,
or for a program or organization they may not filter on); coordinators read
the network's figures and the Reaching Home community figures, other staff
over the persons they may see; a drill-down names a person only where the
user may see the record and the figure's data, and is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router

from parcours import access
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.reports_outcomes_schemas import (
    OutcomesFigure,
    OutcomesFilter,
    OutcomesOut,
    OutcomesPerson,
)
from parcours.reports import services
from parcours.reports.forms import MonthRangeForm
from parcours.reports.outcomes import drill_down, outcomes_report

router = Router(tags=["reports"])


@router.get(
    "/reports/outcomes",
    response={200: OutcomesOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Outcomes of a period, each figure with the persons behind it",
)
def outcomes(request: HttpRequest, filters: Query[OutcomesFilter]) -> OutcomesOut:
    user = access.require_by_name_list_reader(deps.signed_in(request))
    form = MonthRangeForm({"first": filters.first, "last": filters.last})
    if not form.is_valid():
        raise ValidationError({f: list(messages) for f, messages in form.errors.items()})
    first, last = form.cleaned_data.get("first"), form.cleaned_data.get("last")
    report = outcomes_report(
        user,
        first=first,
        last=last,
        organization_id=filters.organization,
        program_id=filters.program,
        team_id=filters.team,
    )
    chosen = drill_down(report, filters.figure)
    people: list[OutcomesPerson] = []
    if chosen is not None:
        people = [
            OutcomesPerson(
                client_id=e.client_id,
                name=e.name if e.shared else None,
                value=e.value,
                counted=e.counted,
            )
            for e in chosen.people
        ]
        services.by_name_list_viewed(
            acting_user=user,
            query="",
            client_ids=[e.client_id for e in chosen.people if e.client_id is not None],
            via="api",
            section="outcomes",
        )
    return OutcomesOut(
        period_start=report.period.start,
        period_end=report.period.end,
        network_counts=report.network_counts,
        figures=[
            OutcomesFigure(
                group=f.group,
                key=f.key,
                label=f.label,
                value=f.value,
                unit=f.unit,
                numerator=f.numerator,
                denominator=f.denominator,
                persons=f.persons,
                mean=f.extra.get("mean"),
            )
            for f in report.figures
        ],
        figure=chosen.key if chosen else "",
        people=people,
    )
