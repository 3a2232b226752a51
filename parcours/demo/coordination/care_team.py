"""Demo coordination: care teams.

For clients of Passerelle's ICM program and of Horizon's ACT team: the case
manager (or, for ACT, the team's psychiatrist), a housing worker of Tremplin
Logement when the client shares their case plan with it, a family doctor
outside the network, now and then a probation officer or an employment
counsellor, and for a few clients a shelter worker whose membership has
ended (the care team's history). Everything goes through the care-team
services (validated, audited, told to the care team). Idempotent: when a
care-team membership exists, nothing is added. Seeded."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from parcours.access import ClientAccess, client_access_for
from parcours.access.coordination import can_change_care_team
from parcours.accounts.models import User
from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.coordination.models import CareRole, CareTeamMember
from parcours.coordination.services.care_team import care_team_member_add, care_team_member_end

PASSERELLE = "passerelle.example"
HORIZON = "horizon-sim.example"
TREMPLIN = "tremplin.example"
TEAMS = 24

FAMILY_DOCTORS = [
    ("Dre Isabelle Ouellet", "Clinique médicale du Marché · 613-555-0142"),
    ("Dr. Samuel Adeyemi", "Lowertown Family Health Team · 613-555-0178"),
    ("Dr Jean-Philippe Roy", "CLSC du centre-ville · 613-555-0116"),
    ("Dr. Emily Walsh", "Sandy Hill Community Health Centre · 613-555-0193"),
]
PROBATION_OFFICERS = [
    ("Mme Nathalie Dubé", "Services de probation, bureau Est · 613-555-0127"),
    ("Mr. Kevin O'Brien", "Probation and Parole, Ottawa East · 613-555-0164"),
]
EMPLOYMENT_COUNSELLORS = [
    ("Sophie Caron", "Carrefour emploi Ottawa · 613-555-0185"),
    ("Daniel Park", "Employment Ontario, Rideau office · 613-555-0111"),
]
SHELTER_WORKERS = [
    ("Luc Bérubé", "Refuge de nuit, poste 12"),
    ("Amanda Clarke", "Men's shelter front desk · 613-555-0150"),
]


def _staff(domain: str, discipline: str) -> list[User]:
    return list(
        User.objects.filter(
            email__endswith="@" + domain, discipline_id=discipline, is_active=True
        ).order_by("email")
    )


def _access(user: User, client: Client) -> ClientAccess | None:
    """What ``user`` may see of ``client``, if they may change the care team."""
    try:
        client_access = client_access_for(user, client)
    except Http404:
        return None
    return client_access if can_change_care_team(client_access) else None


def _since(rng: random.Random, start: dt.date, today: dt.date) -> dt.date:
    days = max((today - start).days, 0)
    return start + dt.timedelta(days=rng.randint(0, days)) if days else start


def _enrollments(domain: str, kind: str) -> list[Enrollment]:
    staff = User.objects.filter(email__endswith="@" + domain, organization__isnull=False).first()
    if staff is None:
        return []
    return list(
        Enrollment.objects.filter(
            end_date__isnull=True, program__kind=kind, organization=staff.organization
        )
        .select_related("client", "primary_worker", "team")
        .order_by("client__family_name", "client__given_name", "client__created_at", "pk")
    )


@transaction.atomic
def seed(seed: int) -> str:
    """Add the care-team demo (idempotent); return a one-line summary."""
    if CareTeamMember.objects.exists():
        return "Care-team demo already loaded: nothing added."
    rng = random.Random(seed + 7)
    today = timezone.localdate()
    housing_workers = _staff(TREMPLIN, "housing_worker")
    psychiatrists = _staff(HORIZON, "psychiatrist")
    icm = _enrollments(PASSERELLE, "icm")
    act = _enrollments(HORIZON, "act")
    rng.shuffle(icm)
    rng.shuffle(act)
    chosen = icm[: TEAMS * 2 // 3] + act[: TEAMS // 3]
    teams = members = ended = 0
    for enrollment in chosen:
        client = enrollment.client
        lead = enrollment.primary_worker
        role = CareRole.CASE_MANAGER
        if lead is None and psychiatrists:
            lead, role = psychiatrists[0], CareRole.PSYCHIATRIST
        if lead is None:
            continue
        lead_access = _access(lead, client)
        if lead_access is None:
            continue
        added = 0

        def add(
            acting: User,
            access: ClientAccess,
            *,
            role: str,
            since: dt.date,
            worker: User | None = None,
            outside_name: str = "",
            contact: str = "",
        ) -> None:
            nonlocal added
            care_team_member_add(
                acting_user=acting,
                client_access=access,
                worker=worker,
                outside_name=outside_name,
                role=role,
                contact=contact,
                since=since,
            )
            added += 1

        add(
            lead,
            lead_access,
            worker=lead,
            role=role,
            contact=lead.email,
            since=enrollment.start_date,
        )
        name, contact = rng.choice(FAMILY_DOCTORS)
        add(
            lead,
            lead_access,
            outside_name=name,
            role=CareRole.FAMILY_DOCTOR,
            contact=contact,
            since=_since(rng, enrollment.start_date, today),
        )
        if housing_workers:
            worker = rng.choice(housing_workers)
            worker_access = _access(worker, client)
            if worker_access is not None:
                add(
                    worker,
                    worker_access,
                    worker=worker,
                    role=CareRole.HOUSING_WORKER,
                    contact=worker.email,
                    since=_since(rng, enrollment.start_date, today),
                )
        extra = rng.random()
        if extra < 0.2:
            name, contact = rng.choice(PROBATION_OFFICERS)
            add(
                lead,
                lead_access,
                outside_name=name,
                role=CareRole.PROBATION_OFFICER,
                contact=contact,
                since=_since(rng, enrollment.start_date, today),
            )
        elif extra < 0.4:
            name, contact = rng.choice(EMPLOYMENT_COUNSELLORS)
            add(
                lead,
                lead_access,
                outside_name=name,
                role=CareRole.EMPLOYMENT_COUNSELLOR,
                contact=contact,
                since=_since(rng, enrollment.start_date, today),
            )
        if rng.random() < 0.25:
            name, contact = rng.choice(SHELTER_WORKERS)
            start = enrollment.start_date - dt.timedelta(days=rng.randint(30, 120))
            member = care_team_member_add(
                acting_user=lead,
                client_access=lead_access,
                outside_name=name,
                role=CareRole.SHELTER_WORKER,
                contact=contact,
                since=start,
            )
            care_team_member_end(
                acting_user=lead,
                client_access=lead_access,
                member=member,
                until=min(enrollment.start_date, today),
            )
            ended += 1
        teams += 1
        members += added
    return (
        f"Care-team demo: {teams} care teams with {members} current members "
        f"(case managers, ACT psychiatrist, housing workers, family doctors and other "
        f"professionals outside the network), {ended} former members."
    )
