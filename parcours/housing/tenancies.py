"""Tenancies and move-in: start, end, the move-in checklist, and the
revolving-door alert raised by facts (an eviction, a shelter book-in or an
outreach street contact after or during a tenancy). Every write checks the policy (``parcours.access.housing``),
validates, saves inside a transaction with its audit event; bad input raises
``ValidationError`` with translated messages and nothing is written.

**The pathway follows the facts**: a tenancy start moves the client to
Stability; an end by eviction or abandonment moves them back to Safety
(``pathway_move`` raises the alert) — when the acting user may move the
pathway; otherwise the tenancy is recorded without moving it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.housing import require_tenancy_writer
from parcours.accounts.models import User
from parcours.beds.models import Stay, StreetContact
from parcours.clients.models import (
    AlertKind,
    Client,
    PathwayStage,
    RevolvingDoorAlert,
    Stage,
)
from parcours.clients.services.visits import current_stage, pathway_move
from parcours.clients.signals import revolving_door_alert_raised
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.housing.matching import offers_end_on_tenancy
from parcours.housing.models import (
    CHECKLIST_ITEMS,
    HOMELESS_END_REASONS,
    HousingUnit,
    MoveInChecklist,
    Tenancy,
    TenancyEndReason,
    UnitStatus,
    checklist_label,
)

TENANCY_FIELDS = ["client_id", "unit_id", "start_date", "end_date", "end_reason", "note"]
CHECKLIST_FIELDS = [*CHECKLIST_ITEMS, "closed_at"]
# A shelter book-in this long after a tenancy ended raises the alert.
REVOLVING_DOOR_WINDOW = dt.timedelta(days=365)
# One alert from a book-in per client per week at most.
ALERT_QUIET_DAYS = 7


def _pathway_date(client: Client, date: dt.date) -> dt.date:
    """The fact's date, or the current stage's if the fact is older (the
    pathway never goes back in time)."""
    current = current_stage(client)
    if current is not None and date < current.entered_on:
        return current.entered_on
    return date


def tenancy_start(
    *,
    acting_user: User,
    client_access: ClientAccess,
    unit: HousingUnit,
    start_date: dt.date | None,
    note: str = "",
) -> Tenancy:
    """The client moves into the unit: the unit becomes occupied, a move-in
    checklist opens, and the client's pathway moves to Stability."""
    require_tenancy_writer(client_access)
    client = client_access.client
    errors: dict[str, Any] = {}
    if start_date is None:
        errors["start_date"] = _("Enter the date the tenancy starts.")
    elif start_date > timezone.localdate():
        errors["start_date"] = _("The tenancy cannot start in the future.")
    try:
        with transaction.atomic():
            locked = HousingUnit.objects.select_for_update().get(pk=unit.pk)
            if locked.status not in (UnitStatus.AVAILABLE, UnitStatus.HELD):
                errors["unit"] = _("This unit is not available (it is %(status)s).") % {
                    "status": locked.get_status_display().lower()
                }
            if Tenancy.objects.filter(client=client, end_date__isnull=True).exists():
                errors["client"] = _(
                    "This client already has an active tenancy: end it before starting another."
                )
            if errors:
                raise ValidationError(errors)
            assert start_date is not None
            tenancy = Tenancy(
                client=client,
                unit=locked,
                start_date=start_date,
                note=note.strip(),
                organization_id=client_access.organization_id,
                recorded_by=acting_user,
            )
            tenancy.full_clean(validate_constraints=False)
            tenancy.save(force_insert=True)
            checklist = MoveInChecklist.objects.create(tenancy=tenancy)
            before = {"status": locked.status}
            locked.status = UnitStatus.OCCUPIED
            locked.save(update_fields=["status", "updated_at"])
            unit.status = locked.status
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=tenancy,
                client_id=client.pk,
                after=audit_snapshot(tenancy, TENANCY_FIELDS),
                detail={"move_in": str(checklist.pk)},
            )
            audit_record(
                action=AuditAction.UPDATE,
                actor=acting_user,
                target=locked,
                before=before,
                after={"status": locked.status},
            )
            # The client's other offers end; an offer of this unit becomes the tenancy's.
            offers_end_on_tenancy(acting_user=acting_user, tenancy=tenancy)
            current = current_stage(client)
            if client_access.sees_pathway and (current is None or current.stage != Stage.STABILITY):
                pathway_move(
                    acting_user=acting_user,
                    client_access=client_access,
                    stage=Stage.STABILITY,
                    entered_on=_pathway_date(client, start_date),
                    reason=_("Tenancy started at %(unit)s.") % {"unit": locked},
                )
    except IntegrityError as exc:
        raise ValidationError(
            _("This unit or this client was given a tenancy by someone else.")
        ) from exc
    return tenancy


