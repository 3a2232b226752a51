"""API routes of housing budgets, financial assistance and housing
applications.

Budgets are program data (403 for those who may not see budgets, 404 for
one they do not see). Assistance is financial-category client data and
applications housing-category client data: 404 for a client the caller may
not see, 403 when the category is not shared with them. Bad input (an amount
of 0 or less, an end before the start, beyond the remaining budget without
a coordinator's override) is a 422 and nothing is written."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from parcours import access
from parcours.access.housing import landlords_visible_to
from parcours.access.housing_finance import (
    budgets_open_for_requests,
    require_application_writer,
    require_assistance_requester,
    require_payment_recorder,
)
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.housing_finance_schemas import (
    ApplicationIn,
    ApplicationOut,
    ApplicationPatch,
    ApproveIn,
    AssistanceIn,
    AssistanceOut,
    BudgetOut,
    PaymentIn,
    PaymentOut,
    RefuseIn,
)
from parcours.api.pagination import Pagination
from parcours.clients import services as client_services
from parcours.housing import applications, finance
from parcours.housing import finance_selectors as selectors
from parcours.housing.models import (
    AssistancePayment,
    FinancialAssistance,
    HousingApplication,
    HousingBudget,
)

router = Router(tags=["housing finance"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- Budgets ---------------------------------------------------------------------------


@router.get(
    "/housing/budgets",
    response={200: list[BudgetOut], **ERRORS},
    summary="Budgets with what is committed, spent and remaining (paginated)",
)
@paginate(Pagination)
def budget_list(request: HttpRequest) -> QuerySet[HousingBudget]:
    return selectors.budget_list(deps.partner_staff(request))


@router.get(
    "/housing/budgets/{budget_id}",
    response={200: BudgetOut, **ERRORS},
    summary="One budget",
)
def budget_detail(request: HttpRequest, budget_id: uuid.UUID) -> HousingBudget:
    return selectors.budget_get(deps.partner_staff(request), budget_id)


@router.get(
    "/housing/budgets/{budget_id}/assistance",
    response={200: list[AssistanceOut], **ERRORS},
    summary="A budget's lines (the client only where the caller may see it)",
)
@paginate(Pagination)
def budget_lines(request: HttpRequest, budget_id: uuid.UUID) -> QuerySet[FinancialAssistance]:
    user = deps.partner_staff(request)
    return selectors.budget_lines(user, selectors.budget_get(user, budget_id))


# --- Financial assistance --------------------------------------------------------------


@router.get(
    "/clients/{client_id}/financial-assistance",
    response={200: list[AssistanceOut], **ERRORS},
    summary="A client's financial assistance the caller may see, newest first",
)
def assistance_list(request: HttpRequest, client_id: uuid.UUID) -> list[FinancialAssistance]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    require_assistance_requester(client_access)
    client_services.client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="financial_assistance"
    )
    return list(selectors.client_assistance(client_access))


@router.post(
    "/clients/{client_id}/financial-assistance",
    response={201: AssistanceOut, **ERRORS},
    summary="Request financial assistance from a budget (it waits for a decision)",
)
def assistance_create(
    request: HttpRequest, client_id: uuid.UUID, payload: AssistanceIn
) -> Status[FinancialAssistance]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    require_assistance_requester(client_access)
    budget = budgets_open_for_requests(user).filter(pk=payload.budget_id).first()
    if budget is None:
        raise ValidationError({"budget_id": _("No budget open for requests has this id.")})
    landlord = None
    if payload.landlord_id is not None:
        landlord = landlords_visible_to(user).filter(pk=payload.landlord_id).first()
        if landlord is None:
            raise ValidationError({"landlord_id": _("No landlord has this id.")})
    line = finance.assistance_request(
        acting_user=user,
        client_access=client_access,
        data=finance.AssistanceRequest(
            budget=budget,
            kind=payload.kind.value,
            amount=payload.amount,
            period_start=payload.period_start,
            period_end=payload.period_end,
            payee=payload.payee,
            landlord=landlord,
            note=payload.note,
        ),
    )
    return Status(201, selectors.assistance_get(user, line.pk).assistance)


def _line(user: Any, assistance_id: uuid.UUID) -> FinancialAssistance:
    view = selectors.assistance_get(user, assistance_id)
    line = view.assistance
    line.shows_client = view.shows_client  # type: ignore[attr-defined]
    return line


@router.get(
    "/housing/financial-assistance/{assistance_id}",
    response={200: AssistanceOut, **ERRORS},
    summary="One line of financial assistance",
)
def assistance_detail(request: HttpRequest, assistance_id: uuid.UUID) -> FinancialAssistance:
    user = deps.partner_staff(request)
    view = selectors.assistance_get(user, assistance_id)
    if view.client_access is not None:
        client_services.client_record_viewed(
            acting_user=user,
            client_access=view.client_access,
            via="api",
            section="financial_assistance",
        )
    return _line(user, assistance_id)


@router.post(
    "/housing/financial-assistance/{assistance_id}/approve",
    response={200: AssistanceOut, **ERRORS},
    summary="Approve a request (threshold, remaining budget and override rules apply)",
)
def assistance_approve(
    request: HttpRequest, assistance_id: uuid.UUID, payload: ApproveIn
) -> FinancialAssistance:
    user = deps.partner_staff(request)
    line = selectors.assistance_get(user, assistance_id).assistance
    finance.assistance_approve(
        acting_user=user,
        assistance=line,
        override=payload.override,
        override_reason=payload.override_reason,
        note=payload.note,
    )
    return _line(user, assistance_id)


@router.post(
    "/housing/financial-assistance/{assistance_id}/refuse",
    response={200: AssistanceOut, **ERRORS},
    summary="Refuse a request, saying why",
)
def assistance_refuse(
    request: HttpRequest, assistance_id: uuid.UUID, payload: RefuseIn
) -> FinancialAssistance:
    user = deps.partner_staff(request)
    line = selectors.assistance_get(user, assistance_id).assistance
    finance.assistance_refuse(acting_user=user, assistance=line, note=payload.note)
    return _line(user, assistance_id)


@router.get(
    "/housing/financial-assistance/{assistance_id}/payments",
    response={200: list[PaymentOut], **ERRORS},
    summary="The payments of a line, newest first",
)
def payment_list(request: HttpRequest, assistance_id: uuid.UUID) -> list[AssistancePayment]:
    user = deps.partner_staff(request)
    line = selectors.assistance_get(user, assistance_id).assistance
    return list(selectors.assistance_payments(line))


@router.post(
    "/housing/financial-assistance/{assistance_id}/payments",
    response={201: PaymentOut, **ERRORS},
    summary="Record a payment (never beyond the approved total)",
)
def payment_create(
    request: HttpRequest, assistance_id: uuid.UUID, payload: PaymentIn
) -> Status[AssistancePayment]:
    user = deps.partner_staff(request)
    line = selectors.assistance_get(user, assistance_id).assistance
    require_payment_recorder(user, line)
    payment = finance.payment_record(
        acting_user=user,
        assistance=line,
        date=payload.date,
        amount=payload.amount,
        reference=payload.reference,
    )
    return Status(201, payment)


# --- Housing applications --------------------------------------------------------------


@router.get(
    "/clients/{client_id}/housing-applications",
    response={200: list[ApplicationOut], **ERRORS},
    summary="A client's housing applications the caller may see",
)
def application_list(request: HttpRequest, client_id: uuid.UUID) -> list[HousingApplication]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    require_application_writer(client_access)
    client_services.client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="housing_applications"
    )
    return list(selectors.client_applications(client_access))


@router.post(
    "/clients/{client_id}/housing-applications",
    response={201: ApplicationOut, **ERRORS},
    summary="Record a housing application",
)
def application_create(
    request: HttpRequest, client_id: uuid.UUID, payload: ApplicationIn
) -> Status[HousingApplication]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    application = applications.application_create(
        acting_user=user,
        client_access=client_access,
        data=applications.ApplicationData(
            kind=payload.kind.value,
            provider=payload.provider,
            status=payload.status.value,
            submitted_on=payload.submitted_on,
            waitlist_position=payload.waitlist_position,
            documents_needed=applications.documents_text(payload.documents_needed),
            next_follow_up=payload.next_follow_up,
            notes=payload.notes,
        ),
    )
    return Status(201, selectors.application_get(user, application.pk)[0])


@router.patch(
    "/housing/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    summary="Change a housing application (status, waitlist position, follow-up…)",
)
def application_patch(
    request: HttpRequest, application_id: uuid.UUID, payload: ApplicationPatch
) -> HousingApplication:
    user = deps.partner_staff(request)
    application, client_access = selectors.application_get(user, application_id)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    current: dict[str, Any] = {
        "kind": application.kind,
        "provider": application.provider,
        "status": application.status,
        "submitted_on": application.submitted_on,
        "waitlist_position": application.waitlist_position,
        "documents_needed": application.documents_needed,
        "next_follow_up": application.next_follow_up,
        "notes": application.notes,
    }
    for name, value in changes.items():
        if value is None and name in {"kind", "provider", "status", "documents_needed", "notes"}:
            continue
        if name == "documents_needed":
            value = applications.documents_text(value)
        current[name] = getattr(value, "value", value)
    applications.application_update(
        acting_user=user,
        client_access=client_access,
        application=application,
        data=applications.ApplicationData(**current),
        version=version,
    )
    return selectors.application_get(user, application_id)[0]
