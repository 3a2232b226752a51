"""Writes to a client's care team: add a member (a staff member of the
acting user's organization, or an outside professional by name), change a
member's role or contact, end a membership. Each write is validated first
(nothing written on bad input), audited in the same transaction, and told to
the rest of the care team (``CARE_TEAM_CHANGE``, never to the actor). The
reads of the team list are audited here too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.access.care_team import can_change_care_team_member, may_be_told_of_care_plan
from parcours.access.coordination import can_change_care_team
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.coordination.models import CareRole, CareTeamMember, NotificationKind
from parcours.coordination.services.notifications import client_workers, notify
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

MEMBER_FIELDS = ["worker_id", "outside_name", "role", "contact", "since", "until"]
MAX_NAME = 200
MAX_CONTACT = 200


def care_team_recipients(client: Client) -> list[User]:
    """The client's workers who may be told of a change to their care team
    or plan (their organization may read the case plan)."""
    return [u for u in client_workers(client) if may_be_told_of_care_plan(u, client)]


def care_team_notify(
    *, acting_user: User, client: Client, subject: Any, kind: str, detail: dict[str, Any]
) -> None:
    """Tell the rest of the care team (never the actor; no client name in ``detail``)."""
    notify(
        recipients=care_team_recipients(client),
        kind=kind,
        client=client,
        subject=subject,
        link=reverse("coordination:care_plan", kwargs={"client_id": client.pk}),
        detail=detail,
        exclude=acting_user,
    )


def _require_change(client_access: ClientAccess) -> None:
    if not can_change_care_team(client_access):
        raise ValidationError(
            _(
                "The client's care team is case-plan information: the client must share "
                "the case plan with your organization before it changes the care team."
            )
        )


def _check_member_access(client_access: ClientAccess, member: CareTeamMember) -> None:
    if not can_change_care_team_member(client_access, member):
        raise ValidationError(_("Only the partner that added this member may change it."))


def _worker_is_twice(
    *, client: Client, worker: User, role: str, exclude: CareTeamMember | None = None
) -> bool:
    current = CareTeamMember.objects.filter(
        client=client, worker=worker, role=role, until__isnull=True
    )
    if exclude is not None:
        current = current.exclude(pk=exclude.pk)
    return current.exists()


def _outside_is_twice(
    *, client: Client, name: str, role: str, exclude: CareTeamMember | None = None
) -> bool:
    current = CareTeamMember.objects.filter(
        client=client, outside_name__iexact=name, role=role, until__isnull=True
    )
    if exclude is not None:
        current = current.exclude(pk=exclude.pk)
    return current.exists()


def _check_role_and_contact(role: str, contact: str, errors: dict[str, list[str]]) -> None:
    if role not in CareRole.values:
        errors.setdefault("role", []).append(_("Choose a role."))
    if len(contact) > MAX_CONTACT:
        errors.setdefault("contact", []).append(
            _("Enter at most %(max)s characters.") % {"max": MAX_CONTACT}
        )


def care_team_member_add(
    *,
    acting_user: User,
    client_access: ClientAccess,
    role: str,
    since: dt.date,
    worker: User | None = None,
    outside_name: str = "",
    contact: str = "",
) -> CareTeamMember:
    """Add a member to the client's care team: a staff member of the acting
    user's organization, or a professional outside the network by name."""
    _require_change(client_access)
    client = client_access.client
    outside_name = outside_name.strip()
    contact = contact.strip()
    errors: dict[str, list[str]] = {}
    if worker is None and not outside_name:
        errors.setdefault("worker", []).append(
            _("Choose a staff member of your organization, or name a professional outside it.")
        )
    if worker is not None and outside_name:
        errors.setdefault("outside_name", []).append(
            _("Choose a staff member or name an outside professional, not both.")
        )
    if worker is not None and (
        not worker.is_active or worker.organization_id != acting_user.organization_id
    ):
        errors.setdefault("worker", []).append(
            _("Choose an active staff member of your organization.")
        )
    if len(outside_name) > MAX_NAME:
        errors.setdefault("outside_name", []).append(
            _("Enter at most %(max)s characters.") % {"max": MAX_NAME}
        )
    _check_role_and_contact(role, contact, errors)
    if since > timezone.localdate():
        errors.setdefault("since", []).append(_("The start date cannot be in the future."))
    if (
        not errors
        and worker is not None
        and _worker_is_twice(client=client, worker=worker, role=role)
    ):
        errors.setdefault("role", []).append(
            _("This staff member is already on the care team in this role.")
        )
    if (
        not errors
        and outside_name
        and _outside_is_twice(client=client, name=outside_name, role=role)
    ):
        errors.setdefault("role", []).append(
            _("This professional is already on the care team in this role.")
        )
    if errors:
        raise ValidationError(errors)
    member = CareTeamMember(
        client=client,
        organization_id=client_access.organization_id,
        worker=worker,
        outside_name=outside_name,
        role=role,
        contact=contact,
        since=since,
        added_by=acting_user,
    )
    member.full_clean()
    with transaction.atomic():
        member.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=member,
            client_id=client.pk,
            after=audit_snapshot(member, MEMBER_FIELDS),
        )
        care_team_notify(
            acting_user=acting_user,
            client=client,
            subject=member,
            kind=NotificationKind.CARE_TEAM_CHANGE,
            detail={"change": "added", "role": role},
        )
    return member


