"""Demo for the outcomes report: what the other demos do not date in the past,
so that every figure of the last 12 full months has persons behind it.

For the persons whose first six months in a program end in the period (the
report's enrollment cohort): institution stays of every kind in the six
months before or after their enrollment (hospital admissions are the
emergency visits); case-plan goals of every support type (employment among
them) set before the period, some achieved in it; referrals sent in the
period, completed, declined or still waiting.

Bulk-written with the past dates (the services date everything today), with
one audit event for the whole addition. Seeded RNG; seeding again adds
nothing (the demo's goals carry a marker)."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone

from parcours.accounts.models import User
from parcours.casework.models import CasePlan, Enrollment, Goal, GoalReview
from parcours.casework.models.plans import SubDomain, SupportType
from parcours.coordination.models import Referral, Service
from parcours.coordination.models.institutions import (
    DischargeDestination,
    InstitutionKind,
    InstitutionStay,
    LearnedFrom,
)
from parcours.coordination.models.referrals import ReferralStatus
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.housing.retention import add_months as add_calendar_months
from parcours.reports.outcomes import ENROLLMENT_MONTHS, default_period

MARKER = "[outcomes demo]"
GOALS = [
    (SupportType.HOUSING, SubDomain.HOUSING_RETENTION, "Garder mon logement / Keep my home"),
    (SupportType.CLINICAL, SubDomain.MENTAL_HEALTH, "Voir un psychiatre / See a psychiatrist"),
    (SupportType.COMPLEMENTARY, SubDomain.EMPLOYMENT, "Trouver un emploi / Find a job"),
    (SupportType.COMPLEMENTARY, SubDomain.INCOME, "Faire mes impôts / File my taxes"),
]
PLACES = {
    InstitutionKind.HOSPITAL: "Hôpital Montfort",
    InstitutionKind.PSYCHIATRIC: "Royal Ottawa",
    InstitutionKind.WITHDRAWAL: "Centre de gestion du sevrage",
    InstitutionKind.TREATMENT: "Centre de traitement Maison Fraternité",
    InstitutionKind.JAIL: "Centre de détention d'Ottawa-Carleton",
    InstitutionKind.PRISON: "Établissement Joyceville",
    InstitutionKind.RESPITE: "Havre – Soins de répit",
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def seed_outcomes(seed: int) -> str:
    """Add the outcomes' past (idempotent); return a one-line summary."""
    if Goal.objects.filter(statement__endswith=MARKER).exists():
        return "Outcomes demo: already loaded, nothing added."
    today = timezone.localdate()
    first, last = default_period(today)
    start, end = first, add_calendar_months(last, 1) - dt.timedelta(days=1)
    enrollments = [
        e
        for e in Enrollment.objects.select_related("organization", "opened_by").order_by(
            "start_date", "client_id"
        )
        if start <= add_calendar_months(e.start_date, ENROLLMENT_MONTHS) <= end
    ]
    if not enrollments:
        return ""
    rng = random.Random(seed + 17)
    cohort = list({e.client_id: e for e in enrollments}.values())
    rng.shuffle(cohort)
    stays = _stays(cohort, rng, today)
    goals, reviews = _goals(cohort, rng, start, end)
    referrals = _referrals(cohort, rng, start, end)
    with transaction.atomic():
        InstitutionStay.objects.bulk_create(stays)
        for goal, created in goals:
            goal.save()
            Goal.objects.filter(pk=goal.pk).update(created_at=created, updated_at=created)
        GoalReview.objects.bulk_create(reviews)
        Referral.objects.bulk_create(referrals)
        audit_record(
            action=AuditAction.CREATE,
            actor_label="seed_demo",
            target_type="reports.demo_outcomes",
            target_id=str(first),
            detail={
                "section": "demo_outcomes",
                "institution_stays": len(stays),
                "goals": len(goals),
                "referrals": len(referrals),
            },
        )
    return (
        f"Outcomes demo: {len(stays)} institution stays, {len(goals)} goals and "
        f"{len(referrals)} referrals in the past year added."
    )


