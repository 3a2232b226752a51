"""The access policy: the one place that decides who may see or change what.

Every selector, view and API route asks this module; none checks roles on
its own. It is the one module of ``core`` that reads other apps' models, so
no ``models.py`` imports it.

Staff and organizations:

* any active staff member sees the network's directory of organizations
  (names and kinds are what referrals and consent directives are made of);
* staff see their own organization's programs, teams and colleagues;
* organization administrators manage their own organization's staff and read
  its audit log;
* superusers (network administrators) see and manage everything.

Clients (the shared registry), by data category (identity and contact,
housing, case plan and general notes, clinical, financial):

* the organization that registered a client always sees the identity it
  collected and the client's pathway;
* any other partner sees a client, and each category, only while one of the
  client's directives in force names it (or all partners) for that category,
  less what a lock-box keeps from it;
* a record (a visit, a pathway step, later notes) is always visible to the
  organization that wrote it; to others, by its category as above, unless a
  lock-box keeps that one record from them;
* the clinical category is for clinical disciplines only, whatever the consent;
* break the glass: an emergency access with a reason opens every category to
  one staff member for ``BREAK_GLASS_HOURS``;
* superusers get no client access by being superusers: client data is seen
  through an organization, a directive or an emergency access.

A client the user may not see does not exist for them (404, never 403).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parcours.accounts.models import MembershipRole, Organization, Program, Team, User
from parcours.beds.models import Hold, ServiceRestriction, Site, Stay, StreetContact, Turnaway
from parcours.clients.models import (
    BreakGlassAccess,
    Client,
    ConsentDirective,
    ConsentLockBox,
    DataCategory,
)
from parcours.core.models import AuditEvent
from parcours.households.ages import age_of_consent, under_age_of_consent, years_before
from parcours.households.models import Guardianship, Household, HouseholdMembership
from parcours.linkage.models import MatchCandidate


def _is_staff_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_network_admin(user: Any) -> bool:
    return _is_staff_user(user) and bool(user.is_superuser)


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    if not _is_staff_user(user):
        return Organization.objects.none()
    return Organization.objects.all()


def programs_visible_to(user: Any) -> QuerySet[Program]:
    if not _is_staff_user(user):
        return Program.objects.none()
    if is_network_admin(user):
        return Program.objects.all()
    if user.organization_id is None:
        return Program.objects.none()
    return Program.objects.filter(organization_id=user.organization_id)


def teams_visible_to(user: Any) -> QuerySet[Team]:
    return Team.objects.filter(program__in=programs_visible_to(user))


def staff_visible_to(user: Any) -> QuerySet[User]:
    if not _is_staff_user(user):
        return User.objects.none()
    if is_network_admin(user):
        return User.objects.all()
    if user.organization_id is None:
        return User.objects.none()
    return User.objects.filter(organization_id=user.organization_id)


def can_manage_organization(user: Any, organization: Organization | None) -> bool:
    if not _is_staff_user(user) or organization is None:
        return False
    if is_network_admin(user):
        return True
    return bool(user.is_org_admin and user.organization_id == organization.pk)


def can_manage_staff(user: Any, staff: User) -> bool:
    """Deactivate, reactivate or reset the password of ``staff``.

    Nobody manages their own account this way (an administrator cannot lock
    themselves out), and only a superuser manages a superuser."""
    if staff.pk == getattr(user, "pk", None):
        return False
    if staff.is_superuser and not is_network_admin(user):
        return False
    return can_manage_organization(user, staff.organization)


def can_view_staff_admin(user: Any) -> bool:
    return _is_staff_user(user) and bool(user.is_superuser or user.is_org_admin)


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    if not _is_staff_user(user):
        return AuditEvent.objects.none()
    if is_network_admin(user):
        return AuditEvent.objects.all()
    if user.is_org_admin and user.organization_id is not None:
        return AuditEvent.objects.filter(organization_id=user.organization_id)
    return AuditEvent.objects.none()


def can_view_audit(user: Any) -> bool:
    return _is_staff_user(user) and bool(user.is_superuser or user.is_org_admin)


# --- Clients ------------------------------------------------------------------


def require_partner_staff(user: Any) -> User:
    """The user, if they work for a partner organization: client data is
    always seen through one. PermissionDenied otherwise."""
    if not isinstance(user, User) or not _is_staff_user(user) or user.organization_id is None:
        raise PermissionDenied
    return user


def _staff_org(user: Any) -> uuid.UUID | None:
    if not _is_staff_user(user):
        return None
    org_id: uuid.UUID | None = user.organization_id
    return org_id


def _directives_for(org_id: uuid.UUID) -> QuerySet[ConsentDirective]:
    return ConsentDirective.objects.in_force(timezone.localdate()).filter(
        Q(all_partners=True) | Q(organizations=org_id)
    )


def _category_lock_boxes(org_id: uuid.UUID) -> QuerySet[ConsentLockBox]:
    return ConsentLockBox.objects.filter(
        organization_id=org_id, removed_at__isnull=True, target_id=""
    )


def _break_glass_in_force(user: Any) -> QuerySet[BreakGlassAccess]:
    return BreakGlassAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now())


def clients_visible_to(user: Any) -> QuerySet[Client]:
    """Every client the user may know exists: their organization registered
    them, a directive in force shares their identity with it, or the user
    holds an emergency access."""
    org_id = _staff_org(user)
    if org_id is None:
        return Client.objects.none()
    shared = _directives_for(org_id).filter(share_identity=True).values("client_id")
    locked = _category_lock_boxes(org_id).filter(category=DataCategory.IDENTITY).values("client_id")
    emergency = _break_glass_in_force(user).values("client_id")
    return Client.objects.filter(
        Q(registered_by_organization_id=org_id)
        | ((Q(pk__in=shared) | Q(pk__in=guardian_consent_dependents(org_id))) & ~Q(pk__in=locked))
        | Q(pk__in=emergency)
    )


@dataclass(frozen=True)
class ClientAccess:
    """What one staff member may see of one client, worked out once per request."""

    client: Client
    user: Any
    categories: frozenset[str]
    registered_here: bool
    break_glass: BreakGlassAccess | None
    locked_records: frozenset[tuple[str, str]]
    identity_by_consent: bool = False

    def can(self, category: str) -> bool:
        return category in self.categories

    @property
    def can_record_consent(self) -> bool:
        """Record a new directive: the organization that registered the client
        holds their consent, so no partner can widen what it is shown itself."""
        return self.registered_here

    @property
    def can_withdraw_consent(self) -> bool:
        """Record the client's withdrawal: the registering organization, or a
        partner the client shares their identity with (the client may say it
        anywhere), never an emergency access alone."""
        return self.registered_here or self.identity_by_consent

    @property
    def sees_pathway(self) -> bool:
        return self.registered_here or self.can(DataCategory.CASE_PLAN)

    def can_see_record(self, record: Model, *, category: str, organization_id: Any) -> bool:
        if (record._meta.label_lower, str(record.pk)) in self.locked_records:
            return False
        if organization_id == self.user.organization_id:
            return True
        return self.can(category)

    def record_filter(self, *, category: str, model_label: str) -> Q:
        """A filter for records of this client the user may see (their
        organization wrote them, or the category is shared) less locked ones."""
        locked_ids = [tid for (label, tid) in self.locked_records if label == model_label]
        visible = Q(organization_id=self.user.organization_id)
        if self.can(category):
            visible = Q()
        return visible & ~Q(pk__in=locked_ids)


def client_access(user: Any, client: Client) -> ClientAccess:
    org_id = _staff_org(user)
    if org_id is None:
        raise Http404
    registered_here = client.registered_by_organization_id == org_id
    categories: set[str] = set()
    if registered_here:
        categories.add(DataCategory.IDENTITY)
    for directive in _directives_for(org_id).filter(client=client):
        categories.update(directive.categories)
    identity_by_consent = DataCategory.IDENTITY in categories
    # A dependent under the age of consent: their guardians' consent governs too.
    categories |= guardian_consent_categories(org_id, client)
    boxes = list(
        ConsentLockBox.objects.filter(
            client=client, organization_id=org_id, removed_at__isnull=True
        )
    )
    categories -= {box.category for box in boxes if box.category}
    identity_by_consent = identity_by_consent and DataCategory.IDENTITY in categories
    emergency = _break_glass_in_force(user).filter(client=client).order_by("-expires_at").first()
    if emergency is not None:
        categories.update(DataCategory.values)
    if not user.is_clinical:
        categories.discard(DataCategory.CLINICAL)
    if DataCategory.IDENTITY not in categories and not registered_here and emergency is None:
        raise Http404
    return ClientAccess(
        client=client,
        user=user,
        categories=frozenset(categories),
        registered_here=registered_here,
        break_glass=emergency,
        locked_records=frozenset(
            (box.target_type, box.target_id) for box in boxes if box.target_id
        ),
        identity_by_consent=identity_by_consent,
    )


def client_get_for_user(user: Any, client_id: Any) -> ClientAccess:
    """The client and what the user may see of it, or 404."""
    try:
        client = (
            clients_visible_to(user)
            .select_related(
                "registered_by_organization",
                "gender_identity",
                "sexual_orientation",
                "indigenous_identity",
                "racialized_identity",
                "citizenship_status",
                "housing_situation_at_intake",
            )
            .get(pk=client_id)
        )
    except (Client.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    return client_access(user, client)


def client_get_for_staff(user: Any, client_id: Any) -> tuple[User, ClientAccess]:
    """For a screen: the partner staff member (PermissionDenied otherwise)
    and what they may see of the client (404 when nothing)."""
    staff = require_partner_staff(user)
    return staff, client_get_for_user(staff, client_id)


def can_review_duplicates(user: Any) -> bool:
    """The review queue of possible duplicates is for coordinators of a partner."""
    return _staff_org(user) is not None and is_coordinator(user)


def match_candidates_visible_to(user: Any) -> QuerySet[MatchCandidate]:
    """Possible duplicates a coordinator may review: both records are ones
    they may see (a pair with a record they may not see would tell them who
    another partner serves; search-before-create asks that partner instead)."""
    if not can_review_duplicates(user):
        return MatchCandidate.objects.none()
    visible = clients_visible_to(user).values("pk")
    return MatchCandidate.objects.filter(client_a__in=visible, client_b__in=visible)


def can_merge(user: Any, client_a: Client, client_b: Client) -> bool:
    """Merge two records, or undo their merge: a coordinator who may see both.
    A merge changes nobody's access: each record keeps its own consent."""
    if not can_review_duplicates(user):
        return False
    ids = {client_a.pk, client_b.pk}
    return clients_visible_to(user).filter(pk__in=ids).count() == len(ids)


