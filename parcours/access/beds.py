"""Beds.

Sites, rooms, beds and availability (counts and free beds, no names) are for
every active staff member of a partner. Stays, holds, turnaways with a
client, and service restrictions are client data: visible to the staff of the
organization that runs the site. A stay or a street contact is also visible
to a partner the client shares the *housing* category with — through the
client's own directive or, for a dependent, a guardian's — less a housing
lock-box (``clients_sharing``). So is the shelter history an import took
from another system, kept by the importing organization. A hold is also
visible to the partner that placed it. Only the organization that runs a site changes its stays, holds,
turnaways and restrictions.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from parcours.access.base import Action, is_staff_user, staff_org
from parcours.access.clients import ClientAccess, clients_sharing
from parcours.accounts.models import User
from parcours.beds.models import (
    Hold,
    ServiceRestriction,
    ShelterHistory,
    Site,
    Stay,
    StreetContact,
    Turnaway,
)
from parcours.clients.models import DataCategory

M = TypeVar("M", bound=Model)


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


def _own_or_sharing(user: User, action: Action, model: type[M], own: str) -> QuerySet[M]:
    """Rows kept by the user's organization (``own`` names its field), and,
    to read, those of clients who share *housing* with it."""
    org_id = staff_org(user)
    if org_id is None:
        return model._default_manager.none()
    kept_here = Q(**{own: org_id})
    if action is not Action.VIEW:
        return model._default_manager.filter(kept_here)
    sharing = clients_sharing(user, DataCategory.HOUSING).values("pk")
    return model._default_manager.filter(kept_here | Q(client_id__in=sharing))


def _of_client(client_access: ClientAccess, model: type[M], own: str) -> QuerySet[M]:
    """``_own_or_sharing`` for one client whose access is known —
    ``ClientAccess.can(HOUSING)`` is what ``clients_sharing`` says of that
    client — without building the organization-wide query (the client
    file's timeline), less the rows a lock-box keeps from the organization."""
    org_id = staff_org(client_access.user)
    if org_id is None:
        return model._default_manager.none()
    rows = model._default_manager.filter(client=client_access.client)
    if not client_access.can(DataCategory.HOUSING):
        rows = rows.filter(**{own: org_id})
    return rows.exclude(pk__in=client_access.locked_ids(model._meta.label_lower))


def stays_visible_to(user: User, action: Action = Action.VIEW) -> QuerySet[Stay]:
    return _own_or_sharing(user, action, Stay, "site__program__organization_id")


def stays_of(client_access: ClientAccess) -> QuerySet[Stay]:
    """One client's stays the user may see (``stays_visible_to``)."""
    return _of_client(client_access, Stay, "site__program__organization_id")


def street_contacts_of(client_access: ClientAccess) -> QuerySet[StreetContact]:
    """One client's street contacts the user may see (``street_contacts_visible_to``)."""
    return _of_client(client_access, StreetContact, "organization_id")


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
    return _own_or_sharing(user, action, StreetContact, "organization_id")


def shelter_history_visible_to(
    user: User, action: Action = Action.VIEW
) -> QuerySet[ShelterHistory]:
    """Nights in other systems' shelters (imported): the importing
    organization's, and every partner's the client shares housing with."""
    return _own_or_sharing(user, action, ShelterHistory, "organization_id")


def shelter_history_of(client_access: ClientAccess) -> QuerySet[ShelterHistory]:
    """One client's shelter history the user may see (``shelter_history_visible_to``)."""
    return _of_client(client_access, ShelterHistory, "organization_id")
