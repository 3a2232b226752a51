"""API route of the fidelity report: partner staff (403 outside the
network); coordinators read every program's figures, other staff their own
programs; the clients behind a figure are named only for the programs whose
caseload the user sees and the clients they may see."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router

from parcours import access
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.reports_fidelity_schemas import (
    FidelityClient,
    FidelityFilter,
    FidelityItemOut,
    FidelityOut,
    FidelityUnitOut,
)
from parcours.reports import services
from parcours.reports.fidelity import WINDOW_WEEKS, drill_down, fidelity_report
from parcours.reports.fidelity_views import FidelityForm

router = Router(tags=["reports"])


@router.get(
    "/reports/fidelity",
    response={200: FidelityOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Fidelity to the model standards, per program and team, with 1–5 ratings",
)
def fidelity(request: HttpRequest, filters: Query[FidelityFilter]) -> FidelityOut:
    user = access.require_fidelity_reader(deps.signed_in(request))
    # The page's form checks the filters the user may use (422 otherwise).
    form = FidelityForm(
        {name: str(value) for name, value in filters.dict().items() if value not in (None, "")},
        user=user,
    )
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    data = form.cleaned_data
    organization, team = data.get("organization"), data.get("team")
    report = fidelity_report(
        user,
        program_id=filters.program if filters.item else None,
        organization_id=organization.pk if organization is not None else None,
        team_id=team.pk if team is not None and not filters.item else None,
        weeks=data.get("weeks") or WINDOW_WEEKS[0],
    )
    chosen = drill_down(report, filters.program, filters.team, filters.item)
    clients: list[FidelityClient] = []
    if chosen is not None:
        unit, item = chosen
        clients = [
            FidelityClient(
                client_id=c.client_id if unit.names_allowed else None,
                name=c.name if unit.names_allowed else None,
                value=c.value,
                counted=c.counted,
            )
            for c in item.clients
        ]
        if unit.names_allowed:
            services.by_name_list_viewed(
                acting_user=user,
                query="",
                client_ids=[c.client_id for c in item.clients],
                via="api",
                section="fidelity",
            )
    return FidelityOut(
        on=report.on,
        units=[
            FidelityUnitOut(
                program_id=u.program.pk,
                program=u.program.name,
                organization=u.program.organization.name,
                team_id=u.team.pk if u.team else None,
                team=u.team.name if u.team else None,
                model=u.standard.model,
                staff=u.staff,
                items=[
                    FidelityItemOut(
                        item=i.code,
                        label=str(i.label),
                        value=i.value,
                        display=i.display,
                        standard=i.standard,
                        rating=i.rating,
                        counted=i.counted,
                        total=i.total,
                    )
                    for i in u.items
                ],
            )
            for u in report.units
        ],
        human_items=report.human_items,
        clients=clients,
    )
