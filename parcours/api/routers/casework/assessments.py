"""Acuity assessments and the worklist."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from parcours import access
from parcours.api import deps
from parcours.api.casework_schemas import (
    AcuityAssessmentIn,
    AcuityAssessmentOut,
    WorkItemOut,
)
from parcours.api.errors import ErrorOut
from parcours.api.routers.casework.common import (
    NOT_FOUND,
    _staff,
)
from parcours.casework import selectors, services, worklist
from parcours.casework.models import Assessment
from parcours.casework.worklist import WorkItem
from parcours.clients.services import client_record_viewed

router = Router(tags=["casework"])


@router.get(
    "/clients/{client_id}/assessments",
    response={200: list[AcuityAssessmentOut], **NOT_FOUND},
    summary="The client's acuity assessments the caller may see, newest first",
)
def assessment_list(request: HttpRequest, client_id: uuid.UUID) -> list[Assessment]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="assessments"
    )
    return list(selectors.assessments_for(client_access))


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AcuityAssessmentOut, **NOT_FOUND},
    summary="Score and record an acuity assessment ({question code: answer code})",
    description=(
        "The recommendation comes from the instrument's bands; `chosen_level` other than "
        "the recommendation needs `override_reason`."
    ),
)
def assessment_create(
    request: HttpRequest, client_id: uuid.UUID, payload: AcuityAssessmentIn
) -> Status[Assessment]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    instrument = selectors.active_instruments().filter(code=payload.instrument).first()
    if instrument is None:
        raise ValidationError({"instrument": [_("Unknown instrument.")]})
    assessment = services.assessment_record(
        acting_user=user,
        client_access=client_access,
        instrument=instrument,
        answers=payload.answers,
        assessed_on=payload.assessed_on,
        chosen_level=payload.chosen_level.value if payload.chosen_level else "",
        override_reason=payload.override_reason,
        notes=payload.notes,
    )
    return Status(201, selectors.assessment_get_for_user(user, assessment.pk)[0])


@router.get(
    "/worklist",
    response={200: list[WorkItemOut], 401: ErrorOut, 404: ErrorOut},
    summary="The caller's worklist, or one of their teams' (`team`)",
)
def worklist_items(request: HttpRequest, team: uuid.UUID | None = None) -> list[WorkItem]:
    user = _staff(deps.signed_in(request))
    chosen = selectors.worklist_team_get(user, team)
    items = worklist.worklist(user, team=chosen)
    services.worklist_viewed(
        acting_user=user, team=chosen, client_ids=[i.client.pk for i in items], via="api"
    )
    return items