def can_break_glass(user: Any) -> bool:
    return _staff_org(user) is not None


def break_glass_reviews_visible_to(user: Any) -> QuerySet[BreakGlassAccess]:
    """Emergency accesses a coordinator reviews: those of their organization's staff."""
    if not can_review_break_glass(user):
        return BreakGlassAccess.objects.none()
    if is_network_admin(user) and user.organization_id is None:
        return BreakGlassAccess.objects.all()
    return BreakGlassAccess.objects.filter(organization_id=user.organization_id)


def is_coordinator(user: Any) -> bool:
    """An organization administrator, or a coordinator of one of its programs."""
    if not _is_staff_user(user):
        return False
    if user.is_superuser or user.is_org_admin:
        return True
    return bool(
        user.program_memberships.filter(
            role=MembershipRole.COORDINATOR, program__organization_id=user.organization_id
        ).exists()
    )


def can_review_break_glass(user: Any) -> bool:
    return is_coordinator(user)


def can_view_client_access_log(access: ClientAccess) -> bool:
    """Who opened this record: for the coordinators and administrators of the
    organization that registered the client (its privacy contacts)."""
    return access.registered_here and is_coordinator(access.user)


# --- Casework -----------------------------------------------------------------
#
# Enrollments, plans, encounters and general notes are case-plan records
# (DataCategory.CASE_PLAN): always visible to the organization that wrote
# them, to other partners while the client shares the case plan with them.
# Clinical notes are clinical records (clinical disciplines only, by consent).
# Only staff of a program's organization enroll clients into its programs;
# its caseload and waitlist are for the program's members and coordinators.


