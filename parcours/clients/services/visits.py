"""Visits and the services given, the pathway and its alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess, bed_sites_run_by
from parcours.accounts.models import User
from parcours.clients.models import (
    STAGE_ORDER,
    AlertKind,
    Client,
    Need,
    PathwayStage,
    RevolvingDoorAlert,
    ServiceKind,
    Stage,
    Visit,
    VisitService,
)
from parcours.clients.services.registry import _org_id, clients_searched
from parcours.clients.signals import revolving_door_alert_raised
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

# --- Visits ------------------------------------------------------------------

# The most of one service given at one visit: more is a typing slip.
SERVICE_QUANTITY_MAX = 99


@dataclass(frozen=True)
class ServiceGiven:
    kind: str
    quantity: int = 1
    naloxone_training: bool = False
    detail: str = ""


def visit_record(
    *,
    acting_user: User,
    client_access: ClientAccess,
    occurred_at: dt.datetime | None = None,
    site: str = "",
    needs: Sequence[str] = (),
    needs_other: str = "",
    notes: str = "",
    services: Sequence[ServiceGiven] = (),
    pathway_stage: str = "",
) -> Visit:
    """Record a visit: the needs the person expressed and what was given.

    Where the organization has sites, the visit is at one of them (its name,
    as the service totals count it). On a first visit the pathway may start
    at ``pathway_stage``, in the same transaction."""
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + dt.timedelta(minutes=5):
        errors.setdefault("occurred_at", []).append(_("The visit cannot be in the future."))
    site = site.strip()
    org_sites = bed_sites_run_by(acting_user).filter(is_active=True)
    if site and org_sites.exists() and not org_sites.filter(name=site).exists():
        errors.setdefault("site", []).append(_("Choose one of your organization's sites."))
    if pathway_stage:
        if not client_access.sees_pathway:
            errors.setdefault("pathway_stage", []).append(
                _("You may not change this client's pathway.")
            )
        elif pathway_stage not in Stage.values:
            errors.setdefault("pathway_stage", []).append(
                _("Unknown stage: %(stage)s.") % {"stage": pathway_stage}
            )
        elif client_access.client.pathway.exists():
            errors.setdefault("pathway_stage", []).append(
                _("The client is already on the pathway: move the stage from the client file.")
            )
    for need in needs:
        if need not in Need.values:
            errors.setdefault("needs", []).append(_("Unknown need: %(need)s.") % {"need": need})
    if Need.OTHER in needs and not needs_other.strip():
        errors.setdefault("needs_other", []).append(_("Describe the other need."))
    for index, service in enumerate(services, start=1):
        if service.kind not in ServiceKind.values:
            errors.setdefault("services", []).append(
                _("Service %(n)s: unknown service %(kind)s.") % {"n": index, "kind": service.kind}
            )
        if service.quantity < 1 or service.quantity > SERVICE_QUANTITY_MAX:
            errors.setdefault("services", []).append(
                _("Service %(n)s: the quantity must be between 1 and %(max)s.")
                % {"n": index, "max": SERVICE_QUANTITY_MAX}
            )
        if service.naloxone_training and service.kind != ServiceKind.NALOXONE_KIT:
            errors.setdefault("services", []).append(
                _("Service %(n)s: naloxone training goes with a naloxone kit.") % {"n": index}
            )
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        client=client_access.client,
        occurred_at=occurred_at,
        organization_id=_org_id(acting_user),
        site=site,
        needs=sorted(set(needs)),
        needs_other=needs_other.strip(),
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    visit.full_clean()
    with transaction.atomic():
        visit.save(force_insert=True)
        rows = [
            VisitService(
                visit=visit,
                kind=s.kind,
                quantity=s.quantity,
                naloxone_training=s.naloxone_training,
                detail=s.detail.strip(),
            )
            for s in services
        ]
        VisitService.objects.bulk_create(rows)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=visit,
            client_id=client_access.client.pk,
            after={
                **audit_snapshot(visit, ["occurred_at", "site", "needs", "needs_other"]),
                "services": [
                    {
                        "kind": s.kind,
                        "quantity": s.quantity,
                        "naloxone_training": s.naloxone_training,
                    }
                    for s in services
                ],
            },
        )
        if pathway_stage:
            try:
                pathway_move(
                    acting_user=acting_user,
                    client_access=client_access,
                    stage=pathway_stage,
                    entered_on=timezone.localdate(occurred_at),
                )
            except ValidationError as exc:
                raise ValidationError({"pathway_stage": exc.messages}) from exc
    return visit


# --- Pathway -----------------------------------------------------------------


def current_stage(client: Client) -> PathwayStage | None:
    return client.pathway.order_by("-entered_on", "-created_at").first()


def pathway_move(
    *,
    acting_user: User,
    client_access: ClientAccess,
    stage: str,
    entered_on: dt.date | None = None,
    reason: str = "",
) -> PathwayStage:
    """Move the client to a stage of the pathway. Moving back a stage needs a
    reason and raises a revolving-door alert."""
    if not client_access.sees_pathway:
        raise ValidationError(_("You may not change this client's pathway."))
    today = timezone.localdate()
    entered_on = entered_on or today
    errors: dict[str, list[str]] = {}
    if stage not in Stage.values:
        errors.setdefault("stage", []).append(_("Unknown stage: %(stage)s.") % {"stage": stage})
    if entered_on > today:
        errors.setdefault("entered_on", []).append(_("The date cannot be in the future."))
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client_access.client.pk).first()
        current = current_stage(client_access.client)
        previous = Stage(current.stage) if current else None
        if current and stage == current.stage:
            errors.setdefault("stage", []).append(_("The client is already at this stage."))
        if current and entered_on < current.entered_on:
            errors.setdefault("entered_on", []).append(
                _("The date is before the current stage began (%(date)s).")
                % {"date": current.entered_on.isoformat()}
            )
        backward = bool(
            previous and stage in Stage.values and STAGE_ORDER[Stage(stage)] < STAGE_ORDER[previous]
        )
        if backward and not reason.strip():
            errors.setdefault("reason", []).append(
                _("Moving back a stage needs a reason (for example: lost housing, relapse).")
            )
        if errors:
            raise ValidationError(errors)
        step = PathwayStage(
            client=client_access.client,
            stage=stage,
            previous_stage=previous.value if previous else "",
            entered_on=entered_on,
            reason=reason.strip(),
            organization_id=_org_id(acting_user),
            recorded_by=acting_user,
        )
        step.full_clean()
        step.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=step,
            client_id=client_access.client.pk,
            before={"stage": step.previous_stage or None},
            after=audit_snapshot(step, ["stage", "entered_on", "reason"]),
        )
        if backward:
            reached_stability = client_access.client.pathway.filter(
                stage=Stage.STABILITY,
                entered_on__gte=entered_on - dt.timedelta(days=365),
            ).exists()
            homeless_again = stage in (Stage.VISIT, Stage.SAFETY)
            alert = RevolvingDoorAlert.objects.create(
                client=client_access.client,
                pathway_stage=step,
                kind=(
                    AlertKind.RETURN_TO_HOMELESSNESS
                    if reached_stability and homeless_again
                    else AlertKind.BACKWARD_MOVE
                ),
            )
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=alert,
                client_id=client_access.client.pk,
                after={"kind": alert.kind, "from": step.previous_stage, "to": stage},
            )
            transaction.on_commit(
                lambda: revolving_door_alert_raised.send(
                    sender=RevolvingDoorAlert, alert=alert, acting_user=acting_user
                )
            )
    return step


def alert_acknowledge(
    *, acting_user: User, alert: RevolvingDoorAlert, note: str = ""
) -> RevolvingDoorAlert:
    if alert.acknowledged_at is not None:
        raise ValidationError(_("This alert was already acknowledged."))
    with transaction.atomic():
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = acting_user
        alert.note = note.strip()
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=alert,
            client_id=alert.client_id,
            after={"acknowledged": True, "note": alert.note},
        )
    return alert


def alerts_shown(
    *, acting_user: User, alerts: Sequence[RevolvingDoorAlert], view: str = "alerts"
) -> None:
    """The alerts page shows clients' names: which records it showed is
    audited, like a search's."""
    ids = sorted({a.client_id for a in alerts}, key=str)
    if ids:
        clients_searched(acting_user=acting_user, query=view, client_ids=ids)
