"""Demo coordination: institution stays and discharge planning.

On clients of Passerelle's ICM program (they have a primary worker, who is
told and gets the follow-up tasks), recorded by the program's coordinator:

* two current hospital stays — one overdue (expected discharge three days
  ago), one due in four days;
* one jail stay (remand) with an expected release date;
* three past stays with their destinations;
* one discharge five days ago without a known destination.

Dates are relative to today. Everything goes through the services
(validated, audited, notified). Idempotent: when a stay exists, nothing is
added. The same seed picks the same clients."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from parcours.access import client_access_for
from parcours.accounts.models import MembershipRole, Organization, OrganizationKind, Program, User
from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.coordination.models import InstitutionStay
from parcours.coordination.services.institutions import (
    institution_stay_admit,
    institution_stay_discharge,
)

PASSERELLE = "passerelle.example"


@dataclass(frozen=True)
class StaySpec:
    kind: str
    institution: str  # "hospital", "psychiatric" or "corrections": which demo institution
    admitted_days_ago: int
    expected_in_days: int | None
    learned_from: str
    contact: str
    note: str
    discharged_days_ago: int | None = None
    destination: str = ""


STAYS = [
    StaySpec(
        "hospital",
        "hospital",
        12,
        -3,
        "institution",
        "Mme Lefebvre, travailleuse sociale, 4e étage — poste 4410",
        "Appel de l'hôpital : congé prévu, logement à confirmer.",
    ),
    StaySpec(
        "psychiatric",
        "psychiatric",
        9,
        4,
        "partner",
        "Unit 3B social worker, ext. 2231",
        "Admitted after a crisis at the shelter; wants to go back to his own unit.",
    ),
    StaySpec(
        "jail",
        "corrections",
        20,
        25,
        "police_court",
        "Agent de libération, bureau de probation de l'Est",
        "Détention provisoire; date de libération prévue selon la prochaine audience.",
    ),
    StaySpec(
        "hospital",
        "hospital",
        70,
        None,
        "client",
        "Emergency department, Dr. Singh's team",
        "Pneumonia; the client called from the ward.",
        discharged_days_ago=62,
        destination="respite",
    ),
    StaySpec(
        "withdrawal",
        "",
        50,
        None,
        "client",
        "Renaissance — intervenant de garde",
        "Séjour de désintoxication de dix jours.",
        discharged_days_ago=40,
        destination="transitional",
    ),
    StaySpec(
        "psychiatric",
        "psychiatric",
        120,
        None,
        "family",
        "Infirmière de liaison",
        "La sœur de la cliente nous a prévenus.",
        discharged_days_ago=95,
        destination="own_unit",
    ),
    StaySpec(
        "hospital",
        "hospital",
        14,
        None,
        "institution",
        "Discharge planner, 6th floor",
        "Left before the planned meeting with the worker.",
        discharged_days_ago=5,
        destination="unknown",
    ),
]


def _institutions() -> dict[str, Organization | None]:
    hospitals = list(
        Organization.objects.filter(kind=OrganizationKind.HOSPITAL, is_partner=False).order_by(
            "name"
        )
    )
    psychiatric = next((o for o in hospitals if "psychiatrie" in o.name.lower()), None)
    general = next((o for o in hospitals if o is not psychiatric), None)
    corrections = (
        Organization.objects.filter(kind=OrganizationKind.CORRECTIONS, is_partner=False)
        .order_by("name")
        .first()
    )
    return {
        "hospital": general,
        "psychiatric": psychiatric or general,
        "corrections": corrections,
        "": None,
    }


def _recorder(program: Program) -> User | None:
    membership = (
        program.memberships.filter(role=MembershipRole.COORDINATOR, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if membership is not None:
        return membership.user
    return (
        User.objects.filter(organization=program.organization, is_org_admin=True, is_active=True)
        .order_by("email")
        .first()
    )


def _clients(program: Program, rng: random.Random, n: int) -> list[Client]:
    enrollments = list(
        Enrollment.objects.filter(
            program=program, end_date__isnull=True, primary_worker__isnull=False
        )
        .select_related("client")
        .order_by("client__family_name", "client__given_name", "client__date_of_birth", "pk")
    )
    clients = list({e.client_id: e.client for e in enrollments}.values())
    rng.shuffle(clients)
    return clients[:n]


def _place(
    spec: StaySpec, institutions: dict[str, Organization | None]
) -> tuple[Organization | None, str]:
    institution = institutions.get(spec.institution)
    if institution is not None:
        return institution, ""
    return None, "Centre Renaissance (désintoxication)"


@transaction.atomic
def seed(seed: int) -> str:
    """Add the institutions demo (idempotent); return a one-line summary."""
    if InstitutionStay.objects.exists():
        return "Institution stays demo already loaded: nothing added."
    staff = User.objects.filter(
        email__endswith="@" + PASSERELLE, organization__isnull=False
    ).first()
    program = (
        Program.objects.filter(organization_id=staff.organization_id, kind="icm")
        .order_by("name")
        .first()
        if staff is not None and staff.organization_id is not None
        else None
    )
    if program is None:
        return ""
    recorder = _recorder(program)
    if recorder is None:
        return ""
    rng = random.Random(seed)
    clients = _clients(program, rng, len(STAYS))
    institutions = _institutions()
    today = timezone.localdate()
    open_count = past = 0
    for spec, client in zip(STAYS, clients, strict=False):
        client_access = client_access_for(recorder, client)
        institution, name = _place(spec, institutions)
        admitted_on = today - dt.timedelta(days=spec.admitted_days_ago)
        expected = (
            today + dt.timedelta(days=spec.expected_in_days)
            if spec.expected_in_days is not None
            else None
        )
        stay = institution_stay_admit(
            acting_user=recorder,
            client_access=client_access,
            kind=spec.kind,
            institution=institution,
            institution_name=name,
            contact=spec.contact,
            admitted_on=admitted_on,
            expected_discharge_on=expected,
            learned_from=spec.learned_from,
            note=spec.note,
        )
        if spec.discharged_days_ago is None:
            open_count += 1
            continue
        institution_stay_discharge(
            acting_user=recorder,
            client_access=client_access,
            stay=stay,
            discharged_on=today - dt.timedelta(days=spec.discharged_days_ago),
            destination=spec.destination,
        )
        past += 1
    return (
        f"Institution stays demo: {open_count} current stays (one hospital discharge overdue, "
        f"one jail stay), {past} past stays (one discharge without a destination)."
    )
