"""Coordination: the service directory, referrals, care teams, notifications.

* The directory (organizations, services, locations) is no client data: every
  active staff member of a partner reads it; network administrators and each
  partner's administrators keep their own organization's services.
* A referral is case-plan data of the client. The referring organization
  sees and manages what it sent; the receiving partner sees what was sent to
  it (never a draft) and answers it. Which client a referral is about is
  shown to the receiver when the client's directives share their identity
  with it, or when the referral was sent beyond consent (a recorded
  disclosure, with a reason, that the client's privacy reviewers see).
  Sending to a partner the client has not agreed to share their identity
  and case plan with needs the ``coordination.send_beyond_consent``
  permission or a coordinator's role.
* A care-team membership is case-plan data: the organization that recorded
  it, and partners the client shares the case plan with, see it.
* A notification is its recipient's; what it names of a client is looked up
  when it is read, through ``clients_visible_to``.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from parcours.access.base import (
    category_lock_boxes,
    directives_for,
    is_coordinator,
    is_network_admin,
    is_privacy_reviewer,
    is_staff_user,
    record_lock_box_ids,
    staff_org,
)
from parcours.access.clients import (
    ClientAccess,
    clients_sharing,
    clients_visible_to,
    records_visible_filter,
)
from parcours.access.guardians import guardian_consent_categories
from parcours.accounts.models import Organization, User
from parcours.clients.models import Client, DataCategory
from parcours.coordination.models import (
    CareTeamMember,
    DirectoryOrganization,
    Notification,
    Referral,
    ReferralStatus,
    Service,
)

# What a partner must be shared for a referral to it to be within consent.
REFERRAL_CATEGORIES = (DataCategory.IDENTITY, DataCategory.CASE_PLAN)


def can_use_directory(user: User) -> bool:
    if not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    return user.organization is not None and bool(user.organization.is_partner)


def can_edit_directory_entry(user: User, organization: DirectoryOrganization) -> bool:
    """Network administrators keep the whole directory; a partner's
    administrators keep their own organization's entry and services."""
    if is_network_admin(user):
        return True
    return (
        is_staff_user(user)
        and bool(user.is_org_admin)
        and organization.partner_id is not None
        and organization.partner_id == user.organization_id
    )


def services_visible_to(user: User) -> QuerySet[Service]:
    if not can_use_directory(user):
        return Service.objects.none()
    return Service.objects.all()


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals the user's organization sent, or received (once sent)."""
    org_id = staff_org(user)
    if org_id is None:
        return Referral.objects.none()
    return Referral.objects.filter(_sent_or_received(org_id))


def _sent_or_received(org_id: object) -> Q:
    """Referrals the organization sent, or received once sent."""
    return Q(organization_id=org_id) | (
        Q(receiving_organization_id=org_id) & ~Q(status=ReferralStatus.DRAFT)
    )


def referrals_readable_by(user: User) -> QuerySet[Referral]:
    """Referrals the user may read: those of their organization (sent or
    received), and — the referral being case-plan data — the sent referrals
    of clients who share their case plan with it, less lock-boxed ones
    (``referrals_of`` for one client whose access is known)."""
    org_id = staff_org(user)
    if org_id is None:
        return Referral.objects.none()
    sharing = clients_sharing(user, DataCategory.CASE_PLAN).values("pk")
    locked = record_lock_box_ids(org_id, "coordination.referral")
    shared = Q(client_id__in=sharing) & ~Q(status=ReferralStatus.DRAFT) & ~Q(pk__in=locked)
    return Referral.objects.filter(Q(pk__in=referrals_visible_to(user).values("pk")) | shared)


def referrals_of(client_access: ClientAccess) -> QuerySet[Referral]:
    """One client's referrals the user may read: ``referrals_readable_by`` for
    a client whose access is known — ``ClientAccess.can(CASE_PLAN)`` is what
    ``clients_sharing`` says of that client — without building the
    organization-wide query (the client file's timeline)."""
    user = client_access.user
    org_id = staff_org(user)
    if org_id is None:
        return Referral.objects.none()
    mine = _sent_or_received(org_id)
    if client_access.can(DataCategory.CASE_PLAN):
        locked = client_access.locked_ids("coordination.referral")
        mine |= ~Q(status=ReferralStatus.DRAFT) & ~Q(pk__in=locked)
    return Referral.objects.filter(client=client_access.client).filter(mine)


