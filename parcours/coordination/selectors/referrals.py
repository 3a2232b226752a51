"""Reads of referrals and of the inbox, through the access policy. Reads
that name clients are audited (which referrals and clients a list showed)."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours import access
from parcours.access import coordination as policy
from parcours.accounts.models import User
from parcours.coordination.models import (
    OPEN_STATUSES,
    Notification,
    NotificationKind,
    Referral,
    ReferralStatus,
)
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction

INBOX_BOXES = ("received", "sent")


@dataclass(frozen=True)
class ReferralRow:
    """A referral as a list shows it: the client named only if the user may
    know who they are."""

    referral: Referral
    client_label: str
    client_linkable: bool
    days_pending: int | None
    overdue: bool


def _with_related(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related(
        "client",
        "service__organization",
        "organization",
        "receiving_organization",
        "receiving_program",
        "sent_by",
        "goal",
        "bed_hold__bed",
        "bed_hold__room__site",
    )


def referral_rows(user: User, referrals: list[Referral]) -> list[ReferralRow]:
    """Rows for a list, with one query for which clients the user may see."""
    ids = {r.client_id for r in referrals}
    visible = set(access.clients_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    today = timezone.localdate()
    rows = []
    for r in referrals:
        shown = r.client_id in visible or (
            r.beyond_consent and policy.referral_received_by_my_organization(user, r)
        )
        rows.append(
            ReferralRow(
                referral=r,
                client_label=str(r.client) if shown else "",
                client_linkable=r.client_id in visible,
                days_pending=r.days_pending(today),
                overdue=r.is_overdue(today),
            )
        )
    return rows


def referral_inbox(
    user: User, *, box: str = "received", status: str = "", open_only: bool = True
) -> QuerySet[Referral]:
    """The referrals received by (or sent from) the user's organization:
    overdue and urgent first, then the oldest waiting."""
    org_id = access.staff_org(user)
    if org_id is None:
        return Referral.objects.none()
    qs = policy.referrals_visible_to(user)
    if box == "sent":
        qs = qs.filter(organization_id=org_id)
    else:
        qs = qs.filter(receiving_organization_id=org_id)
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=[ReferralStatus.DRAFT, *OPEN_STATUSES])
    today = timezone.localdate()
    qs = qs.annotate(
        attention=Case(
            When(Q(status=ReferralStatus.SENT, respond_by__lt=today), then=Value(0)),
            When(Q(status=ReferralStatus.SENT, urgent=True), then=Value(1)),
            When(status=ReferralStatus.SENT, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    )
    return _with_related(qs).order_by("attention", "sent_at", "created_at")


def referrals_listed(*, acting_user: User, rows: list[ReferralRow], section: str) -> None:
    """Audit which referrals, and which clients, a list showed."""
    if not rows:
        return
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        detail={
            "section": section,
            "referrals": [str(r.referral.pk) for r in rows],
            "clients": sorted({str(r.referral.client_id) for r in rows if r.client_label}),
        },
    )


def referral_get_for_user(user: User, referral_id: uuid.UUID | str) -> Referral:
    """One referral the user may read (404 otherwise); the read is audited."""
    try:
        referral = _with_related(policy.referrals_readable_by(user)).get(pk=referral_id)
    except (Referral.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    audit_record(
        action=AuditAction.VIEW,
        actor=user,
        target=referral,
        client_id=referral.client_id,
    )
    return referral


def client_referrals(client_access: access.ClientAccess) -> QuerySet[Referral]:
    """The client's referrals the user may read."""
    return _with_related(
        policy.referrals_readable_by(client_access.user).filter(client=client_access.client)
    ).order_by("-created_at")


def referrals_for_review(user: User) -> QuerySet[Referral]:
    """Referrals sent beyond consent, for the privacy reviewers."""
    return _with_related(policy.beyond_consent_referrals_for_review(user)).order_by("-sent_at")


@dataclass(frozen=True)
class InboxItem:
    notification: Notification
    client_label: str


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = policy.notifications_of(user).select_related("client")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def unread_count(user: User) -> int:
    return policy.notifications_of(user).filter(read_at__isnull=True).count()


def inbox_items(user: User, notifications: list[Notification]) -> list[InboxItem]:
    """Notifications with the client named only if the user may still see
    them (consent withdrawn since: the item stays, the name goes)."""
    ids = {n.client_id for n in notifications if n.client_id}
    visible: set[Any] = set(
        access.clients_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    return [
        InboxItem(
            notification=n,
            client_label=str(n.client) if n.client_id in visible and n.client else "",
        )
        for n in notifications
    ]


# The text of each kind that says more than its label (placeholders from
# the notification's non-identifying ``detail``).
_TEXTS: dict[str, Any] = {
    NotificationKind.REFERRAL_RECEIVED: gettext_lazy("Referral received for {service}"),
    NotificationKind.REFERRAL_ANSWERED: gettext_lazy("Referral to {service}: {status}"),
    NotificationKind.REFERRAL_MESSAGE: gettext_lazy("New message on the referral to {service}"),
    NotificationKind.REFERRAL_OVERDUE: gettext_lazy(
        "The referral to {service} has no answer and is overdue"
    ),
    NotificationKind.SHELTER_BOOK_IN: gettext_lazy("Booked in at {site}"),
    NotificationKind.DUPLICATE_SERVICE: gettext_lazy(
        "Possible duplicate support: a referral to {service}"
    ),
}


def notification_text(notification: Notification, client_label: str) -> str:
    """What the item says, in the reader's language, naming the client only
    when they may still see them."""
    detail = {k: str(v) for k, v in (notification.detail or {}).items()}
    if detail.get("status") in ReferralStatus.values:
        detail["status"] = str(ReferralStatus(detail["status"]).label).lower()
    if notification.kind in NotificationKind.values:
        text = str(NotificationKind(notification.kind).label)
    else:
        text = notification.kind
    pattern = _TEXTS.get(notification.kind)
    if pattern is not None:
        with contextlib.suppress(KeyError, IndexError):
            text = str(pattern).format(**detail)
    who = client_label or _("a client")
    return f"{text} — {who}"


__all__ = [
    "INBOX_BOXES",
    "InboxItem",
    "ReferralRow",
    "client_referrals",
    "inbox_items",
    "notification_text",
    "notifications_for",
    "referral_get_for_user",
    "referral_inbox",
    "referral_rows",
    "referrals_for_review",
    "referrals_listed",
    "unread_count",
]
