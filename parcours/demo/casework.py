"""Demo data for the casework app: realistic caseloads for the ICM, CTI and
ACT teams of the demo network.

* Passerelle's ICM program: five case managers, one of them (Mathieu Côté)
  at capacity (20 clients), the others between 9 and 17, and a waitlist;
* Passerelle's CTI program: clients in each of the three phases;
* Horizon's ACT team: one shared caseload, some clients stable for months;
* step-downs ACT → ICM and ICM clients who finished (regular services).

Everything goes through ``parcours.casework.services`` (validated and
audited). ``seed_casework`` is idempotent: when Passerelle's ICM program has
an enrollment, it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from parcours.access import can_write_plan, client_access_for, clients_visible_to
from parcours.accounts.models import MembershipRole, Organization, Program, User
from parcours.casework import services
from parcours.casework.models import (
    SUBDOMAIN_SUPPORT,
    Assessment,
    AssessmentInstrument,
    CaseNote,
    CasePlan,
    Encounter,
    Enrollment,
    EnrollmentEndReason,
    InstrumentQuestion,
)
from parcours.clients.models import Client

PASSERELLE = "passerelle.example"
HORIZON = "horizon-sim.example"

# How many clients each ICM case manager holds (Mathieu is at the 1:20 standard).
ICM_LOADS = {
    "mathieu.cote": 20,
    "chloe.pelletier": 17,
    "daniel.morrison": 14,
    "priya.sharma": 12,
    "jean-francois.belanger": 9,
}
ACT_CLIENTS = 46
CTI_CLIENTS = 9
# Days since the start of each CTI enrollment: every phase, one phase change
# and one end of CTI coming up within two weeks.
CTI_STARTS = [12, 35, 58, 80, 110, 140, 175, 215, 262]
ICM_WAITING = 5
STEP_DOWNS = 3
ICM_COMPLETED = 4

WAITLIST_NOTES = [
    "Préfère un suivi en français, disponible le matin.",
    "Referred by the hospital social worker after discharge; needs an English-speaking worker.",
    "Sortie de désintoxication prévue le mois prochain.",
    "Currently at the shelter; agreed to case management at the hub.",
    "Orienté par le refuge; suivi souhaité près du centre-ville.",
]

STEP_DOWN_REASONS = [
    "Stable depuis huit mois, logement maintenu, suivi psychiatrique régulier.",
    "Stable for seven months in housing; sees the family doctor on their own.",
    "Aucune hospitalisation depuis un an; souhaite un suivi moins intensif.",
]

COMPLETED_DESTINATIONS = [
    "Services réguliers du CLSC / regular community health centre",
    "Family doctor and community mental-health clinic",
    "Programme de soutien par les pairs",
    "Services réguliers / regular services",
]


@dataclass
class CaseworkDemo:
    created: bool = False
    enrollments: int = 0
    waiting: int = 0
    step_downs: int = 0
    plans: int = 0
    encounters: int = 0
    clinical_notes: int = 0
    assessments: int = 0
    loads: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not (self.created or self.plans or self.encounters or self.assessments):
            return "Casework demo already loaded: nothing added."
        loads = ", ".join(f"{k} {v}" for k, v in self.loads.items())
        return (
            f"Casework demo: {self.enrollments} enrollments (ICM {loads}), "
            f"{self.waiting} on the ICM waitlist, {self.step_downs} ACT → ICM step-downs, "
            f"{self.plans} plans with goals in the client's language, "
            f"{self.encounters} encounters over three months, {self.clinical_notes} clinical notes, "
            f"{self.assessments} acuity assessments."
        )


def _org(domain: str) -> Organization | None:
    user = User.objects.filter(email__endswith="@" + domain, organization__isnull=False).first()
    return user.organization if user else None


def _staff(local: str, domain: str) -> User:
    return User.objects.get(email=f"{local}@{domain}")


def _coordinator(program: Program) -> User:
    membership = program.memberships.filter(role=MembershipRole.COORDINATOR).select_related("user")
    first = membership.order_by("user__email").first()
    if first is not None:
        return first.user
    admin = User.objects.filter(organization=program.organization, is_org_admin=True).first()
    assert admin is not None
    return admin


# Clients in an order that does not depend on their random ids (two records of
# one person registered twice share a name and birth date: the older first).
_CLIENT_ORDER = ("family_name", "given_name", "date_of_birth", "created_at", "pk")


def _visible_named(user: User) -> list[Client]:
    return list(
        clients_visible_to(user)
        .filter(is_anonymous=False, linked_to__isnull=True)
        .order_by(*_CLIENT_ORDER)
    )


@transaction.atomic
def seed_casework(*, seed: int) -> CaseworkDemo:
    result = _seed_caseloads(seed=seed)
    result.plans = seed_plans(seed=seed)
    result.encounters, result.clinical_notes = seed_encounters(seed=seed)
    result.assessments = seed_assessments(seed=seed)
    return result


def _seed_caseloads(*, seed: int) -> CaseworkDemo:
    result = CaseworkDemo()
    passerelle, horizon = _org(PASSERELLE), _org(HORIZON)
    if passerelle is None or horizon is None:
        return result
    icm = Program.objects.filter(organization=passerelle, kind="icm").first()
    cti = Program.objects.filter(organization=passerelle, kind="cti").first()
    act = Program.objects.filter(organization=horizon, kind="act").first()
    if icm is None or cti is None or act is None:
        return result
    if Enrollment.objects.filter(program=icm).exists():
        return result
    result.created = True
    rng = random.Random(seed)
    today = timezone.localdate()
    for program in (icm, cti, act):
        services.program_standard_ensure(program)

    icm_lead = _coordinator(icm)
    act_lead = _coordinator(act)
    act_team = act.teams.order_by("name").first()
    passerelle_clients = _visible_named(icm_lead)
    horizon_ids = {c.pk for c in _visible_named(act_lead)}
    shared = [c for c in passerelle_clients if c.pk in horizon_ids]
    rng.shuffle(shared)
    used: set[object] = set()

    def take(pool: list[Client], n: int) -> list[Client]:
        chosen = [c for c in pool if c.pk not in used][:n]
        used.update(c.pk for c in chosen)
        return chosen

    # ACT: one team caseload; a few clients stepped down to ICM after stable months.
    step_down = take(shared, STEP_DOWNS)
    act_clients = take(shared, ACT_CLIENTS)
    for client in act_clients:
        start = today - dt.timedelta(days=rng.randint(20, 900))
        services.enrollment_open(
            acting_user=act_lead, client=client, program=act, start_date=start, team=act_team
        )
        result.enrollments += 1

    # ICM: each case manager's caseload; Mathieu at capacity.
    rest = [c for c in passerelle_clients if c.pk not in used]
    rng.shuffle(rest)
    workers = {local: _staff(local, PASSERELLE) for local in ICM_LOADS}
    step_down_targets = ["jean-francois.belanger", "priya.sharma", "daniel.morrison"]
    for index, client in enumerate(step_down):
        act_start = today - dt.timedelta(days=rng.randint(500, 800))
        old = services.enrollment_open(
            acting_user=act_lead, client=client, program=act, start_date=act_start, team=act_team
        )
        moved_on = today - dt.timedelta(days=rng.randint(30, 150))
        _step_down_across(
            act_lead=act_lead,
            icm_lead=icm_lead,
            enrollment=old,
            icm=icm,
            on=moved_on,
            reason=STEP_DOWN_REASONS[index % len(STEP_DOWN_REASONS)],
            worker=workers[step_down_targets[index % len(step_down_targets)]],
        )
        result.enrollments += 2
        result.step_downs += 1
    loads = dict.fromkeys(ICM_LOADS, 0)
    for index in range(len(step_down)):
        loads[step_down_targets[index % len(step_down_targets)]] += 1
    for local, target in ICM_LOADS.items():
        for client in take(rest, target - loads[local]):
            start = today - dt.timedelta(days=rng.randint(10, 560))
            services.enrollment_open(
                acting_user=icm_lead,
                client=client,
                program=icm,
                start_date=start,
                primary_worker=workers[local],
            )
            loads[local] += 1
            result.enrollments += 1
    result.loads = {workers[k].given_name: v for k, v in loads.items()}

    # ICM clients who finished: goals met, moved on to regular services.
    for index, client in enumerate(take(rest, ICM_COMPLETED)):
        start = today - dt.timedelta(days=rng.randint(420, 560))
        enrollment = services.enrollment_open(
            acting_user=icm_lead,
            client=client,
            program=icm,
            start_date=start,
            primary_worker=workers[list(ICM_LOADS)[1 + index % (len(ICM_LOADS) - 1)]],
        )
        services.enrollment_close(
            acting_user=icm_lead,
            enrollment=enrollment,
            end_date=start + dt.timedelta(days=rng.randint(360, 410)),
            end_reason=EnrollmentEndReason.GOALS_MET,
            destination=COMPLETED_DESTINATIONS[index % len(COMPLETED_DESTINATIONS)],
            end_note="Transition planifiée vers les services réguliers.",
        )
        result.enrollments += 1

    # CTI: clients in each of the three phases, with Amélie Dubois.
    cti_worker = _staff("amelie.dubois", PASSERELLE)
    for index, client in enumerate(take(rest, CTI_CLIENTS)):
        start = today - dt.timedelta(days=CTI_STARTS[index % len(CTI_STARTS)])
        services.enrollment_open(
            acting_user=icm_lead,
            client=client,
            program=cti,
            start_date=start,
            primary_worker=cti_worker,
        )
        result.enrollments += 1

    # The ICM waitlist, in order of referral.
    for index, client in enumerate(take(rest, ICM_WAITING)):
        services.waitlist_add(
            acting_user=icm_lead,
            program=icm,
            client=client,
            note=WAITLIST_NOTES[index % len(WAITLIST_NOTES)],
        )
        result.waiting += 1
    return result


def _step_down_across(
    *,
    act_lead: User,
    icm_lead: User,
    enrollment: Enrollment,
    icm: Program,
    on: dt.date,
    reason: str,
    worker: User,
) -> Enrollment:
    """ACT and ICM are run by two partners: the ACT team closes its
    enrollment (stepped down, destination the ICM program) and the ICM
    provider opens the next one, linked to it, the same day."""
    closed = services.enrollment_close(
        acting_user=act_lead,
        enrollment=enrollment,
        end_date=on,
        end_reason=EnrollmentEndReason.STEPPED_DOWN,
        destination=str(icm),
        end_note=reason,
    )
    return services.enrollment_open(
        acting_user=icm_lead,
        client=closed.client,
        program=icm,
        start_date=on,
        primary_worker=worker,
        previous_enrollment=closed,
    )


# --- Plans and goals, in the client's language ---------------------------------

# (area, goal in French, goal in English, steps in French, steps in English)
GOALS: list[tuple[str, str, str, list[str], list[str]]] = [
    (
        "housing_search",
        "Avoir mon propre appartement, pas trop loin de ma fille",
        "Have my own apartment, not too far from my daughter",
        ["Remplir la demande de logement social", "Visiter deux logements avec ma gestionnaire"],
        ["Fill in the social housing application", "Visit two apartments with my worker"],
    ),
    (
        "housing_retention",
        "Garder mon logement et m'entendre avec le propriétaire",
        "Keep my place and get along with the landlord",
        ["Payer le loyer le 1er du mois", "Rencontre avec le propriétaire pour le bruit"],
        ["Pay the rent on the first of the month", "Meet the landlord about the noise"],
    ),
    (
        "income",
        "Recevoir enfin mon chèque du POSPH",
        "Finally get my ODSP cheque",
        ["Obtenir le formulaire médical signé", "Déposer la demande au bureau"],
        ["Get the medical form signed", "Drop off the application at the office"],
    ),
    (
        "mental_health",
        "Dormir mieux et avoir moins d'angoisses",
        "Sleep better and feel less anxious",
        ["Rendez-vous avec l'infirmière de l'équipe", "Essayer la marche le soir"],
        ["Appointment with the team nurse", "Try an evening walk"],
    ),
    (
        "addiction",
        "Boire moins, surtout en fin de semaine",
        "Drink less, especially on weekends",
        ["Parler au spécialiste en dépendances", "Noter mes consommations une semaine"],
        ["Talk to the addiction specialist", "Write down what I drink for a week"],
    ),
    (
        "primary_care",
        "Trouver un médecin de famille pour mon diabète",
        "Find a family doctor for my diabetes",
        ["S'inscrire à Accès Soins", "Aller à la clinique sans rendez-vous en attendant"],
        ["Register with Health Care Connect", "Go to the walk-in clinic in the meantime"],
    ),
    (
        "employment",
        "Travailler quelques heures par semaine dans une cuisine",
        "Work a few hours a week in a kitchen",
        ["Préparer mon CV avec Avenir Emploi", "Obtenir le certificat de salubrité"],
        ["Write my résumé with Avenir Emploi", "Get the food handler certificate"],
    ),
    (
        "life_skills",
        "Faire mon épicerie et cuisiner pour la semaine",
        "Do my groceries and cook for the week",
        ["Faire un budget d'épicerie", "Atelier de cuisine au centre communautaire"],
        ["Make a grocery budget", "Cooking workshop at the community centre"],
    ),
    (
        "volunteering",
        "Voir du monde, ne plus être seul toute la journée",
        "See people, not be alone all day",
        ["Essayer le bénévolat aux repas communautaires"],
        ["Try volunteering at the community meals"],
    ),
    (
        "identification",
        "Ravoir mes papiers d'identité",
        "Get my ID back",
        ["Demander l'acte de naissance", "Rendez-vous à ServiceOntario"],
        ["Order the birth certificate", "Appointment at ServiceOntario"],
    ),
    (
        "learning",
        "Finir mon secondaire",
        "Finish high school",
        ["Inscription au centre d'éducation des adultes"],
        ["Register at the adult learning centre"],
    ),
]

WORDS = {
    "fr": [
        "Je veux un chez-moi et retrouver une routine.",
        "Je veux être stable et revoir mes enfants.",
        "Je veux qu'on me laisse tranquille, mais avoir de l'aide quand ça va mal.",
    ],
    "en": [
        "I want a place of my own and a normal routine.",
        "I want to be stable and see my kids again.",
        "I want to be left alone, but have help when things get bad.",
    ],
}

REVIEW_NOTES = {
    "fr": ["Bons progrès, on continue.", "Difficile ce mois-ci; on ajuste.", "Objectif atteint!"],
    "en": ["Good progress, keep going.", "Hard month; adjusting the plan.", "Goal reached!"],
}

PLANS = 70


def seed_plans(*, seed: int) -> int:
    """Plans with two or three goals each for clients of the ICM, CTI and ACT
    programs, in the client's preferred language. Idempotent."""
    if CasePlan.objects.exists():
        return 0
    rng = random.Random(seed + 1)
    today = timezone.localdate()
    enrollments = list(
        Enrollment.objects.filter(end_date__isnull=True, program__kind__in=["icm", "act", "cti"])
        .select_related("client", "primary_worker", "program")
        .order_by(*(f"client__{f}" for f in _CLIENT_ORDER))
    )
    rng.shuffle(enrollments)
    made = 0
    for enrollment in enrollments:
        if made >= PLANS:
            break
        client = enrollment.client
        worker = enrollment.primary_worker or (
            User.objects.filter(team_memberships__team=enrollment.team_id, is_active=True)
            .order_by("email")
            .first()
        )
        if worker is None:
            continue
        client_access = client_access_for(worker, client)
        # A partner the client shares only their identity with writes no plan.
        if not can_write_plan(client_access, None):
            continue
        language = "en" if client.preferred_language == "en" else "fr"
        plan = services.plan_ensure(acting_user=worker, client_access=client_access)
        services.plan_update(
            acting_user=worker,
            client_access=client_access,
            expected_version=plan.version,
            changes={"in_own_words": rng.choice(WORDS[language])},
        )
        if rng.random() < 0.15:
            plan = CasePlan.objects.get(pk=plan.pk)
            services.plan_review_record(
                acting_user=worker,
                client_access=client_access,
                expected_version=plan.version,
                reviewed_on=today - dt.timedelta(days=rng.randint(85, 110)),
            )
        for area, fr, en, steps_fr, steps_en in rng.sample(GOALS, rng.choice([2, 2, 3])):
            goal = services.goal_add(
                acting_user=worker,
                client_access=client_access,
                statement=fr if language == "fr" else en,
                support_type=SUBDOMAIN_SUPPORT[area],
                sub_domain=area,
                responsible=(responsible := rng.choice(["client", "client", "worker"])),
                responsible_worker=worker if responsible == "worker" else None,
                target_date=today + dt.timedelta(days=rng.randint(20, 200)),
                steps=steps_fr if language == "fr" else steps_en,
            )
            if rng.random() < 0.6:
                first_step = goal.steps.order_by("created_at").first()
                if first_step is not None:
                    services.goal_step_done(
                        acting_user=worker, client_access=client_access, step=first_step
                    )
                progress = rng.choice(["some", "good", "setback", "achieved"])
                note = REVIEW_NOTES[language][
                    2 if progress == "achieved" else (1 if progress == "setback" else 0)
                ]
                services.goal_review_add(
                    acting_user=worker,
                    client_access=client_access,
                    goal=goal,
                    progress=progress,
                    note=note,
                    reviewed_on=today - dt.timedelta(days=rng.randint(1, 40)),
                )
        made += 1
    return made