def can_enroll_into(user: Any, program: Program) -> bool:
    org_id = _staff_org(user)
    return org_id is not None and org_id == program.organization_id


def can_coordinate_program(user: Any, program: Program) -> bool:
    """Override capacity, edit the program's standards, manage its waitlist:
    the organization's administrators and the program's coordinators."""
    if not can_enroll_into(user, program):
        return False
    if user.is_org_admin:
        return True
    return bool(
        user.program_memberships.filter(program=program, role=MembershipRole.COORDINATOR).exists()
    )


def programs_with_caseload_visible_to(user: Any) -> QuerySet[Program]:
    """Programs whose caseload and waitlist the user sees: those they belong
    to; every program of their organization for its coordinators."""
    org_id = _staff_org(user)
    if org_id is None:
        return Program.objects.none()
    programs = Program.objects.filter(organization_id=org_id)
    if user.is_org_admin or is_coordinator(user):
        return programs
    return programs.filter(memberships__user=user).distinct()


# --- Beds ---------------------------------------------------------------------
#
# Sites, rooms, beds and availability (counts and free beds, no names) are
# for every active staff member of a partner. Stays, holds, turnaways with a
# client, and service restrictions are client data: visible to the staff of
# the organization that runs the site. A stay is also visible to a partner
# the client shares the *housing* category with (their identity too), less a
# housing lock-box. A hold is also visible to the partner that placed it.