def tenancy_end(
    *,
    acting_user: User,
    client_access: ClientAccess,
    tenancy: Tenancy,
    end_date: dt.date | None,
    end_reason: str,
    note: str = "",
) -> Tenancy:
    """The tenancy ends: the unit goes off the market (its keeper republishes
    it); an eviction or an abandonment moves the client back to Safety."""
    require_tenancy_writer(client_access)
    errors: dict[str, Any] = {}
    if tenancy.end_date is not None:
        errors["end_date"] = _("This tenancy has already ended.")
    elif end_date is None:
        errors["end_date"] = _("Enter the date the tenancy ended.")
    elif end_date < tenancy.start_date:
        errors["end_date"] = _("The end cannot be before the start (%(date)s).") % {
            "date": tenancy.start_date.isoformat()
        }
    elif end_date > timezone.localdate():
        errors["end_date"] = _("The end cannot be in the future.")
    if end_reason not in TenancyEndReason.values:
        errors["end_reason"] = _("Choose why the tenancy ended.")
    if errors:
        raise ValidationError(errors)
    assert end_date is not None
    before = audit_snapshot(tenancy, TENANCY_FIELDS)
    with transaction.atomic():
        tenancy.end_date = end_date
        tenancy.end_reason = end_reason
        if note.strip():
            tenancy.note = f"{tenancy.note}\n{note.strip()}".strip()
        tenancy.version += 1
        tenancy.save(update_fields=["end_date", "end_reason", "note", "version", "updated_at"])
        unit = HousingUnit.objects.select_for_update().get(pk=tenancy.unit_id)
        unit.status = UnitStatus.OFF_MARKET
        unit.save(update_fields=["status", "updated_at"])
        tenancy.unit = unit
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=tenancy,
            client_id=tenancy.client_id,
            before=before,
            after=audit_snapshot(tenancy, TENANCY_FIELDS),
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=unit,
            before={"status": UnitStatus.OCCUPIED},
            after={"status": unit.status},
        )
        current = current_stage(client_access.client)
        if (
            end_reason in HOMELESS_END_REASONS
            and client_access.sees_pathway
            and current is not None
            and current.stage not in (Stage.VISIT, Stage.SAFETY)
        ):
            pathway_move(
                acting_user=acting_user,
                client_access=client_access,
                stage=Stage.SAFETY,
                entered_on=_pathway_date(client_access.client, end_date),
                reason=_("Tenancy at %(unit)s ended: %(reason)s.")
                % {"unit": unit, "reason": tenancy.get_end_reason_display().lower()},
            )
    return tenancy


def move_in_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    checklist: MoveInChecklist,
    items: dict[str, bool],
    close: bool = False,
) -> MoveInChecklist:
    """Tick or untick items of the move-in checklist; ``close`` closes move-in,
    refused until every item is ticked."""
    require_tenancy_writer(client_access)
    unknown = sorted(set(items) - set(CHECKLIST_ITEMS))
    if unknown:
        raise ValidationError(
            {"items": _("Unknown checklist items: %(items)s.") % {"items": ", ".join(unknown)}}
        )
    if checklist.closed_at is not None:
        raise ValidationError(_("Move-in is closed; its checklist can no longer change."))
    before = audit_snapshot(checklist, CHECKLIST_FIELDS)
    for name, value in items.items():
        setattr(checklist, name, bool(value))
    if close:
        if not checklist.complete:
            missing = [
                checklist_label(name) for name in CHECKLIST_ITEMS if not getattr(checklist, name)
            ]
            checklist.refresh_from_db()
            raise ValidationError(
                _("Move-in cannot close until every item is done. Still to do: %(items)s.")
                % {"items": ", ".join(missing)}
            )
        checklist.closed_at = timezone.now()
    with transaction.atomic():
        checklist.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=checklist,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(checklist, CHECKLIST_FIELDS),
        )
    return checklist


