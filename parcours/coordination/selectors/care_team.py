"""Reads of the care team and of the coordinated care plan, through the
access policy: a client's members (current and former), the workers of the
client's open enrollments (implicit members), every partner's part of the
plan, and the coordinators' overview of the clients with the most partners
involved and the most open referrals."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404

from parcours import access
from parcours.access import ClientAccess
from parcours.access.care_team import (
    can_change_care_team_member,
    can_change_partner_part,
    care_team_filter,
    clients_for_care_overview,
    implicit_members_filter,
)
from parcours.access.coordination import can_change_care_team, referrals_visible_to
from parcours.accounts.models import Organization, TeamMembership, User
from parcours.casework.models import Enrollment, Goal, GoalStep, PlanGoalStatus
from parcours.casework.selectors import goals_for, plan_for
from parcours.clients.models import Client, DataCategory
from parcours.coordination.models import OPEN_STATUSES, CareTeamMember, Referral

REFERRAL_LABEL = "coordination.referral"
GOAL_LABEL = "casework.goal"
OPEN_GOAL_STATUSES = (PlanGoalStatus.ACTIVE, PlanGoalStatus.ON_HOLD)

# --- The care team of one client -------------------------------------------------


@dataclass
class ImplicitMember:
    """A worker who works with the client through an open enrollment: its
    primary worker, or a member of the team of a team-based one."""

    worker: User
    organization: Organization
    enrollment: Enrollment
    through_team: bool

    @property
    def since(self) -> Any:
        return self.enrollment.start_date


@dataclass
class CareTeam:
    current: list[CareTeamMember]
    implicit: list[ImplicitMember]
    enrollments: list[Enrollment]
    former_count: int
    can_change: bool


def _members(client_access: ClientAccess) -> QuerySet[CareTeamMember]:
    return (
        CareTeamMember.objects.filter(care_team_filter(client_access))
        .select_related("worker", "worker__discipline", "organization", "added_by")
        .order_by("since", "created_at")
    )


def _open_enrollments(client_access: ClientAccess) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(implicit_members_filter(client_access), end_date__isnull=True)
        .select_related("program", "organization", "primary_worker", "team")
        .prefetch_related(
            Prefetch(
                "team__memberships",
                queryset=TeamMembership.objects.filter(user__is_active=True)
                .select_related("user", "user__discipline")
                .order_by("user__family_name", "user__given_name"),
            )
        )
        .order_by("start_date", "created_at")
    )


def implicit_members(
    enrollments: list[Enrollment], explicit: list[CareTeamMember]
) -> list[ImplicitMember]:
    """The workers of the open enrollments, less those already on the care team."""
    named = {m.worker_id for m in explicit if m.worker_id is not None}
    rows: list[ImplicitMember] = []
    seen: set[Any] = set()
    for e in enrollments:
        workers: list[tuple[User, bool]] = []
        if e.primary_worker is not None and e.primary_worker.is_active:
            workers.append((e.primary_worker, False))
        if e.team is not None:
            workers.extend((m.user, True) for m in e.team.memberships.all())
        for worker, through_team in workers:
            if worker.pk in named or (worker.pk, e.pk) in seen:
                continue
            seen.add((worker.pk, e.pk))
            rows.append(ImplicitMember(worker, e.organization, e, through_team))
    return rows


def care_team_for(client_access: ClientAccess) -> CareTeam:
    """The client's care team as the user may see it (a constant number of queries)."""
    members = list(_members(client_access))
    current = [m for m in members if m.is_current]
    for m in current:
        m.can_change = can_change_care_team_member(client_access, m)  # type: ignore[attr-defined]
    enrollments = list(_open_enrollments(client_access))
    return CareTeam(
        current=current,
        implicit=implicit_members(enrollments, current),
        enrollments=enrollments,
        former_count=len(members) - len(current),
        can_change=can_change_care_team(client_access),
    )