def referral_sent_by_my_organization(user: User, referral: Referral) -> bool:
    return referral.organization_id == staff_org(user)


def referral_received_by_my_organization(user: User, referral: Referral) -> bool:
    org_id = staff_org(user)
    return org_id is not None and referral.receiving_organization_id == org_id


def referral_shows_client(user: User, referral: Referral) -> bool:
    """May the user see who the referral is about: their organization may
    see the client (it sent the referral, or the directives share the
    identity), or the referral was sent to it beyond consent."""
    if clients_visible_to(user).filter(pk=referral.client_id).exists():
        return True
    return referral.beyond_consent and referral_received_by_my_organization(user, referral)


def partner_shares_for_referral(client: Client, partner: Organization) -> bool:
    """Do the client's directives in force share their identity and case plan
    with ``partner``: a referral to it is within consent."""
    if client.registered_by_organization_id == partner.pk:
        return True
    categories: set[str] = set()
    for directive in directives_for(partner.pk).filter(client=client):
        categories.update(directive.categories)
    categories |= guardian_consent_categories(partner.pk, client)
    locked = set(
        category_lock_boxes(partner.pk).filter(client=client).values_list("category", flat=True)
    )
    return all(c in categories and c not in locked for c in REFERRAL_CATEGORIES)


def partner_categories(client: Client, partner_id: uuid.UUID) -> frozenset[str]:
    """The categories of the client's record a partner organization may see
    by consent today (the organization-level twin of ``client_access_for``,
    with no emergency access and no staff member's discipline): what the
    receiving side of a referral may be shown of the client."""
    categories: set[str] = set()
    if client.registered_by_organization_id == partner_id:
        categories.add(DataCategory.IDENTITY)
    for directive in directives_for(partner_id).filter(client=client):
        categories.update(directive.categories)
    categories |= guardian_consent_categories(partner_id, client)
    categories -= set(
        category_lock_boxes(partner_id).filter(client=client).values_list("category", flat=True)
    )
    return frozenset(categories)


def can_refer(client_access: ClientAccess) -> bool:
    """Refer the client: a partner that may read their case plan (or that
    registered them)."""
    return client_access.registered_here or client_access.can(DataCategory.CASE_PLAN)


def can_send_beyond_consent(user: User) -> bool:
    return is_staff_user(user) and (
        is_coordinator(user) or user.has_perm("coordination.send_beyond_consent")
    )


def beyond_consent_referrals_for_review(user: User) -> QuerySet[Referral]:
    """Referrals sent beyond consent, for the privacy reviewers of the
    organization that registered the client (and of the one that sent it)."""
    if not is_privacy_reviewer(user):
        return Referral.objects.none()
    org_id = staff_org(user)
    return Referral.objects.filter(beyond_consent=True).filter(
        Q(client__registered_by_organization_id=org_id) | Q(organization_id=org_id)
    )


def care_team_visible_to(user: User) -> QuerySet[CareTeamMember]:
    return CareTeamMember.objects.filter(
        records_visible_filter(
            user, category=DataCategory.CASE_PLAN, model_label="coordination.careteammember"
        )
    )


def can_change_care_team(client_access: ClientAccess) -> bool:
    return client_access.registered_here or client_access.can(DataCategory.CASE_PLAN)


def notifications_of(user: User) -> QuerySet[Notification]:
    if not is_staff_user(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


__all__ = [
    "REFERRAL_CATEGORIES",
    "beyond_consent_referrals_for_review",
    "can_change_care_team",
    "can_edit_directory_entry",
    "can_refer",
    "can_send_beyond_consent",
    "can_use_directory",
    "care_team_visible_to",
    "notifications_of",
    "partner_categories",
    "partner_shares_for_referral",
    "referral_received_by_my_organization",
    "referral_sent_by_my_organization",
    "referral_shows_client",
    "referrals_readable_by",
    "referrals_visible_to",
    "services_visible_to",
]
