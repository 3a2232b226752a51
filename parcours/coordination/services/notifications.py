"""Notifications: who is told, and the writing of inbox items.

A notification names its subject by kind and ids; the client's name is never
stored in it (the inbox looks it up through the access policy when it is
read), so a withdrawn consent also hides what was notified before."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.accounts.models import User
from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.coordination.models import Notification


def client_workers(client: Client) -> set[User]:
    """The staff members who work with the client today: the primary workers
    of their open enrollments, the members of the teams of team-based ones,
    and the workers on their care team."""
    enrollments = Enrollment.objects.filter(client=client, end_date__isnull=True)
    workers = set(
        User.objects.filter(is_active=True).filter(
            Q(caseload__in=enrollments)
            | Q(team_memberships__team__enrollments__in=enrollments)
            | Q(care_teams__client=client, care_teams__until__isnull=True)
        )
    )
    return workers


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    client: Client | None = None,
    subject: Model | None = None,
    link: str = "",
    detail: dict[str, Any] | None = None,
    exclude: User | None = None,
) -> list[Notification]:
    """One inbox item per recipient (active staff only, never the person who
    caused it)."""
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            client=client,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
            link=link,
            detail=detail or {},
        )
        for user in {u for u in recipients if u.is_active}
        if exclude is None or user.pk != exclude.pk
    ]
    with transaction.atomic():
        return Notification.objects.bulk_create(rows)


def notification_mark_read(*, acting_user: User, notifications: Iterable[Notification]) -> int:
    ids = [n.pk for n in notifications if n.recipient_id == acting_user.pk]
    return Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_digest_send(*, site_url: str) -> tuple[int, int]:
    """Email each active staff member one digest of their unread
    notifications not yet emailed, and mark them emailed. The email names no
    client (email leaves the system): it says what happened and links to the
    inbox. Returns (people emailed, notifications included)."""
    pending = (
        Notification.objects.filter(
            read_at__isnull=True, emailed_at__isnull=True, recipient__is_active=True
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_user: dict[Any, list[Notification]] = {}
    for n in pending:
        by_user.setdefault(n.recipient_id, []).append(n)
    people = included = 0
    for items in by_user.values():
        user = items[0].recipient
        with translation.override(user.preferred_language or "fr"):
            lines = [f"- {n.get_kind_display()}" for n in items]
            subject = ngettext(
                "Parcours: %(count)d new notification",
                "Parcours: %(count)d new notifications",
                len(items),
            ) % {"count": len(items)}
            body = "\n".join(
                [
                    _("Hello,"),
                    "",
                    _("Since the last digest:"),
                    *lines,
                    "",
                    _("Open your inbox: %(url)s")
                    % {
                        "url": site_url.rstrip("/")
                        + f"/{translation.get_language()}/notifications/"
                    },
                ]
            )
        send_mail(subject, body, None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
        people += 1
        included += len(items)
    return people, included


__all__ = ["client_workers", "notification_digest_send", "notification_mark_read", "notify"]
