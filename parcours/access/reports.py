"""Reports: the by-name list and the monthly flow.

* Every active staff member of a partner reads the by-name list, over the
  persons they may see (``clients_visible_to``): names, statuses and counts
  of those persons only.
* Coordinators (network administrators, and the administrators and program
  coordinators of a partner) see the counts of the whole network: every
  person is a row, named where they may see the person, otherwise "a person
  (record not shared)" with no identifying data. They read the monthly flow
  and the quality panel, and publish closed months.
* The prioritization rules of the list: every reader of the list reads them
  (the reasons of each position refer to them); coordinators change them.
* Staff of an organization outside the network (a hospital, a jail) read
  none of it (403)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parcours.access.base import is_coordinator, is_network_admin, is_staff_user
from parcours.access.casework import programs_with_caseload_visible_to
from parcours.accounts.models import Program, User


def _partner_staff(user: User | AnonymousUser) -> bool:
    if not is_staff_user(user) or user.organization_id is None:
        return False
    organization = user.organization
    return organization is not None and bool(organization.is_partner)


def can_read_by_name_list(user: User | AnonymousUser) -> bool:
    return is_network_admin(user) or _partner_staff(user)


def sees_network_counts(user: User | AnonymousUser) -> bool:
    """Counts for the whole network (names still only where allowed)."""
    return is_network_admin(user) or (_partner_staff(user) and is_coordinator(user))


def require_by_name_list_reader(user: User | AnonymousUser) -> User:
    if not can_read_by_name_list(user):
        raise PermissionDenied(_("The by-name list is for the staff of partner organizations."))
    assert isinstance(user, User)
    return user


def require_report_coordinator(user: User | AnonymousUser) -> User:
    """Network figures (the monthly flow, publishing a month): coordinators only."""
    if not sees_network_counts(user):
        raise PermissionDenied(_("Network figures are for coordinators."))
    assert isinstance(user, User)
    return user


def can_change_priority_rules(user: User | AnonymousUser) -> bool:
    return sees_network_counts(user)


def require_priority_rules_editor(user: User | AnonymousUser) -> User:
    """Changing the prioritization rules of the by-name list: coordinators only."""
    if not can_change_priority_rules(user):
        raise PermissionDenied(_("The prioritization rules are changed by coordinators."))
    assert isinstance(user, User)
    return user


def require_fidelity_reader(user: User | AnonymousUser) -> User:
    """The fidelity report: partner staff and network administrators (403 for
    staff outside the network). Which programs, and whose names, below."""
    if not can_read_by_name_list(user):
        raise PermissionDenied(_("Fidelity reports are for the staff of partner organizations."))
    assert isinstance(user, User)
    return user


def fidelity_programs_visible_to(user: User) -> QuerySet[Program]:
    """Programs whose fidelity figures the user reads: every program for
    coordinators (counts only), their own programs for other staff."""
    if sees_network_counts(user):
        return Program.objects.all()
    return programs_with_caseload_visible_to(user)


def fidelity_programs_named_for(user: User) -> QuerySet[Program]:
    """Programs whose clients a fidelity drill-down may name (still only the
    clients the user may see): the programs whose caseload the user sees."""
    return programs_with_caseload_visible_to(user)


__all__ = [
    "can_change_priority_rules",
    "can_read_by_name_list",
    "fidelity_programs_named_for",
    "fidelity_programs_visible_to",
    "require_by_name_list_reader",
    "require_fidelity_reader",
    "require_priority_rules_editor",
    "require_report_coordinator",
    "sees_network_counts",
]
