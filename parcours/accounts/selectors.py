"""Reads for organizations, programs, teams, staff and the audit log, filtered by
the access policy."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parcours import access
from parcours.accounts.models import (
    ApiToken,
    Discipline,
    Program,
    ProgramMembership,
    Team,
    TeamMembership,
    User,
)
from parcours.core.models import AuditEvent
from parcours.core.text import fold


@dataclass(frozen=True)
class HomeSummary:
    user: User
    program_memberships: list[ProgramMembership]
    team_memberships: list[TeamMembership]
    organization_programs: list[Program]
    colleague_count: int


def home_summary(user: User) -> HomeSummary:
    """What the home page shows a staff member: their organization, their
    programs and teams, and their organization's programs with team counts."""
    memberships = list(
        ProgramMembership.objects.filter(user=user, program__in=access.programs_visible_to(user))
        .select_related("program")
        .order_by("program__name")
    )
    teams = list(
        TeamMembership.objects.filter(user=user, team__in=access.teams_visible_to(user))
        .select_related("team", "team__program")
        .order_by("team__program__name", "team__name")
    )
    programs: list[Program] = []
    colleagues = 0
    if user.organization_id is not None:
        programs = list(
            access.programs_visible_to(user)
            .filter(organization_id=user.organization_id)
            .annotate(
                staff_count=Count(
                    "memberships", filter=Q(memberships__user__is_active=True), distinct=True
                )
            )
            .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
            .order_by("name")
        )
        colleagues = (
            access.staff_visible_to(user)
            .filter(organization_id=user.organization_id, is_active=True)
            .exclude(pk=user.pk)
            .count()
        )
    # The organization and discipline the page names, in one query (the
    # session's user object has neither loaded).
    me = User.objects.select_related("organization", "discipline").get(pk=user.pk)
    return HomeSummary(
        user=me,
        program_memberships=memberships,
        team_memberships=teams,
        organization_programs=programs,
        colleague_count=colleagues,
    )


def staff_list(
    user: User, *, query: str = "", status: str = "active", ordering: str = "name"
) -> QuerySet[User]:
    """Staff the user may see, searched by name or email."""
    qs = access.staff_visible_to(user).select_related("organization", "discipline")
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    for word in query.split():
        qs = qs.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(email__icontains=word)
        )
    orderings = {
        "name": ["family_name", "given_name", "email"],
        "-name": ["-family_name", "-given_name", "-email"],
        "email": ["email"],
        "-email": ["-email"],
        "last_login": ["last_login"],
        "-last_login": ["-last_login"],
    }
    return qs.order_by(*orderings.get(ordering, orderings["name"]))


def staff_get_for_user(user: User, staff_id: uuid.UUID | str) -> User:
    """One staff member the user may see, or 404."""
    try:
        return (
            access.staff_visible_to(user)
            .select_related("organization", "discipline")
            .prefetch_related("program_memberships__program", "team_memberships__team")
            .get(pk=staff_id)
        )
    except (User.DoesNotExist, ValueError, ValidationError) as exc:  # unknown or malformed id
        raise Http404 from exc


def organization_programs_and_teams(
    organization_id: uuid.UUID | None,
) -> tuple[list[Program], list[Team]]:
    """The programs and teams of an organization, by name (the staff access form)."""
    if organization_id is None:
        return [], []
    programs = list(Program.objects.filter(organization_id=organization_id).order_by("name"))
    teams = list(
        Team.objects.filter(program__organization_id=organization_id)
        .select_related("program")
        .order_by("program__name", "name")
    )
    return programs, teams


def disciplines() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in Discipline.objects.all()]


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def audit_event_list(
    user: User,
    *,
    actor: str = "",
    staff: User | None = None,
    client_id: uuid.UUID | None = None,
    client_name: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events the user may read, newest first. Dates are local days
    (the site's time zone), both ends included. ``client_name`` finds only
    clients the reader may see (a name they may not see finds nothing)."""
    qs = access.audit_events_visible_to(user).select_related("actor", "organization")
    if actor:
        for word in actor.split():
            qs = qs.filter(
                Q(actor_label__icontains=word)
                | Q(actor__given_name__icontains=word)
                | Q(actor__family_name__icontains=word)
            )
    if staff is not None:
        qs = qs.filter(actor=staff)
    if client_id:
        qs = qs.filter(client_id=client_id)
    if client_name.strip():
        qs = qs.filter(client_id__in=clients_named(user, client_name).values("pk"))
    if action:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(occurred_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(
            occurred_at__lt=dt.datetime.combine(
                date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
        )
    return qs.order_by("-id")


def clients_named(user: User, name: str) -> QuerySet[Any]:
    """Clients the user may see whose name holds every word of ``name``
    (accents and case ignored)."""
    qs = access.clients_visible_to(user)
    for word in name.split():
        folded = fold(word)
        if folded:
            qs = qs.filter(search_text__contains=folded)
    return qs


def audit_client_names(user: User, events: Sequence[AuditEvent]) -> dict[uuid.UUID, str]:
    """The names of the events' clients the reader may see, in one query: a
    client the reader may not see has no name here."""
    ids = {e.client_id for e in events if e.client_id}
    if not ids:
        return {}
    return {
        client.pk: client.display_name
        for client in access.clients_visible_to(user)
        .filter(pk__in=ids)
        .only("pk", "is_anonymous", "given_name", "preferred_name", "family_name")
    }