def care_team_former(client_access: ClientAccess) -> QuerySet[CareTeamMember]:
    """The client's former members (history), the most recently ended first."""
    return _members(client_access).filter(until__isnull=False).order_by("-until", "-since")


def care_team_member_get_for_user(
    user: User, member_id: uuid.UUID | str
) -> tuple[CareTeamMember, ClientAccess]:
    """A membership the user may see, with what they may see of its client; 404 otherwise."""
    try:
        member = CareTeamMember.objects.select_related("worker", "organization").get(pk=member_id)
    except (CareTeamMember.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, member.client_id)
    if not CareTeamMember.objects.filter(care_team_filter(client_access), pk=member.pk).exists():
        raise Http404
    member.client = client_access.client
    return member, client_access


def care_team_member_get_changeable(
    user: User, member_id: uuid.UUID | str
) -> tuple[CareTeamMember, ClientAccess]:
    """A membership the user may change (their organization recorded it); 404 otherwise."""
    member, client_access = care_team_member_get_for_user(user, member_id)
    if not can_change_care_team_member(client_access, member):
        raise Http404
    return member, client_access


def care_team_worker_choices(user: User) -> QuerySet[User]:
    """Who the user may add to a care team: active staff of their organization."""
    if user.organization_id is None:
        return User.objects.none()
    return User.objects.filter(organization_id=user.organization_id, is_active=True).order_by(
        "family_name", "given_name", "email"
    )


# --- The coordinated care plan: every partner's part ------------------------------


@dataclass
class PartnerPart:
    organization: Organization
    members: list[CareTeamMember] = field(default_factory=list)
    workers: list[ImplicitMember] = field(default_factory=list)
    enrollments: list[Enrollment] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    open_steps: list[GoalStep] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    editable: bool = False
    mine: bool = False


@dataclass
class CarePlan:
    parts: list[PartnerPart]
    has_plan: bool
    can_write_plan: bool


def _open_referrals(client_access: ClientAccess) -> QuerySet[Referral]:
    locked = client_access.locked_ids(REFERRAL_LABEL)
    return (
        referrals_visible_to(client_access.user)
        .filter(client=client_access.client, status__in=OPEN_STATUSES)
        .exclude(pk__in=locked)
        .select_related("service", "organization", "receiving_organization", "receiving_program")
        .order_by("sent_at", "created_at")
    )


def goal_partner(goal: Goal) -> Organization:
    """Whose part a goal is: the responsible partner's, else the one that recorded it."""
    return goal.responsible_organization or goal.organization


def care_plan_for(client_access: ClientAccess) -> CarePlan:
    """Every partner's part of the client's plan, as the user may see it:
    the partners of the care team, of the goals and of the open enrollments
    and referrals; the user's own organization first."""
    parts: dict[Any, PartnerPart] = {}

    def part(org: Organization) -> PartnerPart:
        if org.pk not in parts:
            parts[org.pk] = PartnerPart(organization=org)
        return parts[org.pk]

    team = care_team_for(client_access)
    for m in team.current:
        part(m.organization).members.append(m)
    for w in team.implicit:
        part(w.organization).workers.append(w)
    for e in team.enrollments:
        part(e.organization).enrollments.append(e)
    plan = plan_for(client_access)
    if plan is not None:
        for goal in goals_for(client_access, plan).filter(status__in=OPEN_GOAL_STATUSES):
            p = part(goal_partner(goal))
            p.goals.append(goal)
            p.open_steps.extend(s for s in goal.steps.all() if s.done_on is None)
    for referral in _open_referrals(client_access):
        part(referral.receiving_organization or referral.organization).referrals.append(referral)
    can_write = access.can_write_plan(client_access, plan)
    own = client_access.user.organization_id
    for p in parts.values():
        p.mine = p.organization.pk == own
        p.editable = can_write and can_change_partner_part(client_access, p.organization.pk)
    ordered = sorted(parts.values(), key=lambda p: (not p.mine, p.organization.name.casefold()))
    return CarePlan(parts=ordered, has_plan=plan is not None, can_write_plan=can_write)


