"""What every rule of the policy starts from: who the user is, the actions,
and the consent records in force for an organization."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from parcours.accounts.models import MembershipRole, User
from parcours.clients.models import BreakGlassAccess, ConsentDirective, ConsentLockBox
from parcours.core import context


class Action(StrEnum):
    """What a user wants to do with a record (netbox's ``restrict(user, action)``).

    ``view`` and ``change`` apply to every kind of record; ``clinical`` is the
    reading of clinical records (clinical disciplines only); ``break_glass``
    opens a record in an emergency."""

    VIEW = "view"
    CHANGE = "change"
    CLINICAL = "clinical"
    BREAK_GLASS = "break_glass"


def is_staff_user(user: User | AnonymousUser) -> TypeGuard[User]:
    """Signed in and active."""
    return isinstance(user, User) and user.is_active


def is_network_admin(user: User | AnonymousUser) -> bool:
    return is_staff_user(user) and user.is_superuser


def staff_org(user: User | AnonymousUser) -> uuid.UUID | None:
    """The organization an active user works for (None otherwise)."""
    if not is_staff_user(user):
        return None
    return user.organization_id


def require_partner_staff(user: User | AnonymousUser) -> User:
    """The user, if they work for a partner organization: client data is
    always seen through one. PermissionDenied otherwise."""
    if not is_staff_user(user) or user.organization_id is None:
        raise PermissionDenied
    return user


def is_privacy_reviewer(user: User | AnonymousUser) -> bool:
    """An organization's privacy reviewers: its administrators and the
    coordinators of its programs. A network administrator is none by being one:
    emergency-access reasons and access logs are health information."""
    if not is_staff_user(user) or user.organization_id is None:
        return False
    if user.is_org_admin:
        return True
    org_id = user.organization_id
    # Read with the signed-in user (parcours.accounts.backends.UserBackend).
    known: bool | None = getattr(user, "coordinates_a_program", None)
    if known is not None:
        return known
    return context.remembered(
        ("privacy_reviewer", user.pk, org_id),
        lambda: bool(
            user.program_memberships.filter(
                role=MembershipRole.COORDINATOR, program__organization_id=org_id
            ).exists()
        ),
    )


def is_coordinator(user: User | AnonymousUser) -> bool:
    """A network administrator, an organization administrator, or a
    coordinator of one of its programs (a privacy reviewer)."""
    if not is_staff_user(user):
        return False
    return bool(user.is_superuser or user.is_org_admin) or is_privacy_reviewer(user)


def directives_for(org_id: uuid.UUID) -> QuerySet[ConsentDirective]:
    """Directives in force today that name the organization (or all partners)."""
    return ConsentDirective.objects.in_force(timezone.localdate()).filter(
        Q(all_partners=True) | Q(organizations=org_id)
    )


def category_lock_boxes(org_id: uuid.UUID) -> QuerySet[ConsentLockBox]:
    """Lock-boxes in place that keep a whole category from the organization."""
    return ConsentLockBox.objects.filter(
        organization_id=org_id, removed_at__isnull=True, target_id=""
    )


def record_lock_boxes(org_id: uuid.UUID, model_label: str) -> QuerySet[ConsentLockBox]:
    """Lock-boxes in place that keep single records of one kind from the organization."""
    return ConsentLockBox.objects.filter(
        organization_id=org_id, removed_at__isnull=True, target_type=model_label
    ).exclude(target_id="")


def record_lock_box_ids(org_id: uuid.UUID, model_label: str) -> list[str]:
    """The ids of the records of one kind lock-boxed from the organization.

    In a safe request, the lock-boxes of every kind are read once (one query)
    and kept for the request: a page such as the client file asks for several
    kinds; outside one, one query for the kind asked."""
    if not context.has_memo():
        return list(record_lock_boxes(org_id, model_label).values_list("target_id", flat=True))

    def every_kind() -> dict[str, list[str]]:
        by_kind: dict[str, list[str]] = {}
        rows = (
            ConsentLockBox.objects.filter(organization_id=org_id, removed_at__isnull=True)
            .exclude(target_id="")
            .values_list("target_type", "target_id")
        )
        for kind, target_id in rows:
            by_kind.setdefault(kind, []).append(target_id)
        return by_kind

    return list(context.remembered(("record_lock_boxes", org_id), every_kind).get(model_label, []))


def break_glass_in_force(user: User) -> QuerySet[BreakGlassAccess]:
    return BreakGlassAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now())
