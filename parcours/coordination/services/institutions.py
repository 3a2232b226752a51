"""Writes of institution stays and discharge planning: record an admission
(with its follow-up tasks and a notice to the client's workers), move the
expected discharge date, record the discharge (and, from it, a CTI
enrollment), mark a task done, and the daily reminder of overdue discharges.

Every service validates first (``ValidationError`` with translated messages,
nothing written), then writes inside one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.access.institutions import (
    can_record_institution_stay,
    institutions_for_stays,
)
from parcours.accounts.models import Organization, Program, ProgramKind, User
from parcours.casework.models import Enrollment
from parcours.casework.services import StaleEdit, enrollment_open
from parcours.clients.models import Client
from parcours.coordination.models import (
    DischargeDestination,
    DischargeTask,
    DischargeTaskKind,
    InstitutionKind,
    InstitutionStay,
    LearnedFrom,
    NotificationKind,
)
from parcours.coordination.services.notifications import client_workers, notify
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

STAY_FIELDS = [
    "client_id",
    "kind",
    "institution_id",
    "institution_name",
    "contact",
    "admitted_on",
    "expected_discharge_on",
    "discharged_on",
    "destination",
    "learned_from",
    "note",
]

# Days: "contact the institution" is due the day after the admission is
# recorded; "plan the destination" three days before the expected discharge
# (a week after the admission when no date is known).
CONTACT_AFTER_DAYS = 1
PLAN_BEFORE_DISCHARGE_DAYS = 3
PLAN_WITHOUT_DATE_DAYS = 7
FIND_DESTINATION_AFTER_DAYS = 1
# Destinations after which a worker must still find the client a place.
NEEDS_A_DESTINATION = (
    DischargeDestination.UNKNOWN,
    DischargeDestination.STREET,
    DischargeDestination.SHELTER,
)


def _client_link(client: Client) -> str:
    return reverse("clients:detail", kwargs={"client_id": client.pk})


def _require_writer(client_access: ClientAccess) -> None:
    if not can_record_institution_stay(client_access):
        raise PermissionDenied(_("You may not record stays for this client."))


def _primary_worker(client: Client, organization_id: uuid.UUID | None) -> User | None:
    """The client's primary worker: of an open enrollment at the acting
    user's organization first, else of any open enrollment (oldest first)."""
    enrollments = list(
        Enrollment.objects.filter(
            client=client,
            end_date__isnull=True,
            primary_worker__isnull=False,
            primary_worker__is_active=True,
        )
        .select_related("primary_worker")
        .order_by("start_date", "created_at")
    )
    enrollments.sort(key=lambda e: e.organization_id != organization_id)
    return enrollments[0].primary_worker if enrollments else None


def plan_destination_due(admitted_on: dt.date, expected_discharge_on: dt.date | None) -> dt.date:
    if expected_discharge_on is None:
        return admitted_on + dt.timedelta(days=PLAN_WITHOUT_DATE_DAYS)
    return max(admitted_on, expected_discharge_on - dt.timedelta(days=PLAN_BEFORE_DISCHARGE_DAYS))


def _validate_dates(
    errors: dict[str, list[str]],
    *,
    admitted_on: dt.date,
    expected_discharge_on: dt.date | None,
    today: dt.date,
) -> None:
    if admitted_on > today:
        errors.setdefault("admitted_on", []).append(
            _("The admission date cannot be in the future.")
        )
    if expected_discharge_on is not None and expected_discharge_on < admitted_on:
        errors.setdefault("expected_discharge_on", []).append(
            _("The expected discharge date cannot be before the admission.")
        )