def care_plan_record_ids(care_plan: CarePlan) -> list[Any]:
    """The members, goals and referrals a care-plan page showed (for the audit log)."""
    ids: list[Any] = []
    for p in care_plan.parts:
        ids.extend(m.pk for m in p.members)
        ids.extend(g.pk for g in p.goals)
        ids.extend(r.pk for r in p.referrals)
    return ids


# --- The coordinators' overview --------------------------------------------------


class _Count(Subquery):
    """The number of rows of a subquery, as a column of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()


OVERVIEW_ORDERINGS: dict[str, tuple[str, ...]] = {
    "partners": ("-partners", "-open_referrals", "family_name", "given_name", "pk"),
    "referrals": ("-open_referrals", "-partners", "family_name", "given_name", "pk"),
    "name": ("family_name", "given_name", "pk"),
}


def care_overview(user: User, *, ordering: str = "partners", query: str = "") -> QuerySet[Client]:
    """The clients a coordinator may see, with ``partners`` (how many
    partners are involved: on the care team, with an open enrollment, an open
    goal or an open referral) and ``open_referrals``, counted over the records
    the coordinator may see, in one query. Clients with neither are left out."""
    if not access.is_coordinator(user):
        return Client.objects.none()
    client_ref = OuterRef(OuterRef("pk"))
    org_ref = OuterRef("pk")
    on_team = CareTeamMember.objects.filter(
        access.records_visible_filter(
            user, category=DataCategory.CASE_PLAN, model_label="coordination.careteammember"
        ),
        client_id=client_ref,
        organization_id=org_ref,
        until__isnull=True,
    )
    enrolled = Enrollment.objects.filter(
        access.records_visible_filter(
            user, category=DataCategory.CASE_PLAN, model_label="casework.enrollment"
        ),
        client_id=client_ref,
        organization_id=org_ref,
        end_date__isnull=True,
    )
    with_goal = Goal.objects.filter(
        access.records_visible_filter(
            user,
            category=DataCategory.CASE_PLAN,
            model_label=GOAL_LABEL,
            client_path="plan__client_id",
        ),
        Q(organization_id=org_ref, responsible_organization__isnull=True)
        | Q(responsible_organization_id=org_ref),
        plan__client_id=client_ref,
        status__in=OPEN_GOAL_STATUSES,
    )
    open_referrals = referrals_visible_to(user).filter(status__in=OPEN_STATUSES)
    referred = open_referrals.filter(client_id=client_ref).filter(
        Q(receiving_organization_id=org_ref)
        | Q(receiving_organization__isnull=True, organization_id=org_ref)
    )
    partners = (
        Organization.objects.filter(
            Exists(on_team) | Exists(enrolled) | Exists(with_goal) | Exists(referred)
        )
        .order_by()
        .values("pk")
    )
    referral_rows = open_referrals.filter(client_id=OuterRef("pk")).order_by().values("pk")
    clients = clients_for_care_overview(user).annotate(
        partners=_Count(partners), open_referrals=_Count(referral_rows)
    )
    clients = clients.filter(Q(partners__gt=0) | Q(open_referrals__gt=0))
    if query.strip():
        for word in query.split()[:5]:
            clients = clients.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
    return clients.order_by(*OVERVIEW_ORDERINGS.get(ordering, OVERVIEW_ORDERINGS["partners"]))


__all__ = [
    "OVERVIEW_ORDERINGS",
    "CarePlan",
    "CareTeam",
    "ImplicitMember",
    "PartnerPart",
    "care_overview",
    "care_plan_for",
    "care_plan_record_ids",
    "care_team_for",
    "care_team_former",
    "care_team_member_get_changeable",
    "care_team_member_get_for_user",
    "care_team_worker_choices",
    "goal_partner",
    "implicit_members",
]
