"""Demo referrals: the loop in every state between the demo network's
partners, written through the services (validated, audited, notified).

* Passerelle's ICM case managers refer clients to Tremplin's housing search,
  to Avenir Emploi and to mainstream provincial programs: sent (one overdue),
  accepted (on Tremplin's waitlist), in progress (enrolled), completed,
  declined with a reason, not completed, cancelled, and a draft;
* messages between the two sides of a few of them;
* the hub refers a client to the Refuge's shelter (a shelter referral);
* Horizon's ACT team hands a stable client on to Passerelle's ICM program
  (a step-down referral waiting for an answer);
* Passerelle's coordinator sends one referral beyond consent, with a reason
  (shown to the privacy reviewers).

Sending dates are spread over the last weeks: the rows are back-dated after
each step (the services write "now"). Idempotent: when a referral exists,
nothing is added. The same seed gives the same referrals.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parcours import access
from parcours.access import coordination as policy
from parcours.accounts.models import Organization, User
from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.coordination.models import (
    Referral,
    ReferralEvent,
    ReferralKind,
    ReferralStatus,
    Service,
    ServiceStatus,
)
from parcours.coordination.services import referrals as services

PASSERELLE = "passerelle.example"
TREMPLIN = "tremplin.example"
AVENIR = "avenir-emploi.example"
HUB = "carrefour.example"
REFUGE = "refuge-st-laurent.example"
HORIZON = "horizon-sim.example"

REASONS = [
    "Cherche un studio près de la ligne de la Confédération; revenu du POSPH.",
    "Wants a one-bedroom near her daughter's school; income from Ontario Works.",
    "Logement perdu après une hospitalisation; veut rester dans la Côte-de-Sable.",
    "Needs help with the rental application and a first-month deposit.",
    "Souhaite retourner au travail à temps partiel, en cuisine.",
    "Interested in a forklift certificate and part-time work.",
]
DECLINED = "Programme complet jusqu'en mars; nous pouvons le réévaluer à ce moment-là."
NOT_DONE = "Client did not come to the three appointments offered."
MESSAGES = [
    ("receiver", "Pouvez-vous confirmer la source de revenu et la date de fin du bail actuel?"),
    ("sender", "Revenu du POSPH confirmé; le bail se termine le 31. Elle préfère le matin."),
    ("receiver", "Thank you — first viewing booked for Thursday at 10:00."),
]


def _staff(domain: str) -> list[User]:
    return list(User.objects.filter(email__endswith="@" + domain, is_active=True).order_by("email"))


def _org(domain: str) -> Organization | None:
    user = User.objects.filter(email__endswith="@" + domain, organization__isnull=False).first()
    return user.organization if user else None


def _service(**filters: Any) -> Service | None:
    return (
        Service.objects.filter(status=ServiceStatus.ACTIVE, **filters)
        .select_related("organization")
        .order_by("name")
        .first()
    )


def _backdate(referral: Referral, days: int) -> None:
    """Move a referral's sending back ``days`` days, as if sent then."""
    when = timezone.now() - dt.timedelta(days=days, hours=3)
    respond_by = timezone.localdate(when) + dt.timedelta(days=referral.service.response_days)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=when, sent_at=when, respond_by=respond_by
    )
    ReferralEvent.objects.filter(referral=referral).update(created_at=when)


def _icm_clients(worker: User, receiver: Organization) -> list[Client]:
    """The worker's ICM clients whose directives let them be referred to
    ``receiver``."""
    clients = [
        e.client
        for e in Enrollment.objects.filter(primary_worker=worker, end_date__isnull=True)
        .select_related("client")
        .order_by("start_date", "pk")
    ]
    return [c for c in clients if policy.partner_shares_for_referral(c, receiver)]