# --- Months of encounters and notes --------------------------------------------------

# Average days between contacts, per model; a few clients are left without
# recent contact so that the worklist has something to show.
CADENCE = {"act": (1, 3), "icm": (5, 10), "cti": (5, 12)}
HISTORY_DAYS = {"act": 60, "icm": 100, "cti": 100}
KINDS = {
    "act": ["home_visit"] * 5 + ["outreach", "phone", "team_meeting", "accompaniment"],
    "icm": ["home_visit", "office", "outreach", "accompaniment", "accompaniment", "phone", "video"],
    "cti": ["home_visit", "office", "phone", "accompaniment"],
}
PLACES = {
    "home_visit": ["Au domicile du client", "At the client's apartment"],
    "office": ["Bureau de Passerelle, rue Rideau", "Passerelle office"],
    "outreach": ["Parc Minto", "Centre commercial Rideau", "Near the ByWard Market"],
    "accompaniment": ["Clinique populaire", "Bureau du POSPH / ODSP office", "Hôpital Montfort"],
    "phone": [""],
    "video": [""],
    "team_meeting": ["Local de l'équipe SIM", "ACT team office"],
}
SUMMARIES = {
    "fr": [
        "Visite de suivi; le client va bien, logement propre.",
        "Accompagnement au rendez-vous, démarches avancées.",
        "Discussion du budget du mois; épicerie faite ensemble.",
        "Client fatigué, peu de sommeil; on se revoit cette semaine.",
        "Appel pour confirmer le rendez-vous de jeudi.",
        "Rencontre avec le propriétaire au sujet des réparations.",
    ],
    "en": [
        "Follow-up visit; client doing well, apartment tidy.",
        "Went with the client to the appointment; paperwork moving.",
        "Went over the month's budget; groceries done together.",
        "Client tired, not sleeping much; will meet again this week.",
        "Call to confirm Thursday's appointment.",
        "Met the landlord about the repairs.",
    ],
}
CLINICAL = {
    "fr": [
        "Observance de la médication vérifiée; pas d'effets secondaires rapportés.",
        "Humeur stable, sommeil amélioré. Poursuite du plan de traitement.",
        "Consommation d'alcool en baisse selon le client; entretien motivationnel.",
        "Injection mensuelle administrée. Signes vitaux normaux.",
        "Anxiété accrue depuis le déménagement; ajustement discuté avec la psychiatre.",
    ],
    "en": [
        "Medication adherence checked; no side effects reported.",
        "Mood stable, sleep improved. Continuing the treatment plan.",
        "Client reports drinking less; motivational interviewing.",
        "Monthly injection given. Vital signs normal.",
        "More anxious since the move; adjustment discussed with the psychiatrist.",
    ],
}


