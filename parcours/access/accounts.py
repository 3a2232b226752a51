"""Organizations, programs, teams, staff and the audit log.

* any active staff member sees the network's directory of organizations
  (names and kinds are what referrals and consent directives are made of);
* staff see their own organization's programs, teams and colleagues;
* organization administrators manage their own organization's staff and read
  its audit log;
* superusers (network administrators) see and manage everything;
* two-factor sign-in is required of network administrators, organization
  administrators, coordinators (who are also the privacy reviewers) and every
  staff member of an organization that asks for it; anyone else may choose
  it, and emergency access needs it in any case (``two_factor_verified``).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from parcours.access.base import is_coordinator, is_network_admin, is_staff_user
from parcours.accounts.models import Organization, Program, Team, User
from parcours.core.models import AuditEvent


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    if not is_staff_user(user):
        return Organization.objects.none()
    return Organization.objects.all()


def programs_visible_to(user: User) -> QuerySet[Program]:
    if not is_staff_user(user):
        return Program.objects.none()
    if is_network_admin(user):
        return Program.objects.all()
    if user.organization_id is None:
        return Program.objects.none()
    return Program.objects.filter(organization_id=user.organization_id)


def teams_visible_to(user: User) -> QuerySet[Team]:
    return Team.objects.filter(program__in=programs_visible_to(user))


def staff_visible_to(user: User) -> QuerySet[User]:
    if not is_staff_user(user):
        return User.objects.none()
    if is_network_admin(user):
        return User.objects.all()
    if user.organization_id is None:
        return User.objects.none()
    return User.objects.filter(organization_id=user.organization_id)


def can_manage_organization(user: User, organization: Organization | None) -> bool:
    if not is_staff_user(user) or organization is None:
        return False
    if is_network_admin(user):
        return True
    return bool(user.is_org_admin and user.organization_id == organization.pk)


def can_manage_staff(user: User, staff: User) -> bool:
    """Deactivate, reactivate or reset the password of ``staff``.

    Nobody manages their own account this way (an administrator cannot lock
    themselves out), and only a superuser manages a superuser."""
    if staff.pk == user.pk:
        return False
    if staff.is_superuser and not is_network_admin(user):
        return False
    return can_manage_organization(user, staff.organization)


def can_view_staff_admin(user: User | AnonymousUser) -> bool:
    return is_staff_user(user) and bool(user.is_superuser or user.is_org_admin)


def audit_events_visible_to(user: User) -> QuerySet[AuditEvent]:
    if not is_staff_user(user):
        return AuditEvent.objects.none()
    if is_network_admin(user):
        return AuditEvent.objects.all()
    if user.is_org_admin and user.organization_id is not None:
        return AuditEvent.objects.filter(organization_id=user.organization_id)
    return AuditEvent.objects.none()


def can_view_audit(user: User | AnonymousUser) -> bool:
    return is_staff_user(user) and bool(user.is_superuser or user.is_org_admin)


def two_factor_required(user: User) -> bool:
    """Whether ``user`` must sign in with a second factor (a code from an
    authenticator app, or a recovery code) before any page opens.

    Network and organization administrators and coordinators always must
    (``is_coordinator`` includes the privacy reviewers, who read
    emergency-access reasons); other staff must when their organization
    requires it (``Organization.require_two_factor``) and may choose it
    otherwise."""
    if not is_staff_user(user):
        return False
    if user.is_superuser or user.is_org_admin or is_coordinator(user):
        return True
    organization = user.organization
    return bool(organization is not None and organization.require_two_factor)


def two_factor_verified(user: User) -> bool:
    """Whether ``user`` proved a second factor, as emergency access demands.

    A user signed in through a session carries django-otp's verification
    (``OTPMiddleware`` sets ``otp_device``): it must be set. A user from an API
    token or a management command carries none and passes: a token is issued
    to a signed-in user and has its own expiry (``API_TOKEN_DAYS``)."""
    if not hasattr(user, "is_verified"):
        return True
    return getattr(user, "otp_device", None) is not None
