"""What every part of the demo registry's generator shares: the partners
that register people, the marker of a seeded registry, the result, one
person's state while their history is made, and the generator's small
helpers (its one random generator, the staff, the reference answers)."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from parcours.access import ClientAccess, client_access_for
from parcours.accounts.models import Organization, User
from parcours.clients.models import (
    Client,
    ReferenceOption,
    Visit,
)
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


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class _Base:
    """The generator's state and small helpers; the parts of the registry
    (people, consent, visits and pathways) are mixins over it."""

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
