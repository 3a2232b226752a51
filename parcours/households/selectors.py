"""Reads of households. Two kinds:

* queries on dates for other apps (beds, housing matching, reports):
  ``household_members_on``, ``household_head_on``, ``household_composition_on``.
  They take no user and are not filtered by the access policy: callers count
  with them and never show their rows to a user without passing each client
  through ``parcours.core.access``;
* permission-filtered reads for screens and the API, which take the user.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from parcours.households.models import Household, HouseholdMembership, Relationship


def household_members_on(household: Household, on: dt.date) -> QuerySet[HouseholdMembership]:
    """The memberships of ``household`` in force on ``on`` (joined on or
    before, not left on or before), with their clients. Not access-filtered."""
    return (
        HouseholdMembership.objects.on(on)
        .filter(household=household)
        .select_related("client")
        .order_by("joined_on", "created_at")
    )


def household_head_on(household: Household, on: dt.date) -> HouseholdMembership | None:
    """The head of household's membership on ``on``, or None. Not access-filtered."""
    membership: HouseholdMembership | None = (
        household_members_on(household, on).filter(relationship=Relationship.HEAD).first()
    )
    return membership
