"""The directory demo's data: the services of partner programs, the
mainstream provincial and federal programs, and outside community services
(Ottawa; fictional 555-01xx phone numbers, ``.example`` addresses)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Program name (the part before " / " or the whole) -> (sub-domain, description, eligibility).
PROGRAM_SERVICES: dict[str, tuple[str, str, str]] = {
    "Accueil du carrefour / Hub drop-in": (
        "life_skills",
        "Accueil de jour : café, douches, buanderie, aide pour les démarches. / "
        "Day drop-in: coffee, showers, laundry, help with paperwork.",
        "Adultes sans logement ou à risque de le perdre. / Adults who are homeless or at risk.",
    ),
    "Travail de proximité / Street outreach": (
        "housing_search",
        "Équipe de rue qui va à la rencontre des personnes qui dorment dehors. / "
        "Street team reaching people sleeping outside.",
        "Personnes en situation d'itinérance sans abri. / People sleeping rough.",
    ),
    "Gestion des cas graves (GCG) / Intensive Case Management": (
        "mental_health",
        "Gestion de cas intensive pour adultes ayant un trouble de santé mentale grave. / "
        "Intensive case management for adults with serious mental illness.",
        "Adultes de 18 ans et plus, itinérance chronique, besoins modérés à élevés.",
    ),
    "Intervention en période critique (IPC)": (
        "mental_health",
        "Accompagnement de neuf mois après une sortie d'hôpital, de prison ou de refuge. / "
        "Nine-month support after leaving hospital, jail or shelter.",
        "Adultes qui quittent une institution vers un logement. / Adults leaving an institution.",
    ),
    "Suivi intensif dans le milieu (SIM) / Assertive Community Treatment": (
        "mental_health",
        "Équipe multidisciplinaire disponible 24/7 (psychiatre, infirmières, pairs aidants). / "
        "Multidisciplinary team available 24/7.",
        "Adultes avec trouble mental grave et besoins élevés. / Adults with high needs.",
    ),
    "Logement avec services de soutien / Supportive housing": (
        "housing_retention",
        "Logements avec soutien sur place et subvention au loyer. / "
        "Housing with on-site support and rent subsidy.",
        "Adultes suivis par un programme de Logement d'abord. / Adults in a Housing First program.",
    ),
    "Relations avec les propriétaires / Landlord relations": (
        "landlord",
        "Recrutement de propriétaires, médiation et visites de logements. / "
        "Landlord recruitment, mediation and unit viewings.",
        "Clients des partenaires du réseau. / Clients of network partners.",
    ),
    "Soins primaires / Primary care": (
        "primary_care",
        "Médecins et infirmières praticiennes, sans rendez-vous le matin. / "
        "Physicians and nurse practitioners, walk-in mornings.",
        "Toute personne du quartier, avec ou sans carte Santé. / Anyone, with or without OHIP.",
    ),
    "Désintoxication / Withdrawal management": (
        "addiction",
        "Services de gestion du sevrage en établissement et dans la communauté. / "
        "Residential and community withdrawal management.",
        "Adultes de 18 ans et plus. / Adults 18 and over.",
    ),
    "Intégration au marché du travail / Employment support": (
        "employment",
        "Préparation à l'emploi, stages rémunérés, placement. / "
        "Job readiness, paid placements, job matching.",
        "Adultes prêts à travailler quelques heures par semaine.",
    ),
    "Soutien du revenu / Income support": (
        "income",
        "Aide aux demandes d'Ontario au travail, du POSPH et aux déclarations de revenus. / "
        "Help with Ontario Works and ODSP applications and tax returns.",
        "Personnes à faible revenu. / People with low income.",
    ),
    "Logement de transition / Transitional housing": (
        "move_in",
        "Logement de transition jusqu'à deux ans avec soutien. / "
        "Transitional housing up to two years, with support.",
        "Adultes sortant de l'itinérance. / Adults leaving homelessness.",
    ),
    "Soins de répit / Respite care": (
        "primary_care",
        "Lits de répit pour se rétablir après une hospitalisation. / "
        "Respite beds to recover after a hospital stay.",
        "Adultes sans logement ayant besoin de soins de convalescence.",
    ),
    "Traitement résidentiel / Residential treatment": (
        "addiction",
        "Programme de traitement résidentiel de 28 jours. / 28-day residential treatment.",
        "Adultes ayant terminé un sevrage. / Adults after withdrawal management.",
    ),
    "Logement social / Social housing": (
        "social_housing",
        "Logements coopératifs à loyer indexé sur le revenu. / Rent-geared-to-income co-op units.",
        "Ménages inscrits au registre du logement social. / Households on the registry.",
    ),
    "Apprentissage et tutorat / Learning and tutoring": (
        "learning",
        "Alphabétisation, DESO pour adultes, tutorat. / Literacy, adult high school, tutoring.",
        "Adultes de 18 ans et plus. / Adults 18 and over.",
    ),
    "Soutien par les pairs / Peer support": (
        "volunteering",
        "Groupes de pairs aidants et bénévolat. / Peer support groups and volunteering.",
        "Toute personne suivie par un partenaire. / Anyone supported by a partner.",
    ),
    "Repas communautaires / Community meals": (
        "life_skills",
        "Repas chauds tous les jours et vestiaire. / Hot meals every day and clothing room.",
        "Ouvert à tous. / Open to all.",
    ),
}


@dataclass
class Spec:
    name: str
    sub_domain: str
    description: str
    alternate_name: str = ""
    eligibility: str = ""
    apply: str = ""
    fees: str = "Gratuit / Free"
    hours: str = "Lun–ven 8 h 30 – 16 h 30 / Mon–Fri 8:30–4:30"
    area: str = "Ottawa"
    languages: list[str] = field(default_factory=lambda: ["fr", "en"])
    minimum_age: int | None = None
    maximum_age: int | None = None
    address: str = ""


# (organization name, alternate name, website) -> services. Mainstream programs.
MAINSTREAM: list[tuple[tuple[str, str, str], list[Spec]]] = [
    (
        (
            "Ministère des Services à l'enfance et des Services sociaux et communautaires",
            "Ministry of Children, Community and Social Services",
            "https://mccss.ontario.example",
        ),
        [
            Spec(
                "Ontario Works",
                "income",
                "Aide financière pour la nourriture et le logement, et aide à l'emploi.",
                "Ontario au travail",
                "Résidents de l'Ontario dans le besoin financier, 18 ans et plus.",
                "En ligne, par téléphone ou au bureau de la Ville.",
                minimum_age=18,
                address="370, rue Catherine|K1R 5T2",
            ),
            Spec(
                "Ontario Disability Support Program (ODSP)",
                "income",
                "Soutien du revenu et prestations pour les personnes handicapées.",
                "Programme ontarien de soutien aux personnes handicapées (POSPH)",
                "Adultes ayant un handicap important et un besoin financier.",
                "Demande en ligne, puis trousse de détermination de l'invalidité.",
                minimum_age=18,
                address="347, rue Preston|K1S 3J4",
            ),
        ],
    ),
    (
        (
            "Ministère de la Santé de l'Ontario",
            "Ontario Ministry of Health",
            "https://health.ontario.example",
        ),
        [
            Spec(
                "OHIP – Ontario Health Insurance Plan",
                "primary_care",
                "Assurance-santé publique : médecins, hôpitaux, examens.",
                "Assurance-santé de l'Ontario",
                "Résidents de l'Ontario admissibles.",
                "Dans un centre ServiceOntario, avec trois pièces d'identité.",
                fees="Gratuit / Free",
            ),
            Spec(
                "Ontario Drug Benefit",
                "primary_care",
                "Couverture des médicaments sur ordonnance.",
                "Programme de médicaments de l'Ontario",
                "Bénéficiaires d'Ontario au travail, du POSPH, 65 ans et plus.",
                "Automatique pour les bénéficiaires admissibles.",
            ),
        ],
    ),
    (
        ("Santé à domicile Ontario", "Ontario Health atHome", "https://athome.ontario.example"),
        [
            Spec(
                "Ontario Health atHome – home and community care",
                "primary_care",
                "Soins infirmiers, soutien à la personne et coordination des soins à domicile.",
                "Santé à domicile Ontario – soins à domicile",
                "Personnes ayant besoin de soins à domicile, sur évaluation.",
                "Par un médecin, un hôpital ou par téléphone.",
                hours="7 jours / 7 days, 8 h – 20 h",
            )
        ],
    ),
    (
        (
            "Centre d'enregistrement pour le logement social d'Ottawa",
            "Social Housing Registry of Ottawa",
            "https://registry.ottawa.example",
        ),
        [
            Spec(
                "Registre du logement social",
                "social_housing",
                "Inscription unique pour les logements à loyer indexé sur le revenu à Ottawa.",
                "Social housing registry",
                "Ménages à faible revenu, 16 ans et plus, statut au Canada.",
                "Formulaire en ligne ou au comptoir; statut prioritaire pour les situations urgentes.",
                minimum_age=16,
                address="1, rue Nicholas|K1N 7B7",
            )
        ],
    ),
    (
        ("Service Canada", "Service Canada", "https://servicecanada.example"),
        [
            Spec(
                "Numéro d'assurance sociale (NAS)",
                "identification",
                "Obtenir ou remplacer un numéro d'assurance sociale.",
                "Social Insurance Number (SIN)",
                "Citoyens, résidents permanents, résidents temporaires.",
                "Au centre Service Canada avec une pièce d'identité principale.",
                address="110, rue Laurier Ouest|K1P 1J1",
            ),
            Spec(
                "Assurance-emploi",
                "income",
                "Prestations régulières et de maladie.",
                "Employment Insurance",
                "Personnes ayant perdu leur emploi et assez d'heures assurables.",
                "Demande en ligne.",
            ),
            Spec(
                "Supplément de revenu garanti",
                "income",
                "Prestation mensuelle pour aînés à faible revenu.",
                "Guaranteed Income Supplement",
                "Personnes de 65 ans et plus recevant la Sécurité de la vieillesse.",
                minimum_age=65,
            ),
        ],
    ),
    (
        ("Aide juridique Ontario", "Legal Aid Ontario", "https://legalaid.ontario.example"),
        [
            Spec(
                "Aide juridique – certificats et avocats de service",
                "legal",
                "Avocats pour les affaires criminelles, familiales, de réfugiés et de santé mentale.",
                "Legal Aid Ontario – certificates and duty counsel",
                "Personnes à faible revenu, selon un examen financier.",
                "Par téléphone, au palais de justice ou dans une clinique juridique.",
                fees="Gratuit ou contribution selon le revenu / Free or income-based contribution",
            )
        ],
    ),
    (
        ("ConnexOntario", "ConnexOntario", "https://connexontario.example"),
        [
            Spec(
                "ConnexOntario – ligne d'aide santé mentale et dépendances",
                "addiction",
                "Information et orientation 24/7 vers les services de santé mentale, de dépendances et de jeu.",
                "ConnexOntario helpline",
                "Toute personne en Ontario.",
                "Appeler, clavarder ou écrire, jour et nuit.",
                hours="24/7",
                area="Ontario",
            )
        ],
    ),
    (
        ("ServiceOntario", "ServiceOntario", "https://serviceontario.example"),
        [
            Spec(
                "Carte Santé et carte-photo",
                "identification",
                "Demande ou remplacement de la carte Santé et de la carte-photo de l'Ontario.",
                "Health card and photo card",
                "Résidents de l'Ontario.",
                "En personne dans un centre ServiceOntario.",
                fees="Carte-photo 35 $; carte Santé gratuite",
                address="110, rue Laurier Ouest|K1P 1J1",
            ),
            Spec(
                "Certificat de naissance",
                "identification",
                "Demande de certificat de naissance de l'Ontario.",
                "Birth certificate",
                "Personnes nées en Ontario.",
                "En ligne ou en personne.",
                fees="25 $ à 35 $",
            ),
        ],
    ),
    (
        (
            "Ville d'Ottawa – Services sociaux et d'emploi",
            "City of Ottawa – Social and Employment Services",
            "https://ottawa.example",
        ),
        [
            Spec(
                "Allocation Canada-Ontario pour le logement",
                "rent_subsidy",
                "Allocation mensuelle versée directement au ménage pour payer le loyer.",
                "Canada-Ontario Housing Benefit",
                "Ménages inscrits au registre ou prioritaires (itinérance).",
                "Par un travailleur d'un programme de logement.",
                minimum_age=16,
            ),
            Spec(
                "Fonds d'aide pour les loyers et les services publics",
                "rent_subsidy",
                "Aide ponctuelle pour arriérés de loyer ou d'électricité.",
                "Housing Stability Benefit",
                "Bénéficiaires d'Ontario au travail ou du POSPH, et ménages à faible revenu.",
            ),
            Spec(
                "Emploi Ontario – centre de services",
                "employment",
                "Recherche d'emploi, formation, subventions salariales.",
                "Employment Ontario",
                "Chercheurs d'emploi de 15 ans et plus.",
                minimum_age=15,
            ),
        ],
    ),
]

# Outside community services (not partners, not mainstream).
COMMUNITY: list[tuple[str, list[Spec]]] = [
    (
        "Banque alimentaire de la Basse-Ville",
        [
            Spec(
                "Paniers d'épicerie",
                "life_skills",
                "Paniers d'épicerie une fois par mois et dépannage d'urgence.",
                "Food hamper program",
                languages=["fr", "en", "ar", "so"],
                address="89, rue Dalhousie|K1N 7E6",
            )
        ],
    ),
    (
        "Ligne de crise en santé mentale de l'Est",
        [
            Spec(
                "Ligne de crise 24/7",
                "mental_health",
                "Écoute et intervention téléphonique en situation de crise.",
                "24/7 crisis line",
                hours="24/7",
            )
        ],
    ),
    (
        "Centre de santé communautaire Côte-de-Sable",
        [
            Spec(
                "Clinique dentaire communautaire",
                "primary_care",
                "Soins dentaires d'urgence à faible coût.",
                "Community dental clinic",
                fees="Selon le revenu / Sliding scale",
                address="221, rue Nelson|K1N 1C7",
            ),
            Spec(
                "Programme de réduction des méfaits",
                "addiction",
                "Matériel d'injection et d'inhalation plus sécuritaire, naloxone, tests de drogues.",
                "Harm reduction program",
                languages=["fr", "en", "es"],
            ),
        ],
    ),
    (
        "Maison Mino Bimaadiziwin",
        [
            Spec(
                "Soutien culturel autochtone",
                "volunteering",
                "Cercles, aînés, cérémonies et accompagnement pour les personnes autochtones.",
                "Indigenous cultural support",
                "Personnes des Premières Nations, Inuit et Métis.",
                languages=["en", "fr", "oj", "cr", "iu"],
                address="510, rue Rideau|K1N 5Z6",
            )
        ],
    ),
    (
        "Centre des nouveaux arrivants d'Ottawa",
        [
            Spec(
                "Établissement et interprétation",
                "identification",
                "Aide à l'établissement, documents d'immigration, interprètes.",
                "Settlement and interpretation",
                "Résidents permanents, réfugiés et demandeurs d'asile.",
                languages=["fr", "en", "ar", "es", "fa", "sw", "zh", "ht"],
            )
        ],
    ),
    (
        "Jeunesse Ottawa",
        [
            Spec(
                "Refuge pour jeunes",
                "housing_search",
                "Lits d'urgence et accompagnement pour jeunes de 16 à 24 ans.",
                "Youth shelter",
                minimum_age=16,
                maximum_age=24,
                hours="24/7",
            ),
            Spec(
                "Programme emploi jeunesse",
                "employment",
                "Formation et stages pour jeunes sans emploi.",
                "Youth job program",
                minimum_age=16,
                maximum_age=29,
            ),
        ],
    ),
    (
        "Clinique juridique communautaire d'Ottawa",
        [
            Spec(
                "Droit du logement et prévention des expulsions",
                "legal",
                "Représentation à la Commission de la location immobilière.",
                "Tenant law and eviction prevention",
                "Locataires à faible revenu.",
            )
        ],
    ),
    (
        "Centre de ressources pour femmes de l'Outaouais",
        [
            Spec(
                "Maison d'hébergement pour femmes",
                "housing_search",
                "Hébergement sécuritaire pour femmes et enfants fuyant la violence.",
                "Women's shelter",
                "Femmes (et leurs enfants) qui fuient la violence.",
                hours="24/7",
                minimum_age=16,
            )
        ],
    ),
    (
        "Association des locataires d'Ottawa",
        [
            Spec(
                "Ateliers de budget et de vie en logement",
                "life_skills",
                "Ateliers pour gérer un budget, un bail et les relations de voisinage.",
                "Budgeting and tenancy workshops",
            )
        ],
    ),
    (
        "Bibliothèque publique d'Ottawa",
        [
            Spec(
                "Aide informatique et cartes de bibliothèque",
                "learning",
                "Ordinateurs, internet, aide pour remplir des formulaires en ligne.",
                "Computer help and library cards",
                languages=["fr", "en", "zh", "ar"],
            )
        ],
    ),
    (
        "Services aux aînés francophones",
        [
            Spec(
                "Visites amicales pour aînés",
                "volunteering",
                "Bénévoles qui visitent les aînés isolés.",
                "Friendly visiting for seniors",
                minimum_age=65,
                languages=["fr"],
            )
        ],
    ),
    (
        "Programme de fiducie volontaire",
        [
            Spec(
                "Gestion volontaire des finances",
                "income",
                "Paiement du loyer et budget accompagné, sur entente volontaire.",
                "Voluntary trusteeship",
            )
        ],
    ),
    (
        "Service de counselling familial d'Ottawa",
        [
            Spec(
                "Counselling individuel et familial",
                "mental_health",
                "Counselling à court terme, sans rendez-vous le mercredi.",
                "Individual and family counselling",
                fees="Selon le revenu / Sliding scale",
                languages=["fr", "en", "es", "ar", "so"],
            )
        ],
    ),
    (
        "Popote roulante d'Ottawa",
        [
            Spec(
                "Repas livrés à domicile",
                "life_skills",
                "Repas chauds livrés aux personnes en perte d'autonomie.",
                "Meals on wheels",
                fees="8 $ par repas / $8 a meal",
            )
        ],
    ),
    (
        "Centre d'emploi francophone",
        [
            Spec(
                "Recherche d'emploi en français",
                "employment",
                "Curriculum vitæ, entrevues et placement auprès d'employeurs bilingues.",
                "French-language job search",
                languages=["fr"],
            )
        ],
    ),
    (
        "Centre de traitement jeunesse Le Cap",
        [
            Spec(
                "Traitement des dépendances pour jeunes",
                "addiction",
                "Traitement de jour et résidentiel pour jeunes.",
                "Youth addiction treatment",
                minimum_age=13,
                maximum_age=21,
            )
        ],
    ),
]

# Extra services of partners (organization name -> specs).
PARTNER_EXTRAS: dict[str, list[Spec]] = {
    "Carrefour Centre-Ville – aide aux sans-abri et lutte contre les dépendances": [
        Spec(
            "Clinique des pièces d'identité",
            "identification",
            "Aide pour obtenir carte Santé, certificat de naissance et NAS; frais payés.",
            "ID clinic",
            hours="Mardi 13 h – 16 h / Tuesday 1–4 pm",
        ),
        Spec(
            "Fiducie et gestion du chèque",
            "income",
            "Gestion volontaire du chèque d'aide sociale.",
            "Trusteeship",
        ),
    ],
    "Clinique juridique et d'aide au revenu populaire": [
        Spec(
            "Clinique juridique populaire",
            "legal",
            "Conseils juridiques gratuits : aide sociale, logement, immigration.",
            "People's legal clinic",
            "Personnes à faible revenu.",
        ),
    ],
    "Centre de santé communautaire du Quartier": [
        Spec(
            "Counselling en santé mentale",
            "mental_health",
            "Counselling individuel à court terme, sans frais.",
            "Mental health counselling",
            languages=["fr", "en", "es", "ar"],
        ),
    ],
    "Solidaires – Association des pairs aidants": [
        Spec(
            "Accompagnement aux rendez-vous",
            "volunteering",
            "Un pair aidant accompagne la personne à ses rendez-vous.",
            "Appointment accompaniment",
        ),
    ],
    "Mission Bon Accueil – Repas et vestiaire": [
        Spec(
            "Vestiaire et banque de meubles",
            "move_in",
            "Vêtements, meubles et articles de cuisine pour l'emménagement.",
            "Clothing room and furniture bank",
        ),
    ],
}

STREETS = [
    ("rue Rideau", "K1N 5Y5"),
    ("rue Murray", "K1N 5M6"),
    ("rue Bank", "K2P 1Y3"),
    ("avenue King-Edward", "K1N 7L7"),
    ("rue Somerset Ouest", "K1R 6P8"),
    ("chemin de Montréal", "K1L 6E9"),
    ("rue Elgin", "K2P 1L4"),
    ("avenue Carling", "K1Z 7B5"),
]
OTHER_LANGUAGES = ["ar", "es", "so", "zh", "fa", "pt", "ht", "sw"]