def seed_encounters(*, seed: int) -> tuple[int, int]:
    """About three months of encounters for the clients of the ICM, CTI and
    ACT programs, with general notes and the ACT team's clinical notes.
    Idempotent: nothing is added when encounters exist."""
    if Encounter.objects.exists():
        return 0, 0
    rng = random.Random(seed + 2)
    now = timezone.now()
    enrollments = list(
        Enrollment.objects.filter(end_date__isnull=True, program__kind__in=list(CADENCE))
        .select_related("client", "program", "primary_worker", "team")
        .order_by("program__name", *(f"client__{f}" for f in _CLIENT_ORDER))
    )
    team_staff: dict[object, list[User]] = {}
    encounters = notes = 0
    for enrollment in enrollments:
        kind = enrollment.program.kind
        if enrollment.team_id is not None and enrollment.team_id not in team_staff:
            team_staff[enrollment.team_id] = list(
                User.objects.filter(team_memberships__team=enrollment.team_id, is_active=True)
                .select_related("discipline")
                .order_by("email")
            )
        staff = team_staff.get(enrollment.team_id, []) if enrollment.team_id else []
        worker = enrollment.primary_worker or (rng.choice(staff) if staff else None)
        if worker is None:
            continue
        client = enrollment.client
        language = "en" if client.preferred_language == "en" else "fr"
        client_access = client_access_for(worker, client)
        start = max(
            now - dt.timedelta(days=HISTORY_DAYS[kind]),
            timezone.make_aware(dt.datetime.combine(enrollment.start_date, dt.time(10))),
        )
        # One client in eight has had no contact for a while.
        stop = now - dt.timedelta(days=rng.randint(18, 30) if rng.random() < 0.125 else 1)
        low, high = CADENCE[kind]
        when = start + dt.timedelta(days=rng.randint(0, low))
        while when < stop:
            who = rng.choice(staff) if staff else worker
            contact = rng.choice(KINDS[kind])
            at = when.replace(hour=rng.randint(8, 19), minute=rng.choice([0, 15, 30, 45]))
            if at > now:
                break
            encounter = services.encounter_record(
                acting_user=who,
                client_access=client_access_for(who, client) if who != worker else client_access,
                kind=contact,
                occurred_at=at,
                duration_minutes=rng.choice([15, 30, 45, 60, 90]) if contact != "phone" else 10,
                staff=[rng.choice(staff)] if staff and rng.random() < 0.3 else [],
                location=rng.choice(PLACES[contact]),
                support_type=rng.choice(["housing", "clinical", "complementary", ""]),
                program=enrollment.program,
                summary=rng.choice(SUMMARIES[language]),
            )
            encounters += 1
            if who.is_clinical and rng.random() < 0.35:
                note = services.note_write(
                    acting_user=who,
                    client_access=client_access_for(who, client),
                    kind="clinical",
                    text=rng.choice(CLINICAL[language]),
                    is_sensitive=rng.random() < 0.1,
                    encounter=encounter,
                )
                CaseNote.objects.filter(pk=note.pk).update(created_at=at)
                notes += 1
            when += dt.timedelta(days=rng.randint(low, high))
    return encounters, notes


