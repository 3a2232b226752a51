"""The access policy: the one place that decides who may do what to which record.

Every selector, service, view and API route asks this package; none checks
roles or consent on its own. It reads the domain apps' models (and a few
pure domain rules such as ``households.ages``), so it sits above them in the
import graph: no ``models.py`` imports it, and it imports no service,
selector, view or route (``import-linter`` contracts in ``make test``).

One module per domain, every name re-exported here, so callers write
``from parcours import access`` and ``access.clients_visible_to(user)``:

* ``base`` — the signed-in staff member, the actions, consent records in force;
* ``accounts`` — organizations, programs, teams, staff, the audit log;
* ``clients`` — the registry: ``ClientAccess`` (what one user may see of one
  client), ``clients_visible_to``, ``clients_sharing`` (by category);
* ``guardians`` — consent of a dependent through their guardians;
* ``linkage`` — the review queue and merges;
* ``casework`` — enrollments, programs' caseloads, plans, notes, worklists;
* ``beds`` — sites, stays, holds, turnaways, restrictions, street contacts;
* ``households`` — households and guardianships.

``restrict(queryset, user, action)`` narrows any queryset of client-bearing
rows to those the user may act on, the way netbox's ``restrict`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from parcours.access.accounts import (
    audit_events_visible_to,
    can_manage_organization,
    can_manage_staff,
    can_view_audit,
    can_view_staff_admin,
    organizations_visible_to,
    programs_visible_to,
    staff_visible_to,
    teams_visible_to,
    two_factor_required,
    two_factor_verified,
)
from parcours.access.base import (
    Action,
    is_coordinator,
    is_network_admin,
    is_privacy_reviewer,
    is_staff_user,
    require_partner_staff,
    staff_org,
)
from parcours.access.beds import (
    bed_sites_run_by,
    bed_sites_visible_to,
    can_run_bed_site,
    can_see_bed_availability,
    holds_visible_to,
    service_restrictions_visible_to,
    stays_visible_to,
    street_contacts_visible_to,
    turnaways_visible_to,
)
from parcours.access.casework import (
    can_change_assessment,
    can_coordinate_program,
    can_correct_note,
    can_enroll_client,
    can_enroll_into,
    can_manage_waitlist,
    can_write_clinical_note,
    can_write_plan,
    case_note_filter,
    directives_known_filter,
    pathway_alerts_filter,
    programs_with_caseload_visible_to,
    teams_for_worklist,
)
from parcours.access.clients import (
    ClientAccess,
    break_glass_reviews_visible_to,
    can_break_glass,
    can_review_break_glass,
    can_view_client_access_log,
    client_access_for,
    client_get_for_staff,
    client_get_for_user,
    clients_sharing,
    clients_visible_to,
    consent_directives_visible_to,
    records_visible_filter,
)
from parcours.access.guardians import guardian_consent_categories, guardian_consent_dependents
from parcours.access.households import (
    can_change_guardianship,
    can_see_household_plan,
    households_visible_to,
)
from parcours.access.linkage import can_merge, can_review_duplicates, match_candidates_visible_to
from parcours.accounts.models import Organization, Program, Team, User
from parcours.beds.models import Hold, ServiceRestriction, Site, Stay, StreetContact, Turnaway
from parcours.clients.models import BreakGlassAccess, Client
from parcours.core.models import AuditEvent
from parcours.households.models import Household
from parcours.linkage.models import MatchCandidate

M = TypeVar("M", bound=Model)


def _any_action(rule: Callable[[Any], QuerySet[Any]]) -> Callable[[Any, Action], QuerySet[Any]]:
    return lambda user, action: rule(user)


# What each kind of row may be acted on by a user, per action.
_RULES: dict[type[Model], Callable[[Any, Action], QuerySet[Any]]] = {
    Organization: _any_action(organizations_visible_to),
    Program: _any_action(programs_visible_to),
    Team: _any_action(teams_visible_to),
    User: _any_action(staff_visible_to),
    AuditEvent: _any_action(audit_events_visible_to),
    Client: _any_action(clients_visible_to),
    BreakGlassAccess: _any_action(break_glass_reviews_visible_to),
    MatchCandidate: _any_action(match_candidates_visible_to),
    Household: _any_action(households_visible_to),
    Site: lambda user, action: (
        bed_sites_visible_to(user) if action is Action.VIEW else bed_sites_run_by(user)
    ),
    Stay: stays_visible_to,
    Hold: holds_visible_to,
    Turnaway: turnaways_visible_to,
    ServiceRestriction: service_restrictions_visible_to,
    StreetContact: street_contacts_visible_to,
}


def restrict(queryset: QuerySet[M], user: User, action: Action = Action.VIEW) -> QuerySet[M]:
    """``queryset`` narrowed to the rows ``user`` may ``action``."""
    rule = _RULES.get(queryset.model)
    if rule is None:
        raise ImproperlyConfigured(f"No access rule for {queryset.model._meta.label}")
    allowed: QuerySet[M] = rule(user, action)
    return queryset.filter(pk__in=allowed.values("pk"))


__all__ = [
    "Action",
    "ClientAccess",
    "audit_events_visible_to",
    "bed_sites_run_by",
    "bed_sites_visible_to",
    "break_glass_reviews_visible_to",
    "can_break_glass",
    "can_change_assessment",
    "can_change_guardianship",
    "can_coordinate_program",
    "can_correct_note",
    "can_enroll_client",
    "can_enroll_into",
    "can_manage_organization",
    "can_manage_staff",
    "can_manage_waitlist",
    "can_merge",
    "can_review_break_glass",
    "can_review_duplicates",
    "can_run_bed_site",
    "can_see_bed_availability",
    "can_see_household_plan",
    "can_view_audit",
    "can_view_client_access_log",
    "can_view_staff_admin",
    "can_write_clinical_note",
    "can_write_plan",
    "case_note_filter",
    "client_access_for",
    "client_get_for_staff",
    "client_get_for_user",
    "clients_sharing",
    "clients_visible_to",
    "consent_directives_visible_to",
    "directives_known_filter",
    "guardian_consent_categories",
    "guardian_consent_dependents",
    "holds_visible_to",
    "households_visible_to",
    "is_coordinator",
    "is_network_admin",
    "is_privacy_reviewer",
    "is_staff_user",
    "match_candidates_visible_to",
    "organizations_visible_to",
    "pathway_alerts_filter",
    "programs_visible_to",
    "programs_with_caseload_visible_to",
    "records_visible_filter",
    "require_partner_staff",
    "restrict",
    "service_restrictions_visible_to",
    "staff_org",
    "staff_visible_to",
    "stays_visible_to",
    "street_contacts_visible_to",
    "teams_for_worklist",
    "teams_visible_to",
    "turnaways_visible_to",
    "two_factor_required",
    "two_factor_verified",
]
