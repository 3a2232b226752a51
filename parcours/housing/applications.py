"""Housing applications: record one for a client, then change its status,
waitlist position, documents still needed and next follow-up. Every write
checks the policy (``parcours.access.housing_finance``), validates, saves
inside a transaction with its audit event; bad input raises
``ValidationError`` with translated messages and nothing is written. A
change made from a stale copy (``version``) is refused, not lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.housing_finance import require_application_writer
from parcours.accounts.models import User
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.housing.models import ApplicationKind, ApplicationStatus, HousingApplication

APPLICATION_FIELDS = [
    "client_id",
    "kind",
    "provider",
    "submitted_on",
    "status",
    "waitlist_position",
    "documents_needed",
    "next_follow_up",
    "notes",
]


@dataclass
class ApplicationData:
    """What an application is, as the form and the API give it."""

    kind: str
    provider: str
    status: str = ApplicationStatus.PREPARING
    submitted_on: dt.date | None = None
    waitlist_position: int | None = None
    documents_needed: str = ""
    next_follow_up: dt.date | None = None
    notes: str = ""


def documents_text(documents: list[str] | str) -> str:
    """The documents still needed as stored: one per line."""
    lines = documents.splitlines() if isinstance(documents, str) else list(documents)
    return "\n".join(line.strip() for line in lines if line.strip())


def _check(data: ApplicationData) -> None:
    errors: dict[str, Any] = {}
    if data.kind not in ApplicationKind.values:
        errors["kind"] = _("Choose the kind of application.")
    if not data.provider.strip():
        errors["provider"] = _("Name the provider or the registry the application goes to.")
    if data.status not in ApplicationStatus.values:
        errors["status"] = _("Choose the status of the application.")
    elif data.status != ApplicationStatus.PREPARING and data.submitted_on is None:
        errors["submitted_on"] = _("Enter the date the application was submitted.")
    if data.submitted_on is not None and data.submitted_on > timezone.localdate():
        errors["submitted_on"] = _("The submission date cannot be in the future.")
    if data.waitlist_position is not None and data.waitlist_position < 1:
        errors["waitlist_position"] = _("A waitlist position is 1 or more (or left empty).")
    if errors:
        raise ValidationError(errors)


def _apply(application: HousingApplication, data: ApplicationData) -> None:
    application.kind = data.kind
    application.provider = data.provider.strip()
    application.status = data.status
    application.submitted_on = data.submitted_on
    application.waitlist_position = data.waitlist_position
    application.documents_needed = documents_text(data.documents_needed)
    application.next_follow_up = data.next_follow_up
    application.notes = data.notes.strip()


def application_create(
    *, acting_user: User, client_access: ClientAccess, data: ApplicationData
) -> HousingApplication:
    require_application_writer(client_access)
    _check(data)
    application = HousingApplication(
        client=client_access.client,
        organization_id=client_access.organization_id,
        recorded_by=acting_user,
    )
    _apply(application, data)
    with transaction.atomic():
        application.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=application,
            client_id=application.client_id,
            after=audit_snapshot(application, APPLICATION_FIELDS),
        )
    return application


def application_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    application: HousingApplication,
    data: ApplicationData,
    version: int | None = None,
) -> HousingApplication:
    require_application_writer(client_access)
    _check(data)
    with transaction.atomic():
        current = HousingApplication.objects.select_for_update().get(pk=application.pk)
        if version is not None and current.version != version:
            raise ValidationError(
                _("Someone else changed this application meanwhile: reload it and try again.")
            )
        before = audit_snapshot(current, APPLICATION_FIELDS)
        _apply(current, data)
        current.version += 1
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=audit_snapshot(current, APPLICATION_FIELDS),
        )
    return current


__all__ = [
    "APPLICATION_FIELDS",
    "ApplicationData",
    "application_create",
    "application_update",
    "documents_text",
]
