"""The demo registry's visits (where, when, what was needed and given) and
pathways (forward steps and fallbacks)."""

from __future__ import annotations

import datetime as dt

from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.clients import services
from parcours.clients.models import (
    Need,
    ServiceKind,
    Stage,
)
from parcours.clients.services import ServiceGiven
from parcours.demo.beds import SITES
from parcours.demo.clients.base import (
    CSC,
    ERABLES,
    HORIZON,
    HUB,
    MARGUERITE,
    MARKER_GIVEN,
    PASSERELLE,
    PHARE,
    REFUGE,
    RENAISSANCE,
    TREMPLIN,
    _Base,
    _Person,
)

# --- Visits -------------------------------------------------------------------

NEEDS_WEIGHTS: dict[str, float] = {
    Need.FOOD: 30,
    Need.SHOWER: 14,
    Need.SHELTER: 14,
    Need.CLOTHING: 8,
    Need.HEALTH: 7,
    Need.MENTAL_HEALTH: 5,
    Need.SUBSTANCE_USE: 7,
    Need.ID_DOCUMENTS: 4,
    Need.INCOME: 4,
    Need.HOUSING: 7,
    Need.EMPLOYMENT: 2,
    Need.LEGAL: 2,
    Need.OTHER: 2,
}
NEEDS_OTHER = [
    "Recharge du téléphone",
    "Entreposage de ses affaires",
    "Nourriture pour son chien",
    "Phone charging",
    "Storage for belongings",
]
VISIT_NOTES = [
    "Est reparti avec un sac de couchage.",
    "Demande d'aide pour refaire sa carte santé; inscrit à la clinique d'identification de jeudi.",
    "Semblait épuisé; l'infirmière l'a vu avant son départ.",
    "A demandé des nouvelles de sa demande de logement.",
    "Orientée vers la clinique d'impôts gratuite.",
    "Left with a sleeping bag.",
    "Asked for help replacing ID; booked for the Thursday ID clinic.",
    "Wanted to know where they are on the housing waitlist.",
    "Foot care with the nurse.",
    "Charged phone and called Ontario Works from the office.",
]
SERVICE_DETAILS: dict[str, list[str]] = {
    ServiceKind.HARM_REDUCTION: [
        "Matériel d'injection plus sécuritaire",
        "Trousse d'inhalation plus sécuritaire",
        "Safer smoking kit",
        "Fentanyl test strips",
    ],
    ServiceKind.CLOTHING: [
        "Bottes d'hiver",
        "Manteau d'hiver",
        "Chaussettes et sous-vêtements",
        "Winter coat",
        "Rain jacket",
    ],
    ServiceKind.SHELTER_REFERRAL: [
        "Refuge Saint-Laurent",
        "Maison Marguerite",
        "Halte-chaleur Rideau",
    ],
    ServiceKind.BED_SECURED: [
        "Lit au Refuge Saint-Laurent",
        "Chambre familiale, Maison Marguerite",
        "Bed at Refuge Saint-Laurent",
    ],
    ServiceKind.TRANSPORT: [
        "Billet d'autobus OC Transpo",
        "Taxi vers l'Hôpital Général",
        "Bus tickets to Service Canada",
    ],
}
WINTER_MONTHS = {11, 12, 1, 2, 3}

# --- Pathway --------------------------------------------------------------------

FORWARD_REASONS: dict[str, list[str]] = {
    Stage.SAFETY: [
        "Lit réservé au Refuge Saint-Laurent",
        "Orientée vers la Maison Marguerite avec ses enfants",
        "Bed secured at the shelter; naloxone kit and training",
        "Accès aux repas et aux douches de l'accueil de jour",
        "",
    ],
    Stage.SUPPORT: [
        "Admis au suivi de la gestion des cas graves (Passerelle)",
        "Admitted to the ACT team caseload",
        "Entrée en désintoxication à Renaissance",
        "Demande d'aide sociale déposée; rendez-vous au centre de santé",
        "Transitional bed at Le Phare",
        "",
    ],
    Stage.STABILITY: [
        "Bail signé – logement avec services de soutien",
        "Rent supplement approved; moved into a one-bedroom apartment",
        "Logement social à la Coopérative Les Érables",
        "Lit de traitement résidentiel à Nouvel Élan",
        "Moved into supportive housing with a rent supplement",
    ],
}
FALLBACKS: list[tuple[str, str, list[str]]] = [
    (
        Stage.STABILITY,
        Stage.SAFETY,
        [
            "Perte du logement après une hospitalisation",
            "Expulsion pour arriérés de loyer; de retour au refuge",
            "Evicted after a dispute with the landlord; back at the shelter",
            "Lost the apartment during a stay in detention",
        ],
    ),
    (
        Stage.STABILITY,
        Stage.SUPPORT,
        [
            "Le logement ne convenait plus; lit de transition au Phare en attendant",
            "Fire in the building; staying in a transitional bed",
        ],
    ),
    (
        Stage.SUPPORT,
        Stage.SAFETY,
        [
            "Relapse after discharge from detox",
            "Rechute à la sortie de la désintoxication; de retour au refuge",
            "A quitté le traitement avant la fin",
        ],
    ),
    (
        Stage.SAFETY,
        Stage.VISIT,
        [
            "A quitté le refuge; dort dehors de nouveau",
            "Left the shelter after a conflict; sleeping outside again",
        ],
    ),
]
NEXT_STAGE = {
    Stage.VISIT: Stage.SAFETY,
    Stage.SAFETY: Stage.SUPPORT,
    Stage.SUPPORT: Stage.STABILITY,
}