# --- Acuity assessments --------------------------------------------------------------

# Typical answer score (0–3) by program: ACT clients score high, ICM moderate.
TYPICAL = {"act": 2.3, "icm": 1.4, "cti": 1.6}
OVERRIDES = {
    "icm": {
        "fr": "Le client préfère un seul gestionnaire de cas plutôt qu'une équipe.",
        "en": "The client prefers one case manager to a team.",
    },
    "act": {
        "fr": "Hospitalisations fréquentes l'an dernier; le client connaît déjà l'équipe SIM.",
        "en": "Frequent hospital stays last year; the client already knows the ACT team.",
    },
}


def seed_assessments(*, seed: int) -> int:
    """Most clients of the ICM, CTI and ACT programs have an assessment done
    at intake, some a reassessment; a few are overdue. Idempotent."""
    if Assessment.objects.exists():
        return 0
    instrument = AssessmentInstrument.objects.filter(code="parcours-acuity-v1").first()
    if instrument is None:
        return 0
    questions = list(
        InstrumentQuestion.objects.filter(domain__instrument=instrument)
        .prefetch_related("answers")
        .order_by("domain__sort_order", "sort_order")
    )
    rng = random.Random(seed + 3)
    today = timezone.localdate()
    made = 0
    enrollments = list(
        Enrollment.objects.filter(end_date__isnull=True, program__kind__in=list(TYPICAL))
        .select_related("client", "program", "primary_worker")
        .order_by("program__name", *(f"client__{f}" for f in _CLIENT_ORDER))
    )
    seen: set[object] = set()
    for enrollment in enrollments:
        client = enrollment.client
        if client.pk in seen or rng.random() < 0.12:
            continue
        seen.add(client.pk)
        worker = enrollment.primary_worker or (
            User.objects.filter(team_memberships__team=enrollment.team_id, is_active=True)
            .order_by("email")
            .first()
        )
        if worker is None:
            continue
        client_access = client_access_for(worker, client)
        typical = TYPICAL[enrollment.program.kind]
        first_on = max(enrollment.start_date, today - dt.timedelta(days=400))
        dates = [first_on]
        while (today - dates[-1]).days > 180 and len(dates) < 3:
            dates.append(dates[-1] + dt.timedelta(days=rng.randint(150, 180)))
        if len(dates) > 1 and rng.random() < 0.1:
            dates.pop()  # this reassessment is overdue
        for index, on in enumerate(d for d in dates if d <= today):
            level = typical - 0.3 * index  # a little better at reassessment
            answers = {}
            for question in questions:
                options = sorted(question.answers.all(), key=lambda a: a.score)
                pick = min(max(round(rng.gauss(level, 0.8)), 0), len(options) - 1)
                answers[question.code] = options[pick].code
            scored = services.assessments.score(instrument, answers)[0]
            language = "en" if client.preferred_language == "en" else "fr"
            chosen, reason = "", ""
            kind = enrollment.program.kind
            if scored.recommendation != kind and {scored.recommendation, kind} == {"act", "icm"}:
                chosen, reason = kind, OVERRIDES[kind][language]
            services.assessment_record(
                acting_user=worker,
                client_access=client_access,
                instrument=instrument,
                answers=answers,
                assessed_on=on,
                chosen_level=chosen,
                override_reason=reason,
            )
            made += 1
    return made
