"""Demo opportunities board: eight opportunities of four partners — jobs,
volunteering, training and learning — titled in French and English as
partners post them; a dozen clients with what they look for (kinds,
languages, area, when they are free, what they lack); a few of them referred
through the referral loop, with outcomes at every stage: referred, started,
completed, ended early, still there (or not) at three months.

Called after the groups in ``seed_demo`` with its own seeded
``random.Random``; needs the directory (the posting partners' services
receive the referrals). Written through the services (policy, validation,
audit); idempotent (nothing added once any opportunity exists)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from parcours.access.clients import ClientAccess
from parcours.access.coordination import partner_shares_for_referral
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.community.models import Opportunity, OpportunityKind, Placement, Requirement
from parcours.community.selectors.opportunities import client_matches
from parcours.community.services.opportunities import (
    InterestData,
    OpportunityData,
    interest_save,
    opportunity_create,
    opportunity_refer,
    placement_follow_up,
    placement_record_outcome,
)
from parcours.demo.community import writers

SEED_OFFSET = 5353
INTERESTED_CLIENTS = 12
AREAS = ["Centre-Sud", "Plateau", "Hochelaga", "Vieux-Port"]


@dataclass(frozen=True)
class _Opportunity:
    kind: str
    title_fr: str
    title_en: str
    host: str
    area: str
    schedule: str
    language: str
    places: int
    closes_in: int | None  # days from today; None: open-ended
    requirements: list[str] = field(default_factory=list)
    schedule_detail: str = ""
    description_fr: str = ""
    description_en: str = ""


# Per partner (the first four partners with clients, by name), two each.
OPPORTUNITIES = [
    [
        _Opportunity(
            "job",
            "Commis d'entrepôt",
            "Warehouse clerk",
            "Entrepôts Laurentides",
            "Hochelaga",
            "daytime",
            "fr",
            3,
            21,
            [Requirement.SAFETY_BOOTS, Requirement.HEAVY_LIFTING],
            "Lundi au vendredi, 7 h – 15 h 30",
            "Réception et préparation des commandes. Formation payée la première semaine.",
            "Receiving and picking orders. Paid training the first week.",
        ),
        _Opportunity(
            "volunteer",
            "Bénévolat à la banque alimentaire",
            "Food bank volunteer",
            "Banque alimentaire du quartier",
            "Centre-Sud",
            "weekends",
            "both",
            6,
            None,
            [],
            "Samedi 9 h – 12 h",
            "Trier les dons, préparer les paniers, accueillir les familles.",
            "Sort donations, pack baskets, welcome families.",
        ),
    ],
    [
        _Opportunity(
            "learning",
            "Tutorat en français",
            "French tutoring",
            "École des adultes Centre-Ville",
            "Plateau",
            "evenings",
            "fr",
            5,
            45,
            [],
            "Mardi et jeudi, 18 h – 20 h",
            "Lecture et écriture, à son rythme, avec une tutrice bénévole.",
            "Reading and writing at one's own pace, with a volunteer tutor.",
        ),
        _Opportunity(
            "job",
            "Aide-cuisinier, traiteur communautaire",
            "Kitchen helper, community caterer",
            "Traiteur Solidaire",
            "Centre-Sud",
            "daytime",
            "both",
            2,
            14,
            [Requirement.FOOD_SAFETY],
            "Mercredi au vendredi, 9 h – 14 h",
        ),
    ],
    [
        _Opportunity(
            "training",
            "Formation en salubrité alimentaire (MAPAQ)",
            "Food safety training (MAPAQ)",
            "Cuisine-atelier du Plateau",
            "Plateau",
            "daytime",
            "fr",
            10,
            30,
            [],
            "Deux jours, 9 h – 16 h",
            "Prépare à l'examen du MAPAQ; le certificat ouvre les emplois en cuisine.",
            "Prepares for the MAPAQ exam; the certificate opens kitchen jobs.",
        ),
        _Opportunity(
            "volunteer",
            "",
            "Community garden volunteer",
            "Jardins collectifs Vieux-Port",
            "Vieux-Port",
            "flexible",
            "en",
            8,
            60,
        ),
    ],
    [
        _Opportunity(
            "training",
            "Préparation au permis de conduire",
            "Driver's licence preparation",
            "Centre d'emploi communautaire",
            "Hochelaga",
            "evenings",
            "both",
            6,
            40,
            [],
            "Lundi, 18 h 30",
        ),
        _Opportunity(
            "job",
            "Préposé à l'entretien ménager (soir)",
            "Evening cleaner",
            "Services d'entretien Horizon",
            "Vieux-Port",
            "evenings",
            "fr",
            2,
            10,
            [Requirement.POLICE_CHECK],
        ),
    ],
]

# The placements' outcomes, in order: (started days ago, ended days ago and
# how, 3-month follow-up still there?). None: not there yet.
OUTCOMES: list[tuple[int | None, tuple[int, str] | None, bool | None]] = [
    (130, None, True),
    (110, (70, "ended_early"), False),
    (60, (5, "completed"), None),
    (20, None, None),
    (None, None, None),
]


def _data(spec: _Opportunity, today: dt.date) -> OpportunityData:
    return OpportunityData(
        kind=spec.kind,
        title_fr=spec.title_fr,
        title_en=spec.title_en,
        host=spec.host,
        area=spec.area,
        location="",
        schedule=spec.schedule,
        schedule_detail=spec.schedule_detail,
        language=spec.language,
        places=spec.places,
        requirements=list(spec.requirements),
        closes_on=None if spec.closes_in is None else today + dt.timedelta(days=spec.closes_in),
        description_fr=spec.description_fr,
        description_en=spec.description_en,
    )


def _interest(rng: random.Random) -> InterestData:
    kinds = rng.sample(OpportunityKind.values, rng.randint(1, 3))
    daytime, evenings, weekends = (rng.random() < p for p in (0.8, 0.5, 0.4))
    return InterestData(
        kinds=kinds,
        language=rng.choice(("fr", "fr", "en", "both", "both")),
        area=rng.choice(["", "", *AREAS]),
        available_daytime=daytime,
        available_evenings=evenings,
        available_weekends=weekends or not (daytime or evenings),
        lacks=sorted(rng.sample(Requirement.values, rng.randint(0, 2))),
        notes=rng.choice(
            (
                "Veut retourner au travail à temps partiel.",
                "Wants to keep busy and meet people.",
                "Aimerait un emploi près de son logement.",
                "",
            )
        ),
    )


def _outcome(staff: User, placement: Placement, step: int, today: dt.date) -> None:
    started, ended, still_there = OUTCOMES[step % len(OUTCOMES)]
    if started is None:
        return
    current = placement_record_outcome(
        acting_user=staff,
        placement=placement,
        status="started",
        on=today - dt.timedelta(days=started),
    )
    if ended is not None:
        current = placement_record_outcome(
            acting_user=staff,
            placement=current,
            status=ended[1],
            on=today - dt.timedelta(days=ended[0]),
        )
    if still_there is not None:
        placement_follow_up(acting_user=staff, placement=current, still_there=still_there, on=today)


def seed_opportunities(seed: int) -> str:
    """Seed the demo's opportunities board (idempotent); a one-line summary."""
    if Opportunity.objects.exists():
        return "Opportunities: already there, none added."
    rng = random.Random(seed + SEED_OFFSET)
    today = timezone.localdate()
    people = writers(lambda _access: True)
    by_org: dict[object, list[tuple[User, Client, ClientAccess]]] = defaultdict(list)
    names: dict[object, str] = {}
    for staff, client, client_access in people:
        by_org[staff.organization_id].append((staff, client, client_access))
        names[staff.organization_id] = client.registered_by_organization.name
    # The partners in a fixed order (by name: their ids differ run to run).
    partners = sorted(by_org, key=lambda org_id: names[org_id])[: len(OPPORTUNITIES)]
    posted = 0
    for org_id, specs in zip(partners, OPPORTUNITIES, strict=False):
        for spec in specs:
            try:
                opportunity_create(acting_user=by_org[org_id][0][0], data=_data(spec, today))
            except (PermissionDenied, ValidationError):
                continue
            posted += 1
    # A dozen clients, taken in turn from each partner, say what they look for.
    chosen: list[tuple[User, Client, ClientAccess]] = []
    # The posting partners' clients first: a referral to one's own partner
    # is within the client's consent.
    others = sorted((o for o in by_org if o not in partners), key=lambda o: names[o])
    queues = [list(by_org[org_id]) for org_id in [*partners, *others]]
    while len(chosen) < INTERESTED_CLIENTS and any(queues):
        for queue in queues:
            if queue and len(chosen) < INTERESTED_CLIENTS:
                chosen.append(queue.pop(0))
    interests = 0
    for staff, _client, client_access in chosen:
        try:
            interest_save(acting_user=staff, client_access=client_access, data=_interest(rng))
        except (PermissionDenied, ValidationError):
            continue
        interests += 1
    # Some are referred to the best fit their directives allow, with outcomes.
    placements = 0
    for staff, client, client_access in chosen:
        if placements >= len(OUTCOMES):
            break
        for found in client_matches(client_access):
            partner = found.opportunity.organization
            if not partner_shares_for_referral(client, partner):
                continue
            try:
                with transaction.atomic():
                    placement = opportunity_refer(
                        acting_user=staff,
                        client_access=client_access,
                        opportunity=found.opportunity,
                        reason=rng.choice(
                            (
                                "La cliente souhaite essayer; elle est disponible tout de suite.",
                                "The client is motivated and has asked twice about it.",
                                "Le client veut reprendre une routine; on en a parlé au suivi.",
                            )
                        ),
                        acknowledge_duplicates=True,
                    )
                    _outcome(staff, placement, placements, today)
            except (PermissionDenied, ValidationError):
                continue
            placements += 1
            break
    return (
        f"Opportunities: {posted} opportunities, {interests} clients looking, "
        f"{placements} referred."
    )


__all__ = ["seed_opportunities"]
