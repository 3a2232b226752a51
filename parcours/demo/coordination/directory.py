"""Demo coordination: the service directory of the demo network (Ottawa).

About sixty services: one for every partner program that takes clients
(linked to the program, whose inbox receives referrals) and for every
shelter site (linked to the site), a few more from the partners, the
mainstream provincial and federal programs a worker should use first
(Ontario Works, ODSP, OHIP, Ontario Health atHome, the social housing
registry, Service Canada, Legal Aid Ontario, ConnexOntario…), and outside
community services. Phone numbers are in the fictional 555-01xx range, and
e-mails and websites are ``.example``. Idempotent and seeded."""

from __future__ import annotations

import random

from parcours.accounts.models import Organization, Program, ProgramKind, User
from parcours.beds.models import Site
from parcours.casework.models import SUBDOMAIN_SUPPORT
from parcours.coordination.models import DirectoryOrganization, Service
from parcours.coordination.services.directory import (
    LocationData,
    ServiceData,
    directory_organization_create,
    service_create,
)
from parcours.demo.coordination.directory_data import (
    COMMUNITY,
    MAINSTREAM,
    OTHER_LANGUAGES,
    PARTNER_EXTRAS,
    PROGRAM_SERVICES,
    STREETS,
    Spec,
)
from parcours.demo.network import CITY, NETWORK, NETWORK_ADMIN_EMAIL

# Program kinds that take clients by referral: each gets a directory service.
REFERRAL_KINDS = {
    ProgramKind.ICM,
    ProgramKind.ACT,
    ProgramKind.CTI,
    ProgramKind.HOUSING,
    ProgramKind.CLINICAL,
    ProgramKind.COMPLEMENTARY,
    ProgramKind.HUB,
}


def _slug(name: str) -> str:
    kept = "".join(
        c if c.isalnum() else "-" for c in name.lower().encode("ascii", "ignore").decode()
    )
    return "-".join(part for part in kept.split("-") if part)[:40]


class _Seeder:
    def __init__(self, seed: int, admin: User) -> None:
        self.rng = random.Random(seed + 14)
        self.admin = admin
        self.created = 0

    def phone(self) -> str:
        return f"613-555-01{self.rng.randint(10, 99)}"

    def organization(
        self,
        name: str,
        *,
        alternate: str = "",
        website: str = "",
        partner: Organization | None = None,
    ) -> DirectoryOrganization:
        found = DirectoryOrganization.objects.filter(name=name).first()
        if found is not None:
            return found
        return directory_organization_create(
            acting_user=self.admin,
            name=name,
            alternate_name=alternate,
            website=website or f"https://{_slug(name)}.example",
            email=f"info@{_slug(name)}.example",
            phone=f"613-555-01{self.rng.randint(10, 99)}",
            partner=partner,
        )

    def location(self, spec_address: str, name: str) -> list[LocationData]:
        if spec_address:
            address, postal = spec_address.split("|")
        else:
            street, postal = self.rng.choice(STREETS)
            address = f"{self.rng.randint(10, 999)}, {street}"
        return [
            LocationData(name=name, address_1=address, city=CITY, region="ON", postal_code=postal)
        ]

    def service(
        self,
        org: DirectoryOrganization,
        spec: Spec,
        *,
        mainstream: bool = False,
        program: Program | None = None,
        site: Site | None = None,
    ) -> None:
        if Service.objects.filter(organization=org, name=spec.name).exists():
            return
        languages = list(spec.languages)
        if len(languages) == 2 and self.rng.random() < 0.25:
            languages.append(self.rng.choice(OTHER_LANGUAGES))
        address = spec.address or (f"{site.address}|K1N 6N5" if site and site.address else "")
        service_create(
            acting_user=self.admin,
            organization=org,
            data=ServiceData(
                name=spec.name,
                alternate_name=spec.alternate_name,
                description=spec.description,
                support_type=SUBDOMAIN_SUPPORT[spec.sub_domain],
                sub_domain=spec.sub_domain,
                eligibility_description=spec.eligibility,
                application_process=spec.apply
                or "Référence d'un partenaire ou visite sans rendez-vous. / "
                "Referral from a partner or walk in.",
                fees_description=spec.fees,
                schedule_description=spec.hours,
                service_area=spec.area if not mainstream else "Ontario",
                languages=languages,
                minimum_age=spec.minimum_age,
                maximum_age=spec.maximum_age,
                is_mainstream=mainstream,
                phone=f"1-800-555-01{self.rng.randint(10, 99)}" if mainstream else self.phone(),
                email=f"services@{_slug(org.name)}.example",
                url=f"https://{_slug(org.name)}.example/{_slug(spec.name)}",
                program=program,
                shelter_site=site,
                response_days=self.rng.choice([2, 3, 5, 5, 7]) if program or site else 5,
            ),
            locations=self.location(address, site.name if site else org.name),
        )
        self.created += 1

    def partners(self) -> None:
        sites = list(Site.objects.select_related("program__organization").order_by("name"))
        for org_spec in NETWORK:
            if not org_spec.partner:
                continue
            partner = Organization.objects.filter(name=org_spec.name).first()
            if partner is None:
                continue
            org = self.organization(org_spec.name, partner=partner)
            for program in Program.objects.filter(organization=partner).order_by("name"):
                details = PROGRAM_SERVICES.get(program.name)
                site = next((s for s in sites if s.program_id == program.pk), None)
                if program.kind in REFERRAL_KINDS and details is not None:
                    sub_domain, description, eligibility = details
                    french, _sep, english = program.name.partition(" / ")
                    self.service(
                        org,
                        Spec(french, sub_domain, description, english, eligibility, minimum_age=18),
                        program=program,
                        site=site,
                    )
                elif site is not None:
                    french, _sep, english = site.name.partition(" – ")
                    self.service(
                        org,
                        Spec(
                            site.name,
                            "housing_search",
                            f"Lits d'hébergement d'urgence ({program.name}). / Emergency shelter beds.",
                            eligibility="Adultes et familles sans logement. / Homeless adults and families.",
                            hours="24/7",
                        ),
                        site=site,
                    )
            for spec in PARTNER_EXTRAS.get(org_spec.name, []):
                self.service(org, spec)

    def outside(self) -> None:
        for (name, alternate, website), specs in MAINSTREAM:
            org = self.organization(name, alternate=alternate, website=website)
            for spec in specs:
                self.service(org, spec, mainstream=True)
        for name, specs in COMMUNITY:
            org = self.organization(name)
            for spec in specs:
                self.service(org, spec)


def seed(seed: int) -> str:
    """Add the directory demo (idempotent); return a one-line summary."""
    admin = User.objects.filter(email=NETWORK_ADMIN_EMAIL).first()
    if admin is None:
        return ""
    seeder = _Seeder(seed, admin)
    seeder.partners()
    seeder.outside()
    return (
        f"Service directory: {Service.objects.count()} services of "
        f"{DirectoryOrganization.objects.count()} organizations "
        f"({Service.objects.filter(is_mainstream=True).count()} mainstream programs; "
        f"{seeder.created} added this time)."
    )
