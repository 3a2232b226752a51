"""What the household services share: the stale-version error, the checks
every write makes first, the household row's lock and version."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.households.models import (
    Household,
    HouseholdMembership,
)

MEMBERSHIP_FIELDS = [
    "household_id",
    "client_id",
    "relationship",
    "joined_on",
    "left_on",
    "leave_reason",
    "head_reason",
]


GUARDIANSHIP_FIELDS = [
    "household_id",
    "dependent_id",
    "guardian_id",
    "start_date",
    "end_date",
    "end_reason",
]


GOAL_FIELDS = ["household_id", "domain", "description", "status", "target_date"]


class StaleHousehold(Exception):
    """The household changed since the form was opened: the change is refused."""

    def __init__(self, current: Household) -> None:
        self.current = current
        super().__init__(_("This household was changed by someone else since you opened it."))


def _org_id(user: User) -> uuid.UUID:
    if user.organization_id is None:
        raise ValidationError(
            _("Only staff of a partner organization can record household information.")
        )
    return user.organization_id


def _require_identity(client_access: ClientAccess) -> None:
    """Writes about a person's household need to see who the person is."""
    if not client_access.can(DataCategory.IDENTITY):
        raise PermissionDenied(_("You may not change this person's household."))


def _require_household(user: User, household: Household) -> None:
    """Writes to a household need to see it (through a member they may see)."""
    if not access.households_visible_to(user).filter(pk=household.pk).exists():
        raise PermissionDenied(_("You may not change this household."))


def _not_in_future(day: dt.date | None, field: str, errors: dict[str, list[str]]) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(_("The date is in the future."))


def _lock(household: Household, expected_version: int | None) -> Household:
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleHousehold(locked)
    return locked


def _bump(household: Household) -> None:
    Household.objects.filter(pk=household.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    household.refresh_from_db(fields=["version", "updated_at"])


def _household_client_ids(household: Household) -> list[uuid.UUID]:
    return list(
        HouseholdMembership.objects.filter(household=household, left_on__isnull=True).values_list(
            "client_id", flat=True
        )
    )
