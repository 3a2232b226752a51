"""Data exchange: HMIS CSV imports.

* Importing brings whole organizations' records into the registry: it is
  for the administrators of a network partner and for the network's
  administrators (superusers). A coordinator or a case manager may not.
* An import's report (counts, rejected lines with their values) and the
  rows kept as they came (``HmisRecord``: names, dates of birth, services)
  are read by the administrators of the organization whose staff ran the
  import, and by the network's administrators; nobody else, whatever the
  clients' consent: they are the source system's data, not a client file.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parcours.access.base import is_network_admin, is_staff_user
from parcours.accounts.models import User
from parcours.interop.models import ClientListImport, HmisImport, HmisRecord


def can_import_hmis(user: User | AnonymousUser) -> bool:
    if not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    if not user.is_org_admin or user.organization_id is None:
        return False
    org = user.organization
    return bool(org is not None and org.is_partner)


def require_hmis_importer(user: User | AnonymousUser) -> None:
    if not can_import_hmis(user):
        raise PermissionDenied(
            _("Only an administrator of a partner organization can import HMIS files.")
        )


def hmis_imports_visible_to(user: User | AnonymousUser) -> QuerySet[HmisImport]:
    if is_network_admin(user):
        return HmisImport.objects.all()
    if not can_import_hmis(user) or not isinstance(user, User) or user.organization_id is None:
        return HmisImport.objects.none()
    return HmisImport.objects.filter(imported_by__organization_id=user.organization_id)


def hmis_records_visible_to(user: User | AnonymousUser) -> QuerySet[HmisRecord]:
    if is_network_admin(user):
        return HmisRecord.objects.all()
    if not can_import_hmis(user) or not isinstance(user, User) or user.organization_id is None:
        return HmisRecord.objects.none()
    return HmisRecord.objects.filter(last_import__imported_by__organization_id=user.organization_id)


def can_import_client_list(user: User | AnonymousUser) -> bool:
    """A spreadsheet of clients is registered on behalf of an organization:
    its administrators (a partner's) import one."""
    return can_import_hmis(user) and isinstance(user, User) and user.organization_id is not None


def require_client_list_importer(user: User | AnonymousUser) -> None:
    if not can_import_client_list(user):
        raise PermissionDenied(
            _("Only an administrator of a partner organization can import a list of clients.")
        )


def client_lists_visible_to(user: User | AnonymousUser) -> QuerySet[ClientListImport]:
    """The lists uploaded for the user's organization (they hold names and
    dates of birth until imported), for its administrators."""
    if (
        not can_import_client_list(user)
        or not isinstance(user, User)
        or user.organization_id is None
    ):
        return ClientListImport.objects.none()
    return ClientListImport.objects.filter(organization_id=user.organization_id)
