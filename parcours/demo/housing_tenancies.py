"""Demo tenancies: about fifteen demo clients housed in the demo units by
the housing partners that may record them (the client shares the housing
category with the partner, or the partner registered them) — some still
housed with their move-in checklist at every stage, some ended (one by an
eviction, which moves the client back to Safety and raises the alert).

Written through the services (audited, the pathway follows); idempotent (a
client with a tenancy is left alone) and seeded."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import client_access_for, clients_sharing
from parcours.access.housing import can_write_tenancies
from parcours.accounts.models import Organization, User
from parcours.clients.models import Client, DataCategory
from parcours.housing.models import (
    CHECKLIST_ITEMS,
    HousingUnit,
    Tenancy,
    TenancyEndReason,
    UnitStatus,
)
from parcours.housing.tenancies import move_in_update, tenancy_end, tenancy_start

TARGET = 15
ENDED_REASONS = [
    TenancyEndReason.EVICTION,
    TenancyEndReason.BETTER_HOUSING,
    TenancyEndReason.ABANDONED,
    TenancyEndReason.INSTITUTION,
]


def _candidates(staff: User) -> list[Client]:
    assert staff.organization_id is not None
    shared = clients_sharing(staff, DataCategory.HOUSING).values("pk")
    return list(
        Client.objects.filter(
            Q(registered_by_organization_id=staff.organization_id) | Q(pk__in=shared)
        ).order_by("family_name", "given_name", "id")
    )


def seed_tenancies(seed: int, keepers: list[tuple[Organization, User]]) -> str:
    """Seed the demo tenancies (idempotent); a one-line summary."""
    rng = random.Random(seed + 1515)
    today = timezone.localdate()
    existing = Tenancy.objects.count()
    if existing >= TARGET:
        return f"Tenancies: {existing} already there, none added."
    started = ended = closed = 0
    seen: set[object] = set()
    plan: list[tuple[User, Client]] = []
    for _org, staff in keepers:
        for client in _candidates(staff):
            if client.pk in seen:
                continue
            seen.add(client.pk)
            plan.append((staff, client))
    rng.shuffle(plan)
    for staff, client in plan:
        if existing + started >= TARGET:
            break
        if Tenancy.objects.filter(client=client).exists():
            continue
        try:
            client_access = client_access_for(staff, client)
        except Http404:
            continue
        if not can_write_tenancies(client_access):
            continue
        unit = (
            HousingUnit.objects.filter(status=UnitStatus.AVAILABLE)
            .order_by("available_from", "id")
            .first()
        )
        if unit is None:
            break
        start = today - dt.timedelta(days=rng.randint(20, 520))
        try:
            tenancy = tenancy_start(
                acting_user=staff,
                client_access=client_access,
                unit=unit,
                start_date=start,
                note="Entrée en logement (démo). / Move-in (demo).",
            )
            started += 1
            # Every fourth ends (the first by an eviction); the others are at
            # every stage of their move-in checklist.
            if started % 4 == 1 and (today - start).days > 40:
                reason = ENDED_REASONS[ended % len(ENDED_REASONS)]
                tenancy_end(
                    acting_user=staff,
                    client_access=client_access,
                    tenancy=tenancy,
                    end_date=start + dt.timedelta(days=rng.randint(30, (today - start).days - 1)),
                    end_reason=reason,
                )
                ended += 1
                continue
            done = rng.randint(0, len(CHECKLIST_ITEMS))
            move_in_update(
                acting_user=staff,
                client_access=client_access,
                checklist=tenancy.move_in,
                items={name: index < done for index, name in enumerate(CHECKLIST_ITEMS)},
                close=done == len(CHECKLIST_ITEMS),
            )
            closed += done == len(CHECKLIST_ITEMS)
        except ValidationError:
            continue
    return f"Tenancies: {started} started ({ended} ended, {closed} moves-in closed)."
