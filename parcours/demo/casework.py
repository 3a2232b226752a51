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

from parcours.accounts.models import MembershipRole, Organization, Program, User
from parcours.casework import services
from parcours.casework.models import EndReason, Enrollment
from parcours.clients.models import Client
from parcours.core.access import clients_visible_to

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
    loads: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.created:
            return "Casework demo already loaded: nothing added."
        loads = ", ".join(f"{k} {v}" for k, v in self.loads.items())
        return (
            f"Casework demo: {self.enrollments} enrollments (ICM {loads}), "
            f"{self.waiting} on the ICM waitlist, {self.step_downs} ACT → ICM step-downs."
        )


def _org(domain: str) -> Organization | None:
    user = User.objects.filter(email__endswith="@" + domain, organization__isnull=False).first()
    return user.organization if user else None


def _staff(local: str, domain: str) -> User:
    return User.objects.get(email=f"{local}@{domain}")


def _coordinator(program: Program) -> User:
    membership = program.memberships.filter(role=MembershipRole.COORDINATOR).select_related("user")
    first = membership.first()
    if first is not None:
        return first.user
    admin = User.objects.filter(organization=program.organization, is_org_admin=True).first()
    assert admin is not None
    return admin


def _visible_named(user: User) -> list[Client]:
    return list(
        clients_visible_to(user)
        .filter(is_anonymous=False, linked_to__isnull=True)
        .order_by("family_name", "given_name", "pk")
    )


@transaction.atomic
def seed_casework(*, seed: int) -> CaseworkDemo:
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
            end_reason=EndReason.GOALS_MET,
            destination=COMPLETED_DESTINATIONS[index % len(COMPLETED_DESTINATIONS)],
            end_note="Transition planifiée vers les services réguliers.",
        )
        result.enrollments += 1

    # CTI: clients in each of the three phases, with Amélie Dubois.
    cti_worker = _staff("amelie.dubois", PASSERELLE)
    for index, client in enumerate(take(rest, CTI_CLIENTS)):
        start = today - dt.timedelta(days=20 + index * 28)
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
        end_reason=EndReason.STEPPED_DOWN,
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