def institution_stay_admit(
    *,
    acting_user: User,
    client_access: ClientAccess,
    kind: str,
    admitted_on: dt.date,
    learned_from: str,
    institution: Organization | None = None,
    institution_name: str = "",
    contact: str = "",
    expected_discharge_on: dt.date | None = None,
    note: str = "",
) -> InstitutionStay:
    """Record that the client was admitted to an institution; the client's
    workers are told and two follow-up tasks are made."""
    _require_writer(client_access)
    client = client_access.client
    today = timezone.localdate()
    institution_name = institution_name.strip()
    errors: dict[str, list[str]] = {}
    if kind not in InstitutionKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of institution."))
    if learned_from not in LearnedFrom.values:
        errors.setdefault("learned_from", []).append(_("Say how we learned of the admission."))
    if institution is not None and not institutions_for_stays().filter(pk=institution.pk).exists():
        errors.setdefault("institution", []).append(_("Choose an institution of the list."))
    if institution is None and not institution_name:
        errors.setdefault("institution_name", []).append(
            _("Choose the institution or write its name.")
        )
    if institution is not None and institution_name:
        errors.setdefault("institution_name", []).append(
            _("Choose the institution or write its name, not both.")
        )
    _validate_dates(
        errors, admitted_on=admitted_on, expected_discharge_on=expected_discharge_on, today=today
    )
    if errors:
        raise ValidationError(errors)
    stay = InstitutionStay(
        client=client,
        kind=kind,
        institution=institution,
        institution_name=institution_name,
        contact=contact.strip(),
        admitted_on=admitted_on,
        expected_discharge_on=expected_discharge_on,
        learned_from=learned_from,
        note=note.strip(),
        organization_id=client_access.organization_id,
        recorded_by=acting_user,
    )
    stay.full_clean(validate_constraints=False)
    worker = _primary_worker(client, acting_user.organization_id)
    with transaction.atomic():
        # One open stay per client: the client row is the lock.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        if InstitutionStay.objects.filter(client=client, discharged_on__isnull=True).exists():
            raise ValidationError(
                _(
                    "This client already has an open institution stay: record its discharge "
                    "before a new admission."
                )
            )
        stay.save(force_insert=True)
        DischargeTask.objects.bulk_create(
            [
                DischargeTask(
                    stay=stay,
                    kind=DischargeTaskKind.CONTACT_INSTITUTION,
                    assigned_to=worker,
                    due_on=today + dt.timedelta(days=CONTACT_AFTER_DAYS),
                ),
                DischargeTask(
                    stay=stay,
                    kind=DischargeTaskKind.PLAN_DESTINATION,
                    assigned_to=worker,
                    due_on=plan_destination_due(admitted_on, expected_discharge_on),
                ),
            ]
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=stay,
            client_id=client.pk,
            after=audit_snapshot(stay, STAY_FIELDS),
        )
        notify(
            recipients=client_workers(client),
            kind=NotificationKind.INSTITUTION_ADMISSION,
            client=client,
            subject=stay,
            link=_client_link(client),
            detail={"institution_kind": kind, "admitted_on": admitted_on.isoformat()},
            exclude=acting_user,
        )
    return stay


def _locked_open_stay(stay: InstitutionStay) -> InstitutionStay:
    locked = InstitutionStay.objects.select_for_update().get(pk=stay.pk)
    if locked.discharged_on is not None:
        raise ValidationError(_("This stay has ended: its discharge is recorded."))
    return locked


