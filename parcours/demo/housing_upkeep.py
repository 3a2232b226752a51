"""Demo upkeep: about thirty repair requests across the demo units (some
still open, a few linked to tenancies), about six damages in tenancies, and
about twenty budgeting help sessions, most serving a goal of the client's
plan. Bilingual text (FR / EN).

Written through the services (policy, validation, audit); idempotent (a
kind of record already at its target is left alone) and seeded."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import client_access_for, clients_sharing
from parcours.access.housing import can_write_tenancies
from parcours.access.housing_upkeep import can_write_budgeting
from parcours.accounts.models import Organization, User
from parcours.casework.models import Goal, PlanGoalStatus
from parcours.clients.models import Client, DataCategory
from parcours.housing.models import (
    BudgetingSession,
    BudgetTopic,
    DamagePayer,
    DamageRecord,
    HousingUnit,
    RepairKind,
    RepairParty,
    RepairRequest,
    RepairStatus,
    Tenancy,
)
from parcours.housing.upkeep import (
    BudgetingData,
    DamageData,
    RepairData,
    budgeting_session_create,
    damage_create,
    repair_create,
)

REPAIRS = 30
# Open and scheduled repairs among done and cancelled ones.
STATUS_MIX = [
    RepairStatus.OPEN,
    RepairStatus.OPEN,
    RepairStatus.SCHEDULED,
    RepairStatus.DONE,
    RepairStatus.DONE,
    RepairStatus.CANCELLED,
]
DAMAGES = 6
SESSIONS = 20

REPAIR_TEXT = {
    RepairKind.REPAIR: [
        "Robinet de la cuisine qui fuit. / Leaking kitchen faucet.",
        "Porte d'entrée qui ne ferme plus à clé. / Front door lock broken.",
        "Chauffage en panne dans la chambre. / Heating not working in the bedroom.",
        "Fenêtre fissurée au salon. / Cracked living-room window.",
        "Toilette qui coule sans arrêt. / Toilet runs constantly.",
    ],
    RepairKind.CLEANING: [
        "Grand ménage avant l'entrée. / Deep clean before move-in.",
        "Nettoyage après un dégât d'eau. / Cleaning after water damage.",
        "Aide au ménage, logement encombré. / Help cleaning a cluttered unit.",
    ],
    RepairKind.PEST_CONTROL: [
        "Punaises de lit signalées. / Bed bugs reported.",
        "Souris dans la cuisine. / Mice in the kitchen.",
        "Coquerelles dans la salle de bain. / Cockroaches in the bathroom.",
    ],
    RepairKind.OTHER: [
        "Détecteur de fumée à remplacer. / Smoke detector to replace.",
        "Serrure de la boîte aux lettres. / Mailbox lock.",
    ],
}
REPORTERS = [
    "Le locataire / The tenant",
    "Le propriétaire / The landlord",
    "Intervenante lors d'une visite / Worker on a home visit",
    "Concierge / Superintendent",
]
DAMAGE_TEXT = [
    "Porte de la salle de bain défoncée. / Bathroom door broken.",
    "Trou dans le mur du salon. / Hole in the living-room wall.",
    "Tapis brûlé. / Burnt carpet.",
    "Fenêtre cassée. / Broken window.",
    "Comptoir de cuisine endommagé. / Damaged kitchen counter.",
    "Dégât d'eau au plancher. / Water damage to the floor.",
]
REPAYMENT = [
    "25 $ par mois à partir du mois prochain. / $25 a month from next month.",
    "Payé par le fonds de dommages du programme. / Paid from the program's damage fund.",
    "",
]
SESSION_NOTES = [
    "Budget mensuel fait ensemble; loyer payé en premier. / Monthly budget made together; rent first.",
    "Ouverture d'un compte bancaire sans frais. / Opened a no-fee bank account.",
    "Plan de remboursement avec Hydro Ottawa. / Repayment plan with Hydro Ottawa.",
    "Demande de prestations du POSPH revue. / ODSP benefits application reviewed.",
    "Paiement du loyer préautorisé mis en place. / Pre-authorized rent payment set up.",
    "Liste des dettes et priorités. / List of debts and priorities.",
]


def _staff_by_org(keepers: list[tuple[Organization, User]]) -> dict[object, User]:
    return {organization.pk: staff for organization, staff in keepers}


def _seed_repairs(
    rng: random.Random, today: dt.date, keepers: list[tuple[Organization, User]]
) -> int:
    added = 0
    staff_of = _staff_by_org(keepers)
    # A few linked to active tenancies, recorded by the tenant's worker.
    for tenancy in Tenancy.objects.filter(end_date__isnull=True).select_related("client", "unit")[
        :6
    ]:
        staff = staff_of.get(tenancy.organization_id)
        if staff is None or RepairRequest.objects.count() >= REPAIRS:
            continue
        try:
            tenancy_access = client_access_for(staff, tenancy.client)
            if not can_write_tenancies(tenancy_access):
                continue
            kind = rng.choice([RepairKind.REPAIR, RepairKind.PEST_CONTROL])
            repair_create(
                acting_user=staff,
                unit=tenancy.unit,
                tenancy=tenancy,
                tenancy_access=tenancy_access,
                data=RepairData(
                    kind=kind,
                    description=rng.choice(REPAIR_TEXT[kind]),
                    reported_on=max(
                        tenancy.start_date, today - dt.timedelta(days=rng.randint(1, 40))
                    ),
                    reported_by=REPORTERS[0],
                    handled_by=RepairParty.LANDLORD,
                ),
            )
            added += 1
        except (Http404, PermissionDenied, ValidationError):
            continue
    units = list(HousingUnit.objects.order_by("address_line", "id"))
    rng.shuffle(units)
    for unit in units:
        if RepairRequest.objects.count() >= REPAIRS:
            break
        staff = staff_of.get(unit.organization_id)
        if staff is None:
            continue
        kind = rng.choice(list(RepairKind))
        reported = today - dt.timedelta(days=rng.randint(1, 240))
        status = rng.choice(STATUS_MIX)
        done = status == RepairStatus.DONE
        try:
            repair_create(
                acting_user=staff,
                unit=unit,
                data=RepairData(
                    kind=kind,
                    description=rng.choice(REPAIR_TEXT[kind]),
                    reported_on=reported,
                    reported_by=rng.choice(REPORTERS),
                    handled_by=rng.choice(list(RepairParty)),
                    status=status,
                    done_on=min(today, reported + dt.timedelta(days=rng.randint(1, 30)))
                    if done
                    else None,
                    cost=Decimal(rng.randint(40, 900)) if done else None,
                ),
            )
            added += 1
        except (PermissionDenied, ValidationError):
            continue
    return added


def _seed_damages(
    rng: random.Random, today: dt.date, keepers: list[tuple[Organization, User]]
) -> int:
    added = 0
    staff_of = _staff_by_org(keepers)
    for tenancy in Tenancy.objects.select_related("client").order_by("start_date", "id"):
        if DamageRecord.objects.count() >= DAMAGES:
            break
        staff = staff_of.get(tenancy.organization_id)
        if staff is None or tenancy.damages.exists():
            continue
        last_day = tenancy.end_date or today
        found = tenancy.start_date + dt.timedelta(
            days=rng.randint(0, max(0, (last_day - tenancy.start_date).days))
        )
        try:
            damage_create(
                acting_user=staff,
                client_access=client_access_for(staff, tenancy.client),
                tenancy=tenancy,
                data=DamageData(
                    found_on=found,
                    description=DAMAGE_TEXT[added % len(DAMAGE_TEXT)],
                    cost=Decimal(rng.randint(60, 1500)),
                    paid_by=rng.choice(list(DamagePayer)),
                    repayment_plan=rng.choice(REPAYMENT),
                ),
            )
            added += 1
        except (Http404, PermissionDenied, ValidationError):
            continue
    return added


def _seed_sessions(
    rng: random.Random, today: dt.date, keepers: list[tuple[Organization, User]]
) -> int:
    added = 0
    plan: list[tuple[User, Client]] = []
    for _org, staff in keepers:
        assert staff.organization_id is not None
        shared = clients_sharing(staff, DataCategory.FINANCIAL).values("pk")
        clients = Client.objects.filter(plan__isnull=False).filter(
            registered_by_organization_id=staff.organization_id
        ) | Client.objects.filter(plan__isnull=False, pk__in=shared)
        plan.extend((staff, client) for client in clients.order_by("family_name", "id")[:12])
    rng.shuffle(plan)
    for staff, client in plan:
        if BudgetingSession.objects.count() >= SESSIONS:
            break
        try:
            client_access = client_access_for(staff, client)
        except Http404:
            continue
        if not can_write_budgeting(client_access):
            continue
        goals = list(
            Goal.objects.filter(plan__client=client, status=PlanGoalStatus.ACTIVE).order_by(
                "created_at", "id"
            )
        )
        goals = [
            goal
            for goal in goals
            if client_access.can_see_record(
                goal, category=DataCategory.CASE_PLAN, organization_id=goal.organization_id
            )
        ]
        for _ in range(rng.randint(1, 2)):
            topics = rng.sample(list(BudgetTopic.values), rng.randint(1, 3))
            try:
                budgeting_session_create(
                    acting_user=staff,
                    client_access=client_access,
                    data=BudgetingData(
                        date=today - dt.timedelta(days=rng.randint(1, 150)),
                        duration_minutes=rng.choice([30, 45, 60, 60, 90]),
                        topics=topics,
                        notes=rng.choice(SESSION_NOTES),
                        goal=rng.choice(goals) if goals and rng.random() < 0.8 else None,
                    ),
                )
                added += 1
            except (PermissionDenied, ValidationError):
                continue
    return added


def seed_upkeep(seed: int, keepers: list[tuple[Organization, User]]) -> str:
    """Seed the demo repairs, damages and budgeting sessions (idempotent); a one-line summary."""
    rng = random.Random(seed + 2727)
    today = timezone.localdate()
    repairs = _seed_repairs(rng, today, keepers) if RepairRequest.objects.count() < REPAIRS else 0
    damages = _seed_damages(rng, today, keepers) if DamageRecord.objects.count() < DAMAGES else 0
    sessions = (
        _seed_sessions(rng, today, keepers) if BudgetingSession.objects.count() < SESSIONS else 0
    )
    return (
        f"Upkeep: {repairs} repair requests, {damages} damages and {sessions} "
        "budgeting help sessions added."
    )
