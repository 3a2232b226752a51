"""API routes of coordination: institution stays and discharge planning.

``/clients/{id}/institution-stays`` (list, record an admission),
``/institution-stays/{id}`` (change: expected date, contact, note, with
optimistic ``version``), ``/institution-stays/{id}/discharge`` and
``/discharges`` (the alerts list). Stays are case-plan data: a client the
caller may not see is a 404; a partner without the case plan sees none of
the stays others recorded and may not record one (403). Bad input is a 422
with the one error shape, and nothing is written."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.accounts.models import Organization, Program, User
from parcours.api import deps
from parcours.api.coordination_institutions_schemas import (
    InstitutionDischargeIn,
    InstitutionDischargesPageOut,
    InstitutionStayIn,
    InstitutionStayOut,
    InstitutionStayPatch,
)
from parcours.api.errors import ErrorOut
from parcours.api.pagination import PageInput
from parcours.casework.selectors import workers_for_enrollment
from parcours.casework.services import StaleEdit
from parcours.clients.services import client_record_viewed
from parcours.coordination.models import DischargeTask, InstitutionStay
from parcours.coordination.selectors import institutions as selectors
from parcours.coordination.services import institutions as services

router = Router(tags=["institutions"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_STAYS = 500


def _reloaded(stay_id: uuid.UUID) -> InstitutionStay:
    return (
        InstitutionStay.objects.select_related("institution", "organization")
        .prefetch_related(
            Prefetch("tasks", queryset=DischargeTask.objects.select_related("assigned_to"))
        )
        .get(pk=stay_id)
    )


def _institution(institution_id: uuid.UUID | None) -> Organization | None:
    if institution_id is None:
        return None
    institution = selectors.institutions().filter(pk=institution_id).first()
    if institution is None:
        raise ValidationError({"institution_id": [_("Unknown institution of the network.")]})
    return institution


def _cti(
    user: User, program_id: uuid.UUID | None, worker_id: uuid.UUID | None
) -> tuple[Program | None, User | None]:
    program = None
    if program_id is not None:
        program = selectors.cti_programs_for(user).filter(pk=program_id).first()
        if program is None:
            raise ValidationError(
                {"cti_program_id": [_("Choose a CTI program of your organization.")]}
            )
    worker = None
    if worker_id is not None:
        worker = workers_for_enrollment(user).filter(pk=worker_id).first()
        if worker is None:
            raise ValidationError(
                {"cti_primary_worker_id": [_("Unknown staff member of your organization.")]}
            )
    return program, worker


@router.get(
    "/clients/{client_id}/institution-stays",
    response={200: list[InstitutionStayOut], **ERRORS},
    summary="The client's institution stays the caller may see, with their tasks",
    description=(
        "Stays the caller's organization recorded, and every stay when the client "
        "shares the case plan with it (less lock-boxes). Newest first, at most 500."
    ),
)
def stay_list(request: HttpRequest, client_id: uuid.UUID) -> list[InstitutionStay]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="institutions"
    )
    return list(
        selectors.stays_for(client_access).prefetch_related(
            Prefetch("tasks", queryset=DischargeTask.objects.select_related("assigned_to"))
        )[:MAX_STAYS]
    )


@router.post(
    "/clients/{client_id}/institution-stays",
    response={201: InstitutionStayOut, **ERRORS},
    summary="Record an admission to an institution",
    description=(
        "One open stay per client. The client's workers are notified; two follow-up "
        "tasks are made (contact the institution tomorrow, plan the destination three "
        "days before the expected discharge, or a week after admission without a date)."
    ),
)
def stay_create(
    request: HttpRequest, client_id: uuid.UUID, payload: InstitutionStayIn
) -> Status[InstitutionStay]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    stay = services.institution_stay_admit(
        acting_user=user,
        client_access=client_access,
        kind=payload.kind.value,
        institution=_institution(payload.institution_id),
        institution_name=payload.institution_name,
        contact=payload.contact,
        admitted_on=payload.admitted_on,
        expected_discharge_on=payload.expected_discharge_on,
        learned_from=payload.learned_from.value,
        note=payload.note,
    )
    return Status(201, _reloaded(stay.pk))


@router.patch(
    "/institution-stays/{stay_id}",
    response={200: InstitutionStayOut, 409: ErrorOut, **ERRORS},
    summary="Change an open stay: expected discharge date, contact, note (optimistic `version`)",
    description="The 'plan the destination' task moves with the expected discharge date.",
)
def stay_patch(
    request: HttpRequest, stay_id: uuid.UUID, payload: InstitutionStayPatch
) -> InstitutionStay:
    user = deps.partner_staff(request)
    stay, client_access = selectors.stay_get_for_change(user, stay_id)
    given = payload.model_fields_set
    try:
        services.institution_stay_update(
            acting_user=user,
            client_access=client_access,
            stay=stay,
            expected_version=payload.version,
            expected_discharge_on=(
                payload.expected_discharge_on
                if "expected_discharge_on" in given
                else stay.expected_discharge_on
            ),
            contact=payload.contact if payload.contact is not None else stay.contact,
            note=payload.note if payload.note is not None else stay.note,
        )
    except StaleEdit as exc:
        raise HttpError(409, str(exc)) from exc
    return _reloaded(stay.pk)


@router.post(
    "/institution-stays/{stay_id}/discharge",
    response={200: InstitutionStayOut, **ERRORS},
    summary="Record the discharge and the destination",
    description=(
        "The client's workers are notified. An unknown destination, the street or a "
        "shelter makes a 'find a destination' task. With `cti_program_id`, a CTI "
        "enrollment starts on the discharge date (if refused, nothing is written)."
    ),
)
def stay_discharge(
    request: HttpRequest, stay_id: uuid.UUID, payload: InstitutionDischargeIn
) -> InstitutionStay:
    user = deps.partner_staff(request)
    stay, client_access = selectors.stay_get_for_change(user, stay_id)
    program, worker = _cti(user, payload.cti_program_id, payload.cti_primary_worker_id)
    services.institution_stay_discharge(
        acting_user=user,
        client_access=client_access,
        stay=stay,
        discharged_on=payload.discharged_on,
        destination=payload.destination.value,
        cti_program=program,
        cti_primary_worker=worker,
    )
    return _reloaded(stay.pk)


@router.get(
    "/discharges",
    response={200: InstitutionDischargesPageOut, **ERRORS},
    summary="Clients in an institution, most urgent first (paginated)",
    description=(
        "Open stays the caller may see: expected discharge passed (`overdue`), due "
        "within 7 days (`due_soon`), then the others, with days in institution."
    ),
)
def discharges(request: HttpRequest, page: Query[PageInput]) -> dict[str, object]:
    user = deps.partner_staff(request)
    qs = selectors.discharge_alerts(user)
    items = list(qs[page.offset : page.offset + page.limit])
    services.institution_stays_viewed(
        acting_user=user, section="discharges", client_ids=[s.client_id for s in items], via="api"
    )
    return {"items": items, "count": qs.count()}