def seed(seed: int) -> str:
    """Add the referrals demo (idempotent); return a one-line summary."""
    if Referral.objects.exists():
        return "Referrals demo: already loaded, nothing added."
    tremplin, avenir, refuge = _org(TREMPLIN), _org(AVENIR), _org(REFUGE)
    housing = _service(program__organization=tremplin, support_type="housing")
    employment = _service(program__organization=avenir)
    mainstream = _service(is_mainstream=True, sub_domain="income")
    shelter = _service(shelter_site__program__organization=refuge)
    icm = _service(program__organization=_org(PASSERELLE), program__kind="icm")
    workers = [u for u in _staff(PASSERELLE) if u.caseload.filter(end_date__isnull=True).exists()]
    if not (tremplin and housing and workers and _staff(TREMPLIN)):
        return "Referrals demo: the directory demo is missing, nothing added."
    rng = random.Random(seed)
    tremplin_staff = _staff(TREMPLIN)
    made: list[Referral] = []
    with transaction.atomic():
        made += _housing_referrals(rng, workers, tremplin, housing, tremplin_staff)
        if employment and avenir:
            made += _simple(rng, workers[-1], avenir, employment, [ReferralStatus.SENT], 3)
        if mainstream:
            made += _simple(
                rng, workers[0], None, mainstream, [ReferralStatus.ACCEPTED], 12, answer=True
            )
        if shelter and refuge:
            hub_worker = next(iter(_staff(HUB)), None)
            if hub_worker is not None:
                made += _hub_to_shelter(rng, hub_worker, refuge, shelter)
        if icm:
            made += _step_down(rng, icm)
        made += _beyond_consent(housing, tremplin)
    states = sorted({r.status for r in Referral.objects.all()})
    return (
        f"Referrals demo added: {len(made)} referrals ({', '.join(states)}), "
        f"{sum(r.messages.count() for r in made)} messages."
    )


def _create(worker: User, client: Client, service: Service, **kwargs: Any) -> Referral | None:
    try:
        return services.referral_create(
            acting_user=worker,
            client_access=access.client_access_for(worker, client),
            service=service,
            acknowledge_duplicates=True,
            **kwargs,
        )
    except ValidationError:
        return None


def _housing_referrals(
    rng: random.Random,
    workers: list[User],
    tremplin: Organization,
    housing: Service,
    tremplin_staff: list[User],
) -> list[Referral]:
    plan = [
        (ReferralStatus.SENT, 9),  # overdue
        (ReferralStatus.SENT, 1),
        (ReferralStatus.ACCEPTED, 6),
        (ReferralStatus.IN_PROGRESS, 20),
        (ReferralStatus.COMPLETED, 40),
        (ReferralStatus.DECLINED, 15),
        (ReferralStatus.NOT_COMPLETED, 30),
        (ReferralStatus.CANCELLED, 4),
        (ReferralStatus.DRAFT, 0),
    ]
    receiver = tremplin_staff[0]
    made: list[Referral] = []
    candidates = [(w, c) for w in workers for c in _icm_clients(w, tremplin)[:3]]
    rng.shuffle(candidates)
    for (status, days), (worker, client) in zip(plan, candidates, strict=False):
        referral = _create(
            worker,
            client,
            housing,
            reason=rng.choice(REASONS[:4]),
            urgent=days == 1,
            send=status != ReferralStatus.DRAFT,
        )
        if referral is None:
            continue
        if status != ReferralStatus.DRAFT:
            _backdate(referral, days)
            referral.refresh_from_db()
        _play(referral, status, worker, receiver)
        if status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS):
            for side, body in MESSAGES:
                services.referral_message_post(
                    acting_user=receiver if side == "receiver" else worker,
                    referral=referral,
                    body=body,
                )
        made.append(referral)
    return made


def _play(referral: Referral, status: str, sender: User, receiver: User) -> None:
    """Move a sent referral on to ``status`` as its two sides would."""

    def move(to: str, by: User, note: str = "") -> None:
        services.referral_transition(
            acting_user=by, referral=Referral.objects.get(pk=referral.pk), to_status=to, note=note
        )

    if status in (ReferralStatus.SENT, ReferralStatus.DRAFT):
        return
    if status == ReferralStatus.CANCELLED:
        move(status, sender, "La cliente a trouvé un logement par sa famille.")
        return
    if status == ReferralStatus.DECLINED:
        move(status, receiver, DECLINED)
        return
    move(ReferralStatus.ACCEPTED, receiver)
    if status == ReferralStatus.ACCEPTED:
        return
    move(ReferralStatus.IN_PROGRESS, receiver)
    if status == ReferralStatus.COMPLETED:
        move(status, receiver, "Logé dans un studio de la rue Booth; bail d'un an signé.")
    elif status == ReferralStatus.NOT_COMPLETED:
        move(status, receiver, NOT_DONE)


