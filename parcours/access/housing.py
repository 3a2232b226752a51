"""Housing supports: landlords, their relationship log, units and inspections.

These are **partner data, not client data** (no client is named in them):

* every active staff member of a partner organization (and network
  administrators) reads landlords, units, vacancies, logs and inspections;
* the organization that keeps a landlord — any of its active staff — and
  network administrators change the landlord, write its relationship log and
  add units to it;
* the organization that keeps a unit (and network administrators) changes it
  and records its inspections.

Staff of an organization outside the network (a hospital, a jail) read
none of it.

Tenancies (and their move-in checklists) are **housing-category client
data**: the organization that recorded one sees it; another partner sees it
while the client shares the housing category with it (less lock-boxes); a
partner writes a client's tenancies when it may read their housing category
or registered the client. A client the user may not see is a 404."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parcours.access.base import is_network_admin, is_staff_user
from parcours.access.clients import ClientAccess, records_visible_filter
from parcours.accounts.models import Organization, User
from parcours.clients.models import DataCategory
from parcours.housing.models import HousingUnit, Landlord, Tenancy

TENANCY_LABEL = "housing.tenancy"


def can_read_housing(user: User | AnonymousUser) -> bool:
    """Every active staff member of a partner, and network administrators."""
    if not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    organization = user.organization
    return organization is not None and bool(organization.is_partner)


def require_housing_reader(user: User | AnonymousUser) -> User:
    """The user, if they may read landlords and units (PermissionDenied otherwise)."""
    if not can_read_housing(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def keeping_organizations_for(user: User) -> QuerySet[Organization]:
    """The organizations on whose behalf ``user`` may keep landlords: every
    partner for a network administrator, their own partner organization for
    its staff, none otherwise."""
    if is_network_admin(user):
        return Organization.objects.filter(is_partner=True)
    if not can_read_housing(user) or user.organization_id is None:
        return Organization.objects.none()
    return Organization.objects.filter(pk=user.organization_id)


def can_keep_landlords(user: User) -> bool:
    """May the user add landlords at all (the "add" buttons)."""
    return is_network_admin(user) or (can_read_housing(user) and user.organization_id is not None)


def can_keep_landlord(user: User, landlord: Landlord) -> bool:
    """Change the landlord, write its log and add units to it."""
    if is_network_admin(user):
        return True
    return (
        can_read_housing(user)
        and user.organization_id is not None
        and user.organization_id == landlord.organization_id
    )


def can_keep_unit(user: User, unit: HousingUnit) -> bool:
    """Change the unit and record its inspections."""
    if is_network_admin(user):
        return True
    return (
        can_read_housing(user)
        and user.organization_id is not None
        and user.organization_id == unit.organization_id
    )


def require_landlord_keeper(user: User, landlord: Landlord) -> User:
    if not can_keep_landlord(user, landlord):
        raise PermissionDenied(
            _("Only the organization that keeps this landlord can change it or write its log.")
        )
    return user


def require_unit_keeper(user: User, unit: HousingUnit) -> User:
    if not can_keep_unit(user, unit):
        raise PermissionDenied(
            _("Only the organization that keeps this unit can change it or record inspections.")
        )
    return user


def landlords_visible_to(user: User | AnonymousUser) -> QuerySet[Landlord]:
    if not can_read_housing(user):
        return Landlord.objects.none()
    return Landlord.objects.all()


def units_visible_to(user: User | AnonymousUser) -> QuerySet[HousingUnit]:
    if not can_read_housing(user):
        return HousingUnit.objects.none()
    return HousingUnit.objects.all()


def tenancies_visible_to(user: User) -> QuerySet[Tenancy]:
    """Tenancies of any client the user may see (housing category)."""
    return Tenancy.objects.filter(
        records_visible_filter(user, category=DataCategory.HOUSING, model_label=TENANCY_LABEL)
    )


def tenancies_of(client_access: ClientAccess) -> QuerySet[Tenancy]:
    """The client's tenancies the user may see."""
    return Tenancy.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=DataCategory.HOUSING, model_label=TENANCY_LABEL)
    )


def can_write_tenancies(client_access: ClientAccess) -> bool:
    """Start, end a tenancy and keep its move-in checklist: a partner that may
    read the client's housing category, or that registered the client."""
    organization = client_access.user.organization
    if organization is None or not organization.is_partner:
        return False
    return client_access.registered_here or client_access.can(DataCategory.HOUSING)


def require_tenancy_writer(client_access: ClientAccess) -> None:
    if not can_write_tenancies(client_access):
        raise PermissionDenied(
            _("You may not record tenancies for this client (housing information is not shared).")
        )


__all__ = [
    "TENANCY_LABEL",
    "can_keep_landlord",
    "can_keep_landlords",
    "can_keep_unit",
    "can_read_housing",
    "can_write_tenancies",
    "keeping_organizations_for",
    "landlords_visible_to",
    "require_housing_reader",
    "require_landlord_keeper",
    "require_tenancy_writer",
    "require_unit_keeper",
    "tenancies_of",
    "tenancies_visible_to",
    "units_visible_to",
]
