"""The demo client registry: about 300 people registered across the partners
of the demo network, with their visits, pathways, consent directives,
lock-boxes, revolving-door alerts and a few emergency accesses.

Everything is fictional and goes through the services of
``parcours.clients.services`` (so every write is validated and audited, as in
real use). Dates are relative to today: the last nine months. The same seed
gives the same people and histories (for a given day).

``seed_clients`` is idempotent: when the demo's marker client (Éloïse Gagné,
registered by the hub) exists, it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from parcours.access import ClientAccess, client_access_for
from parcours.accounts.models import Organization, User
from parcours.clients import services
from parcours.clients.models import (
    PREFER_NOT_TO_ANSWER,
    AliasKind,
    Client,
    ConsentDirective,
    ConsentMethod,
    DataCategory,
    Need,
    ReferenceList,
    ReferenceOption,
    RevolvingDoorAlert,
    ServiceKind,
    Stage,
    Visit,
)
from parcours.clients.services import ServiceGiven
from parcours.core.text import normalise_health_card
from parcours.demo.network import NETWORK

# --- The partners, by the (stable) domain of their demo spec ------------------

HUB = "carrefour.example"
REFUGE = "refuge-st-laurent.example"
MARGUERITE = "maison-marguerite.example"
PASSERELLE = "passerelle.example"
HORIZON = "horizon-sim.example"
TREMPLIN = "tremplin.example"
CSC = "csc-quartier.example"
RENAISSANCE = "renaissance.example"
AVENIR = "avenir-emploi.example"
CLINIQUE = "clinique-populaire.example"
PHARE = "le-phare.example"
HAVRE = "havre-repit.example"
ELAN = "nouvel-elan.example"
ERABLES = "les-erables.example"

# Who registers people, and how many named records each.
REGISTRATIONS: dict[str, int] = {
    HUB: 130,
    REFUGE: 35,
    MARGUERITE: 20,
    PASSERELLE: 25,
    HORIZON: 20,
    PHARE: 12,
    CSC: 28,
    RENAISSANCE: 15,
}
ANONYMOUS = {HUB: 11, REFUGE: 4}
LINKED_ANONYMOUS = 3

# The marker of an already seeded registry: always the first person registered.
MARKER_GIVEN = "Éloïse"
MARKER_FAMILY = "Gagné"
MARKER_BIRTH = dt.date(1987, 4, 12)

HISTORY_DAYS = 270  # nine months

# --- Names --------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """A naming tradition: given names by sex, family names, and what goes with them."""

    key: str
    women: tuple[str, ...]
    men: tuple[str, ...]
    families: tuple[str, ...]
    racialized: str | None
    indigenous: str | None
    languages: tuple[str, ...] = ()
    french_share: float = 0.5
    newcomer: bool = False


ORIGINS: list[tuple[Origin, float]] = [
    (
        Origin(
            "french",
            (
                "Éloïse",
                "Marie-Ève",
                "Geneviève",
                "Josée",
                "Manon",
                "Chantal",
                "Sylvie",
                "Noémie",
                "Maude",
                "Lucie",
                "Ginette",
                "Mireille",
            ),
            (
                "Jean-Guy",
                "Réjean",
                "Sébastien",
                "François",
                "Yannick",
                "Gilles",
                "Benoît",
                "Olivier",
                "Maxime",
                "Pierre-Luc",
                "Jérôme",
                "Gaétan",
            ),
            (
                "Gagné",
                "Bélanger",
                "Lévesque",
                "Ouellette",
                "Thériault",
                "Boisvert",
                "Charette",
                "Leduc",
                "Séguin",
                "Proulx",
                "Laflamme",
                "Beaulieu",
                "Lalonde",
                "Bérubé",
                "Desrochers",
                "Paré",
                "Brisson",
                "Giroux",
                "Lapierre",
                "Côté",
            ),
            "white",
            "not_indigenous",
            french_share=0.92,
        ),
        0.46,
    ),
    (
        Origin(
            "english",
            (
                "Ashley",
                "Brittany",
                "Megan",
                "Heather",
                "Kimberly",
                "Rebecca",
                "Courtney",
                "Shannon",
            ),
            ("Justin", "Kyle", "Dustin", "Colin", "Shane", "Derek", "Travis", "Christopher"),
            (
                "O'Connor",
                "MacLeod",
                "Fraser",
                "Sullivan",
                "Robertson",
                "McCarthy",
                "Walsh",
                "Stewart",
                "Murray",
                "Doyle",
                "Graham",
                "Brennan",
            ),
            "white",
            "not_indigenous",
            french_share=0.12,
        ),
        0.21,
    ),
    (
        Origin(
            "first_nations",
            ("Tanya", "Crystal", "Winona", "Kateri", "Shawna"),
            ("Darcy", "Cody", "Waylon", "Lorne", "Dakota"),
            (
                "Whiteduck",
                "Tenasco",
                "Odjick",
                "Decontie",
                "Papatie",
                "Nanibush",
                "Wabie",
                "Wapachee",
            ),
            None,
            "first_nations",
            ("Anishinaabemowin", "Cri / Cree"),
            french_share=0.35,
        ),
        0.08,
    ),
    (
        Origin(
            "inuit",
            ("Naudla", "Leesee", "Annie"),
            ("Lucassie", "Jaypeetee", "Elijah"),
            ("Tootoo", "Kilabuk", "Akavak", "Nakasuk"),
            None,
            "inuit",
            ("Inuktitut",),
            french_share=0.1,
        ),
        0.03,
    ),
    (
        Origin(
            "metis",
            ("Josée", "Heather", "Crystal"),
            ("Réjean", "Darcy", "Shane"),
            ("Chartrand", "Laplante", "Delorme"),
            "white",
            "metis",
            ("Michif",),
            french_share=0.5,
        ),
        0.03,
    ),
    (
        Origin(
            "vietnamese",
            ("Thi Lan", "Mai"),
            ("Minh", "Tuan"),
            ("Nguyen", "Tran", "Pham"),
            "southeast_asian",
            "not_indigenous",
            ("Vietnamien / Vietnamese",),
            french_share=0.4,
            newcomer=True,
        ),
        0.03,
    ),
    (
        Origin(
            "arabic",
            ("Fatima", "Samira", "Yasmin"),
            ("Ahmad", "Karim", "Rachid"),
            ("Haddad", "El Khoury", "Mansour", "Bouzid"),
            "middle_eastern",
            "not_indigenous",
            ("Arabe / Arabic",),
            french_share=0.7,
            newcomer=True,
        ),
        0.05,
    ),
    (
        Origin(
            "somali",
            ("Hodan", "Amina"),
            ("Abdirahman", "Mohamed"),
            ("Abdi", "Hassan", "Osman", "Warsame"),
            "black",
            "not_indigenous",
            ("Somali",),
            french_share=0.15,
            newcomer=True,
        ),
        0.04,
    ),
    (
        Origin(
            "haitian_congolese",
            ("Nadège", "Esther", "Fabiola"),
            ("Jean-Baptiste", "Wilner", "Patrice"),
            ("Joseph", "Pierre-Louis", "Mukendi", "Ilunga"),
            "black",
            "not_indigenous",
            ("Créole haïtien / Haitian Creole", "Lingala"),
            french_share=0.95,
            newcomer=True,
        ),
        0.04,
    ),
    (
        Origin(
            "latin_american",
            ("Daniela", "Lucía"),
            ("Carlos", "Andrés"),
            ("Álvarez", "Ramírez"),
            "latin_american",
            "not_indigenous",
            ("Espagnol / Spanish",),
            french_share=0.5,
            newcomer=True,
        ),
        0.02,
    ),
    (
        Origin(
            "punjabi",
            ("Harpreet",),
            ("Gurdeep",),
            ("Kaur", "Singh"),
            "south_asian",
            "not_indigenous",
            ("Pendjabi / Punjabi",),
            french_share=0.1,
            newcomer=True,
        ),
        0.01,
    ),
    (
        Origin(
            "eritrean",
            ("Selam",),
            ("Tesfaye",),
            ("Gebremariam", "Tesfamariam"),
            "black",
            "not_indigenous",
            ("Tigrigna / Tigrinya",),
            french_share=0.2,
            newcomer=True,
        ),
        0.01,
    ),
]

NICKNAMES = {
    "Éloïse": "Élo",
    "Marie-Ève": "Marie",
    "Geneviève": "Gen",
    "Jean-Guy": "J-G",
    "Sébastien": "Seb",
    "Benoît": "Ben",
    "Maxime": "Max",
    "Pierre-Luc": "P-L",
    "Rebecca": "Becky",
    "Kimberly": "Kim",
    "Christopher": "Chris",
    "Abdirahman": "Abdi",
    "Mohamed": "Mo",
    "Jaypeetee": "JP",
    "Lucassie": "Luke",
    "Jean-Baptiste": "Ti-Jean",
    "Shannon": "Shan",
}
OTHER_SPELLINGS = {
    "Mohamed": "Mohammed",
    "Nguyen": "Nguyễn",
    "Haddad": "Hadad",
    "MacLeod": "McLeod",
    "Whiteduck": "White Duck",
    "Abdi": "Cabdi",
    "Ouellette": "Ouellet",
    "Rachid": "Rashid",
    "Ahmad": "Ahmed",
    "Tootoo": "Tutu",
    "Decontie": "Dicontie",
}
STREET_NAMES = [
    "Ti-Loup",
    "Red",
    "Frenchie",
    "Smokey",
    "Doc",
    "Sunny",
    "Ti-Mousse",
    "Bear",
    "Sparky",
    "Moose",
]
RELATIONSHIPS = {
    "fr": ["sœur", "mère", "frère", "ami", "cousine", "fille"],
    "en": ["sister", "mother", "brother", "friend", "cousin", "daughter"],
}

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

# --- Consent --------------------------------------------------------------------

CONSENT_KINDS: dict[str, float] = {
    "network": 52,
    "named": 14,
    "identity_only": 5,
    "identity_housing": 6,
    "expired": 6,
    "withdrawn": 4,
    "none": 13,
}
WITHDRAWAL_REASONS = [
    "La cliente ne veut plus que les refuges voient son dossier.",
    "Client asked to stop sharing after a conflict with staff at a partner.",
    "Retrait à la demande du client; un consentement plus limité sera signé.",
    "Wants to decide partner by partner from now on.",
]
VERBAL_NOTES = [
    "Consentement verbal donné lors d'une rencontre de rue; formulaire écrit à signer.",
    "Verbal consent given by phone from the hospital; written form to follow.",
    "Consentement verbal, lu à voix haute en français.",
    "",
]
BREAK_GLASS = [
    (
        HORIZON,
        "nurse",
        "Client trouvé inconscient près du refuge, besoin des allergies connues et de la médication en cours.",
        False,
    ),
    (
        HORIZON,
        "psychiatrist",
        "Amené en crise psychotique aiguë par la police; besoin de l'historique de traitement et du contact d'urgence.",
        False,
    ),
    (
        CSC,
        "nurse",
        "Patient brought to the walk-in clinic after an overdose reversal; need known allergies and emergency contact.",
        True,
    ),
]


@dataclass
class ClientSeedResult:
    created: bool = False
    clients: int = 0
    anonymous: int = 0
    linked: int = 0
    visits: int = 0
    naloxone_kits: int = 0
    pathway_moves: int = 0
    alerts: int = 0
    lock_boxes: int = 0
    break_glass: int = 0
    directives: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        if not self.created:
            return "Demo clients already present: none added."
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.directives.items()))
        return (
            f"Demo clients added: {self.clients} clients ({self.anonymous} anonymous, "
            f"{self.linked} linked), {self.visits} visits, {self.naloxone_kits} naloxone kits, "
            f"{self.pathway_moves} pathway steps, {self.alerts} revolving-door alerts, "
            f"{self.lock_boxes} lock-boxes, {self.break_glass} emergency accesses; "
            f"consent directives: {kinds}."
        )


@dataclass
class _Person:
    client: Client
    org_key: str
    registrar: User
    first_contact: dt.date
    consent_kind: str = "none"
    visits: list[Visit] = field(default_factory=list)
    naloxone_trained: bool = False
    shared_clinical: bool = False
    hub_sees: bool | None = None
    workers: dict[str, User] = field(default_factory=dict)


def demo_clients_exist() -> bool:
    return Client.objects.filter(
        given_name=MARKER_GIVEN, family_name=MARKER_FAMILY, date_of_birth=MARKER_BIRTH
    ).exists()


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.result = ClientSeedResult(created=True)
        names = {spec.domain: spec.name for spec in NETWORK if spec.domain}
        self.orgs: dict[str, Organization] = {
            key: Organization.objects.get(name__iexact=name) for key, name in names.items()
        }
        self.staff: dict[str, list[User]] = {
            key: list(
                User.objects.filter(organization=org, is_active=True)
                .select_related("discipline", "organization")
                .order_by("email")
            )
            for key, org in self.orgs.items()
        }
        self.options: dict[str, dict[str, ReferenceOption]] = {}
        for option in ReferenceOption.objects.filter(is_active=True).order_by("list", "code"):
            self.options.setdefault(option.list, {})[option.code] = option
        self.health_cards: set[str] = set()
        self.names: set[tuple[str, str]] = {(MARKER_GIVEN, MARKER_FAMILY)}
        self.people: list[_Person] = []
        self.access_cache: dict[tuple[object, object], ClientAccess | None] = {}

    # --- small helpers ------------------------------------------------------

    def pick(self, weights: dict[str, float]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def option(self, list_name: str, weights: dict[str, float]) -> ReferenceOption | None:
        """An answer of a reference list, or None (the question was not asked)."""
        code = self.pick(weights)
        return self.options.get(list_name, {}).get(code) if code else None

    def frontline(self, org_key: str) -> User:
        staff = self.staff[org_key]
        workers = [u for u in staff if u.discipline_id != "coordinator"] or staff
        return self.rng.choice(workers)

    def of_discipline(self, org_key: str, *codes: str) -> User:
        matches = [u for u in self.staff[org_key] if u.discipline_id in codes]
        return self.rng.choice(matches) if matches else self.frontline(org_key)

    def worker(self, person: _Person, org_key: str) -> User:
        """The person's usual worker at a partner (most contacts are with them)."""
        if org_key not in person.workers:
            person.workers[org_key] = (
                person.registrar if org_key == person.org_key else self.frontline(org_key)
            )
        if self.rng.random() < 0.8:
            return person.workers[org_key]
        return self.frontline(org_key)

    def access(self, user: User, client: Client) -> ClientAccess | None:
        """What a user sees of a client; cached while one person's history is
        generated (visits and pathway steps do not change it; the cache is
        emptied before the next person)."""
        key = (user.pk, client.pk)
        if key not in self.access_cache:
            try:
                self.access_cache[key] = client_access_for(user, client)
            except Http404:
                self.access_cache[key] = None
        return self.access_cache[key]

    def cached_access(self, user: User, client: Client) -> ClientAccess:
        client_access = self.access(user, client)
        if client_access is None:
            raise Http404
        return client_access

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def spread(self, start: dt.date, count: int) -> list[dt.date]:
        """``count`` increasing dates after ``start``, none after today."""
        span = (self.today - start).days
        if span >= count:
            offsets = sorted(self.rng.sample(range(1, span + 1), count))
        else:
            offsets = sorted(self.rng.randint(0, span) for _ in range(count))
        return [start + dt.timedelta(days=o) for o in offsets]

    def at(self, day: dt.date, first_hour: int = 7, last_hour: int = 21) -> dt.datetime:
        moment = timezone.make_aware(
            dt.datetime.combine(
                day, dt.time(self.rng.randint(first_hour, last_hour), self.rng.randrange(0, 60, 5))
            )
        )
        return min(moment, self.now - dt.timedelta(minutes=self.rng.randint(5, 90)))

    # --- identity -----------------------------------------------------------

    def health_card(
        self, province: str, given: str, family: str, birth: dt.date, woman: bool
    ) -> str:
        while True:
            if province == "QC":
                letters = "".join(ch for ch in _ascii(family).upper() if ch.isalpha())
                month = birth.month + (50 if woman else 0)
                number = (
                    f"{(letters + 'XXX')[:3]}{_ascii(given)[:1].upper()} "
                    f"{birth.year % 100:02d}{month:02d} {birth.day:02d}{self.rng.randint(11, 19)}"
                )
            else:
                digits = f"{self.rng.randint(1, 9)}{self.rng.randint(0, 999_999_999):09d}"
                version = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(2))
                number = f"{digits[:4]}-{digits[4:7]}-{digits[7:]}-{version}"
            key = normalise_health_card(number)
            if key not in self.health_cards:
                self.health_cards.add(key)
                return number

    def phone(self) -> str:
        area = self.rng.choice(["613", "613", "343", "819"])
        return f"{area}-555-01{self.rng.randint(0, 99):02d}"

    def register(self, org_key: str, *, marker: bool = False) -> _Person:
        rng = self.rng
        origins = [o for o, _ in ORIGINS]
        for _attempt in range(100):  # no two demo people share a full name by accident
            origin = rng.choices(origins, weights=[w for _, w in ORIGINS])[0]
            woman = rng.random() < (0.8 if org_key == MARGUERITE else 0.38)
            given = rng.choice(origin.women if woman else origin.men)
            family_origin = origin
            if rng.random() < 0.12 and origin.key in (
                "french",
                "english",
                "first_nations",
                "metis",
            ):
                family_origin = rng.choice(origins[:3])
            family = rng.choice(family_origin.families)
            if (given, family) not in self.names:
                self.names.add((given, family))
                break
        age = round(rng.triangular(18, 75, 38))
        birth = self.today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        if marker:
            given, family, birth, woman, origin = (
                MARKER_GIVEN,
                MARKER_FAMILY,
                MARKER_BIRTH,
                True,
                origins[0],
            )
        language = "fr" if rng.random() < origin.french_share else "en"

        date_of_birth: dt.date | None = birth
        estimated = False
        approximate_age: int | None = None
        roll = rng.random()
        if not marker and roll < 0.05:
            date_of_birth, estimated = dt.date(birth.year, 7, 1), True
        elif not marker and roll < 0.08:
            date_of_birth, approximate_age = None, age

        gender_weights: dict[str, float] = {
            "woman" if woman else "man": 90,
            "trans_woman" if woman else "trans_man": 2,
            "non_binary": 2,
            "unknown": 2,
            PREFER_NOT_TO_ANSWER: 3,
        }
        if origin.indigenous == "first_nations":
            gender_weights["two_spirit"] = 3
        orientation: dict[str, float] = {
            "heterosexual": 55,
            "gay": 3,
            "lesbian": 2,
            "bisexual": 4,
            "queer": 1,
            "asexual": 1,
            PREFER_NOT_TO_ANSWER: 10,
            "": 24,
        }
        if origin.indigenous == "first_nations":
            orientation["two_spirit"] = 3
        indigenous: dict[str, float] = {
            origin.indigenous or "not_indigenous": 80,
            "indigenous_ancestry": 3 if origin.indigenous == "not_indigenous" else 0,
            "unknown": 3,
            PREFER_NOT_TO_ANSWER: 5,
            "": 9,
        }
        racialized: dict[str, float] = {
            origin.racialized or "": 75,
            "multiple": 4,
            "unknown": 3,
            PREFER_NOT_TO_ANSWER: 8,
            "": 10,
        }
        citizenship: dict[str, float] = (
            {
                "canadian_citizen": 20,
                "permanent_resident": 30,
                "refugee_claimant": 20,
                "refugee": 15,
                "temporary_resident": 5,
                "no_status": 5,
                PREFER_NOT_TO_ANSWER: 5,
            }
            if origin.newcomer
            else {
                "canadian_citizen": 82,
                "permanent_resident": 2,
                "unknown": 3,
                PREFER_NOT_TO_ANSWER: 3,
                "": 10,
            }
        )
        housing: dict[str, float] = {
            "unsheltered": 25,
            "emergency_shelter": 28,
            "encampment": 12,
            "hidden_homelessness": 15,
            "institution": 8,
            "transitional_housing": 3,
            "housed_at_risk": 4,
            "unknown": 3,
            PREFER_NOT_TO_ANSWER: 1,
            "": 1,
        }
        if org_key in (REFUGE, MARGUERITE):
            housing["emergency_shelter"] = 180
        if org_key in (RENAISSANCE, CSC, HORIZON):
            housing["institution"] = 40

        fields: dict[str, Any] = {
            "gender_identity": self.option(ReferenceList.GENDER_IDENTITY, gender_weights),
            "sexual_orientation": self.option(ReferenceList.SEXUAL_ORIENTATION, orientation),
            "indigenous_identity": self.option(ReferenceList.INDIGENOUS_IDENTITY, indigenous),
            "racialized_identity": self.option(ReferenceList.RACIALIZED_IDENTITY, racialized),
            "citizenship_status": self.option(ReferenceList.CITIZENSHIP_STATUS, citizenship),
            "housing_situation_at_intake": self.option(ReferenceList.HOUSING_SITUATION, housing),
            "veteran_status": self.pick({"no": 55, "yes": 3, PREFER_NOT_TO_ANSWER: 4, "": 38}),
        }
        if given in NICKNAMES and rng.random() < 0.6:
            fields["preferred_name"] = NICKNAMES[given]
        if origin.languages and rng.random() < 0.6:
            fields["other_languages"] = rng.choice(origin.languages)
        elif rng.random() < 0.12:
            fields["other_languages"] = "English" if language == "fr" else "Français"
        if marker or rng.random() < 0.7:
            province = "QC" if language == "fr" and rng.random() < 0.3 else "ON"
            fields["health_card_province"] = province
            fields["health_card_number"] = self.health_card(province, given, family, birth, woman)
        if rng.random() < 0.4:
            fields["phone"] = self.phone()
        if rng.random() < 0.1:
            fields["email"] = (
                f"{_ascii(given).lower().replace(' ', '')}.{_ascii(family).lower().replace(' ', '').replace(chr(39), '')}@example.com"
            )
        if rng.random() < 0.25:
            contact_origin = rng.choice(origins[:3])
            fields["emergency_contact_name"] = (
                f"{rng.choice(contact_origin.women + contact_origin.men)} {rng.choice([family, *contact_origin.families])}"
            )
            fields["emergency_contact_phone"] = self.phone()
            fields["emergency_contact_relationship"] = rng.choice(RELATIONSHIPS[language])

        aliases: list[tuple[str, str, str]] = []
        if rng.random() < 0.22:
            kind = self.pick({"married": 3 if woman else 0, "street": 3, "spelling": 3})
            if kind == "married":
                aliases.append((AliasKind.BIRTH_OR_MARRIED, given, rng.choice(origin.families)))
            elif kind == "street":
                aliases.append((AliasKind.NICKNAME, rng.choice(STREET_NAMES), ""))
            elif given in OTHER_SPELLINGS or family in OTHER_SPELLINGS:
                aliases.append(
                    (
                        AliasKind.OTHER_SPELLING,
                        OTHER_SPELLINGS.get(given, given),
                        OTHER_SPELLINGS.get(family, family),
                    )
                )
            elif _ascii(family) != family:
                aliases.append((AliasKind.OTHER_SPELLING, given, _ascii(family)))
            else:
                # the name on an old ID card, with a second family name
                aliases.append(
                    (
                        AliasKind.OTHER,
                        given,
                        f"{family}-{rng.choice([f for f in family_origin.families if f != family])}",
                    )
                )

        registrar = self.frontline(org_key)
        client = services.client_register(
            acting_user=registrar,
            given_name=given,
            family_name=family,
            date_of_birth=date_of_birth,
            date_of_birth_estimated=estimated,
            approximate_age=approximate_age,
            preferred_language=language,
            aliases=aliases,
            **fields,
        )
        first_contact = self.days_ago(3, HISTORY_DAYS)
        person = _Person(
            client=client, org_key=org_key, registrar=registrar, first_contact=first_contact
        )
        self.people.append(person)
        self.result.clients += 1
        return person

    # --- consent ------------------------------------------------------------

    def witness(self, person: _Person) -> str:
        colleagues = [u for u in self.staff[person.org_key] if u.pk != person.registrar.pk]
        who = self.rng.choice(colleagues) if colleagues else self.rng.choice(self.staff[HUB])
        discipline = who.discipline.name_fr if who.discipline else ""
        return f"{who.given_name} {who.family_name}" + (f" ({discipline})" if discipline else "")

    def directive(
        self,
        person: _Person,
        categories: Sequence[str],
        *,
        start: dt.date,
        end: dt.date | None = None,
        all_partners: bool = False,
        partners: Sequence[str] = (),
        verbal: bool | None = None,
    ) -> ConsentDirective:
        if verbal is None:
            verbal = self.rng.random() < 0.22
        orgs = [self.orgs[k] for k in partners if k != person.org_key]
        if partners and not orgs:
            orgs = [self.orgs[TREMPLIN]]
        directive = services.consent_directive_create(
            acting_user=person.registrar,
            client_access=client_access_for(person.registrar, person.client),
            categories=list(categories),
            start_date=start,
            end_date=end,
            method=ConsentMethod.VERBAL if verbal else ConsentMethod.WRITTEN,
            all_partners=all_partners,
            organizations=orgs,
            witnessed_by=self.witness(person) if verbal else "",
            notes=self.rng.choice(VERBAL_NOTES) if verbal else "",
        )
        counts = self.result.directives
        counts["all_partners" if all_partners else "named"] += 1
        if list(categories) == [DataCategory.IDENTITY]:
            counts["identity_only"] += 1
        elif sorted(categories) == sorted([DataCategory.IDENTITY, DataCategory.HOUSING]):
            counts["identity_housing"] += 1
        if directive.end_date < self.today:
            counts["expired"] += 1
        if verbal:
            counts["verbal"] += 1
        if DataCategory.CLINICAL in categories and all_partners:
            person.shared_clinical = True
        return directive

    def network_categories(self) -> list[str]:
        categories: list[str] = [
            DataCategory.IDENTITY,
            DataCategory.HOUSING,
            DataCategory.CASE_PLAN,
        ]
        if self.rng.random() < 0.6:
            categories.append(DataCategory.CLINICAL)
        if self.rng.random() < 0.35:
            categories.append(DataCategory.FINANCIAL)
        return categories

    def named_partners(self, org_key: str) -> list[str]:
        if org_key == HORIZON:
            return [TREMPLIN, CSC, HUB]
        if org_key == RENAISSANCE:
            return [ELAN, HUB, PASSERELLE]
        if org_key == MARGUERITE:
            return [PASSERELLE, TREMPLIN, CLINIQUE]
        return self.rng.choice(
            [[PASSERELLE, TREMPLIN], [PASSERELLE, TREMPLIN, CSC], [HORIZON, TREMPLIN]]
        )

    def consent(self, person: _Person) -> None:
        rng = self.rng
        kind = "network" if person.client.given_name == MARKER_GIVEN else self.pick(CONSENT_KINDS)
        age = (self.today - person.first_contact).days
        if kind == "expired" and age < 60:
            kind = "network"
        person.consent_kind = kind
        start = person.first_contact + dt.timedelta(days=rng.randint(0, min(14, age)))
        if kind == "network":
            end = None
            if rng.random() < 0.12:
                end = start + dt.timedelta(days=182)  # a six-month consent: some expire soon
            self.directive(
                person, self.network_categories(), start=start, end=end, all_partners=True
            )
        elif kind == "named":
            categories = [DataCategory.IDENTITY, DataCategory.HOUSING, DataCategory.CASE_PLAN]
            if rng.random() < 0.5:
                categories.append(DataCategory.CLINICAL)
            self.directive(
                person, categories, start=start, partners=self.named_partners(person.org_key)
            )
        elif kind == "identity_only":
            if rng.random() < 0.5:
                self.directive(person, [DataCategory.IDENTITY], start=start, all_partners=True)
            else:
                self.directive(
                    person, [DataCategory.IDENTITY], start=start, partners=[HUB, REFUGE, MARGUERITE]
                )
        elif kind == "identity_housing":
            self.directive(
                person,
                [DataCategory.IDENTITY, DataCategory.HOUSING],
                start=start,
                partners=[TREMPLIN, PHARE, ERABLES],
            )
        elif kind == "expired":
            start = person.first_contact
            end = self.today - dt.timedelta(days=rng.randint(1, min(45, age - 30)))
            self.directive(
                person, self.network_categories(), start=start, end=end, all_partners=True
            )
            if rng.random() < 0.5:
                renewal = end + dt.timedelta(days=rng.randint(1, (self.today - end).days))
                self.directive(person, self.network_categories(), start=renewal, all_partners=True)
        elif kind == "withdrawn":
            directive = self.directive(
                person, self.network_categories(), start=start, all_partners=True
            )
            services.consent_directive_withdraw(
                acting_user=person.registrar,
                client_access=client_access_for(person.registrar, person.client),
                directive=directive,
                reason=rng.choice(WITHDRAWAL_REASONS),
            )
            self.result.directives["withdrawn"] += 1
            if rng.random() < 0.5:
                self.directive(
                    person,
                    [DataCategory.IDENTITY, DataCategory.CASE_PLAN],
                    start=self.today,
                    partners=[PASSERELLE],
                )

    # --- visits -------------------------------------------------------------

    def visit_place(self, person: _Person, day: dt.date) -> tuple[str, str]:
        """Which organization records a visit, and at which site."""
        rng = self.rng
        key = person.org_key
        if key in (REFUGE, MARGUERITE) and (rng.random() < 0.7 or not self.hub_sees(person)):
            return key, "Accueil de nuit" if key == REFUGE else "Accueil des familles"
        if key != HUB and not self.hub_sees(person):
            sites = {
                PASSERELLE: "Bureau de Passerelle",
                HORIZON: "Visite à domicile",
                CSC: "Clinique sans rendez-vous",
                RENAISSANCE: "Unité de sevrage – accueil",
                PHARE: "Le Phare – accueil",
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
            elif site.startswith("Halte") or site.startswith("Accueil de nuit"):
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

    # --- lock-boxes, anonymous records, emergency access --------------------

    def lock_boxes(self) -> None:
        rng = self.rng
        clinical = [p for p in self.people if p.shared_clinical]
        for person in rng.sample(clinical, min(4, len(clinical))):
            services.lock_box_add(
                acting_user=person.registrar,
                client_access=client_access_for(person.registrar, person.client),
                organization=self.orgs[AVENIR],
                category=DataCategory.CLINICAL,
                reason=rng.choice(
                    [
                        "Ne veut pas que son dossier de santé soit vu par le service d'emploi.",
                        "Keeps health information from the employment service.",
                    ]
                ),
            )
            self.result.lock_boxes += 1
        network = [p for p in self.people if p.consent_kind == "network" and p not in clinical]
        for person in rng.sample(network, min(2, len(network))):
            services.lock_box_add(
                acting_user=person.registrar,
                client_access=client_access_for(person.registrar, person.client),
                organization=self.orgs[ERABLES],
                category=DataCategory.FINANCIAL,
                reason="Keeps income details from the housing co-op.",
            )
            self.result.lock_boxes += 1
        women = [
            p
            for p in self.people
            if p.consent_kind == "network"
            and p.org_key == HUB
            and p.client.gender_identity_id is not None
            and p.client.gender_identity.code == "woman"
        ]
        if women:
            person = rng.choice(women)
            services.lock_box_add(
                acting_user=person.registrar,
                client_access=client_access_for(person.registrar, person.client),
                organization=self.orgs[REFUGE],
                category=DataCategory.IDENTITY,
                reason="Ex-conjoint hébergé au refuge : la cliente ne veut pas y être retrouvée.",
            )
            self.result.lock_boxes += 1
        visited = [
            p
            for p in self.people
            if p.consent_kind == "network" and p.org_key == HUB and len(p.visits) >= 3
        ]
        for person in rng.sample(visited, min(2, len(visited))):
            services.lock_box_add(
                acting_user=person.registrar,
                client_access=client_access_for(person.registrar, person.client),
                organization=self.orgs[REFUGE],
                target=rng.choice(person.visits),
                reason=rng.choice(
                    [
                        "Visite liée à une plainte contre le refuge : à ne pas lui partager.",
                        "Visit about an incident at the shelter: not to be shared with it.",
                    ]
                ),
            )
            self.result.lock_boxes += 1

    def anonymous(self) -> None:
        rng = self.rng
        hub_named = [
            p for p in self.people if p.org_key == HUB and p.client.gender_identity_id is not None
        ]
        twins = rng.sample(hub_named, LINKED_ANONYMOUS)
        for org_key, count in ANONYMOUS.items():
            for index in range(count):
                twin = twins[index] if org_key == HUB and index < len(twins) else None
                registrar = self.of_discipline(org_key, "outreach_worker", "intake_worker")
                if twin is not None:
                    gender = twin.client.gender_identity
                    age = self.today.year - (twin.client.year_of_birth or self.today.year - 40)
                else:
                    gender = self.option(
                        ReferenceList.GENDER_IDENTITY,
                        {
                            "man": 65,
                            "woman": 28,
                            "non_binary": 2,
                            "unknown": 3,
                            PREFER_NOT_TO_ANSWER: 2,
                        },
                    )
                    age = round(rng.triangular(18, 70, 35))
                client = services.client_register(
                    acting_user=registrar,
                    is_anonymous=True,
                    approximate_age=age,
                    gender_identity=gender,
                    preferred_language=rng.choice(["fr", "fr", "en"]),
                )
                person = _Person(
                    client=client,
                    org_key=org_key,
                    registrar=registrar,
                    first_contact=self.days_ago(3, HISTORY_DAYS),
                    consent_kind="anonymous",
                )
                self.result.clients += 1
                self.result.anonymous += 1
                self.visits(person, rng.randint(1, 6))
                self.move(person, Stage.VISIT, person.first_contact)
                if twin is not None:
                    services.client_link_anonymous(
                        acting_user=registrar,
                        anonymous=client_access_for(registrar, client),
                        named=client_access_for(registrar, twin.client),
                    )
                    self.result.linked += 1

    def break_glass(self) -> None:
        rng = self.rng
        candidates = [
            p for p in self.people if p.consent_kind == "none" and p.org_key in (HUB, REFUGE)
        ]
        for (org_key, discipline, reason, review), person in zip(
            BREAK_GLASS,
            rng.sample(candidates, min(len(BREAK_GLASS), len(candidates))),
            strict=False,
        ):
            user = self.of_discipline(org_key, discipline)
            if self.access(user, person.client) is not None:
                continue
            grant = services.break_glass_open(user=user, client=person.client, reason=reason)
            services.client_record_viewed(
                user=user, client_access=client_access_for(user, person.client)
            )
            self.result.break_glass += 1
            if review:
                reviewer = next(
                    u for u in self.staff[org_key] if u.is_org_admin and u.pk != user.pk
                )
                services.break_glass_review(
                    acting_user=reviewer,
                    grant=grant,
                    note="Accès justifié : urgence médicale réelle, consultation limitée aux allergies et au contact d'urgence.",
                )

    # --- everything ---------------------------------------------------------

    def run(self) -> ClientSeedResult:
        rng = self.rng
        first = True
        for org_key, count in REGISTRATIONS.items():
            for _ in range(count):
                self.access_cache.clear()
                person = self.register(org_key, marker=first)
                first = False
                self.consent(person)
                visit_count = min(12, max(1, round(rng.expovariate(1 / 4.5))))
                if rng.random() < 0.9 or person.client.given_name == MARKER_GIVEN:
                    self.visits(person, visit_count)
                self.pathway(person)
        self.access_cache.clear()
        self.lock_boxes()
        self.anonymous()
        self.access_cache.clear()
        self.break_glass()
        self.result.alerts = RevolvingDoorAlert.objects.filter(
            client__in=[p.client.pk for p in self.people]
        ).count()
        return self.result


def seed_clients(*, seed: int = 2026) -> ClientSeedResult:
    """Generate the demo client registry on the seeded demo network, unless it
    is already there."""
    if demo_clients_exist():
        return ClientSeedResult()
    with transaction.atomic():
        return _Generator(seed).run()
