"""Income-support and ID-document trackers: record one for a client, change
it (status, dates, next step, outcome), close it. Every write checks the
policy (``parcours.access.community``), validates, saves inside a
transaction with its audit event; bad input raises ``ValidationError`` with
translated messages, field by field, and nothing is written. A change made
from a stale copy (``version``) is refused, not lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.community import require_tracker_writer
from parcours.accounts.models import User
from parcours.casework.models import Goal
from parcours.clients.models import DataCategory
from parcours.community.models import (
    CLOSED_BENEFIT_STATUSES,
    CLOSED_DOCUMENT_STATUSES,
    DECIDED_BENEFIT_STATUSES,
    SENT_BENEFIT_STATUSES,
    UNSENT_BENEFIT_STATUSES,
    BenefitApplication,
    BenefitProgram,
    BenefitStatus,
    DocumentKind,
    DocumentStatus,
    IdDocumentRequest,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

TRACKER_FIELDS = ["client_id", "next_step", "next_step_due", "notes", "goal_id"]
BENEFIT_FIELDS = [
    *TRACKER_FIELDS,
    "program",
    "program_name",
    "status",
    "started_on",
    "submitted_on",
    "decided_on",
    "outcome",
    "monthly_amount",
]
DOCUMENT_FIELDS = [
    *TRACKER_FIELDS,
    "document",
    "document_detail",
    "status",
    "requested_on",
    "resolved_on",
    "fee_paid",
]
# Furthest a next step may be planned ahead (a typo such as 2062 is refused).
MAX_DUE_DAYS = 366 * 2

T = TypeVar("T", BenefitApplication, IdDocumentRequest)


@dataclass
class BenefitData:
    """An application to an income program, as the form and the API give it."""

    program: str
    started_on: dt.date | None
    status: str = BenefitStatus.TO_START
    program_name: str = ""
    submitted_on: dt.date | None = None
    decided_on: dt.date | None = None
    next_step: str = ""
    next_step_due: dt.date | None = None
    outcome: str = ""
    monthly_amount: Decimal | None = None
    notes: str = ""
    goal: Goal | None = None


@dataclass
class DocumentData:
    """A request to replace an ID document, as the form and the API give it."""

    document: str
    status: str = DocumentStatus.NEEDED
    document_detail: str = ""
    requested_on: dt.date | None = None
    resolved_on: dt.date | None = None
    next_step: str = ""
    next_step_due: dt.date | None = None
    fee_paid: bool = False
    notes: str = ""
    goal: Goal | None = None


class StaleTracker(ValidationError):
    """The tracker was changed by someone else since the copy the user edited."""


# --- Shared rules --------------------------------------------------------------------------


def _not_future(value: dt.date | None, name: str, errors: dict[str, Any], today: dt.date) -> None:
    if value is not None and value > today and name not in errors:
        errors[name] = _("This date cannot be in the future.")


def _after(
    later: dt.date | None,
    earlier: dt.date | None,
    name: str,
    errors: dict[str, Any],
    message: str,
) -> None:
    if later is not None and earlier is not None and later < earlier and name not in errors:
        errors[name] = message


def _next_step_errors(
    next_step: str, due: dt.date | None, errors: dict[str, Any], today: dt.date
) -> None:
    if due is not None and not next_step.strip():
        errors["next_step"] = _("Say what the next step is, or leave its due date empty.")
    if due is not None and due > today + dt.timedelta(days=MAX_DUE_DAYS):
        errors["next_step_due"] = _("A next step is due within two years.")
    if len(next_step.strip()) > 300:
        errors["next_step"] = _("Say the next step in at most 300 characters.")


def _goal_errors(client_access: ClientAccess, goal: Goal | None, errors: dict[str, Any]) -> None:
    """A tracker may serve one of the client's goals the user may see."""
    if goal is None:
        return
    if goal.plan.client_id != client_access.client.pk or not client_access.can_see_record(
        goal, category=DataCategory.CASE_PLAN, organization_id=goal.organization_id
    ):
        errors["goal"] = _("This goal is not in this client's plan.")


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


