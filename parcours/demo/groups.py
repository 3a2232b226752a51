"""Demo life-skills groups: six sessions of three partners — budgeting,
cooking, tenancy skills, digital skills — titled as workers write them, in
French or English. The past ones have their attendance marked (attended or
absent; an encounter recorded for each client who came, toward a goal of
their plan when they have one); the upcoming ones have registrations.

Called after the stigma incidents in ``seed_demo`` with its own seeded
``random.Random``. Written through the services (policy, validation, audit);
idempotent (nothing added once any session exists)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parcours.access.clients import ClientAccess
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.community.models import GroupSession
from parcours.community.selectors import tracker_goals
from parcours.community.services.groups import (
    SessionData,
    group_attendance_mark,
    group_attendance_register,
    group_session_create,
)
from parcours.demo.community import writers

SEED_OFFSET = 4747


@dataclass(frozen=True)
class _Session:
    title: str
    topic: str
    days: int  # from today: negative for a session already held
    facilitator: str
    place: str
    capacity: int
    description: str = ""


# Per partner (the first three partners with clients), two sessions each.
SESSIONS = [
    [
        _Session(
            "Atelier budget",
            "budgeting",
            -21,
            "Josée Lavoie (bénévole)",
            "Salle communautaire",
            8,
            "Faire son budget du mois, payer le loyer en premier.",
        ),
        _Session(
            "Atelier budget — suite",
            "budgeting",
            9,
            "Josée Lavoie (bénévole)",
            "Salle communautaire",
            8,
        ),
    ],
    [
        _Session(
            "Cooking on a budget",
            "cooking",
            -10,
            "Marc Dubé",
            "Community kitchen",
            6,
            "Three meals for the week from the food bank basket.",
        ),
        _Session("Digital skills: email and online forms", "digital", 5, "Priya Nair", "", 5),
    ],
    [
        _Session(
            "Mes droits de locataire",
            "tenancy",
            -4,
            "Clinique juridique du quartier",
            "Local 204",
            10,
            "Le bail, les réparations, le Tribunal administratif du logement.",
        ),
        _Session("Préparer une entrevue d'emploi", "employment", 14, "Luc Bergeron", "", 6),
    ],
]


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def seed_groups(seed: int) -> str:
    """Seed the demo's group sessions (idempotent); a one-line summary."""
    if GroupSession.objects.exists():
        return "Life-skills groups: sessions already there, none added."
    rng = random.Random(seed + SEED_OFFSET)
    by_org: dict[object, list[tuple[User, Client, ClientAccess]]] = defaultdict(list)
    writers_list = writers(lambda _access: True)
    for staff, client, client_access in writers_list:
        by_org[staff.organization_id].append((staff, client, client_access))
    # The partners in a fixed order (by name: their ids differ run to run).
    names: dict[object, str] = {
        client.registered_by_organization_id: client.registered_by_organization.name
        for _staff, client, _access in writers_list
    }
    partners = sorted(by_org, key=lambda org_id: names[org_id])[: len(SESSIONS)]
    sessions = attended = registrations = marks = 0
    for org_id, specs in zip(partners, SESSIONS, strict=False):
        people = by_org[org_id]
        staff = people[0][0]
        for spec in specs:
            try:
                session = group_session_create(
                    acting_user=staff,
                    data=SessionData(
                        title=spec.title,
                        topic=spec.topic,
                        starts_at=_at(spec.days, rng.choice((10, 13, 14, 18))),
                        duration_minutes=rng.choice((60, 90, 120)),
                        facilitator=spec.facilitator,
                        capacity=spec.capacity,
                        place=spec.place,
                        description=spec.description,
                    ),
                )
            except (PermissionDenied, ValidationError):
                continue
            sessions += 1
            chosen = rng.sample(people, min(len(people), rng.randint(3, spec.capacity)))
            for writer, _client, client_access in chosen:
                goal = tracker_goals(client_access).order_by("created_at").first()
                try:
                    attendance = group_attendance_register(
                        acting_user=writer,
                        client_access=client_access,
                        session=session,
                        goal=goal,
                    )
                    registrations += 1
                    if spec.days < 0:
                        # One in four who registered did not come.
                        status = "absent" if marks % 4 == 1 else "attended"
                        marks += 1
                        group_attendance_mark(
                            acting_user=writer,
                            client_access=client_access,
                            attendance=attendance,
                            status=status,
                        )
                        attended += status == "attended"
                except (PermissionDenied, ValidationError):
                    continue
    return (
        f"Life-skills groups: {sessions} sessions, {registrations} registrations, "
        f"{attended} attended."
    )


__all__ = ["seed_groups"]
