"""The care team and the coordinated care plan.

The base rules are in ``access.coordination`` (``care_team_visible_to``,
``can_change_care_team``). On top of them:

* a membership is kept by the organization that recorded it: only its staff
  change its role or contact or end it (while they may change the care team);
* the members a client file shows, and the workers of the client's open
  enrollments shown beside them, are case-plan records: the organization that
  wrote them, and partners the client shares the case plan with, see them,
  less what a lock-box keeps back;
* a partner's part of the coordinated care plan is changed only by that
  partner (and then only through the plan's own rule, ``can_write_plan``);
* who is told of a change to the care team or the plan: the client's
  workers whose organization may read the case plan (it registered the
  client, or the client shares the case plan with it);
* the coordinators' overview is for coordinators; the clients it lists are
  those whose case plan they may read, and it counts only records they may see.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parcours.access.base import is_coordinator, staff_org
from parcours.access.clients import ClientAccess, clients_sharing
from parcours.access.coordination import can_change_care_team
from parcours.accounts.models import User
from parcours.clients.models import Client, DataCategory
from parcours.coordination.models import CareTeamMember

CARE_TEAM_LABEL = "coordination.careteammember"
ENROLLMENT_LABEL = "casework.enrollment"


def care_team_filter(client_access: ClientAccess) -> Q:
    """The client's memberships the user may see (their organization recorded
    them, or the client shares the case plan), less locked ones."""
    return Q(client=client_access.client) & client_access.record_filter(
        category=DataCategory.CASE_PLAN, model_label=CARE_TEAM_LABEL
    )


def implicit_members_filter(client_access: ClientAccess) -> Q:
    """The client's enrollments whose workers the user may see as implicit
    members of the care team (enrollments are case-plan records)."""
    return Q(client=client_access.client) & client_access.record_filter(
        category=DataCategory.CASE_PLAN, model_label=ENROLLMENT_LABEL
    )


def can_change_care_team_member(client_access: ClientAccess, member: CareTeamMember) -> bool:
    """Edit or end a membership: the organization that recorded it, while it
    may change the client's care team."""
    return (
        member.client_id == client_access.client.pk
        and member.organization_id == client_access.user.organization_id
        and client_access.can_see_record(
            member, category=DataCategory.CASE_PLAN, organization_id=member.organization_id
        )
        and can_change_care_team(client_access)
    )


def can_change_partner_part(client_access: ClientAccess, organization_id: object) -> bool:
    """A partner's part of the coordinated plan is changed by that partner only."""
    return organization_id == client_access.user.organization_id


def may_be_told_of_care_plan(user: User, client: Client) -> bool:
    """Is the worker told of a change to the client's care team or plan: their
    organization registered the client or may read the client's case plan."""
    org_id = staff_org(user)
    if org_id is None:
        return False
    if client.registered_by_organization_id == org_id:
        return True
    return clients_sharing(user, DataCategory.CASE_PLAN).filter(pk=client.pk).exists()


def can_view_care_overview(user: User) -> bool:
    """The coordinators' overview: coordinators of a partner organization."""
    return staff_org(user) is not None and is_coordinator(user)


def clients_for_care_overview(user: User) -> QuerySet[Client]:
    """The clients a coordinator's overview lists: those whose case plan
    their organization may read (shared with it, or registered by it)."""
    org_id = staff_org(user)
    if org_id is None or not is_coordinator(user):
        return Client.objects.none()
    sharing = clients_sharing(user, DataCategory.CASE_PLAN).values("pk")
    return Client.objects.filter(Q(pk__in=sharing) | Q(registered_by_organization_id=org_id))


__all__ = [
    "CARE_TEAM_LABEL",
    "ENROLLMENT_LABEL",
    "can_change_care_team_member",
    "can_change_partner_part",
    "can_view_care_overview",
    "care_team_filter",
    "clients_for_care_overview",
    "implicit_members_filter",
    "may_be_told_of_care_plan",
]
