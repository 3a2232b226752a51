"""Notifications: who is told, and the writing of inbox items.

A notification names its subject by kind and ids; the client's name is never
stored in it (the inbox looks it up through the access policy when it is
read), so a withdrawn consent also hides what was notified before."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

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


__all__ = ["client_workers", "notification_mark_read", "notify"]