class VisitsMixin(_Base):
    # --- visits -------------------------------------------------------------

    def visit_place(self, person: _Person, day: dt.date) -> tuple[str, str]:
        """Which organization records a visit, and at which site."""
        rng = self.rng
        key = person.org_key
        # An organization that runs sites records its visits at one of them,
        # by the name the visit form offers (and the service totals count).
        bed_sites = {spec.domain: spec.name for spec in SITES}
        if key in (REFUGE, MARGUERITE) and (rng.random() < 0.7 or not self.hub_sees(person)):
            return key, bed_sites[key]
        if key != HUB and not self.hub_sees(person):
            sites = {
                PASSERELLE: "Bureau de Passerelle",
                HORIZON: "Visite à domicile",
                CSC: "Clinique sans rendez-vous",
                RENAISSANCE: bed_sites[RENAISSANCE],
                PHARE: bed_sites[PHARE],
            }
            return key, sites.get(key, "")
        hub_sites: dict[str, float] = {"Accueil de jour": 65.0, "Équipe de rue – Basse-Ville": 20.0}
        if day.month in WINTER_MONTHS:
            hub_sites["Halte-chaleur Rideau"] = 25.0
        return HUB, self.pick(hub_sites)

    def hub_sees(self, person: _Person) -> bool:
        if person.hub_sees is None:
            hub_user = person.workers.get(HUB) or self.staff[HUB][0]
            person.hub_sees = (
                person.org_key == HUB or self.access(hub_user, person.client) is not None
            )
        return person.hub_sees

    def visit_services(self, person: _Person, needs: set[str]) -> list[ServiceGiven]:
        rng = self.rng
        given: list[ServiceGiven] = []
        if Need.FOOD in needs or rng.random() < 0.45:
            given.append(ServiceGiven(ServiceKind.MEAL, rng.choice([1, 1, 1, 2])))
        if Need.SHOWER in needs or rng.random() < 0.15:
            given.append(ServiceGiven(ServiceKind.SHOWER))
        if Need.CLOTHING in needs:
            given.append(
                ServiceGiven(
                    ServiceKind.CLOTHING, detail=rng.choice(SERVICE_DETAILS[ServiceKind.CLOTHING])
                )
            )
        if Need.SUBSTANCE_USE in needs or rng.random() < 0.1:
            if rng.random() < 0.6:
                given.append(
                    ServiceGiven(
                        ServiceKind.HARM_REDUCTION,
                        detail=rng.choice(SERVICE_DETAILS[ServiceKind.HARM_REDUCTION]),
                    )
                )
            if rng.random() < 0.55:
                given.append(
                    ServiceGiven(
                        ServiceKind.NALOXONE_KIT,
                        quantity=rng.randint(1, 3),
                        naloxone_training=not person.naloxone_trained,
                    )
                )
                person.naloxone_trained = True
        if Need.SHELTER in needs:
            if rng.random() < 0.55:
                given.append(
                    ServiceGiven(
                        ServiceKind.BED_SECURED,
                        detail=rng.choice(SERVICE_DETAILS[ServiceKind.BED_SECURED]),
                    )
                )
            else:
                given.append(
                    ServiceGiven(
                        ServiceKind.SHELTER_REFERRAL,
                        detail=rng.choice(SERVICE_DETAILS[ServiceKind.SHELTER_REFERRAL]),
                    )
                )
        if (Need.HEALTH in needs or Need.ID_DOCUMENTS in needs) and rng.random() < 0.4:
            given.append(
                ServiceGiven(
                    ServiceKind.TRANSPORT, detail=rng.choice(SERVICE_DETAILS[ServiceKind.TRANSPORT])
                )
            )
        return given

    def visits(self, person: _Person, count: int) -> None:
        rng = self.rng
        last = self.today - dt.timedelta(days=1)
        days = [person.first_contact]
        if count > 1:
            span = max((last - person.first_contact).days, 1)
            days += sorted(
                person.first_contact + dt.timedelta(days=rng.randint(1, span))
                for _ in range(count - 1)
            )
        for day in days:
            org_key, site = self.visit_place(person, day)
            if site.startswith("Équipe de rue"):
                recorder = self.of_discipline(org_key, "outreach_worker")
                moment = self.at(day, 9, 22)
            elif site.startswith(("Halte", "Refuge")):
                recorder = self.worker(person, org_key)
                moment = self.at(day, 19, 23)
            else:
                recorder = self.worker(person, org_key)
                moment = self.at(day)
            needs = set(
                rng.choices(
                    list(NEEDS_WEIGHTS), weights=list(NEEDS_WEIGHTS.values()), k=rng.randint(1, 3)
                )
            )
            given = self.visit_services(person, needs)
            visit = services.visit_record(
                acting_user=recorder,
                client_access=self.cached_access(recorder, person.client),
                occurred_at=moment,
                site=site,
                needs=sorted(needs),
                needs_other=rng.choice(NEEDS_OTHER) if Need.OTHER in needs else "",
                notes=rng.choice(VISIT_NOTES) if rng.random() < 0.15 else "",
                services=given,
            )
            person.visits.append(visit)
            self.result.visits += 1
            self.result.naloxone_kits += sum(
                s.quantity for s in given if s.kind == ServiceKind.NALOXONE_KIT
            )

    # --- pathway ------------------------------------------------------------

    def mover(self, person: _Person, stage: str) -> tuple[User, ClientAccess]:
        """Who records a step: a partner who sees the pathway when it is their
        part of the work, else the registering organization."""
        partners = {
            Stage.SUPPORT: [PASSERELLE, HORIZON, RENAISSANCE],
            Stage.STABILITY: [TREMPLIN, PHARE, ERABLES],
        }
        candidates = partners.get(Stage(stage), [])
        if self.rng.random() < 0.3:
            candidates = []
        for key in self.rng.sample(candidates, len(candidates)):
            if key == person.org_key:
                continue
            user = self.worker(person, key)
            client_access = self.access(user, person.client)
            if client_access is not None and client_access.sees_pathway:
                return user, client_access
        user = self.worker(person, person.org_key)
        return user, self.cached_access(user, person.client)

    def move(self, person: _Person, stage: str, day: dt.date, reason: str = "") -> None:
        user, client_access = self.mover(person, stage)
        services.pathway_move(
            acting_user=user,
            client_access=client_access,
            stage=stage,
            entered_on=day,
            reason=reason,
        )
        self.result.pathway_moves += 1

    def pathway(self, person: _Person) -> None:
        rng = self.rng
        self.move(person, Stage.VISIT, person.first_contact)
        top = self.pick({Stage.VISIT: 25, Stage.SAFETY: 25, Stage.SUPPORT: 28, Stage.STABILITY: 22})
        if person.client.given_name == MARKER_GIVEN:
            top = Stage.STABILITY
        plan: list[tuple[str, str]] = []
        stage: str = Stage.VISIT
        while stage != top:
            stage = NEXT_STAGE[Stage(stage)]
            plan.append((stage, rng.choice(FORWARD_REASONS[stage])))
        chances: dict[str, float] = {Stage.STABILITY: 0.28, Stage.SUPPORT: 0.12, Stage.SAFETY: 0.05}
        fallback_chance = chances.get(top, 0.0)
        if person.client.given_name != MARKER_GIVEN and rng.random() < fallback_chance:
            options = [f for f in FALLBACKS if f[0] == top]
            _from, back_to, reasons = rng.choice(options)
            plan.append((back_to, rng.choice(reasons)))
            if rng.random() < 0.4 and back_to in NEXT_STAGE:
                again = NEXT_STAGE[Stage(back_to)]
                plan.append((again, rng.choice(FORWARD_REASONS[again]) or "Retour au parcours"))
        for (step, reason), day in zip(
            plan, self.spread(person.first_contact, len(plan)), strict=True
        ):
            self.move(person, step, day, reason)
