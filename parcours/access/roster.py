"""The coverage roster.

A program's roster (its coverage standard, its shifts and on-call periods and
its gaps) is the organization's own business: it is seen by the program's
members and the members of its teams, and by the organization's
administrators and coordinators (as its caseload is). The staff of another
organization do not know it exists (404); a colleague of another program of
the same organization is refused (403).

The shifts are written by the program's coordinators, the organization's
administrators and the leads of the program or of one of its teams; the
coverage standard by the coordinators and administrators only
(``can_coordinate_program``, as the program's other standards).

Who is on call now for a client is read through the client's enrollments the
user may see (the casework policy): it names no one else's client."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parcours.access.base import is_coordinator, staff_org
from parcours.access.casework import can_coordinate_program
from parcours.accounts.models import MembershipRole, Program, User


def _belongs(user: User) -> Q:
    return Q(memberships__user=user) | Q(teams__memberships__user=user)


def programs_with_roster_visible_to(user: User) -> QuerySet[Program]:
    """Programs whose roster the user sees."""
    org_id = staff_org(user)
    if org_id is None:
        return Program.objects.none()
    programs = Program.objects.filter(organization_id=org_id)
    if user.is_org_admin or is_coordinator(user):
        return programs
    return programs.filter(pk__in=Program.objects.filter(_belongs(user)).values("pk"))


def knows_program(user: User, program: Program) -> bool:
    """The program is one of the user's organization's (others get a 404)."""
    org_id = staff_org(user)
    return org_id is not None and program.organization_id == org_id


def can_see_roster(user: User, program: Program) -> bool:
    return programs_with_roster_visible_to(user).filter(pk=program.pk).exists()


def can_edit_roster(user: User, program: Program) -> bool:
    """Add and remove the program's shifts."""
    if can_coordinate_program(user, program):
        return True
    if not knows_program(user, program):
        return False
    return bool(
        user.program_memberships.filter(program=program, role=MembershipRole.LEAD).exists()
        or user.team_memberships.filter(team__program=program, role=MembershipRole.LEAD).exists()
    )


def can_edit_coverage_standard(user: User, program: Program) -> bool:
    return can_coordinate_program(user, program)


def may_work_shifts(program: Program) -> QuerySet[User]:
    """Who may be on the program's roster: active members of the program or of its teams."""
    return (
        User.objects.filter(is_active=True, organization_id=program.organization_id)
        .filter(
            Q(program_memberships__program=program) | Q(team_memberships__team__program=program)
        )
        .distinct()
    )
