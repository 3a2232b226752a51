"""Demo for the fidelity report: the past four weeks of the ACT team's daily
meeting (the board's visit assignments of each working day before today; the
board demo writes today's), so that the "daily team meeting" item has a
history. The encounters, caseloads, standards and roster the other items
read come from the casework and coordination demos.

Past days cannot be assigned through the board's service (it refuses the
past), so the rows are bulk-created, with one audit event for the whole
history. Seeded RNG; seeding again adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from parcours.coordination.models import VisitAssignment
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.demo.coordination.board import _act_program, _team

WEEKS = 4
PURPOSES = [
    "Visite à domicile — médication / Home visit — medication",
    "Épicerie et budget / Groceries and budget",
    "Accompagnement au rendez-vous / Appointment",
    "Suivi après l'hospitalisation / Follow-up after the hospital stay",
]


def seed_fidelity(seed: int) -> str:
    """Add the ACT team's past meetings (idempotent); return a one-line summary."""
    program = _act_program()
    if program is None:
        return ""
    today = timezone.localdate()
    start = today - dt.timedelta(days=7 * WEEKS - 1)
    if VisitAssignment.objects.filter(program=program, day__gte=start, day__lt=today).exists():
        return "Fidelity demo: already loaded, nothing added."
    lead, staff = _team(program)
    clients = list(
        program.enrollments.filter(end_date__isnull=True)
        .order_by("client__family_name", "client__given_name", "client_id")
        .values_list("client_id", flat=True)
    )
    if not clients or not staff:
        return ""
    rng = random.Random(seed + 16)
    rows: list[VisitAssignment] = []
    day = start
    while day < today:
        # Working days; the team missed one meeting in the period.
        if day.weekday() < 5 and rng.random() > 0.05:
            for client_id in rng.sample(clients, min(len(clients), rng.randint(3, 6))):
                rows.append(
                    VisitAssignment(
                        program=program,
                        client_id=client_id,
                        worker=rng.choice(staff),
                        day=day,
                        purpose=rng.choice(PURPOSES),
                        assigned_by=lead,
                    )
                )
        day += dt.timedelta(days=1)
    with transaction.atomic():
        VisitAssignment.objects.bulk_create(rows)
        audit_record(
            action=AuditAction.CREATE,
            actor_label="seed_demo",
            target_type="reports.demo_fidelity",
            target_id=str(program.pk),
            detail={"section": "demo_fidelity", "visit_assignments": len(rows)},
        )
    days = len({r.day for r in rows})
    return f"Fidelity demo: {days} past team meetings ({len(rows)} visit assignments) added."