def institution_stay_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    stay: InstitutionStay,
    expected_version: int,
    expected_discharge_on: dt.date | None,
    contact: str,
    note: str,
) -> InstitutionStay:
    """Change an open stay's expected discharge date, contact or note (a
    stale version is refused). The "plan the destination" task follows the
    new date when it is not done."""
    _require_writer(client_access)
    errors: dict[str, list[str]] = {}
    if expected_discharge_on is not None and expected_discharge_on < stay.admitted_on:
        errors.setdefault("expected_discharge_on", []).append(
            _("The expected discharge date cannot be before the admission.")
        )
    if len(contact.strip()) > 200:
        errors.setdefault("contact", []).append(_("Enter at most 200 characters."))
    if len(note.strip()) > 500:
        errors.setdefault("note", []).append(_("Enter at most 500 characters."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_open_stay(stay)
        if locked.version != expected_version:
            raise StaleEdit(locked)
        before = audit_snapshot(locked, STAY_FIELDS)
        locked.expected_discharge_on = expected_discharge_on
        locked.contact = contact.strip()
        locked.note = note.strip()
        locked.version += 1
        locked.save(
            update_fields=["expected_discharge_on", "contact", "note", "version", "updated_at"]
        )
        DischargeTask.objects.filter(
            stay=locked, kind=DischargeTaskKind.PLAN_DESTINATION, done_at__isnull=True
        ).update(
            due_on=plan_destination_due(locked.admitted_on, expected_discharge_on),
            updated_at=timezone.now(),
        )
        after = audit_snapshot(locked, STAY_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=locked,
            client_id=locked.client_id,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return locked


def _cti_program_check(acting_user: User, program: Program | None) -> dict[str, list[str]]:
    if program is None:
        return {}
    if (
        program.kind != ProgramKind.CTI
        or program.organization_id != acting_user.organization_id
        or not program.is_active
    ):
        return {"cti_program": [_("Choose a CTI program of your organization.")]}
    return {}


def institution_stay_discharge(
    *,
    acting_user: User,
    client_access: ClientAccess,
    stay: InstitutionStay,
    discharged_on: dt.date,
    destination: str,
    cti_program: Program | None = None,
    cti_primary_worker: User | None = None,
) -> InstitutionStay:
    """Record the end of a stay and where the client went; the workers are
    told. When the destination is unknown, the street or a shelter, a "find
    a destination" task is made. With ``cti_program`` (a CTI program of the
    acting user's organization), a CTI enrollment starts on the discharge
    date in the same transaction: if it is refused, nothing is written."""
    _require_writer(client_access)
    errors: dict[str, list[str]] = {}
    if destination not in DischargeDestination.values:
        errors.setdefault("destination", []).append(_("Choose where the client went."))
    if discharged_on > timezone.localdate():
        errors.setdefault("discharged_on", []).append(
            _("The discharge date cannot be in the future.")
        )
    if discharged_on < stay.admitted_on:
        errors.setdefault("discharged_on", []).append(
            _("The discharge date cannot be before the admission.")
        )
    errors.update(_cti_program_check(acting_user, cti_program))
    if errors:
        raise ValidationError(errors)
    client = client_access.client
    with transaction.atomic():
        locked = _locked_open_stay(stay)
        before = audit_snapshot(locked, STAY_FIELDS)
        locked.discharged_on = discharged_on
        locked.destination = destination
        locked.version += 1
        locked.save(update_fields=["discharged_on", "destination", "version", "updated_at"])
        if destination in NEEDS_A_DESTINATION:
            DischargeTask.objects.get_or_create(
                stay=locked,
                kind=DischargeTaskKind.FIND_DESTINATION,
                defaults={
                    "assigned_to": _primary_worker(client, acting_user.organization_id),
                    "due_on": max(discharged_on, timezone.localdate())
                    + dt.timedelta(days=FIND_DESTINATION_AFTER_DAYS),
                },
            )
        after = audit_snapshot(locked, STAY_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=locked,
            client_id=client.pk,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
            detail={"discharge": True},
        )
        if cti_program is not None:
            try:
                enrollment_open(
                    acting_user=acting_user,
                    client=client,
                    program=cti_program,
                    start_date=discharged_on,
                    primary_worker=cti_primary_worker,
                )
            except ValidationError as exc:
                messages = exc.messages
                raise ValidationError({"cti_program": messages}) from exc
        notify(
            recipients=client_workers(client),
            kind=NotificationKind.INSTITUTION_DISCHARGE,
            client=client,
            subject=locked,
            link=_client_link(client),
            detail={"destination": destination, "discharged_on": discharged_on.isoformat()},
            exclude=acting_user,
        )
    return locked


def discharge_task_done(
    *, acting_user: User, client_access: ClientAccess, task: DischargeTask
) -> DischargeTask:
    """Mark a follow-up task done (once)."""
    _require_writer(client_access)
    with transaction.atomic():
        locked = DischargeTask.objects.select_for_update().get(pk=task.pk)
        if locked.done_at is not None:
            raise ValidationError(_("This task is already done."))
        locked.done_at = timezone.now()
        locked.done_by = acting_user
        locked.save(update_fields=["done_at", "done_by", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=locked,
            client_id=client_access.client.pk,
            after={"kind": locked.kind, "done_at": locked.done_at.isoformat()},
        )
    return locked


@dataclass(frozen=True)
class ReminderRun:
    stays: int
    notifications: int


def discharge_reminders_send(*, today: dt.date | None = None) -> ReminderRun:
    """For every open stay whose expected discharge date has passed, once per
    stay: a "confirm the discharge" task (its marker: a stay has one at most)
    and a notice to the client's workers. Running it again adds nothing."""
    today = today or timezone.localdate()
    overdue = (
        InstitutionStay.objects.filter(discharged_on__isnull=True, expected_discharge_on__lt=today)
        .filter(~Q(tasks__kind=DischargeTaskKind.CONFIRM_DISCHARGE))
        .select_related("client")
        .order_by("expected_discharge_on", "pk")
    )
    stays = 0
    sent = 0
    for stay in overdue:
        try:
            with transaction.atomic():
                task = DischargeTask.objects.create(
                    stay=stay,
                    kind=DischargeTaskKind.CONFIRM_DISCHARGE,
                    assigned_to=_primary_worker(stay.client, stay.organization_id),
                    due_on=today,
                )
                audit_record(
                    action=AuditAction.CREATE,
                    actor_label="discharge_reminders",
                    target=task,
                    client_id=stay.client_id,
                    detail={"stay": str(stay.pk), "reminder": "discharge_overdue"},
                )
                rows = notify(
                    recipients=client_workers(stay.client),
                    kind=NotificationKind.DISCHARGE_OVERDUE,
                    client=stay.client,
                    subject=stay,
                    link=_client_link(stay.client),
                    detail={
                        "expected_discharge_on": (
                            stay.expected_discharge_on.isoformat()
                            if stay.expected_discharge_on
                            else ""
                        )
                    },
                )
        except IntegrityError:  # another run made the marker first
            continue
        stays += 1
        sent += len(rows)
    return ReminderRun(stays=stays, notifications=sent)


def institution_stays_viewed(
    *,
    acting_user: User,
    section: str,
    client_ids: Sequence[uuid.UUID],
    via: str = "web",
) -> None:
    """A page or an answer that names clients' stays is in the audit log
    with the clients it showed (one event for a list)."""
    ids = list(dict.fromkeys(client_ids))
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        client_id=ids[0] if len(ids) == 1 else None,
        detail={"via": via, "section": section, "clients": [str(c) for c in ids]},
    )


__all__ = [
    "NEEDS_A_DESTINATION",
    "ReminderRun",
    "discharge_reminders_send",
    "discharge_task_done",
    "institution_stay_admit",
    "institution_stay_discharge",
    "institution_stay_update",
    "institution_stays_viewed",
    "plan_destination_due",
]
