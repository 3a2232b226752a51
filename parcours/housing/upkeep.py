"""Keeping a home: repairs and cleaning of units, damages found in a
tenancy, budgeting help sessions. Every write checks the policy
(``parcours.access.housing_upkeep``), validates, saves inside a transaction
with its audit event; bad input raises ``ValidationError`` with translated
messages, field by field, and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.housing_upkeep import (
    require_budgeting_writer,
    require_damage_writer,
    require_repair_writer,
)
from parcours.accounts.models import User
from parcours.casework.models import Goal
from parcours.clients.models import DataCategory
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.housing.models import (
    MAX_SESSION_MINUTES,
    BudgetingSession,
    BudgetTopic,
    DamagePayer,
    DamageRecord,
    HousingUnit,
    RepairKind,
    RepairParty,
    RepairRequest,
    RepairStatus,
    Tenancy,
)
from parcours.housing.services import audit_snapshot

REPAIR_FIELDS = [
    "unit_id",
    "tenancy_id",
    "kind",
    "description",
    "reported_on",
    "reported_by",
    "handled_by",
    "status",
    "done_on",
    "cost",
]
DAMAGE_FIELDS = [
    "tenancy_id",
    "found_on",
    "description",
    "cost",
    "paid_by",
    "repayment_plan",
    "settled_on",
]
BUDGETING_FIELDS = ["client_id", "date", "duration_minutes", "topics", "notes", "goal_id"]


@dataclass
class RepairData:
    """A repair request as the form and the API give it."""

    kind: str
    description: str
    reported_on: dt.date | None
    reported_by: str = ""
    handled_by: str = RepairParty.LANDLORD
    status: str = RepairStatus.OPEN
    done_on: dt.date | None = None
    cost: Decimal | None = None


@dataclass
class DamageData:
    found_on: dt.date | None
    description: str
    cost: Decimal | None
    paid_by: str
    repayment_plan: str = ""


@dataclass
class BudgetingData:
    date: dt.date | None
    duration_minutes: int | None
    topics: list[str] = field(default_factory=list)
    notes: str = ""
    goal: Goal | None = None


def _check(obj: Any, errors: dict[str, Any]) -> None:
    """Raise the rule errors and the model's own together (nothing written)."""
    try:
        obj.full_clean(exclude=list(errors), validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _not_future(value: dt.date | None, name: str, errors: dict[str, Any], message: str) -> None:
    if value is not None and value > timezone.localdate():
        errors[name] = message


def _organization_id(acting_user: User, fallback: Any) -> Any:
    return acting_user.organization_id or fallback


def upkeep_viewed(
    *, acting_user: User, client_ids: Iterable[Any], section: str, via: str = "web"
) -> None:
    """A list that showed records linked to clients' tenancies (repairs of a
    unit): one read event per client, like the client file's."""
    for client_id in dict.fromkeys(client_ids):
        audit_record(
            action=AuditAction.VIEW,
            actor=acting_user,
            client_id=client_id,
            target_type="clients.client",
            target_id=str(client_id),
            detail={"via": via, "section": section},
        )


# --- Repairs ------------------------------------------------------------------------------


def _repair_errors(data: RepairData) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if data.kind not in RepairKind.values:
        errors["kind"] = _("Choose the kind of work.")
    if not data.description.strip():
        errors["description"] = _("Say what needs doing.")
    if data.reported_on is None:
        errors["reported_on"] = _("Enter the date it was reported.")
    _not_future(
        data.reported_on, "reported_on", errors, _("The report date cannot be in the future.")
    )
    if data.handled_by not in RepairParty.values:
        errors["handled_by"] = _("Choose who does the work.")
    if data.status not in RepairStatus.values:
        errors["status"] = _("Choose the status.")
    errors.update(_repair_status_errors(data.status, data.reported_on, data.done_on, data.cost))
    return errors


def _repair_status_errors(
    status: str, reported_on: dt.date | None, done_on: dt.date | None, cost: Decimal | None
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if cost is not None and cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if done_on is not None:
        if status != RepairStatus.DONE:
            errors["done_on"] = _("Only a repair that is done has a date it was done.")
        elif reported_on is not None and done_on < reported_on:
            errors["done_on"] = _("It cannot be done before it was reported (%(date)s).") % {
                "date": reported_on.isoformat()
            }
        else:
            _not_future(
                done_on, "done_on", errors, _("The date it was done cannot be in the future.")
            )
    return errors


def _done_on(status: str, done_on: dt.date | None) -> dt.date | None:
    """A repair marked done without a date was done today."""
    if status == RepairStatus.DONE and done_on is None:
        return timezone.localdate()
    return done_on


def repair_create(
    *,
    acting_user: User,
    unit: HousingUnit,
    data: RepairData,
    tenancy: Tenancy | None = None,
    tenancy_access: ClientAccess | None = None,
) -> RepairRequest:
    """A repair, cleaning or pest control asked for a unit, optionally for
    one of its tenancies (then ``tenancy_access`` is what the user may see
    of the tenant)."""
    if tenancy is not None and (
        tenancy_access is None or tenancy_access.client.pk != tenancy.client_id
    ):
        raise PermissionDenied
    require_repair_writer(acting_user, unit, tenancy_access if tenancy else None)
    data.done_on = _done_on(data.status, data.done_on)
    errors = _repair_errors(data)
    if tenancy is not None and tenancy.unit_id != unit.pk:
        errors["tenancy"] = _("This tenancy is not in this unit.")
    if data.reported_on is None:
        raise ValidationError(errors)
    repair = RepairRequest(
        unit=unit,
        tenancy=tenancy,
        kind=data.kind,
        description=data.description.strip(),
        reported_on=data.reported_on,
        reported_by=data.reported_by.strip(),
        handled_by=data.handled_by,
        status=data.status,
        done_on=data.done_on,
        cost=data.cost,
        organization_id=_organization_id(acting_user, unit.organization_id),
        recorded_by=acting_user,
    )
    _check(repair, errors)
    with transaction.atomic():
        repair.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=repair,
            client_id=tenancy.client_id if tenancy else None,
            after=audit_snapshot(repair, REPAIR_FIELDS),
        )
    return repair


def repair_update_status(
    *,
    acting_user: User,
    repair: RepairRequest,
    status: str,
    done_on: dt.date | None = None,
    cost: Decimal | None = None,
    tenancy_access: ClientAccess | None = None,
) -> RepairRequest:
    """Move a repair along: scheduled, done (on a date, with its cost), cancelled."""
    require_repair_writer(acting_user, repair.unit, tenancy_access if repair.tenancy_id else None)
    errors: dict[str, Any] = {}
    if status not in RepairStatus.values:
        errors["status"] = _("Choose the status.")
    done_on = _done_on(status, done_on)
    new_cost = cost if cost is not None else repair.cost
    errors.update(_repair_status_errors(status, repair.reported_on, done_on, new_cost))
    if errors:
        raise ValidationError(errors)
    before = audit_snapshot(repair, REPAIR_FIELDS)
    repair.status = status
    repair.done_on = done_on
    repair.cost = new_cost
    with transaction.atomic():
        repair.save(update_fields=["status", "done_on", "cost", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=repair,
            client_id=repair.tenancy.client_id if repair.tenancy_id and repair.tenancy else None,
            before=before,
            after=audit_snapshot(repair, REPAIR_FIELDS),
        )
    return repair


# --- Damages ------------------------------------------------------------------------------


def damage_create(
    *, acting_user: User, client_access: ClientAccess, tenancy: Tenancy, data: DamageData
) -> DamageRecord:
    """Damage found during the client's tenancy."""
    require_damage_writer(client_access)
    if tenancy.client_id != client_access.client.pk:
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if data.found_on is None:
        errors["found_on"] = _("Enter the date the damage was found.")
    elif data.found_on < tenancy.start_date:
        errors["found_on"] = _(
            "The damage cannot be found before the tenancy started (%(date)s)."
        ) % {"date": tenancy.start_date.isoformat()}
    _not_future(data.found_on, "found_on", errors, _("The date found cannot be in the future."))
    if data.cost is None or data.cost <= 0:
        errors["cost"] = _("Enter a cost greater than zero.")
    if data.paid_by not in DamagePayer.values:
        errors["paid_by"] = _("Choose who pays.")
    if not data.description.strip():
        errors["description"] = _("Describe the damage.")
    if data.found_on is None or data.cost is None:
        raise ValidationError(errors)
    damage = DamageRecord(
        tenancy=tenancy,
        found_on=data.found_on,
        description=data.description.strip(),
        cost=data.cost,
        paid_by=data.paid_by,
        repayment_plan=data.repayment_plan.strip(),
        organization_id=client_access.organization_id,
        recorded_by=acting_user,
    )
    _check(damage, errors)
    with transaction.atomic():
        damage.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=damage,
            client_id=tenancy.client_id,
            after=audit_snapshot(damage, DAMAGE_FIELDS),
        )
    return damage


def damage_settle(
    *,
    acting_user: User,
    client_access: ClientAccess,
    damage: DamageRecord,
    settled_on: dt.date | None = None,
) -> DamageRecord:
    """The damage is paid for (on ``settled_on``, today by default)."""
    require_damage_writer(client_access)
    if damage.tenancy.client_id != client_access.client.pk:
        raise PermissionDenied
    settled_on = settled_on or timezone.localdate()
    errors: dict[str, Any] = {}
    if damage.settled_on is not None:
        errors["settled_on"] = _("This damage is already settled.")
    elif settled_on < damage.found_on:
        errors["settled_on"] = _("It cannot be settled before it was found (%(date)s).") % {
            "date": damage.found_on.isoformat()
        }
    _not_future(settled_on, "settled_on", errors, _("The settlement date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    before = audit_snapshot(damage, DAMAGE_FIELDS)
    damage.settled_on = settled_on
    with transaction.atomic():
        damage.save(update_fields=["settled_on", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=damage,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(damage, DAMAGE_FIELDS),
        )
    return damage


# --- Budgeting help -----------------------------------------------------------------------


def _clean_topics(topics: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(topic.strip() for topic in topics if topic.strip()))


def budgeting_session_create(
    *, acting_user: User, client_access: ClientAccess, data: BudgetingData
) -> BudgetingSession:
    """A budgeting help session with the client, optionally serving one of
    the goals of their plan (a goal of another client is refused)."""
    require_budgeting_writer(client_access)
    client = client_access.client
    errors: dict[str, Any] = {}
    if data.date is None:
        errors["date"] = _("Enter the date of the session.")
    _not_future(data.date, "date", errors, _("The session cannot be in the future."))
    if data.duration_minutes is None or data.duration_minutes <= 0:
        errors["duration_minutes"] = _("Enter a duration of at least one minute.")
    elif data.duration_minutes > MAX_SESSION_MINUTES:
        errors["duration_minutes"] = _("A session lasts at most %(max)s minutes.") % {
            "max": MAX_SESSION_MINUTES
        }
    topics = _clean_topics(data.topics)
    unknown = [topic for topic in topics if topic not in BudgetTopic.values]
    if not topics:
        errors["topics"] = _("Choose at least one topic.")
    elif unknown:
        errors["topics"] = _("Unknown topics: %(topics)s.") % {"topics": ", ".join(unknown)}
    goal = data.goal
    if goal is not None and (
        goal.plan.client_id != client.pk
        or not client_access.can_see_record(
            goal, category=DataCategory.CASE_PLAN, organization_id=goal.organization_id
        )
    ):
        errors["goal"] = _("This goal is not in this client's plan.")
    if data.date is None or data.duration_minutes is None:
        raise ValidationError(errors)
    session = BudgetingSession(
        client=client,
        date=data.date,
        duration_minutes=data.duration_minutes,
        topics=topics,
        notes=data.notes.strip(),
        goal=goal if "goal" not in errors else None,
        organization_id=client_access.organization_id,
        recorded_by=acting_user,
    )
    _check(session, errors)
    with transaction.atomic():
        session.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=session,
            client_id=client.pk,
            after=audit_snapshot(session, BUDGETING_FIELDS),
        )
    return session


__all__ = [
    "BUDGETING_FIELDS",
    "DAMAGE_FIELDS",
    "REPAIR_FIELDS",
    "BudgetingData",
    "DamageData",
    "RepairData",
    "budgeting_session_create",
    "damage_create",
    "damage_settle",
    "repair_create",
    "repair_update_status",
    "upkeep_viewed",
]
