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

from django.db import transaction

from parcours.access import client_access_for
from parcours.clients import services
from parcours.clients.models import (
    PREFER_NOT_TO_ANSWER,
    Client,
    ReferenceList,
    RevolvingDoorAlert,
    Stage,
)
from parcours.demo.clients.base import (
    ANONYMOUS,
    AVENIR,
    CLINIQUE,
    CSC,
    ELAN,
    ERABLES,
    HAVRE,
    HISTORY_DAYS,
    HORIZON,
    HUB,
    LINKED_ANONYMOUS,
    MARGUERITE,
    MARKER_BIRTH,
    MARKER_FAMILY,
    MARKER_GIVEN,
    PASSERELLE,
    PHARE,
    REFUGE,
    REGISTRATIONS,
    RENAISSANCE,
    TREMPLIN,
    ClientSeedResult,
    _Person,
)
from parcours.demo.clients.consent import (
    BREAK_GLASS,
    CONSENT_KINDS,
    VERBAL_NOTES,
    WITHDRAWAL_REASONS,
    ConsentMixin,
)
from parcours.demo.clients.names import (
    NICKNAMES,
    ORIGINS,
    OTHER_SPELLINGS,
    RELATIONSHIPS,
    STREET_NAMES,
    Origin,
)
from parcours.demo.clients.people import PeopleMixin
from parcours.demo.clients.visits import (
    FALLBACKS,
    FORWARD_REASONS,
    NEEDS_OTHER,
    NEEDS_WEIGHTS,
    NEXT_STAGE,
    SERVICE_DETAILS,
    VISIT_NOTES,
    WINTER_MONTHS,
    VisitsMixin,
)

__all__ = [
    "ANONYMOUS",
    "AVENIR",
    "BREAK_GLASS",
    "CLINIQUE",
    "CONSENT_KINDS",
    "CSC",
    "ELAN",
    "ERABLES",
    "FALLBACKS",
    "FORWARD_REASONS",
    "HAVRE",
    "HISTORY_DAYS",
    "HORIZON",
    "HUB",
    "LINKED_ANONYMOUS",
    "MARGUERITE",
    "MARKER_BIRTH",
    "MARKER_FAMILY",
    "MARKER_GIVEN",
    "NEEDS_OTHER",
    "NEEDS_WEIGHTS",
    "NEXT_STAGE",
    "NICKNAMES",
    "ORIGINS",
    "OTHER_SPELLINGS",
    "PASSERELLE",
    "PHARE",
    "REFUGE",
    "REGISTRATIONS",
    "RELATIONSHIPS",
    "RENAISSANCE",
    "SERVICE_DETAILS",
    "STREET_NAMES",
    "TREMPLIN",
    "VERBAL_NOTES",
    "VISIT_NOTES",
    "WINTER_MONTHS",
    "WITHDRAWAL_REASONS",
    "ClientSeedResult",
    "Origin",
    "demo_clients_exist",
    "seed_clients",
]


def demo_clients_exist() -> bool:
    return Client.objects.filter(
        given_name=MARKER_GIVEN, family_name=MARKER_FAMILY, date_of_birth=MARKER_BIRTH
    ).exists()


class _Generator(PeopleMixin, ConsentMixin, VisitsMixin):
    """The whole registry, person by person, with one random generator (so the
    same seed gives the same people on a given day)."""

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