def care_team_member_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    member: CareTeamMember,
    changes: dict[str, Any],
) -> CareTeamMember:
    """Change a current member's role or contact."""
    _require_change(client_access)
    _check_member_access(client_access, member)
    unknown = set(changes) - {"role", "contact"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in sorted(unknown)})
    if not member.is_current:
        raise ValidationError(_("This membership has ended: it can no longer be changed."))
    role = changes.get("role", member.role)
    contact = str(changes.get("contact", member.contact) or "").strip()
    errors: dict[str, list[str]] = {}
    _check_role_and_contact(role, contact, errors)
    if not errors and role != member.role:
        if member.worker is not None and _worker_is_twice(
            client=member.client, worker=member.worker, role=role, exclude=member
        ):
            errors.setdefault("role", []).append(
                _("This staff member is already on the care team in this role.")
            )
        if member.outside_name and _outside_is_twice(
            client=member.client, name=member.outside_name, role=role, exclude=member
        ):
            errors.setdefault("role", []).append(
                _("This professional is already on the care team in this role.")
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = CareTeamMember.objects.select_for_update().get(pk=member.pk)
        before = audit_snapshot(current, ["role", "contact"])
        current.role = role
        current.contact = contact
        current.full_clean()
        current.save(update_fields=["role", "contact", "updated_at"])
        after = audit_snapshot(current, ["role", "contact"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
        if before != after:
            care_team_notify(
                acting_user=acting_user,
                client=client_access.client,
                subject=current,
                kind=NotificationKind.CARE_TEAM_CHANGE,
                detail={"change": "changed", "role": current.role},
            )
    return current


def care_team_member_end(
    *,
    acting_user: User,
    client_access: ClientAccess,
    member: CareTeamMember,
    until: dt.date | None = None,
) -> CareTeamMember:
    """End a membership on ``until`` (today by default): the member moves to
    the care team's history."""
    _require_change(client_access)
    _check_member_access(client_access, member)
    until = until or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not member.is_current:
        errors.setdefault("until", []).append(_("This membership has already ended."))
    elif until < member.since:
        errors.setdefault("until", []).append(
            _("The end date cannot be before the start date (%(since)s).")
            % {"since": member.since.isoformat()}
        )
    elif until > timezone.localdate():
        errors.setdefault("until", []).append(_("The end date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = CareTeamMember.objects.select_for_update().get(pk=member.pk)
        if not current.is_current:
            raise ValidationError({"until": [_("This membership has already ended.")]})
        current.until = until
        current.full_clean()
        current.save(update_fields=["until", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before={"until": None},
            after={"until": until.isoformat()},
        )
        care_team_notify(
            acting_user=acting_user,
            client=client_access.client,
            subject=current,
            kind=NotificationKind.CARE_TEAM_CHANGE,
            detail={"change": "ended", "role": current.role},
        )
    return current


def care_team_viewed(
    *,
    acting_user: User,
    client_access: ClientAccess,
    section: str = "care_team",
    via: str = "web",
    member_ids: Iterable[Any] = (),
) -> None:
    """A read of the client's care team (or care plan) is in the audit log."""
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=client_access.client,
        client_id=client_access.client.pk,
        detail={
            "via": via,
            "section": section,
            "members": sorted(str(m) for m in member_ids),
            **(
                {"break_glass": str(client_access.break_glass.pk)}
                if client_access.break_glass
                else {}
            ),
        },
    )


def care_overview_viewed(*, acting_user: User, client_ids: Iterable[Any], via: str = "web") -> None:
    """The coordinators' overview named clients: which ones is audited."""
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        detail={
            "via": via,
            "section": "care_overview",
            "clients": sorted(str(c) for c in client_ids),
        },
    )


__all__ = [
    "care_overview_viewed",
    "care_team_member_add",
    "care_team_member_end",
    "care_team_member_update",
    "care_team_notify",
    "care_team_recipients",
    "care_team_viewed",
]