# --- Income support applications ------------------------------------------------------------


def _benefit_errors(client_access: ClientAccess, data: BenefitData) -> None:
    today = timezone.localdate()
    errors: dict[str, Any] = {}
    if data.program not in BenefitProgram.values:
        errors["program"] = _("Choose the income program.")
    elif data.program == BenefitProgram.OTHER and not data.program_name.strip():
        errors["program_name"] = _("Name the program when it is not in the list.")
    if len(data.program_name.strip()) > 200:
        errors["program_name"] = _("Name the program in at most 200 characters.")
    if data.status not in BenefitStatus.values:
        errors["status"] = _("Choose the status of the application.")
    if data.started_on is None:
        errors["started_on"] = _("Enter the date the application was started.")
    if data.status in UNSENT_BENEFIT_STATUSES:
        if data.submitted_on is not None:
            errors["submitted_on"] = _(
                "An application not sent yet has no submission date: change its status "
                "to submitted, or leave the date empty."
            )
        if data.decided_on is not None:
            errors["decided_on"] = _(
                "An application not sent yet has no decision date: leave it empty."
            )
    if data.status in SENT_BENEFIT_STATUSES and data.submitted_on is None:
        errors["submitted_on"] = _("Enter the date the application was submitted.")
    if data.status in DECIDED_BENEFIT_STATUSES and data.decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision.")
    for name in ("started_on", "submitted_on", "decided_on"):
        _not_future(getattr(data, name), name, errors, today)
    _after(
        data.submitted_on,
        data.started_on,
        "submitted_on",
        errors,
        _("The application cannot be submitted before it was started."),
    )
    _after(
        data.decided_on,
        data.submitted_on or data.started_on,
        "decided_on",
        errors,
        _("The decision cannot come before the application was submitted."),
    )
    if data.monthly_amount is not None and data.monthly_amount < 0:
        errors["monthly_amount"] = _("A monthly amount is 0 or more (or left empty).")
    elif data.monthly_amount is not None and data.monthly_amount >= Decimal("10000000"):
        errors["monthly_amount"] = _("Enter a monthly amount under 10,000,000 $.")
    _next_step_errors(data.next_step, data.next_step_due, errors, today)
    _goal_errors(client_access, data.goal, errors)
    _raise(errors)


