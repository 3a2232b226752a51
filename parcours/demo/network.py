"""The demo network: 17 partner organizations of a bilingual Canadian city and
the external institutions its clients pass through, modelled on the sources
(a homelessness-and-addictions hub, shelters, ICM and ACT teams, housing,
health, withdrawal management, employment, income and legal help).

Everything is fictional. ``seed_network`` is idempotent: it creates what is
missing and leaves the rest as it is.
"""

from __future__ import annotations

import hashlib
import random
from base64 import b32decode, b32encode
from dataclasses import dataclass, field

from django.db import transaction

from parcours import access
from parcours.accounts import services, two_factor
from parcours.accounts.models import MembershipRole, Organization, Program, Team, User

DEMO_PASSWORD = "Parcours-demo-2026"
NETWORK_ADMIN_EMAIL = "admin@parcours.example"
# The demo's published two-factor secret: every demo account that must use
# two-factor sign-in (administrators, coordinators) has an authenticator
# device with this key, so one entry in an app signs in as any of them.
# Demo data only: real accounts set up their own (accounts.two_factor).
DEMO_TOTP_SECRET = "PARCOURSDEMOTOTPSECRETXXXXXXXXXX"
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()
DEMO_RECOVERY_CODES = 5


def demo_recovery_codes(email: str) -> list[str]:
    """The fixed recovery codes of a demo account (each works once)."""
    codes = []
    for i in range(DEMO_RECOVERY_CODES):
        digest = hashlib.sha256(f"parcours-demo:{email}:{i}".encode()).digest()
        code = b32encode(digest[:5]).decode().lower()
        codes.append(f"{code[:4]}-{code[4:]}")
    return codes


@dataclass
class StaffSpec:
    given_name: str
    family_name: str
    discipline: str
    program: str | None = None
    team: str | None = None
    admin: bool = False
    role: str = MembershipRole.MEMBER
    language: str = "fr"


@dataclass
class ProgramSpec:
    name: str
    kind: str
    teams: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class OrganizationSpec:
    name: str
    kind: str
    domain: str
    programs: list[ProgramSpec] = field(default_factory=list)
    staff: list[StaffSpec] = field(default_factory=list)
    partner: bool = True
    extra_staff: int = 0


CITY = "Ottawa"

