"""Households.

A household is client data: a user sees a household through the members
they may see (``clients_visible_to``), and only those members; a member they
may not see is neither named nor counted. Guardianships are recorded and
ended by the organization that registered the dependent; a guardian's
consent governs a dependent's record (``access.guardians``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from parcours.access.clients import ClientAccess, clients_visible_to
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.households.models import Household, HouseholdMembership


def households_visible_to(user: User) -> QuerySet[Household]:
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
