"""Demo coordination: the board of Horizon's ACT team (« Équipe SIM
Horizon ») for the morning meeting — a crisis flag, today's visit
assignments, and appointments around today: a clinic appointment tomorrow,
a court date today, an appointment missed last week. Clock-relative,
seeded, idempotent; written through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from parcours.access import client_access_for
from parcours.accounts.models import MembershipRole, Program, User
from parcours.clients.models import Client
from parcours.coordination.models import Appointment, CrisisFlag, VisitAssignment
from parcours.coordination.services.appointments import appointment_create
from parcours.coordination.services.board import crisis_raise, visit_assign

HORIZON = "horizon-sim.example"

CRISES = [
    "Menace d'éviction après une plainte du propriétaire / eviction threatened after a complaint",
    "Ne répond plus au téléphone depuis deux jours / not answering the phone for two days",
]
PURPOSES = [
    "Livraison des médicaments / medication delivery",
    "Épicerie avec le client / groceries with the client",
    "Visite à domicile / home visit",
    "Accompagnement à la banque / to the bank",
]
PLACES = {
    "clinic": "CLSC du Centre-Ville, 1200 rue Principale",
    "court": "Palais de justice, salle 4.12 / Courthouse, room 4.12",
    "income": "Ontario au travail / Ontario Works, 2e étage",
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _act_program() -> Program | None:
    return (
        Program.objects.filter(kind="act", organization__staff__email__endswith="@" + HORIZON)
        .distinct()
        .first()
    )


def _team(program: Program) -> tuple[User, list[User]]:
    """The program's coordinator, and its active team members (by email, for a stable order)."""
    staff = list(
        User.objects.filter(is_active=True, organization_id=program.organization_id)
        .filter(
            Q(program_memberships__program=program) | Q(team_memberships__team__program=program)
        )
        .distinct()
        .select_related("discipline")
        .order_by("email")
    )
    lead = next(
        (
            u
            for u in staff
            if u.program_memberships.filter(
                program=program, role=MembershipRole.COORDINATOR
            ).exists()
        ),
        staff[0],
    )
    return lead, staff


def seed(seed: int) -> str:
    """Add the board demo (idempotent); return a one-line summary."""
    program = _act_program()
    if program is None:
        return ""
    with transaction.atomic():
        return _seed(program, random.Random(seed))


def _seed(program: Program, rng: random.Random) -> str:
    lead, staff = _team(program)
    clients = list(
        Client.objects.filter(
            enrollments__program=program, enrollments__end_date__isnull=True
        ).order_by("family_name", "given_name", "pk")
    )
    if not clients or not staff:
        return ""
    today = timezone.localdate()
    picked = rng.sample(clients, min(len(clients), 8))
    flags = visits = appointments = 0

    if not CrisisFlag.objects.filter(program=program, lifted_at__isnull=True).exists():
        for client, note in zip(picked[:2], CRISES, strict=False):
            crisis_raise(acting_user=lead, program=program, client=client, note=note)
            flags += 1

    if not VisitAssignment.objects.filter(program=program, day=today).exists():
        for n, client in enumerate(picked[:6]):
            visit_assign(
                acting_user=lead,
                program=program,
                client=client,
                worker=staff[n % len(staff)],
                day=today,
                purpose=PURPOSES[n % len(PURPOSES)],
            )
            visits += 1

    if not Appointment.objects.filter(organization_id=program.organization_id).exists():
        appointments = _appointments(program, lead, staff, picked, today, rng)
    return (
        f"ACT board of {program.name}: {flags} crisis flags, {visits} visits assigned today, "
        f"{appointments} appointments (clinic tomorrow, court date today, one missed last week)."
    )


def _appointments(
    program: Program,
    lead: User,
    staff: list[User],
    clients: list[Client],
    today: dt.date,
    rng: random.Random,
) -> int:
    clinician = next((u for u in staff if u.is_clinical), lead)
    escort = staff[rng.randrange(len(staff))]
    clinic_client, court_client, missed_client = clients[-1], clients[-2], clients[-3]
    appointment_create(
        acting_user=clinician,
        client_access=client_access_for(clinician, clinic_client),
        kind="clinic",
        starts_at=_at(today + dt.timedelta(days=1), 10, 15),
        place=PLACES["clinic"],
        with_whom="Dre Lapointe, médecin de famille / family physician",
        accompanied_by=escort,
    )
    # The court date is today: planned while it is ahead, recorded as kept
    # when the demo is loaded late in the evening.
    court_at, court_outcome = _at(today, 9, 30), "planned"
    if court_at < timezone.now():
        later = (timezone.localtime() + dt.timedelta(hours=1)).replace(
            minute=0, second=0, microsecond=0
        )
        if later.date() == today:
            court_at = later
        else:
            court_outcome = "kept"
    appointment_create(
        acting_user=lead,
        client_access=client_access_for(lead, court_client),
        kind="court",
        starts_at=court_at,
        place=PLACES["court"],
        with_whom="Aide juridique / Legal Aid",
        accompanied_by=escort,
        note="Audience sur remise en liberté / bail hearing",
        outcome=court_outcome,
    )
    appointment_create(
        acting_user=lead,
        client_access=client_access_for(lead, missed_client),
        kind="income",
        starts_at=_at(today - dt.timedelta(days=rng.randint(5, 8)), 14),
        place=PLACES["income"],
        with_whom="Agente d'Ontario au travail / Ontario Works caseworker",
        outcome="missed",
    )
    return 3


__all__ = ["seed"]
