"""Demo housing supports: about forty Ottawa landlords (people and
companies, French- and English-speaking) kept by the network's three
housing partners — Tremplin Logement, Le Phare and Les Érables — with about
120 units, many of them vacant, a few inspections and a relationship log
with calls, visits, incidents and mediation sessions; then about fifteen
tenancies of demo clients (``parcours.demo.housing_tenancies``).

Contacts are fictional: phone numbers in the 613-555-01xx range, e-mails
``.example``. Written through the services (so audited); idempotent (a
landlord already there is left alone) and seeded."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from parcours.accounts.models import Organization, User
from parcours.demo.housing_finance import seed_housing_finance
from parcours.demo.housing_matching import seed_matching
from parcours.demo.housing_tenancies import seed_tenancies
from parcours.demo.housing_upkeep import seed_upkeep
from parcours.demo.network import CITY
from parcours.housing.models import ContactKind, Landlord, UnitCondition, UnitStatus, UnitType
from parcours.housing.services import (
    LandlordData,
    UnitData,
    landlord_contact_add,
    landlord_create,
    unit_create,
    unit_inspection_record,
)

# The housing partners of the demo network (parcours/demo/network.py).
KEEPERS = [
    "Tremplin Logement / Tremplin Housing",
    "Le Phare – Logement de transition",
    "Coopérative d'habitation Les Érables",
]

PEOPLE = [
    ("Gérard", "Lalonde", ["fr"]),
    ("Marie-Claude", "Bélanger", ["fr", "en"]),
    ("John", "McAllister", ["en"]),
    ("Suzanne", "Charron", ["fr"]),
    ("Raj", "Patel", ["en", "gu"]),
    ("Hélène", "Dubois", ["fr", "en"]),
    ("Mohamed", "El-Amin", ["ar", "fr", "en"]),
    ("Karen", "O'Neill", ["en"]),
    ("Pierre", "Ouellette", ["fr"]),
    ("Linh", "Nguyen", ["vi", "en"]),
    ("Denise", "Brisebois", ["fr", "en"]),
    ("Tom", "Fraser", ["en"]),
    ("Jacqueline", "Séguin", ["fr"]),
    ("Ahmed", "Haddad", ["ar", "en"]),
    ("Robert", "Lefebvre", ["fr", "en"]),
    ("Emily", "Clarke", ["en", "fr"]),
    ("André", "Lacroix", ["fr"]),
    ("Grace", "Mensah", ["en"]),
    ("Yvon", "Beauchamp", ["fr"]),
    ("Sandra", "Kowalski", ["en", "pl"]),
    ("Louise", "Desrosiers", ["fr", "en"]),
    ("Daniel", "Wong", ["en", "zh"]),
    ("Réjean", "Larocque", ["fr"]),
    ("Fatima", "Osman", ["so", "en"]),
]

COMPANIES = [
    ("Gestion immobilière Rideau", ["fr", "en"]),
    ("Bytown Property Management", ["en"]),
    ("Habitations Vanier inc.", ["fr"]),
    ("Capital Rentals Ltd.", ["en", "fr"]),
    ("Immeubles de la Basse-Ville", ["fr", "en"]),
    ("Glebe Residential Holdings", ["en"]),
    ("Logements Overbrook", ["fr", "en"]),
    ("Carling Avenue Apartments", ["en"]),
    ("Société d'habitation Orléans", ["fr", "en"]),
    ("Westboro Living Inc.", ["en"]),
    ("Résidences Côte-de-Sable", ["fr"]),
    ("Hintonburg Homes", ["en", "fr"]),
    ("Coopérative Beausoleil", ["fr"]),
    ("Alta Vista Properties", ["en"]),
    ("Gestion Montfort", ["fr", "en"]),
    ("Centretown Housing Corp.", ["en"]),
]

STREETS = [
    "rue Dalhousie",
    "rue Murray",
    "chemin de Montréal",
    "avenue Beechwood",
    "rue Rideau",
    "Bank Street",
    "Somerset Street West",
    "Wellington Street West",
    "Carling Avenue",
    "rue McArthur",
    "boulevard St-Joseph",
    "Gladstone Avenue",
    "Bronson Avenue",
    "rue Cumberland",
    "Elgin Street",
    "Alta Vista Drive",
    "rue Nelson",
    "boulevard St-Laurent",
]
NEIGHBOURHOODS = ["K1N", "K1L", "K1R", "K1S", "K1Y", "K1Z", "K1K", "K1G", "K2P", "K1H"]

# Type, weight, bedroom choices, rent range (monthly, $).
UNIT_SHAPES = [
    (UnitType.APARTMENT, 45, [0, 1, 1, 2, 2, 3], (950, 2100)),
    (UnitType.ROOM, 20, [0], (550, 850)),
    (UnitType.SUPPORTIVE, 12, [0, 1], (500, 900)),
    (UnitType.TRANSITIONAL, 10, [0, 1], (400, 750)),
    (UnitType.SOCIAL, 13, [1, 2, 3, 4], (600, 1200)),
]
SUBSIDIES = [
    "Supplément au loyer de la Ville d'Ottawa / City of Ottawa rent supplement",
    "Allocation logement Canada-Ontario / Canada-Ontario Housing Benefit",
    "Loyer indexé sur le revenu (LIR) / Rent-geared-to-income (RGI)",
]
ACCESSIBILITY = [
    "Rez-de-chaussée, entrée sans marche / Ground floor, step-free entrance",
    "Ascenseur, barres d'appui / Elevator, grab bars",
    "Douche accessible, alarmes visuelles / Roll-in shower, visual alarms",
]

LOG_LINES: dict[str, list[tuple[str, str]]] = {
    ContactKind.CALL: [
        ("Appel pour présenter le programme Logement d'abord.", "Intéressé, rappel prévu."),
        ("Call about an upcoming vacancy.", "Unit to be shown next week."),
        ("Suivi du paiement du loyer de mars.", "Paiement confirmé."),
    ],
    ContactKind.VISIT: [
        ("Visite de l'immeuble avec le propriétaire.", "Deux logements possibles."),
        ("Site visit with the building superintendent.", "Keys arrangement agreed."),
    ],
    ContactKind.INCIDENT: [
        ("Plainte pour bruit d'un voisin.", "Rencontre proposée avec le locataire."),
        ("Water leak reported in a unit.", "Repair booked by the landlord."),
    ],
    ContactKind.MEDIATION: [
        (
            "Séance de médiation sur des arriérés de loyer.",
            "Entente de remboursement sur trois mois.",
        ),
        (
            "Mediation session about guests and noise.",
            "Tenancy maintained; house rules written down.",
        ),
        (
            "Médiation après un avis de résiliation (N5).",
            "Avis retiré; visite de suivi dans un mois.",
        ),
    ],
    ContactKind.OTHER: [
        ("Lettre de remerciement envoyée pour l'année.", ""),
    ],
}


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in plain.lower()).strip("-")


class _Seeder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed + 15)
        self.today = timezone.localdate()
        self.landlords = 0
        self.units = 0
        self.log = 0
        self.inspections = 0

    def phone(self) -> str:
        return f"613-555-01{self.rng.randint(10, 99)}"

    def keepers(self) -> list[tuple[Organization, User]]:
        found = []
        for name in KEEPERS:
            org = Organization.objects.filter(name=name).first()
            if org is None:
                continue
            staff = (
                User.objects.filter(organization=org, is_active=True)
                .order_by("-is_org_admin", "email")
                .first()
            )
            if staff is not None:
                found.append((org, staff))
        return found

    def unit_data(self) -> UnitData:
        rng = self.rng
        shapes = list(UNIT_SHAPES)
        unit_type, _w, bedrooms, (low, high) = rng.choices(shapes, weights=[s[1] for s in shapes])[
            0
        ]
        rooms = rng.choice(bedrooms)
        rent = Decimal(rng.randrange(low, high + 1, 25) + 100 * rooms)
        roll = rng.random()
        if roll < 0.55:
            status, available = (
                UnitStatus.AVAILABLE,
                self.today + dt.timedelta(days=rng.choice([-20, -7, -1, 0, 5, 14, 30, 45, 60])),
            )
        elif roll < 0.65:
            status, available = UnitStatus.HELD, None
        elif roll < 0.92:
            status, available = UnitStatus.OCCUPIED, None
        else:
            status, available = UnitStatus.OFF_MARKET, None
        accessible = rng.random() < 0.2
        return UnitData(
            address_line=f"{rng.randint(10, 990)}, {rng.choice(STREETS)}"
            + (f", app. {rng.randint(1, 24)}" if unit_type != UnitType.ROOM else ""),
            city=CITY,
            province="ON",
            postal_code=f"{rng.choice(NEIGHBOURHOODS)} {rng.randint(1, 9)}"
            f"{rng.choice('ABCEGHJKLMNPRSTVWXYZ')}{rng.randint(1, 9)}",
            unit_type=unit_type,
            bedrooms=rooms,
            monthly_rent=rent,
            utilities_included=unit_type != UnitType.APARTMENT or rng.random() < 0.3,
            wheelchair_accessible=accessible,
            accessibility_features=rng.choice(ACCESSIBILITY) if accessible else "",
            pets_allowed=rng.random() < 0.35,
            subsidy_attached=rng.choice(SUBSIDIES)
            if unit_type in (UnitType.SOCIAL, UnitType.SUPPORTIVE) or rng.random() < 0.1
            else "",
            status=status,
            available_from=available,
        )

    def landlord(self, name: str, data: LandlordData, keeper: Organization, staff: User) -> None:
        if Landlord.objects.filter(name=name).exists():
            return
        landlord = landlord_create(acting_user=staff, data=data, organization=keeper)
        self.landlords += 1
        count = self.rng.choice([1, 2, 2, 3]) if data.kind == "person" else self.rng.randint(3, 6)
        units = []
        for _ in range(count):
            units.append(unit_create(acting_user=staff, landlord=landlord, data=self.unit_data()))
            self.units += 1
        for unit in units:
            if self.rng.random() < 0.3:
                unit_inspection_record(
                    acting_user=staff,
                    unit=unit,
                    date=self.today - dt.timedelta(days=self.rng.randint(5, 300)),
                    condition=self.rng.choice(UnitCondition.values),
                    notes=self.rng.choice(
                        [
                            "",
                            "Détecteur de fumée à remplacer.",
                            "Freshly painted.",
                            "Moisissure dans la salle de bain.",
                        ]
                    ),
                )
                self.inspections += 1
        for _ in range(self.rng.randint(1, 4)):
            kind = self.rng.choices(list(LOG_LINES), weights=[4, 3, 2, 2, 1])[0]
            summary, outcome = self.rng.choice(LOG_LINES[kind])
            landlord_contact_add(
                acting_user=staff,
                landlord=landlord,
                date=self.today - dt.timedelta(days=self.rng.randint(1, 365)),
                kind=kind,
                summary=summary,
                outcome=outcome,
            )
            self.log += 1

    def run(self) -> str:
        keepers = self.keepers()
        if not keepers:
            return "Housing demo: no housing partner in the network (seed the network first)."
        specs: list[tuple[str, LandlordData]] = []
        for given, family, languages in PEOPLE:
            name = f"{given} {family}"
            specs.append(
                (
                    name,
                    LandlordData(
                        name=name,
                        kind="person",
                        phone=self.phone(),
                        email=f"{_ascii(given)}.{_ascii(family)}@proprietaires.example",
                        languages=languages,
                    ),
                )
            )
        for company, languages in COMPANIES:
            given, family, _l = self.rng.choice(PEOPLE)
            specs.append(
                (
                    company,
                    LandlordData(
                        name=company,
                        kind="company",
                        contact_person=f"{given} {family}",
                        phone=self.phone(),
                        email=f"location@{_ascii(company)[:30].strip('-')}.example",
                        languages=languages,
                        notes="Accepte les locataires du programme Logement d'abord. / "
                        "Open to Housing First tenants.",
                    ),
                )
            )
        with transaction.atomic():
            for index, (name, data) in enumerate(specs):
                keeper, staff = keepers[index % len(keepers)]
                self.landlord(name, data, keeper, staff)
                # A mediation session with every fourth landlord at least.
                if (
                    index % 4 == 0
                    and self.landlords
                    and Landlord.objects.filter(name=name).exists()
                ):
                    landlord = Landlord.objects.get(name=name)
                    if not landlord.contact_log.filter(kind=ContactKind.MEDIATION).exists():
                        summary, outcome = self.rng.choice(LOG_LINES[ContactKind.MEDIATION])
                        landlord_contact_add(
                            acting_user=staff,
                            landlord=landlord,
                            date=self.today - dt.timedelta(days=self.rng.randint(1, 120)),
                            kind=ContactKind.MEDIATION,
                            summary=summary,
                            outcome=outcome,
                        )
                        self.log += 1
        tenancies = seed_tenancies(self.rng.randint(0, 10_000), keepers)
        finance = seed_housing_finance(self.rng.randint(0, 10_000))
        matching = seed_matching(self.rng.randint(0, 10_000), keepers)
        upkeep = seed_upkeep(self.rng.randint(0, 10_000), keepers)
        return (
            f"Housing: {self.landlords} landlords, {self.units} units, {self.log} log entries "
            f"and {self.inspections} inspections added this time. {tenancies} {finance} "
            f"{matching} {upkeep}"
        )


def seed_housing(seed: int) -> str:
    """Seed the demo landlords and units (idempotent); a one-line summary."""
    return _Seeder(seed).run()