def can_see_bed_availability(user: Any) -> bool:
    if not _is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    return user.organization_id is not None and bool(user.organization.is_partner)


def bed_sites_visible_to(user: Any) -> QuerySet[Site]:
    if not can_see_bed_availability(user):
        return Site.objects.none()
    return Site.objects.all()


def bed_sites_run_by(user: Any) -> QuerySet[Site]:
    """Sites whose stays, holds and turnaways the user manages: their organization's."""
    org_id = _staff_org(user)
    if org_id is None:
        return Site.objects.none()
    return Site.objects.filter(program__organization_id=org_id)


def can_run_bed_site(user: Any, site: Site) -> bool:
    org_id = _staff_org(user)
    return org_id is not None and site.program.organization_id == org_id


def _clients_sharing_housing(user: Any) -> QuerySet[Client]:
    org_id = _staff_org(user)
    if org_id is None:
        return Client.objects.none()
    shared = _directives_for(org_id).filter(share_housing=True).values("client_id")
    locked = _category_lock_boxes(org_id).filter(category=DataCategory.HOUSING).values("client_id")
    emergency = _break_glass_in_force(user).values("client_id")
    return clients_visible_to(user).filter(
        (Q(pk__in=shared) & ~Q(pk__in=locked)) | Q(pk__in=emergency)
    )


def stays_visible_to(user: Any) -> QuerySet[Stay]:
    org_id = _staff_org(user)
    if org_id is None:
        return Stay.objects.none()
    return Stay.objects.filter(
        Q(site__program__organization_id=org_id)
        | Q(client_id__in=_clients_sharing_housing(user).values("pk"))
    )


def holds_visible_to(user: Any) -> QuerySet[Hold]:
    org_id = _staff_org(user)
    if org_id is None:
        return Hold.objects.none()
    return Hold.objects.filter(
        Q(room__site__program__organization_id=org_id) | Q(placed_by_organization_id=org_id)
    )


def turnaways_visible_to(user: Any) -> QuerySet[Turnaway]:
    return Turnaway.objects.filter(site__in=bed_sites_run_by(user))


def service_restrictions_visible_to(user: Any) -> QuerySet[ServiceRestriction]:
    return ServiceRestriction.objects.filter(site__in=bed_sites_run_by(user))


def street_contacts_visible_to(user: Any) -> QuerySet[StreetContact]:
    org_id = _staff_org(user)
    if org_id is None:
        return StreetContact.objects.none()
    return StreetContact.objects.filter(
        Q(organization_id=org_id) | Q(client_id__in=_clients_sharing_housing(user).values("pk"))
    )


