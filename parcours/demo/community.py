"""Demo income and ID-document trackers: about fifteen, for demo clients of
several partners — applications to income programs at every stage (to
start, in preparation, submitted, approved, refused, appealed) and ID
documents to replace (needed, requested, received), some with a next step
due this week, some late, most serving a goal of the client's plan. Notes in
French or English, as workers write them.

Called last in ``seed_demo`` with its own seeded ``random.Random``, so it
shifts no other demo data. Written through the services (policy, validation,
audit); idempotent (seeding again adds nothing once the targets are met)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from parcours.access.clients import ClientAccess, client_access_for
from parcours.access.community import can_write_trackers
from parcours.accounts.models import User
from parcours.casework.models import Goal
from parcours.clients.models import Client
from parcours.community.models import BenefitApplication, IdDocumentRequest
from parcours.community.selectors import tracker_goals
from parcours.community.services import (
    BenefitData,
    DocumentData,
    benefit_application_create,
    id_document_create,
)

SEED_OFFSET = 1919


@dataclass(frozen=True)
class _Benefit:
    program: str
    program_name: str
    status: str
    next_step: str
    outcome: str = ""
    monthly: int | None = None
    notes: str = ""


BENEFITS = [
    _Benefit(
        "social_assistance",
        "Ontario au travail",
        "submitted",
        "Rappeler l'agente d'OT pour le rendez-vous d'admissibilité",
        notes="Demande faite en ligne avec la cliente au Carrefour.",
    ),
    _Benefit(
        "disability_support",
        "ODSP",
        "preparing",
        "Get the Health Status Report filled in by the family doctor",
        notes="Client agreed; the nurse will help book the appointment.",
    ),
    _Benefit(
        "tax_filing",
        "",
        "to_start",
        "Réunir les feuillets T4 et T5007 pour la clinique d'impôts",
        notes="Clinique d'impôts bénévole le jeudi au centre communautaire.",
    ),
    _Benefit(
        "gst_hst_credit",
        "",
        "approved",
        "",
        outcome="Credit granted after the 2025 return was filed.",
        monthly=41,
    ),
    _Benefit(
        "pension",
        "Sécurité de la vieillesse et SRG",
        "submitted",
        "Send the proof of age to Service Canada",
        notes="Il aura 65 ans ce mois-ci ; demande du SRG en même temps.",
    ),
    _Benefit(
        "social_assistance",
        "Ontario Works",
        "approved",
        "",
        outcome="Approuvée : montant de base et allocation de logement.",
        monthly=733,
    ),
    _Benefit(
        "disability_support",
        "POSPH",
        "refused",
        "",
        outcome="Refused: medical evidence judged insufficient. Appeal within 30 days.",
    ),
    _Benefit(
        "child_benefit",
        "",
        "appealed",
        "Prepare the documents for the review by the Social Security Tribunal",
        outcome="Refus initial (preuve de garde) ; révision demandée.",
    ),
    _Benefit(
        "other",
        "Programme Ontario de bons alimentaires",
        "preparing",
        "Déposer le formulaire au bureau de la ville",
    ),
]


@dataclass(frozen=True)
class _Document:
    document: str
    detail: str
    status: str
    next_step: str
    fee_paid: bool = False
    notes: str = ""


DOCUMENTS_TEXT = [
    _Document(
        "health_card",
        "",
        "requested",
        "Retourner chez ServiceOntario avec la lettre du refuge",
        notes="Carte perdue lors d'un vol ; preuve d'adresse : lettre du refuge.",
    ),
    _Document(
        "birth_certificate",
        "Québec (Directeur de l'état civil)",
        "requested",
        "Follow up with the DEC by phone",
        fee_paid=True,
        notes="Fee paid from the program's petty cash.",
    ),
    _Document(
        "sin_card",
        "",
        "needed",
        "Book an appointment at the Service Canada centre",
        notes="Needs the birth certificate first.",
    ),
    _Document(
        "status_card",
        "",
        "requested",
        "Appeler Services aux Autochtones Canada pour le suivi",
        notes="Demande envoyée avec l'aide de l'intervenante autochtone.",
    ),
    _Document("photo_id", "Ontario Photo Card", "received", "", fee_paid=True),
    _Document(
        "passport",
        "",
        "needed",
        "Find a guarantor for the passport application",
        notes="Wants to visit family in Haiti next year.",
    ),
]


def writers(
    allowed: Callable[[ClientAccess], bool] = can_write_trackers,
) -> list[tuple[User, Client, ClientAccess]]:
    """Named clients with a plan, each with a staff member of the
    organization that registered them, when ``allowed`` (by default: who may
    write their trackers)."""
    found: list[tuple[User, Client, ClientAccess]] = []
    staff_of: dict[object, User | None] = {}
    clients = (
        Client.objects.filter(is_anonymous=False, plan__isnull=False)
        .select_related("registered_by_organization")
        .order_by("family_name", "given_name", "id")
    )
    for client in clients:
        org_id = client.registered_by_organization_id
        if org_id not in staff_of:
            staff_of[org_id] = (
                User.objects.filter(organization_id=org_id, is_active=True)
                .order_by("-is_org_admin", "email")
                .first()
            )
        staff = staff_of[org_id]
        if staff is None:
            continue
        try:
            client_access = client_access_for(staff, client)
        except Http404:
            continue
        if allowed(client_access):
            found.append((staff, client, client_access))
    return found


def _goals(client_access: ClientAccess) -> list[Goal]:
    """The goals a tracker of this writer may serve (those the writer may see)."""
    return list(tracker_goals(client_access).order_by("created_at", "id"))


def _benefit_data(
    rng: random.Random, today: dt.date, spec: _Benefit, goal: Goal | None
) -> BenefitData:
    started = today - dt.timedelta(days=rng.randint(20, 120))
    submitted = decided = None
    if spec.status in {"submitted", "approved", "refused", "appealed"}:
        submitted = started + dt.timedelta(days=rng.randint(1, 15))
    if spec.status in {"approved", "refused", "appealed"}:
        assert submitted is not None
        decided = min(today, submitted + dt.timedelta(days=rng.randint(5, 40)))
    due = today + dt.timedelta(days=rng.randint(-4, 12)) if spec.next_step else None
    return BenefitData(
        program=spec.program,
        program_name=spec.program_name,
        status=spec.status,
        started_on=started,
        submitted_on=submitted,
        decided_on=decided,
        next_step=spec.next_step,
        next_step_due=due,
        outcome=spec.outcome,
        monthly_amount=Decimal(spec.monthly) if spec.monthly is not None else None,
        notes=spec.notes,
        goal=goal,
    )


def _document_data(
    rng: random.Random, today: dt.date, spec: _Document, goal: Goal | None
) -> DocumentData:
    requested = resolved = None
    if spec.status != "needed":
        requested = today - dt.timedelta(days=rng.randint(10, 60))
    if spec.status in {"received", "refused"}:
        assert requested is not None
        resolved = min(today, requested + dt.timedelta(days=rng.randint(7, 30)))
    due = today + dt.timedelta(days=rng.randint(-3, 14)) if spec.next_step else None
    return DocumentData(
        document=spec.document,
        document_detail=spec.detail,
        status=spec.status,
        requested_on=requested,
        resolved_on=resolved,
        next_step=spec.next_step,
        next_step_due=due,
        fee_paid=spec.fee_paid,
        notes=spec.notes,
        goal=goal,
    )


def seed_community(seed: int) -> str:
    """Seed the demo trackers (idempotent); a one-line summary."""
    rng = random.Random(seed + SEED_OFFSET)
    today = timezone.localdate()
    found = writers()
    rng.shuffle(found)
    applications = documents = 0
    if found and not BenefitApplication.objects.exists():
        for index, spec in enumerate(BENEFITS):
            staff, _client, client_access = found[index % len(found)]
            goals = _goals(client_access)
            goal = rng.choice(goals) if goals and rng.random() < 0.7 else None
            try:
                benefit_application_create(
                    acting_user=staff,
                    client_access=client_access,
                    data=_benefit_data(rng, today, spec, goal),
                )
            except (PermissionDenied, ValidationError):
                continue
            applications += 1
    if found and not IdDocumentRequest.objects.exists():
        for index, wanted in enumerate(DOCUMENTS_TEXT):
            staff, _client, client_access = found[(index * 3 + 1) % len(found)]
            goals = _goals(client_access)
            goal = rng.choice(goals) if goals and rng.random() < 0.5 else None
            try:
                id_document_create(
                    acting_user=staff,
                    client_access=client_access,
                    data=_document_data(rng, today, wanted, goal),
                )
            except (PermissionDenied, ValidationError):
                continue
            documents += 1
    return (
        f"Community: {applications} income support applications and {documents} "
        "ID document requests added this time."
    )


__all__ = ["seed_community", "writers"]
