"""The service directory: who keeps which entries.

Reading the directory is ``access.coordination.can_use_directory`` (every
active staff member of a partner); keeping one entry is
``can_edit_directory_entry``. These add what the screens need: the
organizations a user may add services to, and the refusal itself."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from parcours.access.base import is_network_admin, is_staff_user
from parcours.access.coordination import can_edit_directory_entry, can_use_directory
from parcours.accounts.models import User
from parcours.coordination.models import DirectoryOrganization


def require_directory_user(user: User) -> User:
    """The user, if they may read the directory (PermissionDenied otherwise)."""
    if not can_use_directory(user):
        raise PermissionDenied
    return user


def directory_organizations_editable_by(user: User) -> QuerySet[DirectoryOrganization]:
    """The directory organizations whose entry and services ``user`` keeps:
    all for a network administrator, their own partner's entry for an
    organization's administrator, none otherwise."""
    if is_network_admin(user):
        return DirectoryOrganization.objects.all()
    if not is_staff_user(user) or not user.is_org_admin or user.organization_id is None:
        return DirectoryOrganization.objects.none()
    return DirectoryOrganization.objects.filter(partner_id=user.organization_id)


def can_keep_directory(user: User) -> bool:
    """Does the user keep any part of the directory (the "add" buttons)."""
    return is_network_admin(user) or directory_organizations_editable_by(user).exists()


def require_directory_editor(user: User, organization: DirectoryOrganization) -> User:
    if not can_edit_directory_entry(user, organization):
        raise PermissionDenied
    return user


__all__ = [
    "can_keep_directory",
    "directory_organizations_editable_by",
    "require_directory_editor",
    "require_directory_user",
]
