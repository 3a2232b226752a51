"""API routes of the income-support and ID-document trackers of a client
(financial-category client data). A client or tracker the caller may not see
is a 404; the financial category not shared is a 403; bad input is a 422
with translated messages and nothing is written. Reads are audited."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from parcours import access
from parcours.access.clients import ClientAccess
from parcours.api import deps
from parcours.api.community_schemas import (
    BenefitApplicationIn,
    BenefitApplicationOut,
    BenefitApplicationPatch,
    IdDocumentIn,
    IdDocumentOut,
    IdDocumentPatch,
)
from parcours.api.errors import ErrorOut
from parcours.casework.models import Goal
from parcours.clients.services import client_record_viewed
from parcours.community import selectors, services
from parcours.community.models import BenefitApplication, IdDocumentRequest

router = Router(tags=["community"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _goal(goal_id: uuid.UUID | None) -> Goal | None:
    if goal_id is None:
        return None
    goal = Goal.objects.select_related("plan").filter(pk=goal_id).first()
    if goal is None:
        raise ValidationError({"goal_id": _("No goal has this id.")})
    return goal


def _api_fields(exc: ValidationError) -> ValidationError:
    """The service names the goal ``goal``; the API calls it ``goal_id``."""
    if hasattr(exc, "error_dict") and "goal" in exc.error_dict:
        exc.error_dict["goal_id"] = exc.error_dict.pop("goal")
    return exc


def _patched(data: Any, changes: dict[str, Any], clearable: set[str]) -> None:
    """Apply a PATCH's fields to the tracker's data: ``goal_id`` names a goal;
    a null clears only the ``clearable`` fields (the others keep their value)."""
    for name, value in changes.items():
        if name == "goal_id":
            data.goal = _goal(value)
        elif value is not None or name in clearable:
            setattr(data, name, getattr(value, "value", value))


def _writer(request: HttpRequest, client_id: uuid.UUID) -> tuple[Any, ClientAccess]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    access.require_tracker_writer(client_access)
    return user, client_access


# --- Income support applications ------------------------------------------------------------

BENEFITS = "/clients/{client_id}/benefit-applications"


@router.get(
    BENEFITS,
    response={200: list[BenefitApplicationOut], **ERRORS},
    summary="The client's income support applications the caller may see, open ones first",
)
def benefit_list(request: HttpRequest, client_id: uuid.UUID) -> list[BenefitApplication]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="benefit_applications"
    )
    return list(selectors.client_benefit_applications(client_access))


@router.post(
    BENEFITS,
    response={201: BenefitApplicationOut, **ERRORS},
    summary="Record an application of the client to an income program",
)
def benefit_create(
    request: HttpRequest, client_id: uuid.UUID, payload: BenefitApplicationIn
) -> Status[BenefitApplication]:
    user, client_access = _writer(request, client_id)
    try:
        application = services.benefit_application_create(
            acting_user=user,
            client_access=client_access,
            data=services.BenefitData(
                program=payload.program.value,
                program_name=payload.program_name,
                status=payload.status.value,
                started_on=payload.started_on or timezone.localdate(),
                submitted_on=payload.submitted_on,
                decided_on=payload.decided_on,
                next_step=payload.next_step,
                next_step_due=payload.next_step_due,
                outcome=payload.outcome,
                monthly_amount=payload.monthly_amount,
                notes=payload.notes,
                goal=_goal(payload.goal_id),
            ),
        )
    except ValidationError as exc:
        raise _api_fields(exc) from None
    return Status(201, selectors.benefit_application_get(user, application.pk)[0])


@router.patch(
    "/community/benefit-applications/{application_id}",
    response={200: BenefitApplicationOut, **ERRORS},
    summary="Change an income support application (status, dates, next step, outcome…)",
)
def benefit_patch(
    request: HttpRequest, application_id: uuid.UUID, payload: BenefitApplicationPatch
) -> BenefitApplication:
    user = deps.partner_staff(request)
    application, client_access = selectors.benefit_application_get(user, application_id)
    access.require_tracker_writer(client_access)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    data = services.benefit_data_of(application)
    _patched(data, changes, {"submitted_on", "decided_on", "next_step_due", "monthly_amount"})
    try:
        services.benefit_application_update(
            acting_user=user,
            client_access=client_access,
            application=application,
            data=data,
            version=version,
        )
    except ValidationError as exc:
        raise _api_fields(exc) from None
    return selectors.benefit_application_get(user, application_id)[0]


# --- ID documents --------------------------------------------------------------------------

DOCUMENTS = "/clients/{client_id}/id-documents"


@router.get(
    DOCUMENTS,
    response={200: list[IdDocumentOut], **ERRORS},
    summary="The client's ID document requests the caller may see, open ones first",
)
def document_list(request: HttpRequest, client_id: uuid.UUID) -> list[IdDocumentRequest]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="id_documents"
    )
    return list(selectors.client_id_documents(client_access))


@router.post(
    DOCUMENTS,
    response={201: IdDocumentOut, **ERRORS},
    summary="Record an ID document the client needs replaced",
)
def document_create(
    request: HttpRequest, client_id: uuid.UUID, payload: IdDocumentIn
) -> Status[IdDocumentRequest]:
    user, client_access = _writer(request, client_id)
    try:
        document = services.id_document_create(
            acting_user=user,
            client_access=client_access,
            data=services.DocumentData(
                document=payload.document.value,
                document_detail=payload.document_detail,
                status=payload.status.value,
                requested_on=payload.requested_on,
                resolved_on=payload.resolved_on,
                fee_paid=payload.fee_paid,
                next_step=payload.next_step,
                next_step_due=payload.next_step_due,
                notes=payload.notes,
                goal=_goal(payload.goal_id),
            ),
        )
    except ValidationError as exc:
        raise _api_fields(exc) from None
    return Status(201, selectors.id_document_get(user, document.pk)[0])


@router.patch(
    "/community/id-documents/{request_id}",
    response={200: IdDocumentOut, **ERRORS},
    summary="Change an ID document request (status, dates, next step, fee…)",
)
def document_patch(
    request: HttpRequest, request_id: uuid.UUID, payload: IdDocumentPatch
) -> IdDocumentRequest:
    user = deps.partner_staff(request)
    document, client_access = selectors.id_document_get(user, request_id)
    access.require_tracker_writer(client_access)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    data = services.document_data_of(document)
    _patched(data, changes, {"requested_on", "resolved_on", "next_step_due"})
    try:
        services.id_document_update(
            acting_user=user,
            client_access=client_access,
            request=document,
            data=data,
            version=version,
        )
    except ValidationError as exc:
        raise _api_fields(exc) from None
    return selectors.id_document_get(user, request_id)[0]


__all__ = ["router"]