def _staff(enrollment: Enrollment) -> User:
    return enrollment.opened_by


def _stays(cohort: list[Enrollment], rng: random.Random, today: dt.date) -> list[InstitutionStay]:
    """Each kind of institution before the enrollment for one person and
    after it for another; two more hospital admissions (emergency visits)."""
    rows: list[InstitutionStay] = []
    kinds = [*InstitutionKind, InstitutionKind.HOSPITAL, InstitutionKind.HOSPITAL]
    for n, kind in enumerate(kinds):
        for side in (-1, 1):
            e = cohort[(2 * n + (side > 0)) % len(cohort)]
            offset = rng.randint(20, 150) * side
            admitted = e.start_date + dt.timedelta(days=offset)
            length = 0 if kind == InstitutionKind.HOSPITAL and n % 2 else rng.randint(2, 25)
            discharged = admitted + dt.timedelta(days=length)
            if discharged >= today:
                continue
            rows.append(
                InstitutionStay(
                    client_id=e.client_id,
                    kind=kind,
                    institution_name=PLACES[kind],
                    admitted_on=admitted,
                    discharged_on=discharged,
                    destination=rng.choice(
                        [DischargeDestination.SHELTER, DischargeDestination.OWN_UNIT]
                    ),
                    learned_from=LearnedFrom.INSTITUTION,
                    organization=e.organization,
                    recorded_by=_staff(e),
                )
            )
    return rows


def _goals(
    cohort: list[Enrollment], rng: random.Random, start: dt.date, end: dt.date
) -> tuple[list[tuple[Goal, dt.datetime]], list[GoalReview]]:
    plans = dict(
        CasePlan.objects.filter(client_id__in=[e.client_id for e in cohort]).values_list(
            "client_id", "pk"
        )
    )
    goals: list[tuple[Goal, dt.datetime]] = []
    reviews: list[GoalReview] = []
    for e in cohort[:12]:
        plan_id = plans.get(e.client_id)
        if plan_id is None:
            plan = CasePlan.objects.create(client_id=e.client_id, organization=e.organization)
            plan_id = plan.pk
        user = _staff(e)
        for support, area, statement in rng.sample(GOALS, 2):
            achieved = rng.random() < 0.5
            goal = Goal(
                id=uuid.uuid4(),
                plan_id=plan_id,
                organization=e.organization,
                statement=f"{statement} {MARKER}",
                support_type=support,
                sub_domain=area,
                responsible="client",
                status="achieved" if achieved else "active",
                recorded_by=user,
            )
            goals.append((goal, _at(start - dt.timedelta(days=rng.randint(10, 90)), 10)))
            if achieved:
                reviews.append(
                    GoalReview(
                        goal=goal,
                        organization=e.organization,
                        reviewed_on=start + dt.timedelta(days=rng.randint(0, (end - start).days)),
                        progress="achieved",
                        note="Atteint / achieved",
                        reviewed_by=user,
                    )
                )
    return goals, reviews


def _referrals(
    cohort: list[Enrollment], rng: random.Random, start: dt.date, end: dt.date
) -> list[Referral]:
    services = list(Service.objects.select_related("organization").order_by("name")[:10])
    if not services:
        return []
    rows: list[Referral] = []
    for n, e in enumerate(cohort[:9]):
        service = rng.choice(services)
        sent = start + dt.timedelta(days=rng.randint(0, (end - start).days - 40))
        answered = sent + dt.timedelta(days=rng.randint(1, 30))
        status = [ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.SENT][n % 3]
        rows.append(
            Referral(
                client_id=e.client_id,
                service=service,
                organization=e.organization,
                sent_by=_staff(e),
                receiving_organization=service.organization.partner,
                status=status,
                reason="Suivi / follow-up",
                sent_at=_at(sent, 10),
                answered_at=None if status == ReferralStatus.SENT else _at(answered, 14),
                closed_at=None if status == ReferralStatus.SENT else _at(answered, 15),
                decline_reason="Complet / full" if status == ReferralStatus.DECLINED else "",
            )
        )
    return rows