def _housed_around(client: Client, day: dt.date) -> Tenancy | None:
    """The client's tenancy active on ``day`` or ended within the window
    before it (the most recent), or None."""
    return (
        Tenancy.objects.filter(client=client, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day - REVOLVING_DOOR_WINDOW))
        .select_related("unit")
        .order_by("-start_date")
        .first()
    )


def revolving_door_from_fact(
    *,
    client: Client,
    day: dt.date,
    acting_user: User,
    organization_id: Any,
    reason: str,
    detail: dict[str, Any],
) -> RevolvingDoorAlert:
    """Record a return to homelessness on the pathway (Safety, with
    ``reason``) and raise the alert for the client's workers."""
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()
        current = current_stage(client)
        step = PathwayStage.objects.create(
            client=client,
            stage=Stage.SAFETY,
            previous_stage=current.stage if current else "",
            entered_on=max(day, current.entered_on) if current else day,
            reason=reason,
            organization_id=organization_id,
            recorded_by=acting_user,
        )
        alert = RevolvingDoorAlert.objects.create(
            client=client, pathway_stage=step, kind=AlertKind.RETURN_TO_HOMELESSNESS
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=step,
            client_id=client.pk,
            before={"stage": step.previous_stage or None},
            after=audit_snapshot(step, ["stage", "entered_on", "reason"]),
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=alert,
            client_id=client.pk,
            after={"kind": alert.kind, **detail},
        )
        transaction.on_commit(
            lambda: revolving_door_alert_raised.send(
                sender=RevolvingDoorAlert, alert=alert, acting_user=acting_user
            )
        )
    return alert


def _alerted_recently(client: Client) -> bool:
    return RevolvingDoorAlert.objects.filter(
        client=client, created_at__gte=timezone.now() - dt.timedelta(days=ALERT_QUIET_DAYS)
    ).exists()


def shelter_book_in_alert(*, stay: Stay, acting_user: User) -> RevolvingDoorAlert | None:
    """A client booked into a shelter while housed, or within 12 months of a
    tenancy's end: the fact is recorded on the pathway (Safety, the shelter)
    and a return-to-homelessness alert is raised for the client's workers —
    unless one was raised for the client in the last 7 days."""
    day = timezone.localdate(stay.started_at)
    client = stay.client
    if _housed_around(client, day) is None or _alerted_recently(client):
        return None
    return revolving_door_from_fact(
        client=client,
        day=day,
        acting_user=acting_user,
        organization_id=acting_user.organization_id or stay.site.program.organization_id,
        reason=_("Booked into %(site)s after a tenancy.") % {"site": stay.site},
        detail={"stay": str(stay.pk)},
    )


def street_contact_alert(*, contact: StreetContact, acting_user: User) -> RevolvingDoorAlert | None:
    """Outreach saw a client sleeping outside while housed (a tenancy in
    trouble) or within 12 months of a tenancy's end: the same alert as a
    shelter book-in, with the same 7 quiet days, saying it was a street
    contact."""
    client = contact.client
    tenancy = _housed_around(client, contact.seen_on)
    if tenancy is None or _alerted_recently(client):
        return None
    where = contact.place or _("a place not meant for living")
    if tenancy.end_date is None or tenancy.end_date >= contact.seen_on:
        reason = _(
            "Street contact: seen sleeping outside (%(place)s) while housed at %(unit)s."
        ) % {
            "place": where,
            "unit": tenancy.unit,
        }
    else:
        reason = _("Street contact: seen sleeping outside (%(place)s) after a tenancy.") % {
            "place": where
        }
    return revolving_door_from_fact(
        client=client,
        day=contact.seen_on,
        acting_user=acting_user,
        organization_id=acting_user.organization_id or contact.organization_id,
        reason=reason,
        detail={"street_contact": str(contact.pk)},
    )


__all__ = [
    "CHECKLIST_FIELDS",
    "TENANCY_FIELDS",
    "move_in_update",
    "revolving_door_from_fact",
    "shelter_book_in_alert",
    "street_contact_alert",
    "tenancy_end",
    "tenancy_start",
]
