"""API routes of stigma and advocacy: a client's incidents, which only the
organization that recorded them sees (a client the caller may not see is a
404; an incident of another organization is a 404), and the network's
de-identified counts for coordinators (a 403 for others). Bad input is a 422
with translated messages and nothing is written. Reads of a client's
incidents are audited."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from parcours import access
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.stigma_schemas import (
    StigmaIncidentIn,
    StigmaIncidentOut,
    StigmaIncidentPatch,
    StigmaReportOut,
)
from parcours.clients.services import client_record_viewed
from parcours.community.models import StigmaIncident
from parcours.community.selectors import stigma as selectors
from parcours.community.selectors.stigma import StigmaReport
from parcours.community.services import stigma as services

router = Router(tags=["community"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
INCIDENTS = "/clients/{client_id}/stigma-incidents"


@router.get(
    INCIDENTS,
    response={200: list[StigmaIncidentOut], **ERRORS},
    summary="The client's stigma incidents the caller's organization recorded",
)
def incident_list(request: HttpRequest, client_id: uuid.UUID) -> list[StigmaIncident]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="stigma_incidents"
    )
    return list(selectors.client_stigma_incidents(client_access))


@router.post(
    INCIDENTS,
    response={201: StigmaIncidentOut, **ERRORS},
    summary="Record discrimination the client met at a provider outside the network",
)
def incident_create(
    request: HttpRequest, client_id: uuid.UUID, payload: StigmaIncidentIn
) -> Status[StigmaIncident]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    values = payload.model_dump()
    incident = services.stigma_incident_record(
        acting_user=user,
        client_access=client_access,
        data=services.IncidentData(
            **{
                **values,
                "provider_kind": payload.provider_kind.value,
                "grounds": [g.value for g in payload.grounds],
                "outcome": payload.outcome.value,
            }
        ),
    )
    return Status(201, selectors.stigma_incident_get(user, incident.pk)[0])


@router.patch(
    "/stigma-incidents/{incident_id}",
    response={200: StigmaIncidentOut, **ERRORS},
    summary="Change an incident: the advocacy done, its outcome, a correction",
)
def incident_patch(
    request: HttpRequest, incident_id: uuid.UUID, payload: StigmaIncidentPatch
) -> StigmaIncident:
    user = deps.partner_staff(request)
    incident, client_access = selectors.stigma_incident_get(user, incident_id)
    data = services.incident_data_of(incident)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None and name != "outcome_on":
            continue
        if name == "grounds":
            value = [getattr(g, "value", g) for g in value]
        setattr(data, name, getattr(value, "value", value))
    services.stigma_incident_update(
        acting_user=user, client_access=client_access, incident=incident, data=data
    )
    return selectors.stigma_incident_get(user, incident_id)[0]


class ReportFilters(Schema):
    since: dt.date | None = None
    until: dt.date | None = None


@router.get(
    "/reports/stigma",
    response={200: StigmaReportOut, **ERRORS},
    summary="Every partner's incidents by provider and by kind of service, per ground, de-identified",
)
def stigma_report(request: HttpRequest, filters: Query[ReportFilters]) -> StigmaReport:
    user = deps.partner_staff(request)
    if not access.can_view_stigma_report(user):
        raise PermissionDenied(_("The stigma report is for coordinators and administrators."))
    if filters.since and filters.until and filters.until < filters.since:
        raise ValidationError({"until": _("The end of the period cannot come before its start.")})
    return selectors.stigma_report(user, since=filters.since, until=filters.until)
