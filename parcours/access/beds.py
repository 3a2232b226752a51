"""Beds.

Sites, rooms, beds and availability (counts and free beds, no names) are for
every active staff member of a partner. Stays, holds, turnaways with a
client, and service restrictions are client data: visible to the staff of the
organization that runs the site. A stay or a street contact is also visible
to a partner the client shares the *housing* category with — through the
client's own directive or, for a dependent, a guardian's — less a housing
lock-box (``clients_sharing``). A hold is also visible to the partner that
placed it. Only the organization that runs a site changes its stays, holds,
turnaways and restrictions.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parcours.access.base import Action, is_staff_user, staff_org
from parcours.access.clients import ClientAccess, clients_sharing
from parcours.accounts.models import User
from parcours.beds.models import Hold, ServiceRestriction, Site, Stay, StreetContact, Turnaway
from parcours.clients.models import DataCategory


def can_see_bed_availability(user: User) -> bool:
    if not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    return user.organization is not None and bool(user.organization.is_partner)


def bed_sites_visible_to(user: User) -> QuerySet[Site]:
    if not can_see_bed_availability(user):
        return Site.objects.none()
    return Site.objects.all()


def bed_sites_run_by(user: User) -> QuerySet[Site]:
    """Sites whose stays, holds and turnaways the user manages: their organization's."""
    org_id = staff_org(user)
    if org_id is None:
        return Site.objects.none()
    return Site.objects.filter(program__organization_id=org_id)


def can_run_bed_site(user: User, site: Site) -> bool:
    org_id = staff_org(user)
    return org_id is not None and site.program.organization_id == org_id


def stays_visible_to(user: User, action: Action = Action.VIEW) -> QuerySet[Stay]:
    org_id = staff_org(user)
    if org_id is None:
        return Stay.objects.none()
    run_here = Q(site__program__organization_id=org_id)
    if action is not Action.VIEW:
        return Stay.objects.filter(run_here)
    sharing = clients_sharing(user, DataCategory.HOUSING).values("pk")
    return Stay.objects.filter(run_here | Q(client_id__in=sharing))


def stays_of(client_access: ClientAccess) -> QuerySet[Stay]:
    """One client's stays the user may see: ``stays_visible_to`` for a client
    whose access is known — ``ClientAccess.can(HOUSING)`` is what
    ``clients_sharing`` says of that client — without building the
    organization-wide query (the client file's timeline). Less the stays a
    lock-box keeps from the organization."""
    org_id = staff_org(client_access.user)
    if org_id is None:
        return Stay.objects.none()
    stays = Stay.objects.filter(client=client_access.client)
    if not client_access.can(DataCategory.HOUSING):
        stays = stays.filter(site__program__organization_id=org_id)
    return stays.exclude(pk__in=client_access.locked_ids("beds.stay"))


def street_contacts_of(client_access: ClientAccess) -> QuerySet[StreetContact]:
    """One client's street contacts the user may see (``street_contacts_visible_to``
    for a client whose access is known), less lock-boxed ones."""
    org_id = staff_org(client_access.user)
    if org_id is None:
        return StreetContact.objects.none()
    contacts = StreetContact.objects.filter(client=client_access.client)
    if not client_access.can(DataCategory.HOUSING):
        contacts = contacts.filter(organization_id=org_id)
    return contacts.exclude(pk__in=client_access.locked_ids("beds.streetcontact"))


def holds_visible_to(user: User, action: Action = Action.VIEW) -> QuerySet[Hold]:
    org_id = staff_org(user)
    if org_id is None:
        return Hold.objects.none()
    return Hold.objects.filter(
        Q(room__site__program__organization_id=org_id) | Q(placed_by_organization_id=org_id)
    )


def turnaways_visible_to(user: User, action: Action = Action.VIEW) -> QuerySet[Turnaway]:
    return Turnaway.objects.filter(site__in=bed_sites_run_by(user))


def service_restrictions_visible_to(
    user: User, action: Action = Action.VIEW
) -> QuerySet[ServiceRestriction]:
    return ServiceRestriction.objects.filter(site__in=bed_sites_run_by(user))


def street_contacts_visible_to(user: User, action: Action = Action.VIEW) -> QuerySet[StreetContact]:
    org_id = staff_org(user)
    if org_id is None:
        return StreetContact.objects.none()
    own = Q(organization_id=org_id)
    if action is not Action.VIEW:
        return StreetContact.objects.filter(own)
    sharing = clients_sharing(user, DataCategory.HOUSING).values("pk")
    return StreetContact.objects.filter(own | Q(client_id__in=sharing))