def _apply_benefit(application: BenefitApplication, data: BenefitData) -> None:
    application.program = data.program
    application.program_name = data.program_name.strip()
    application.status = data.status
    assert data.started_on is not None
    application.started_on = data.started_on
    application.submitted_on = data.submitted_on
    application.decided_on = data.decided_on
    application.next_step = data.next_step.strip()
    application.next_step_due = data.next_step_due
    application.outcome = data.outcome.strip()
    application.monthly_amount = data.monthly_amount
    application.notes = data.notes.strip()
    application.goal = data.goal


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The audit snapshot, with amounts as text (JSON has no decimals)."""
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in audit_snapshot(obj, fields).items()
    }


def _create(acting_user: User, obj: T, fields: list[str]) -> T:
    with transaction.atomic():
        obj.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=obj,
            client_id=obj.client_id,
            after=_snapshot(obj, fields),
        )
    return obj


def _update(
    acting_user: User,
    obj: T,
    fields: list[str],
    apply: Any,
    version: int | None,
    *,
    detail: dict[str, Any] | None = None,
) -> T:
    with transaction.atomic():
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        if version is not None and current.version != version:
            raise StaleTracker(
                _("Someone else changed this tracker meanwhile: reload it and try again.")
            )
        before = _snapshot(current, fields)
        apply(current)
        current.version += 1
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=_snapshot(current, fields),
            detail=detail,
        )
    return current


def benefit_application_create(
    *, acting_user: User, client_access: ClientAccess, data: BenefitData
) -> BenefitApplication:
    """Record an application of the client to an income program."""
    require_tracker_writer(client_access)
    _benefit_errors(client_access, data)
    application = BenefitApplication(
        client=client_access.client,
        organization_id=client_access.organization_id,
        recorded_by=acting_user,
    )
    _apply_benefit(application, data)
    return _create(acting_user, application, BENEFIT_FIELDS)


def benefit_application_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    application: BenefitApplication,
    data: BenefitData,
    version: int | None = None,
) -> BenefitApplication:
    """Change the application (status, dates, next step, outcome…)."""
    require_tracker_writer(client_access)
    if application.client_id != client_access.client.pk:
        raise ValidationError(_("This application is not this client's."))
    _benefit_errors(client_access, data)
    return _update(
        acting_user,
        application,
        BENEFIT_FIELDS,
        lambda current: _apply_benefit(current, data),
        version,
    )


def benefit_data_of(application: BenefitApplication) -> BenefitData:
    """What the application says now, to change a part of it."""
    return BenefitData(
        program=application.program,
        program_name=application.program_name,
        status=application.status,
        started_on=application.started_on,
        submitted_on=application.submitted_on,
        decided_on=application.decided_on,
        next_step=application.next_step,
        next_step_due=application.next_step_due,
        outcome=application.outcome,
        monthly_amount=application.monthly_amount,
        notes=application.notes,
        goal=application.goal,
    )


def benefit_application_close(
    *,
    acting_user: User,
    client_access: ClientAccess,
    application: BenefitApplication,
    status: str,
    decided_on: dt.date | None,
    outcome: str = "",
    monthly_amount: Decimal | None = None,
    version: int | None = None,
) -> BenefitApplication:
    """Close the application: approved or refused (with the decision date), or
    withdrawn. Its next step is cleared: nothing is left to follow up."""
    if status not in CLOSED_BENEFIT_STATUSES:
        raise ValidationError(
            {"status": _("Close an application as approved, refused or withdrawn.")}
        )
    data = replace(
        benefit_data_of(application),
        status=status,
        decided_on=decided_on,
        outcome=outcome or application.outcome,
        monthly_amount=monthly_amount if monthly_amount is not None else application.monthly_amount,
        next_step="",
        next_step_due=None,
    )
    if status == BenefitStatus.WITHDRAWN and data.submitted_on is None:
        data.decided_on = None
    return benefit_application_update(
        acting_user=acting_user,
        client_access=client_access,
        application=application,
        data=data,
        version=version,
    )


# --- ID documents --------------------------------------------------------------------------


def _document_errors(client_access: ClientAccess, data: DocumentData) -> None:
    today = timezone.localdate()
    errors: dict[str, Any] = {}
    if data.document not in DocumentKind.values:
        errors["document"] = _("Choose the document.")
    elif data.document == DocumentKind.OTHER and not data.document_detail.strip():
        errors["document_detail"] = _("Say which document when it is not in the list.")
    if len(data.document_detail.strip()) > 200:
        errors["document_detail"] = _("Say which document in at most 200 characters.")
    if data.status not in DocumentStatus.values:
        errors["status"] = _("Choose the status of the request.")
    if data.status == DocumentStatus.NEEDED:
        if data.requested_on is not None:
            errors["requested_on"] = _(
                "A document still needed has no request date: change its status to "
                "requested, or leave the date empty."
            )
        if data.resolved_on is not None:
            errors["resolved_on"] = _("A document still needed has no answer date: leave it empty.")
    elif data.status in DocumentStatus.values and data.requested_on is None:
        errors["requested_on"] = _("Enter the date the document was requested.")
    if data.status in CLOSED_DOCUMENT_STATUSES and data.resolved_on is None:
        errors["resolved_on"] = _("Enter the date the document was received or refused.")
    if data.status == DocumentStatus.REQUESTED and data.resolved_on is not None:
        errors["resolved_on"] = _(
            "A request still waiting has no answer date: change its status to received "
            "or refused, or leave the date empty."
        )
    for name in ("requested_on", "resolved_on"):
        _not_future(getattr(data, name), name, errors, today)
    _after(
        data.resolved_on,
        data.requested_on,
        "resolved_on",
        errors,
        _("The answer cannot come before the request."),
    )
    _next_step_errors(data.next_step, data.next_step_due, errors, today)
    _goal_errors(client_access, data.goal, errors)
    _raise(errors)


def _apply_document(request: IdDocumentRequest, data: DocumentData) -> None:
    request.document = data.document
    request.document_detail = data.document_detail.strip()
    request.status = data.status
    request.requested_on = data.requested_on
    request.resolved_on = data.resolved_on
    request.next_step = data.next_step.strip()
    request.next_step_due = data.next_step_due
    request.fee_paid = data.fee_paid
    request.notes = data.notes.strip()
    request.goal = data.goal


def id_document_create(
    *, acting_user: User, client_access: ClientAccess, data: DocumentData
) -> IdDocumentRequest:
    """Record an ID document the client needs replaced."""
    require_tracker_writer(client_access)
    _document_errors(client_access, data)
    request = IdDocumentRequest(
        client=client_access.client,
        organization_id=client_access.organization_id,
        recorded_by=acting_user,
    )
    _apply_document(request, data)
    return _create(acting_user, request, DOCUMENT_FIELDS)


def id_document_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    request: IdDocumentRequest,
    data: DocumentData,
    version: int | None = None,
) -> IdDocumentRequest:
    """Change the request (status, dates, next step, fee…)."""
    require_tracker_writer(client_access)
    if request.client_id != client_access.client.pk:
        raise ValidationError(_("This request is not this client's."))
    _document_errors(client_access, data)
    return _update(
        acting_user,
        request,
        DOCUMENT_FIELDS,
        lambda current: _apply_document(current, data),
        version,
    )


def document_data_of(request: IdDocumentRequest) -> DocumentData:
    """What the request says now, to change a part of it."""
    return DocumentData(
        document=request.document,
        document_detail=request.document_detail,
        status=request.status,
        requested_on=request.requested_on,
        resolved_on=request.resolved_on,
        next_step=request.next_step,
        next_step_due=request.next_step_due,
        fee_paid=request.fee_paid,
        notes=request.notes,
        goal=request.goal,
    )


def id_document_close(
    *,
    acting_user: User,
    client_access: ClientAccess,
    request: IdDocumentRequest,
    status: str,
    resolved_on: dt.date | None,
    version: int | None = None,
) -> IdDocumentRequest:
    """Close the request: the document was received, or refused (with the
    date). Its next step is cleared."""
    if status not in CLOSED_DOCUMENT_STATUSES:
        raise ValidationError({"status": _("Close a request as received or refused.")})
    data = replace(
        document_data_of(request),
        status=status,
        resolved_on=resolved_on,
        next_step="",
        next_step_due=None,
    )
    return id_document_update(
        acting_user=acting_user,
        client_access=client_access,
        request=request,
        data=data,
        version=version,
    )


def trackers_viewed(
    *, acting_user: User, client_ids: Iterable[Any], section: str, via: str = "web"
) -> None:
    """A list that showed trackers of several clients (the worker's "My
    trackers"): one read event per client, like the client file's."""
    for client_id in dict.fromkeys(client_ids):
        audit_record(
            action=AuditAction.VIEW,
            actor=acting_user,
            client_id=client_id,
            target_type="clients.client",
            target_id=str(client_id),
            detail={"via": via, "section": section},
        )


__all__ = [
    "BENEFIT_FIELDS",
    "DOCUMENT_FIELDS",
    "MAX_DUE_DAYS",
    "BenefitData",
    "DocumentData",
    "StaleTracker",
    "benefit_application_close",
    "benefit_application_create",
    "benefit_application_update",
    "benefit_data_of",
    "document_data_of",
    "id_document_close",
    "id_document_create",
    "id_document_update",
    "trackers_viewed",
]
