"""Consent through guardians.

While a dependent is under the age of consent (``parcours.households.ages``)
and has no directive of their own in force, the directives of their
guardians recorded on a household share the dependent's record as they share
the guardian's, category by category, less the lock-boxes of either.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from parcours.access.base import category_lock_boxes, directives_for
from parcours.clients.models import Client, ConsentDirective, DataCategory
from parcours.households.ages import age_of_consent, under_age_of_consent, years_before
from parcours.households.models import Guardianship


def guardian_consent_dependents(
    org_id: uuid.UUID, category: str = DataCategory.IDENTITY
) -> QuerySet[Any]:
    """Ids of the dependents whose ``category`` a guardian's consent shares
    with the organization."""
    today = timezone.localdate()
    age = age_of_consent()
    sharing = directives_for(org_id).filter(**{ConsentDirective.share_field(category): True})
    locked = category_lock_boxes(org_id).filter(category=category)
    own = ConsentDirective.objects.in_force(today).values("client_id")
    return (
        Guardianship.objects.in_force(today)
        .filter(guardian_id__in=sharing.values("client_id"))
        .exclude(guardian_id__in=locked.values("client_id"))
        .exclude(dependent_id__in=own)
        .filter(
            Q(dependent__date_of_birth__gt=years_before(today, age))
            | Q(dependent__date_of_birth__isnull=True, dependent__birth_year__gt=today.year - age)
        )
        .values("dependent_id")
    )


def guardian_consent_categories(org_id: uuid.UUID, client: Client) -> set[str]:
    """The categories of a dependent's record that their guardians' consent
    shares with the organization (none from the age of consent, or once the
    dependent has a directive of their own in force)."""
    today = timezone.localdate()
    if not under_age_of_consent(client, today):
        return set()
    if ConsentDirective.objects.in_force(today).filter(client=client).exists():
        return set()
    guardians = Guardianship.objects.in_force(today).filter(dependent=client).values("guardian_id")
    shared: dict[Any, set[str]] = {}
    for directive in directives_for(org_id).filter(client_id__in=guardians):
        shared.setdefault(directive.client_id, set()).update(directive.categories)
    if not shared:
        return set()
    for box in category_lock_boxes(org_id).filter(client_id__in=list(shared)):
        shared[box.client_id].discard(box.category)
    return set().union(*shared.values())