def _simple(
    rng: random.Random,
    worker: User,
    receiver_org: Organization | None,
    service: Service,
    statuses: list[str],
    days: int,
    answer: bool = False,
) -> list[Referral]:
    clients = [
        e.client
        for e in Enrollment.objects.filter(primary_worker=worker, end_date__isnull=True)
        .select_related("client")
        .order_by("start_date", "pk")[:10]
    ]
    if receiver_org is not None:
        clients = [c for c in clients if policy.partner_shares_for_referral(c, receiver_org)]
    made: list[Referral] = []
    for status, client in zip(statuses, clients[-len(statuses) :], strict=False):
        referral = _create(worker, client, service, reason=rng.choice(REASONS))
        if referral is None:
            continue
        _backdate(referral, days)
        if answer:
            services.referral_transition(
                acting_user=worker,
                referral=Referral.objects.get(pk=referral.pk),
                to_status=status,
                note="Demande déposée au bureau de la rue Albert.",
            )
        made.append(referral)
    return made


def _hub_to_shelter(
    rng: random.Random, worker: User, refuge: Organization, shelter: Service
) -> list[Referral]:
    visible = access.clients_visible_to(worker).filter(
        registered_by_organization=worker.organization
    )
    for client in visible.order_by("created_at")[:40]:
        if not policy.partner_shares_for_referral(client, refuge):
            continue
        if client.stays.filter(ended_at__isnull=True).exists():
            continue
        referral = _create(
            worker,
            client,
            shelter,
            kind=ReferralKind.SHELTER,
            reason="Dort dehors depuis trois nuits; avis de froid extrême ce soir.",
            urgent=True,
        )
        if referral is not None:
            return [referral]
    return []


def _step_down(rng: random.Random, icm: Service) -> list[Referral]:
    for worker in _staff(HORIZON):
        for enrollment in Enrollment.objects.filter(
            organization=worker.organization, end_date__isnull=True, program__kind="act"
        ).order_by("start_date")[:20]:
            if icm.organization.partner is None or not policy.partner_shares_for_referral(
                enrollment.client, icm.organization.partner
            ):
                continue
            referral = _create(
                worker,
                enrollment.client,
                icm,
                kind=ReferralKind.STEP_DOWN,
                from_enrollment=enrollment,
                reason=(
                    "Stable depuis huit mois, logé, suit son traitement; prêt pour un suivi "
                    "d'intensité variable. L'équipe SIM reste jusqu'à l'inscription."
                ),
            )
            if referral is not None:
                _backdate(referral, 2)
                return [referral]
    return []


def _beyond_consent(housing: Service, tremplin: Organization) -> list[Referral]:
    """Passerelle's coordinator refers, beyond consent, a client who shares
    nothing with Tremplin (verbal consent, eviction tomorrow)."""
    coordinator = next((u for u in _staff(PASSERELLE) if access.is_coordinator(u)), None)
    if coordinator is None:
        return []
    for client in access.clients_visible_to(coordinator).order_by("created_at")[:200]:
        if policy.partner_shares_for_referral(client, tremplin):
            continue
        if not policy.can_refer(access.client_access_for(coordinator, client)):
            continue  # seen by identity only: not hers to refer
        referral = _create(
            coordinator,
            client,
            housing,
            reason="Avis d'expulsion exécutoire demain matin; cherche une place immédiatement.",
            urgent=True,
            beyond_consent_reason=(
                "Consentement verbal du client au téléphone; formulaire écrit à signer lundi."
            ),
        )
        if referral is not None:
            return [referral]
    return []
