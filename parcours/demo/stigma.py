"""Demo stigma incidents: about twenty-five, told by clients of several partners —
most at a hospital's emergency department (substance use, housing status),
at landlords (housing status, race), a pharmacy, the police, an income
support office — with the advocacy done and how it ended. The hospital's and
the landlords' rows hold enough people for the network's report to show
numbers; the rest are counted as "other" or hidden, as the report's rule
wants. Descriptions in French or English, as workers write them.

Called after the trackers in ``seed_demo`` with its own seeded
``random.Random``. Written through the services (policy, validation, audit);
idempotent (nothing added once any incident exists)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parcours.access.community import can_record_stigma_incident
from parcours.community.models import StigmaIncident
from parcours.community.services.stigma import IncidentData, stigma_incident_record
from parcours.demo.community import writers

SEED_OFFSET = 2323


@dataclass(frozen=True)
class _Incident:
    provider: str
    kind: str
    grounds: tuple[str, ...]
    description: str
    advocacy: str = ""
    outcome: str = "none_yet"


# As workers write it: one provider once folded (case, accents, punctuation).
HOSPITAL = [
    "Urgence de l'Hôpital Saint-Jean",
    "URGENCE DE L'HÔPITAL SAINT-JEAN",
    "urgence de l'hopital Saint Jean",
]
INCIDENTS = [
    *(
        _Incident(
            HOSPITAL[i % 3],
            "hospital",
            ("substance_use", "housing_status") if i % 2 else ("substance_use",),
            "Renvoyé de l'urgence sans examen; le personnel a dit qu'il « cherchait juste des "
            "médicaments ».",
            "Accompagné à une nouvelle visite; plainte au commissaire aux plaintes."
            if i % 3 == 0
            else "",
            ("resolved", "in_progress", "none_yet")[i % 3],
        )
        for i in range(12)
    ),
    *(
        _Incident(
            "Logements Boréal",
            "housing",
            ("housing_status", "race") if i % 3 == 0 else ("housing_status",),
            "The landlord refused to show the unit once he heard the client lives at the shelter.",
            "Called the landlord with the housing worker; referred to the legal clinic."
            if i % 2
            else "",
            ("not_resolved", "none_yet")[i % 2],
        )
        for i in range(7)
    ),
    *(
        _Incident(
            "Pharmacie du Marché",
            "pharmacy",
            ("hiv",) if i == 0 else ("mental_illness",),
            "La pharmacienne a refusé de servir la cliente devant d'autres personnes.",
            "Lettre à la pharmacie et au Collège des pharmaciens." if i == 0 else "",
            ("resolved", "none_yet")[min(i, 1)],
        )
        for i in range(3)
    ),
    _Incident(
        "Service de police, division centre",
        "police",
        ("indigenous", "housing_status"),
        "Asked to leave the library by officers while waiting for an appointment.",
        "Complaint filed with the Office of the Independent Police Review Director.",
        "in_progress",
    ),
    _Incident(
        "Bureau d'Ontario au travail - rue Rideau",
        "income",
        ("mental_illness",),
        "Agent refused to book an appointment without a fixed address.",
        "Accompanied the client; the supervisor accepted the shelter's address.",
        "resolved",
    ),
    _Incident(
        "Clinique médicale du Parc",
        "health",
        ("gender_sexuality",),
        "Mégenrée à répétition à l'accueil malgré la demande de la cliente.",
        "",
        "not_pursued",
    ),
]


def _data(rng: random.Random, today: dt.date, spec: _Incident) -> IncidentData:
    occurred = today - dt.timedelta(days=rng.randint(10, 300))
    closed = spec.outcome in ("resolved", "not_resolved", "not_pursued")
    advocacy = spec.advocacy
    if spec.outcome in ("in_progress", "resolved") and not advocacy:
        advocacy = "Advocacy by the case manager with the provider."
    return IncidentData(
        occurred_on=occurred,
        provider_name=spec.provider,
        provider_kind=spec.kind,
        grounds=list(spec.grounds),
        description=spec.description,
        advocacy=advocacy,
        outcome=spec.outcome,
        outcome_on=min(today, occurred + dt.timedelta(days=rng.randint(5, 40))) if closed else None,
    )


def seed_stigma(seed: int) -> str:
    """Seed the demo's stigma incidents (idempotent); a one-line summary."""
    if StigmaIncident.objects.exists():
        return "Stigma and advocacy: incidents already there, none added."
    rng = random.Random(seed + SEED_OFFSET)
    today = timezone.localdate()
    found = writers(can_record_stigma_incident)
    rng.shuffle(found)
    added = 0
    for index, spec in enumerate(INCIDENTS):
        if not found:
            break
        # One person per incident, so the report has enough people to count.
        staff, _client, client_access = found[index % len(found)]
        try:
            stigma_incident_record(
                acting_user=staff, client_access=client_access, data=_data(rng, today, spec)
            )
        except (PermissionDenied, ValidationError):
            continue
        added += 1
    return f"Stigma and advocacy: {added} incidents added."


__all__ = ["seed_stigma"]
