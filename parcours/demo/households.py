"""Demo households: twenty families of the demo network.

* thirteen at Maison Marguerite (the family shelter): single parents and
  couples with children, one 17-year-old mother head of her household with a
  reason, a 16-year-old whose own consent Parcours asks for, family goals
  (daycare, school registration, housing) and, where casework is installed,
  four families enrolled together in the family-shelter program;
* seven at the hub, some couples without children, and one family that split
  eight months ago (the father left with their son) and re-formed two months
  ago — each date of its history shows who lived there.

Heads of household are demo clients of the organization; partners and
children are registered by its staff through the services (everything is
validated and audited). ``seed_households`` is idempotent: when the demo's
teen mother already heads her household, it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from parcours.access import client_access_for
from parcours.accounts.models import Organization, Program, User
from parcours.clients.models import Client, Stage
from parcours.clients.services import client_register, pathway_move
from parcours.core.text import normalise_health_card
from parcours.households import services
from parcours.households.ages import years_before
from parcours.households.models import Household, HouseholdMembership, Relationship
from parcours.households.selectors import household_get_for_user

HUB = "carrefour.example"
MARGUERITE = "maison-marguerite.example"

CHILD_NAMES = [
    ("Léa", "F"), ("Noah", "M"), ("Emma", "F"), ("William", "M"), ("Olivia", "F"),
    ("Liam", "M"), ("Chloé", "F"), ("Thomas", "M"), ("Alice", "F"), ("Jacob", "M"),
    ("Florence", "F"), ("Nathan", "M"), ("Zoé", "F"), ("Samuel", "M"), ("Maya", "F"),
    ("Félix", "M"), ("Amira", "F"), ("Adam", "M"), ("Charlotte", "F"), ("Ethan", "M"),
    ("Rosalie", "F"), ("Elijah", "M"), ("Juliette", "F"), ("Gabriel", "M"), ("Ava", "F"),
    ("Mia", "F"), ("Louis", "M"), ("Sofia", "F"), ("Hugo", "M"), ("Layla", "F"),
]  # fmt: skip
PARTNER_NAMES = [
    "Jonathan", "Mélanie", "Kevin", "Stéphanie", "Patrick", "Jessica", "Martin", "Sarah",
    "Alexandre", "Karine", "Michael", "Geneviève",
]  # fmt: skip

GOALS = [
    ("daycare", "Trouver une place en garderie pour le plus jeune d'ici l'automne."),
    ("school_registration", "Register the children at the neighbourhood school before September."),
    ("housing", "Un logement de trois chambres près de l'école, loyer sous 1 400 $."),
    ("income", "Apply for the Canada Child Benefit and provincial family benefits."),
    ("school_registration", "Inscrire les enfants à l'école francophone du quartier."),
    ("housing", "A two-bedroom apartment on a bus line to the children's daycare."),
    ("family_support", "Trouver un groupe de soutien pour jeunes parents."),
    ("health", "Find a family doctor who takes the whole family."),
]
ASSESSMENTS = [
    (["housing", "daycare"], "« On dort tous dans une chambre au refuge; il nous faut un "
     "logement et une garderie pour que je puisse retourner travailler. »"),
    (["school_registration", "income"], "“The kids missed two months of school when we "
     "lost the apartment. We need them back in school and help with benefits.”"),
    (["housing", "family_support"], "« Je suis seule avec mon bébé; j'aimerais un logement "
     "de transition avec du soutien. »"),
]  # fmt: skip

TEEN_HEAD_REASON = "Jeune mère de 17 ans, sans soutien familial; vit seule avec son bébé."


@dataclass
class HouseholdsDemo:
    created: bool = False
    households: int = 0
    members: int = 0
    children: int = 0
    guardianships: int = 0
    goals: int = 0
    enrolled: int = 0

    def summary(self) -> str:
        if not self.created:
            return "Households demo already loaded: nothing added."
        return (
            f"Households demo: {self.households} households, {self.members} members "
            f"({self.children} children), {self.guardianships} guardianships, "
            f"{self.goals} family goals, {self.enrolled} families enrolled together."
        )


def _org(domain: str) -> Organization | None:
    user = User.objects.filter(email__endswith="@" + domain, organization__isnull=False).first()
    return user.organization if user else None


class _Seeder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.result = HouseholdsDemo(created=True)
        self.children = list(CHILD_NAMES)
        self.rng.shuffle(self.children)
        self.partners = list(PARTNER_NAMES)
        self.rng.shuffle(self.partners)
        self.marguerite_id: Any = None

    def staff(self, org: Organization) -> User:
        users = list(
            User.objects.filter(organization=org, is_active=True)
            .exclude(discipline_id="coordinator")
            .order_by("email")
        )
        return users[0] if users else User.objects.filter(organization=org).order_by("email")[0]

    def heads(self, org: Organization, count: int) -> list[Client]:
        oldest, youngest = years_before(self.today, 55), years_before(self.today, 21)
        pool = list(
            Client.objects.filter(
                registered_by_organization=org,
                is_anonymous=False,
                linked_to__isnull=True,
                date_of_birth__gte=oldest,
                date_of_birth__lte=youngest,
            )
            .exclude(
                pk__in=HouseholdMembership.objects.filter(left_on__isnull=True).values("client_id")
            )
            .order_by("family_name", "given_name", "date_of_birth", "created_at", "pk")
        )
        self.rng.shuffle(pool)
        return pool[:count]

    def child_dob(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low * 365 + 20, high * 365 + 300))

    def health_card(self) -> dict[str, Any]:
        """Most children and partners have an Ontario health card (OHIP)."""
        if self.rng.random() < 0.25:
            return {}
        while True:
            digits = f"{self.rng.randint(1, 9)}{self.rng.randint(0, 999_999_999):09d}"
            version = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(2))
            number = f"{digits[:4]}-{digits[4:7]}-{digits[7:]}-{version}"
            if not Client.objects.filter(health_card_number=normalise_health_card(number)).exists():
                return {"health_card_province": "ON", "health_card_number": number}

    def register_child(self, by: User, family_name: str, dob: dt.date) -> Client:
        given, _sex = self.children.pop() if self.children else ("Sam", "X")
        self.result.children += 1
        return client_register(
            acting_user=by,
            given_name=given,
            family_name=family_name,
            date_of_birth=dob,
            preferred_language=self.rng.choice(["fr", "fr", "en"]),
            **self.health_card(),
        )

    def register_partner(self, by: User, family_name: str) -> Client:
        given = self.partners.pop() if self.partners else "Alex"
        return client_register(
            acting_user=by,
            given_name=given,
            family_name=family_name,
            date_of_birth=self.child_dob(24, 48),
            preferred_language=self.rng.choice(["fr", "en"]),
            **self.health_card(),
        )

    def arrive(self, by: User, client: Client, on: dt.date) -> None:
        """A new member's pathway starts, like everyone's, at the visit; at the
        family shelter, the family is safe the same day."""
        on = max(on, client.date_of_birth or on)
        client_access = client_access_for(by, client)
        pathway_move(acting_user=by, client_access=client_access, stage=Stage.VISIT, entered_on=on)
        if by.organization_id == self.marguerite_id:
            pathway_move(
                acting_user=by,
                client_access=client_access_for(by, client),
                stage=Stage.SAFETY,
                entered_on=on,
                reason="Refuge pour familles / family shelter",
            )

    def join(
        self,
        by: User,
        household: Household,
        client: Client,
        relationship: str,
        on: dt.date,
    ) -> HouseholdMembership:
        self.result.members += 1
        return services.household_member_add(
            acting_user=by,
            household=household,
            client_access=client_access_for(by, client),
            relationship=relationship,
            joined_on=max(on, client.date_of_birth or on),
        )

    def guard(
        self,
        by: User,
        household: Household,
        child: Client,
        guardian: Client,
        since: dt.date | None = None,
    ) -> None:
        start = since or household.formed_on
        services.guardianship_add(
            acting_user=by,
            household=household,
            dependent=client_access_for(by, child),
            guardian=client_access_for(by, guardian),
            start_date=max(start, child.date_of_birth or start),
        )
        self.result.guardianships += 1

    def family(
        self,
        by: User,
        head: Client,
        *,
        partner: bool,
        children: list[tuple[int, int]],
        formed_days_ago: int,
    ) -> tuple[Household, list[Client], Client | None]:
        formed = self.today - dt.timedelta(days=formed_days_ago)
        household = services.household_create(
            acting_user=by, client_access=client_access_for(by, head), formed_on=formed
        )
        self.result.households += 1
        self.result.members += 1
        other = None
        if partner:
            other = self.register_partner(by, head.family_name)
            self.arrive(by, other, formed)
            self.join(by, household, other, Relationship.SPOUSE_PARTNER, formed)
        kids = []
        for low, high in children:
            kid = self.register_child(by, head.family_name, self.child_dob(low, high))
            self.arrive(by, kid, formed)
            self.join(by, household, kid, Relationship.CHILD, formed)
            self.guard(by, household, kid, head)
            if other is not None:
                self.guard(by, household, kid, other)
            kids.append(kid)
        return household, kids, other

    def plan(self, by: User, household: Household, index: int) -> None:
        if index < len(ASSESSMENTS):
            needs, summary = ASSESSMENTS[index]
            services.household_assessment_record(
                acting_user=by,
                household=household,
                assessed_on=self.today - dt.timedelta(days=self.rng.randint(3, 25)),
                needs=needs,
                summary=summary,
            )
        for offset in range(2):
            domain, text = GOALS[(index * 2 + offset) % len(GOALS)]
            goal = services.household_goal_add(
                acting_user=by,
                household=household,
                domain=domain,
                description=text,
                target_date=self.today + dt.timedelta(days=self.rng.randint(20, 150)),
            )
            if self.rng.random() < 0.3:
                services.household_goal_update(
                    acting_user=by, goal=goal, status="in_progress", expected_version=1
                )
            self.result.goals += 1

    def run(self, hub: Organization, marguerite: Organization) -> HouseholdsDemo:
        self.marguerite_id = marguerite.pk
        shelter_worker = self.staff(marguerite)
        hub_worker = self.staff(hub)
        shapes = [
            (False, [(0, 1), (3, 5)]),
            (True, [(6, 9), (10, 12), (1, 2)]),
            (False, [(16, 16)]),  # a 16-year-old: Parcours asks for her own consent
            (True, [(2, 4)]),
            (False, [(0, 0)]),
            (False, [(7, 10), (11, 14)]),
            (True, [(4, 6), (4, 6)]),
            (False, [(13, 15)]),
            (True, []),
            (False, [(1, 3), (5, 8), (9, 12), (14, 15)]),
            (True, [(0, 1)]),
            (False, [(5, 7)]),
        ]
        heads = self.heads(marguerite, len(shapes))
        created: list[Household] = []
        for index, (head, (partner, kids)) in enumerate(zip(heads, shapes, strict=False)):
            household, _kids, _other = self.family(
                shelter_worker,
                head,
                partner=partner,
                children=kids,
                formed_days_ago=self.rng.randint(20, 240),
            )
            created.append(household)
            if index < 8:
                self.plan(shelter_worker, household, index)
        self.teen_mother(shelter_worker, created)
        self.enroll(shelter_worker, marguerite, created[:4])

        hub_shapes = [
            (True, []),
            (True, [(15, 17)]),
            (False, [(9, 12)]),
            (True, []),
            (True, [(0, 2)]),
        ]
        for head, (partner, kids) in zip(
            self.heads(hub, len(hub_shapes)), hub_shapes, strict=False
        ):
            self.family(
                hub_worker,
                head,
                partner=partner,
                children=kids,
                formed_days_ago=self.rng.randint(30, 600),
            )
        split_head = self.heads(hub, 1)
        if split_head:
            self.split_and_reform(hub_worker, split_head[0])
        return self.result

    def teen_mother(self, by: User, created: list[Household]) -> None:
        """A 17-year-old mother, head of her household with her baby (with a reason)."""
        mother = client_register(
            acting_user=by,
            given_name="Kayla",
            family_name="Whiteduck",
            date_of_birth=self.today - dt.timedelta(days=17 * 365 + 100),
            preferred_language="en",
        )
        formed = self.today - dt.timedelta(days=45)
        self.arrive(by, mother, formed)
        household = services.household_create(
            acting_user=by,
            client_access=client_access_for(by, mother),
            formed_on=formed,
            head_reason=TEEN_HEAD_REASON,
        )
        baby = self.register_child(by, "Whiteduck", self.today - dt.timedelta(days=120))
        self.arrive(by, baby, formed)
        self.join(by, household, baby, Relationship.CHILD, formed)
        self.guard(by, household, baby, mother)
        self.plan(by, household, 2)
        self.result.households += 1
        self.result.members += 1
        created.append(household)

    def enroll(self, by: User, org: Organization, households: list[Household]) -> None:
        program = Program.objects.filter(organization=org, kind="shelter").first()
        if program is None:
            return
        for household in households:
            services.household_enroll(
                acting_user=by,
                household=household_get_for_user(by, household.pk),
                program=program,
                start_date=household.formed_on,
                primary_worker=by,
            )
            self.result.enrolled += 1

    def split_and_reform(self, by: User, head: Client) -> None:
        """The father left with their son eight months ago and came back two months ago."""
        start = self.today - dt.timedelta(days=700)
        split = self.today - dt.timedelta(days=240)
        back = self.today - dt.timedelta(days=60)
        household, kids, father = self.family(
            by, head, partner=True, children=[(6, 8), (3, 4)], formed_days_ago=700
        )
        assert father is not None and start == household.formed_on
        son, daughter = kids
        for person in (father, son):
            current = HouseholdMembership.objects.get(client=person, left_on__isnull=True)
            services.household_member_leave(
                acting_user=by,
                membership=current,
                client_access=client_access_for(by, person),
                left_on=split,
                reason="Séparation / separation",
            )
        apart = services.household_create(
            acting_user=by, client_access=client_access_for(by, father), formed_on=split
        )
        self.join(by, apart, son, Relationship.CHILD, split)
        self.guard(by, apart, son, father, since=split)
        for person in (father, son):
            current = HouseholdMembership.objects.get(client=person, left_on__isnull=True)
            services.household_member_leave(
                acting_user=by,
                membership=current,
                client_access=client_access_for(by, person),
                left_on=back,
                reason="Retour dans le ménage familial / back with the family",
            )
        self.join(by, household, father, Relationship.SPOUSE_PARTNER, back)
        self.join(by, household, son, Relationship.CHILD, back)
        self.guard(by, household, son, head, since=back)
        self.guard(by, household, son, father, since=back)
        self.guard(by, household, daughter, father, since=back)
        self.result.households += 1
        self.result.members -= 2  # the same two people, counted once


def demo_households_exist() -> bool:
    """The demo's marker: the teen mother's household (other apps' demos may
    record households of their own)."""
    return HouseholdMembership.objects.filter(head_reason=TEEN_HEAD_REASON).exists()


@transaction.atomic
def seed_households(*, seed: int) -> HouseholdsDemo:
    hub, marguerite = _org(HUB), _org(MARGUERITE)
    if hub is None or marguerite is None or demo_households_exist():
        return HouseholdsDemo()
    return _Seeder(seed).run(hub, marguerite)