# --- Households ---------------------------------------------------------------
#
# A household is client data: a user sees a household through the members
# they may see (``clients_visible_to``), and only those members; a member they
# may not see is neither named nor counted. While a dependent is under the age
# of consent (``parcours.households.ages``) and has no directive of their own
# in force, the directives of their guardians recorded on the household share
# the dependent's record as they share the guardian's (less the lock-boxes of
# either). Guardianships are recorded and ended by the organization that
# registered the dependent.


def guardian_consent_dependents(org_id: uuid.UUID) -> QuerySet[Any]:
    """Ids of the dependents whose identity a guardian's consent shares with the organization."""
    today = timezone.localdate()
    age = age_of_consent()
    sharing = _directives_for(org_id).filter(share_identity=True).values("client_id")
    locked = _category_lock_boxes(org_id).filter(category=DataCategory.IDENTITY)
    own = ConsentDirective.objects.in_force(today).values("client_id")
    return (
        Guardianship.objects.in_force(today)
        .filter(guardian_id__in=sharing)
        .exclude(guardian_id__in=locked.values("client_id"))
        .exclude(dependent_id__in=own)
        .filter(
            Q(dependent__date_of_birth__gt=years_before(today, age))
            | Q(dependent__date_of_birth__isnull=True, dependent__birth_year__gt=today.year - age)
        )
        .values("dependent_id")
    )


def guardian_consent_categories(org_id: uuid.UUID, client: Client) -> set[str]:
    """The categories of a dependent's record that their guardians' consent
    shares with the organization (none from the age of consent, or once the
    dependent has a directive of their own in force)."""
    today = timezone.localdate()
    if not under_age_of_consent(client, today):
        return set()
    if ConsentDirective.objects.in_force(today).filter(client=client).exists():
        return set()
    guardians = Guardianship.objects.in_force(today).filter(dependent=client).values("guardian_id")
    shared: dict[Any, set[str]] = {}
    for directive in _directives_for(org_id).filter(client_id__in=guardians):
        shared.setdefault(directive.client_id, set()).update(directive.categories)
    if not shared:
        return set()
    for box in _category_lock_boxes(org_id).filter(client_id__in=list(shared)):
        shared[box.client_id].discard(box.category)
    return set().union(*shared.values())


def households_visible_to(user: Any) -> QuerySet[Household]:
    """Households with a member (now or in the past) the user may see."""
    members = HouseholdMembership.objects.filter(client__in=clients_visible_to(user))
    return Household.objects.filter(pk__in=members.values("household_id"))


def can_change_guardianship(dependent: ClientAccess) -> bool:
    """Record or end a guardianship: the organization that registered the dependent."""
    return dependent.registered_here


def can_see_household_plan(members: list[ClientAccess | None]) -> bool:
    """The family's assessment and goals written by another organization: only
    with the case plan of every current member shared (they speak of all of
    them); ``None`` stands for a member the user may not see."""
    return bool(members) and all(m is not None and m.can(DataCategory.CASE_PLAN) for m in members)


# --- Casework: notes ------------------------------------------------------------


def case_note_filter(acc: ClientAccess) -> Q:
    """Notes of ``acc.client`` the user may read.

    * general notes are case-plan records (their organization; partners with
      case-plan consent);
    * clinical notes are for clinical disciplines only: those of the
      organization that wrote them, and those of partners the client's
      directive allows for the clinical category (``acc.can(CLINICAL)``
      already encodes discipline, consent and break-the-glass);
    * a sensitive note stays within the organization that wrote it (and an
      emergency access);
    * lock-boxes on one note apply as for every record."""
    everything, nothing = Q(pk__isnull=False), Q(pk__in=[])
    own = Q(organization_id=acc.user.organization_id)
    shareable = everything if acc.break_glass is not None else Q(is_sensitive=False)
    general = own | shareable if acc.can(DataCategory.CASE_PLAN) else own
    if acc.can(DataCategory.CLINICAL):
        clinical = own | shareable
    elif acc.user.is_clinical:
        clinical = own
    else:
        clinical = nothing
    locked = [tid for (label, tid) in acc.locked_records if label == "casework.casenote"]
    return ((Q(kind="general") & general) | (Q(kind="clinical") & clinical)) & ~Q(pk__in=locked)
