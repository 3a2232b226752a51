"""Demo budgets, financial assistance and housing applications.

Tremplin Logement's Housing First programs keep three budgets — one of them,
the emergency fund, about 96 % committed; about 25 lines of assistance of
every kind are drawn from them (requested by the partner that registered the
client, decided by Tremplin's coordinator), a few paid, two subsidies ending
within 60 days; about 30 housing applications at every status, with waitlist
positions and documents still needed. French and English text.

Written through the services (audited, every rule applies); idempotent and
seeded."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import client_access_for
from parcours.accounts.models import Organization, Program, User
from parcours.clients.models import Client
from parcours.housing.applications import ApplicationData, application_create
from parcours.housing.finance import (
    AssistanceRequest,
    assistance_approve,
    assistance_refuse,
    assistance_request,
    budget_committed,
    budget_create,
    payment_record,
)
from parcours.housing.models import (
    ApplicationKind,
    ApplicationStatus,
    AssistanceKind,
    AssistanceStatus,
    FinancialAssistance,
    HousingApplication,
    HousingBudget,
)

TREMPLIN = "Tremplin Logement / Tremplin Housing"
SUPPORTIVE = "Logement avec services de soutien / Supportive housing"
LANDLORDS = "Relations avec les propriétaires / Landlord relations"
ASSISTANCE_TARGET = 25
APPLICATION_TARGET = 30

PAYEES = {
    AssistanceKind.ONE_TIME_RENT: "Gestion immobilière Rideau",
    AssistanceKind.SHORT_TERM_RENT: "Bytown Property Management",
    AssistanceKind.RENT_SUPPLEMENT: "Logements Overbrook",
    AssistanceKind.UTILITY: "Hydro Ottawa",
    AssistanceKind.DAMAGE: "Rénovations Vanier inc.",
    AssistanceKind.MOVING: "Déménagements Outaouais / Outaouais Movers",
    AssistanceKind.FURNITURE: "Banque de meubles d'Ottawa / Ottawa Furniture Bank",
    AssistanceKind.OTHER: "Enbridge Gas",
}
AMOUNTS = {
    AssistanceKind.ONE_TIME_RENT: (600, 1400),
    AssistanceKind.SHORT_TERM_RENT: (500, 1800),
    AssistanceKind.RENT_SUPPLEMENT: (150, 350),
    AssistanceKind.UTILITY: (120, 450),
    AssistanceKind.DAMAGE: (200, 900),
    AssistanceKind.MOVING: (250, 700),
    AssistanceKind.FURNITURE: (300, 950),
    AssistanceKind.OTHER: (80, 300),
}
NOTES = [
    "Premier mois de loyer et dépôt. / First month's rent and deposit.",
    "Arriérés pour éviter une éviction. / Arrears to prevent an eviction.",
    "En attente de l'allocation provinciale. / Waiting for the provincial benefit.",
    "Entrée en logement. / Move-in.",
]
PROVIDERS = {
    ApplicationKind.SOCIAL: "Registre d'accès centralisé aux logements sociaux d'Ottawa",
    ApplicationKind.NON_PROFIT: "Coopérative d'habitation Les Érables",
    ApplicationKind.RENT_SUPPLEMENT: "Ville d'Ottawa — Allocation de logement transférable "
    "/ City of Ottawa — Portable Housing Benefit",
    ApplicationKind.SUPPORTIVE: "Logement supervisé Rideau / Rideau Supportive Housing",
    ApplicationKind.OTHER: "Société de logement communautaire d'Ottawa / Ottawa Community Housing",
}
DOCUMENTS = [
    "Avis de cotisation / Notice of assessment",
    "Preuve de revenu / Proof of income",
    "Pièce d'identité avec photo / Photo ID",
    "Formulaire médical / Medical form",
    "Lettre de référence / Reference letter",
]


def _requesters() -> list[tuple[Client, User]]:
    """Clients, each with a staff member of the partner that registered them
    (who may request assistance and record applications for them)."""
    staff_by_org: dict[object, User] = {}
    for user in User.objects.filter(
        is_active=True, organization__is_partner=True, organization__isnull=False
    ).order_by("-is_org_admin", "email"):
        staff_by_org.setdefault(user.organization_id, user)
    found = []
    for client in Client.objects.order_by("family_name", "given_name", "id"):
        staff = staff_by_org.get(client.registered_by_organization_id)
        if staff is not None:
            found.append((client, staff))
    return found


def _budgets(
    coordinator: User, programs: dict[str, Program], today: dt.date
) -> list[HousingBudget]:
    start, end = today - dt.timedelta(days=200), today + dt.timedelta(days=165)
    specs = [
        (
            SUPPORTIVE,
            "Suppléments au loyer — Logement d'abord / Rent supplements — Housing First",
            Decimal("60000"),
        ),
        (SUPPORTIVE, "Fonds d'urgence logement / Housing emergency fund", Decimal("15000")),
        (LANDLORDS, "Aide à l'installation / Move-in assistance", Decimal("20000")),
    ]
    budgets = []
    for program_name, name, total in specs:
        program = programs.get(program_name)
        if program is None:
            continue
        budget = HousingBudget.objects.filter(program=program, name=name).first()
        if budget is None:
            budget = budget_create(
                acting_user=coordinator,
                program=program,
                name=name,
                period_start=start,
                period_end=end,
                total_amount=total,
                note="Budget de démonstration. / Demo budget.",
            )
        budgets.append(budget)
    return budgets


def _line(
    rng: random.Random,
    staff: User,
    client: Client,
    budget: HousingBudget,
    kind: str,
    today: dt.date,
    *,
    amount: Decimal | None = None,
    ends_in: int | None = None,
) -> FinancialAssistance | None:
    low, high = AMOUNTS[AssistanceKind(kind)]
    if amount is None:
        amount = Decimal(rng.randint(low, high))
    if ends_in is not None:
        start, end = today - dt.timedelta(days=90), today + dt.timedelta(days=ends_in)
    elif kind in (AssistanceKind.RENT_SUPPLEMENT, AssistanceKind.SHORT_TERM_RENT):
        start = today - dt.timedelta(days=rng.randint(0, 60))
        end = start + dt.timedelta(days=rng.choice([90, 120, 180]))
    else:
        start = end = today - dt.timedelta(days=rng.randint(0, 20))
    try:
        return assistance_request(
            acting_user=staff,
            client_access=client_access_for(staff, client),
            data=AssistanceRequest(
                budget=budget,
                kind=kind,
                amount=amount,
                period_start=start,
                period_end=end,
                payee=PAYEES[AssistanceKind(kind)],
                note=rng.choice(NOTES),
            ),
        )
    except (ValidationError, PermissionDenied, Http404):
        return None


def _seed_assistance(
    rng: random.Random, coordinator: User, budgets: list[HousingBudget], today: dt.date
) -> str:
    existing = FinancialAssistance.objects.count()
    if existing or len(budgets) < 3:
        return f"Financial assistance: {existing} lines already there, none added."
    supplements, emergency, move_in = budgets
    people = _requesters()
    if not people:
        return "Financial assistance: no client to help."
    kinds = list(AssistanceKind)
    added = paid = 0
    for index in range(ASSISTANCE_TARGET - 3):
        client, staff = people[index % len(people)]
        kind = kinds[index % len(kinds)]
        budget = (
            supplements
            if kind in (AssistanceKind.RENT_SUPPLEMENT, AssistanceKind.SHORT_TERM_RENT)
            else (emergency if index % 4 == 1 else move_in)
        )
        # Two subsidies end within 60 days: plan the move to public support.
        ends_in = {0: 25, 1: 48}.get(index) if budget is supplements else None
        line = _line(rng, staff, client, budget, kind, today, ends_in=ends_in)
        if line is None:
            continue
        added += 1
        try:
            if index % 7 == 5:
                continue  # waits for a decision
            if index % 9 == 4:
                assistance_refuse(
                    acting_user=coordinator,
                    assistance=line,
                    note="Couvert par Ontario au travail. / Covered by Ontario Works.",
                )
                continue
            assistance_approve(acting_user=coordinator, assistance=line)
            if index % 3 == 0:
                payment_record(
                    acting_user=coordinator,
                    assistance=line,
                    date=today - dt.timedelta(days=rng.randint(0, 10)),
                    amount=line.amount,
                    reference=f"CHQ-{1040 + index}",
                )
                paid += 1
        except (ValidationError, PermissionDenied):
            continue
    # The emergency fund close to its limit: 96 % committed.
    client, staff = people[0]
    top_up = emergency.total_amount * Decimal("0.96") - budget_committed(emergency)
    if top_up > 0:
        line = _line(
            rng,
            staff,
            client,
            emergency,
            AssistanceKind.DAMAGE,
            today,
            amount=top_up.quantize(Decimal("0.01")),
        )
        if line is not None:
            added += 1
            assistance_approve(acting_user=coordinator, assistance=line)
    return f"Financial assistance: {added} lines requested ({paid} paid)."


def _seed_applications(rng: random.Random, today: dt.date) -> str:
    existing = HousingApplication.objects.count()
    if existing:
        return f"Housing applications: {existing} already there, none added."
    people = _requesters()
    statuses = list(ApplicationStatus)
    kinds = list(ApplicationKind)
    added = 0
    for index in range(APPLICATION_TARGET - existing):
        if not people:
            break
        client, staff = people[(index * 3 + 1) % len(people)]
        status = statuses[index % len(statuses)]
        kind = kinds[index % len(kinds)]
        submitted = (
            None
            if status == ApplicationStatus.PREPARING
            else today - dt.timedelta(days=rng.randint(20, 700))
        )
        closed = status in (
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.REFUSED,
            ApplicationStatus.WITHDRAWN,
        )
        try:
            application_create(
                acting_user=staff,
                client_access=client_access_for(staff, client),
                data=ApplicationData(
                    kind=kind,
                    provider=PROVIDERS[ApplicationKind(kind)],
                    status=status,
                    submitted_on=submitted,
                    waitlist_position=(
                        rng.randint(3, 1800) if status == ApplicationStatus.WAITLISTED else None
                    ),
                    documents_needed=(
                        "" if closed else "\n".join(rng.sample(DOCUMENTS, rng.randint(0, 2)))
                    ),
                    next_follow_up=(
                        None if closed else today + dt.timedelta(days=rng.randint(-5, 40))
                    ),
                    notes=rng.choice(
                        [
                            "Relancer le registre par téléphone. / Call the registry.",
                            "Le client préfère le secteur Vanier. / Client prefers Vanier.",
                            "",
                        ]
                    ),
                ),
            )
            added += 1
        except (ValidationError, PermissionDenied, Http404):
            continue
    return f"Housing applications: {added} added."


def seed_housing_finance(seed: int) -> str:
    """Seed the demo budgets, assistance and applications (idempotent)."""
    rng = random.Random(seed + 2727)
    today = timezone.localdate()
    tremplin = Organization.objects.filter(name=TREMPLIN).first()
    if tremplin is None:
        return "Housing finance: no Tremplin Logement in this network."
    coordinator = (
        User.objects.filter(organization=tremplin, is_active=True, is_org_admin=True)
        .order_by("email")
        .first()
    )
    if coordinator is None:
        return "Housing finance: Tremplin Logement has no coordinator."
    programs = {p.name: p for p in Program.objects.filter(organization=tremplin)}
    budgets = _budgets(coordinator, programs, today)
    assistance = _seed_assistance(rng, coordinator, budgets, today)
    applications = _seed_applications(rng, today)
    ended = FinancialAssistance.objects.filter(status=AssistanceStatus.ENDED).count()
    return f"Housing finance: {len(budgets)} budgets. {assistance} {applications}" + (
        f" ({ended} ended)" if ended else ""
    )
