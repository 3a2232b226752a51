"""Reading life-skills groups through the policy (``access.community``):
every partner's sessions, upcoming or past; a session's roster showing only
the clients the user may see (and how many others there are); a client's
attendance for their file; the sessions a client can still be registered for."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import ClientAccess, clients_visible_to
from parcours.access.community import (
    group_attendances_of,
    group_attendances_visible_to,
    group_sessions_run_by,
    group_sessions_visible_to,
)
from parcours.accounts.models import Organization, User
from parcours.community.models import GroupAttendance, GroupSession

WHEN_UPCOMING = "upcoming"
WHEN_PAST = "past"


def _with_counts(sessions: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    return sessions.select_related("organization").annotate(registered=Count("attendances"))


def group_sessions(
    user: User,
    *,
    when: str = WHEN_UPCOMING,
    topic: str = "",
    organization_id: uuid.UUID | None = None,
) -> QuerySet[GroupSession]:
    """Every partner's sessions the user may see: upcoming (today's and
    later, soonest first) or past (latest first), by topic, by organization.
    Each carries ``registered``, its roster's size."""
    sessions = group_sessions_visible_to(user)
    today = _start_of_today()
    if when == WHEN_PAST:
        sessions = sessions.filter(starts_at__lt=today).order_by("-starts_at")
    else:
        sessions = sessions.filter(starts_at__gte=today).order_by("starts_at")
    if topic:
        sessions = sessions.filter(topic=topic)
    if organization_id is not None:
        sessions = sessions.filter(organization_id=organization_id)
    return _with_counts(sessions)


def _start_of_today() -> dt.datetime:
    """Today's sessions are upcoming all day long (attendance is marked there)."""
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))


def session_organizations(user: User) -> QuerySet[Organization]:
    """The organizations that run sessions, for the list's filter."""
    return Organization.objects.filter(
        pk__in=group_sessions_visible_to(user).values("organization_id")
    ).order_by("name")


def group_session_get(user: User, session_id: uuid.UUID) -> GroupSession:
    """A session the user may see, with its roster's size (404 otherwise)."""
    session = _with_counts(group_sessions_visible_to(user)).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def places_left(session: GroupSession) -> int:
    registered = getattr(session, "registered", None)
    if registered is None:
        registered = GroupAttendance.objects.filter(session=session).count()
    return max(session.capacity - registered, 0)


@dataclass(frozen=True)
class Roster:
    """The participants the user may see, and how many others there are."""

    attendances: list[GroupAttendance]
    others: int

    @property
    def total(self) -> int:
        return len(self.attendances) + self.others


def session_roster(user: User, session: GroupSession) -> Roster:
    """A participant is shown when the user may see both their attendance
    (case-plan data) and who they are (identity); the others are counted."""
    shown = list(
        group_attendances_visible_to(user)
        .filter(session=session, client__in=clients_visible_to(user).values("pk"))
        .select_related("client", "goal", "encounter")
        .order_by("client__preferred_name", "client__given_name", "created_at")
    )
    total = getattr(session, "registered", None)
    if total is None:
        total = GroupAttendance.objects.filter(session=session).count()
    return Roster(shown, max(total - len(shown), 0))


def client_group_attendances(client_access: ClientAccess) -> QuerySet[GroupAttendance]:
    """The client's sessions the user may see, latest first."""
    return (
        group_attendances_of(client_access)
        .select_related("session", "session__organization", "goal")
        .order_by("-session__starts_at")
    )


def sessions_open_for(user: User) -> QuerySet[GroupSession]:
    """Sessions the user's organization runs that a client can still join:
    not started, not cancelled, with a place left."""
    return (
        _with_counts(group_sessions_run_by(user))
        .filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True)
        .filter(Q(registered__lt=F("capacity")))
        .order_by("starts_at")
    )


def group_attendance_get(user: User, attendance_id: uuid.UUID) -> GroupAttendance:
    """An attendance the user may see (404 otherwise)."""
    attendance = (
        group_attendances_visible_to(user)
        .select_related("session", "client", "goal", "encounter")
        .filter(pk=attendance_id)
        .first()
    )
    if attendance is None:
        raise Http404
    return attendance


__all__ = [
    "WHEN_PAST",
    "WHEN_UPCOMING",
    "Roster",
    "client_group_attendances",
    "group_attendance_get",
    "group_session_get",
    "group_sessions",
    "places_left",
    "session_organizations",
    "session_roster",
    "sessions_open_for",
]
