"""The demo registry's consent: directives of every kind, withdrawals,
lock-boxes and emergency (break-the-glass) accesses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from parcours.access import client_access_for
from parcours.clients import services
from parcours.clients.models import (
    ConsentDirective,
    ConsentMethod,
    DataCategory,
)
from parcours.demo.clients.base import (
    AVENIR,
    CLINIQUE,
    CSC,
    ELAN,
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


class ConsentMixin(_Base):
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
            grant = services.break_glass_open(acting_user=user, client=person.client, reason=reason)
            services.client_record_viewed(
                acting_user=user, client_access=client_access_for(user, person.client)
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