NETWORK: list[OrganizationSpec] = [
    OrganizationSpec(
        "Carrefour Centre-Ville – aide aux sans-abri et lutte contre les dépendances",
        "hub",
        "carrefour.example",
        programs=[
            ProgramSpec("Accueil du carrefour / Hub drop-in", "hub", ["Accueil de jour"]),
            ProgramSpec("Travail de proximité / Street outreach", "hub", ["Équipe de rue"]),
        ],
        staff=[
            StaffSpec(
                "Sophie",
                "Tremblay",
                "coordinator",
                "Accueil du carrefour / Hub drop-in",
                "Accueil de jour",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "Marc",
                "Lavoie",
                "intake_worker",
                "Accueil du carrefour / Hub drop-in",
                "Accueil de jour",
            ),
            StaffSpec(
                "Aisha",
                "Mohamed",
                "intake_worker",
                "Accueil du carrefour / Hub drop-in",
                "Accueil de jour",
                language="en",
            ),
            StaffSpec(
                "Kevin",
                "O'Brien",
                "outreach_worker",
                "Travail de proximité / Street outreach",
                "Équipe de rue",
                language="en",
            ),
            StaffSpec(
                "Nadia", "Gagnon", "nurse", "Accueil du carrefour / Hub drop-in", "Accueil de jour"
            ),
        ],
    ),
    OrganizationSpec(
        "Refuge Saint-Laurent",
        "shelter",
        "refuge-st-laurent.example",
        programs=[ProgramSpec("Hébergement d'urgence", "shelter", ["Équipe de nuit"])],
        staff=[
            StaffSpec(
                "Luc",
                "Bergeron",
                "coordinator",
                "Hébergement d'urgence",
                "Équipe de nuit",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "Fatou", "Diallo", "intake_worker", "Hébergement d'urgence", "Équipe de nuit"
            ),
        ],
        extra_staff=2,
    ),
    OrganizationSpec(
        "Maison Marguerite – Family Shelter",
        "shelter",
        "maison-marguerite.example",
        programs=[ProgramSpec("Family shelter / Refuge pour familles", "shelter")],
        staff=[
            StaffSpec(
                "Jennifer",
                "Clarke",
                "coordinator",
                "Family shelter / Refuge pour familles",
                admin=True,
                role=MembershipRole.COORDINATOR,
                language="en",
            ),
            StaffSpec("Isabelle", "Roy", "social_worker", "Family shelter / Refuge pour familles"),
        ],
        extra_staff=1,
    ),
    OrganizationSpec(
        "Passerelle – Gestion des cas graves",
        "icm_provider",
        "passerelle.example",
        programs=[
            ProgramSpec(
                "Gestion des cas graves (GCG) / Intensive Case Management",
                "icm",
                ["Équipe GCG Est", "Équipe GCG Ouest"],
                "1 gestionnaire de cas pour 20 clients, 7 jours sur 7, 12 h par jour.",
            ),
            ProgramSpec(
                "Intervention en période critique (IPC)",
                "cti",
                ["Équipe IPC"],
                "Neuf mois en trois phases autour d'une sortie d'établissement.",
            ),
        ],
        staff=[
            StaffSpec(
                "Élise",
                "Fortin",
                "coordinator",
                "Gestion des cas graves (GCG) / Intensive Case Management",
                "Équipe GCG Est",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "Mathieu",
                "Côté",
                "case_manager",
                "Gestion des cas graves (GCG) / Intensive Case Management",
                "Équipe GCG Est",
            ),
            StaffSpec(
                "Chloé",
                "Pelletier",
                "case_manager",
                "Gestion des cas graves (GCG) / Intensive Case Management",
                "Équipe GCG Est",
            ),
            StaffSpec(
                "Daniel",
                "Morrison",
                "case_manager",
                "Gestion des cas graves (GCG) / Intensive Case Management",
                "Équipe GCG Ouest",
                language="en",
            ),
            StaffSpec(
                "Priya",
                "Sharma",
                "case_manager",
                "Gestion des cas graves (GCG) / Intensive Case Management",
                "Équipe GCG Ouest",
                language="en",
            ),
            StaffSpec(
                "Jean-François",
                "Bélanger",
                "case_manager",
                "Gestion des cas graves (GCG) / Intensive Case Management",
                "Équipe GCG Ouest",
            ),
            StaffSpec(
                "Amélie",
                "Dubois",
                "case_manager",
                "Intervention en période critique (IPC)",
                "Équipe IPC",
            ),
        ],
    ),
    OrganizationSpec(
        "Équipe Horizon – Suivi intensif dans le milieu",
        "act_provider",
        "horizon-sim.example",
        programs=[
            ProgramSpec(
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "act",
                ["Équipe SIM Horizon"],
                "Équipe multidisciplinaire, 1 intervenant pour 10 clients, 24 h sur 24, 7 jours sur 7.",
            )
        ],
        staff=[
            StaffSpec(
                "Catherine",
                "Lefebvre",
                "coordinator",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "Robert",
                "Nguyen",
                "psychiatrist",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
                language="en",
            ),
            StaffSpec(
                "Marie-Claude",
                "Girard",
                "physician",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
            ),
            StaffSpec(
                "Guillaume",
                "Caron",
                "nurse",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
            ),
            StaffSpec(
                "Emily",
                "Thompson",
                "nurse",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
                language="en",
            ),
            StaffSpec(
                "Samuel",
                "Ouellet",
                "addiction_specialist",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
            ),
            StaffSpec(
                "Tyler",
                "Whiteduck",
                "peer_worker",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
                language="en",
            ),
            StaffSpec(
                "Julie",
                "Mercier",
                "case_manager",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
            ),
            StaffSpec(
                "Omar",
                "Haddad",
                "case_manager",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
            ),
            StaffSpec(
                "Sarah",
                "MacDonald",
                "case_manager",
                "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment",
                "Équipe SIM Horizon",
                language="en",
            ),
        ],
    ),
    OrganizationSpec(
        "Tremplin Logement / Tremplin Housing",
        "housing_provider",
        "tremplin.example",
        programs=[
            ProgramSpec(
                "Logement avec services de soutien / Supportive housing",
                "housing",
                ["Équipe logement"],
            ),
            ProgramSpec("Relations avec les propriétaires / Landlord relations", "housing"),
        ],
        staff=[
            StaffSpec(
                "Patrick",
                "Gauthier",
                "coordinator",
                "Logement avec services de soutien / Supportive housing",
                "Équipe logement",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "Annie",
                "Martel",
                "housing_worker",
                "Logement avec services de soutien / Supportive housing",
                "Équipe logement",
            ),
            StaffSpec(
                "Michael",
                "Chen",
                "housing_worker",
                "Relations avec les propriétaires / Landlord relations",
                language="en",
            ),
        ],
    ),
    OrganizationSpec(
        "Centre de santé communautaire du Quartier",
        "health",
        "csc-quartier.example",
        programs=[ProgramSpec("Soins primaires / Primary care", "clinical")],
        staff=[
            StaffSpec(
                "Hélène",
                "Poirier",
                "coordinator",
                "Soins primaires / Primary care",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec("David", "Levesque", "physician", "Soins primaires / Primary care"),
            StaffSpec("Grace", "Okafor", "nurse", "Soins primaires / Primary care", language="en"),
        ],
    ),
    OrganizationSpec(
        "Renaissance – Services de gestion du sevrage",
        "addiction",
        "renaissance.example",
        programs=[ProgramSpec("Désintoxication / Withdrawal management", "clinical")],
        staff=[
            StaffSpec(
                "Stéphane",
                "Boucher",
                "coordinator",
                "Désintoxication / Withdrawal management",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "Karine",
                "Paquette",
                "addiction_specialist",
                "Désintoxication / Withdrawal management",
            ),
        ],
        extra_staff=1,
    ),
    OrganizationSpec(
        "Avenir Emploi / Avenir Employment",
        "employment",
        "avenir-emploi.example",
        programs=[
            ProgramSpec("Intégration au marché du travail / Employment support", "complementary")
        ],
        staff=[
            StaffSpec(
                "Véronique",
                "Lapointe",
                "coordinator",
                "Intégration au marché du travail / Employment support",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "James",
                "Wilson",
                "employment_counsellor",
                "Intégration au marché du travail / Employment support",
                language="en",
            ),
        ],
    ),
    OrganizationSpec(
        "Clinique juridique et d'aide au revenu populaire",
        "income_legal",
        "clinique-populaire.example",
        programs=[ProgramSpec("Soutien du revenu / Income support", "complementary")],
        staff=[
            StaffSpec(
                "Louise",
                "Thibault",
                "coordinator",
                "Soutien du revenu / Income support",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec("Ahmed", "Benali", "other", "Soutien du revenu / Income support"),
        ],
    ),
    OrganizationSpec(
        "Le Phare – Logement de transition",
        "housing_provider",
        "le-phare.example",
        programs=[ProgramSpec("Logement de transition / Transitional housing", "housing")],
        staff=[
            StaffSpec(
                "Nicole",
                "Bouchard",
                "coordinator",
                "Logement de transition / Transitional housing",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
        ],
        extra_staff=2,
    ),
    OrganizationSpec(
        "Havre – Soins de répit / Respite Care",
        "health",
        "havre-repit.example",
        programs=[ProgramSpec("Soins de répit / Respite care", "clinical")],
        staff=[
            StaffSpec(
                "Linda",
                "Campbell",
                "coordinator",
                "Soins de répit / Respite care",
                admin=True,
                role=MembershipRole.COORDINATOR,
                language="en",
            ),
            StaffSpec("François", "Gendron", "nurse", "Soins de répit / Respite care"),
        ],
    ),
    OrganizationSpec(
        "Nouvel Élan – Centre de traitement des dépendances",
        "addiction",
        "nouvel-elan.example",
        programs=[ProgramSpec("Traitement résidentiel / Residential treatment", "clinical")],
        staff=[
            StaffSpec(
                "Yves",
                "Desjardins",
                "coordinator",
                "Traitement résidentiel / Residential treatment",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
            StaffSpec(
                "Mélanie",
                "Charbonneau",
                "addiction_specialist",
                "Traitement résidentiel / Residential treatment",
            ),
        ],
    ),
    OrganizationSpec(
        "Coopérative d'habitation Les Érables",
        "housing_provider",
        "les-erables.example",
        programs=[ProgramSpec("Logement social / Social housing", "housing")],
        staff=[
            StaffSpec(
                "Denis",
                "Lachance",
                "coordinator",
                "Logement social / Social housing",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
        ],
    ),
    OrganizationSpec(
        "Centre d'éducation des adultes Horizon-Savoir",
        "employment",
        "horizon-savoir.example",
        programs=[ProgramSpec("Apprentissage et tutorat / Learning and tutoring", "complementary")],
        staff=[
            StaffSpec(
                "Monique",
                "Vaillancourt",
                "coordinator",
                "Apprentissage et tutorat / Learning and tutoring",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
        ],
        extra_staff=1,
    ),
    OrganizationSpec(
        "Solidaires – Association des pairs aidants",
        "other",
        "solidaires.example",
        programs=[ProgramSpec("Soutien par les pairs / Peer support", "complementary")],
        staff=[
            StaffSpec(
                "Brandon",
                "Commanda",
                "peer_worker",
                "Soutien par les pairs / Peer support",
                admin=True,
                role=MembershipRole.COORDINATOR,
                language="en",
            ),
            StaffSpec("Josée", "Richard", "peer_worker", "Soutien par les pairs / Peer support"),
        ],
    ),
    OrganizationSpec(
        "Mission Bon Accueil – Repas et vestiaire",
        "other",
        "bon-accueil.example",
        programs=[ProgramSpec("Repas communautaires / Community meals", "hub")],
        staff=[
            StaffSpec(
                "Claude",
                "Leblanc",
                "coordinator",
                "Repas communautaires / Community meals",
                admin=True,
                role=MembershipRole.COORDINATOR,
            ),
        ],
        extra_staff=1,
    ),
    # External institutions: clients pass through them, they do not use Parcours.
    OrganizationSpec("Hôpital Général de la Rivière", "hospital", "", partner=False),
    OrganizationSpec("Unité de psychiatrie – Hôpital Saint-Vincent", "hospital", "", partner=False),
    OrganizationSpec("Centre de détention régional de l'Est", "corrections", "", partner=False),
]

_EXTRA_GIVEN = [
    "Alexandre",
    "Émilie",
    "Nathalie",
    "Ryan",
    "Mélissa",
    "Jessica",
    "Éric",
    "Zoé",
    "Hugo",
    "Laura",
]
_EXTRA_FAMILY = [
    "Cloutier",
    "Turcotte",
    "Murphy",
    "Bisson",
    "Hébert",
    "Patel",
    "Sauvé",
    "Kelly",
    "Fournier",
    "Landry",
]
_EXTRA_DISCIPLINES = ["intake_worker", "social_worker", "case_manager", "peer_worker"]


@dataclass
class SeedResult:
    organizations_created: int = 0
    staff_created: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    # The unused recovery codes of the listed accounts that need two-factor sign-in.
    recovery_codes: dict[str, list[str]] = field(default_factory=dict)


def _email(given: str, family: str, domain: str) -> str:
    import unicodedata

    def ascii_slug(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")

    return f"{ascii_slug(given)}.{ascii_slug(family)}@{domain}"


@transaction.atomic
def seed_network(*, seed: int = 2026) -> SeedResult:
    rng = random.Random(seed)
    result = SeedResult()
    if not User.objects.filter(email=NETWORK_ADMIN_EMAIL).exists():
        User.objects.create_superuser(
            NETWORK_ADMIN_EMAIL,
            DEMO_PASSWORD,
            given_name="Admin",
            family_name="Réseau",
        )
        result.staff_created += 1
    result.logins.append(
        (NETWORK_ADMIN_EMAIL, "—", "Network administrator / Administration du réseau")
    )

    for spec in NETWORK:
        org = Organization.objects.filter(name__iexact=spec.name).first()
        if org is None:
            org = services.organization_create(
                name=spec.name, kind=spec.kind, is_partner=spec.partner, city=CITY
            )
            result.organizations_created += 1
        programs: dict[str, Program] = {}
        teams: dict[str, Team] = {}
        for pspec in spec.programs:
            program = Program.objects.filter(organization=org, name__iexact=pspec.name).first()
            if program is None:
                program = services.program_create(
                    organization=org,
                    name=pspec.name,
                    kind=pspec.kind,
                    description=pspec.description,
                )
            programs[pspec.name] = program
            for team_name in pspec.teams:
                team = Team.objects.filter(program=program, name__iexact=team_name).first()
                if team is None:
                    team = services.team_create(program=program, name=team_name)
                teams[team_name] = team
        staff_specs = list(spec.staff)
        first_program = spec.programs[0].name if spec.programs else None
        for _ in range(spec.extra_staff):
            staff_specs.append(
                StaffSpec(
                    rng.choice(_EXTRA_GIVEN),
                    rng.choice(_EXTRA_FAMILY),
                    rng.choice(_EXTRA_DISCIPLINES),
                    first_program,
                )
            )
        for sspec in staff_specs:
            email = _email(sspec.given_name, sspec.family_name, spec.domain)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = services.staff_create(
                    email=email,
                    organization=org,
                    discipline_code=sspec.discipline,
                    given_name=sspec.given_name,
                    family_name=sspec.family_name,
                    password=DEMO_PASSWORD,
                    is_org_admin=sspec.admin,
                    preferred_language=sspec.language,
                )
                result.staff_created += 1
                if sspec.program:
                    services.program_membership_add(
                        user=user, program=programs[sspec.program], role=sspec.role
                    )
                if sspec.team:
                    services.team_membership_add(user=user, team=teams[sspec.team], role=sspec.role)
            if sspec.admin or sspec in spec.staff[:3]:
                result.logins.append(
                    (email, org.name, user.discipline.name if user.discipline else "")
                )
    _give_two_factor_devices(result)
    return result


NEW_HIRE = ("Jeanne", "Paradis", "case_manager")


def seed_new_hire() -> str:
    """A colleague the hub's administrator has just added: no password yet,
    so her page (Administration → Staff → Jeanne Paradis → Programs, teams
    and roles) shows the one-time first sign-in link to hand over. Seeded
    last, so that she changes nothing else in the demo (she has done no work)."""
    hub = NETWORK[0]
    org = Organization.objects.filter(name__iexact=hub.name).first()
    email = _email(NEW_HIRE[0], NEW_HIRE[1], hub.domain)
    if org is None or User.objects.filter(email=email).exists():
        return ""
    admin = User.objects.filter(organization=org, is_org_admin=True).order_by("email").first()
    services.staff_create(
        email=email,
        organization=org,
        discipline_code=NEW_HIRE[2],
        given_name=NEW_HIRE[0],
        family_name=NEW_HIRE[1],
        acting_user=admin,
    )
    return f"A new colleague waiting for her first sign-in link: {email}."


def _give_two_factor_devices(result: SeedResult) -> None:
    """The demo secret and recovery codes for every demo account that must use
    two-factor sign-in (unless it has a device already)."""
    domains = {spec.domain for spec in NETWORK}
    for user in User.objects.filter(is_active=True).select_related("organization"):
        domain = user.email.rsplit("@", 1)[-1]
        if user.email != NETWORK_ADMIN_EMAIL and domain not in domains:
            continue
        if access.two_factor_required(user):
            two_factor.two_factor_install(
                user=user, key_hex=DEMO_TOTP_KEY, recovery_codes=demo_recovery_codes(user.email)
            )
    listed = {email for email, _org, _role in result.logins}
    for user in User.objects.filter(email__in=listed):
        left = set(two_factor.recovery_codes_of(user))
        codes = [code for code in demo_recovery_codes(user.email) if code in left]
        if codes:
            result.recovery_codes[user.email] = codes
