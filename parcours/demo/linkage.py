"""Demo data for identity resolution: the same people registered again at
the family shelter under the spellings real intake produces (a nickname,
dropped accents, a typo, day and month swapped), and linkage requests from
the shelter to the hub, open and answered; people the hub registered twice
itself, found by a batch linkage run and waiting in the hub coordinators'
review queue (one pair already merged, one deferred)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours.access import client_access_for, clients_visible_to
from parcours.accounts.models import Organization, User
from parcours.clients.models import Client, ReferenceList, ReferenceOption, Stage
from parcours.clients.services import client_register, pathway_move
from parcours.core.text import fold
from parcours.linkage.models import (
    LinkageRequest,
    LinkageRequestStatus,
    LinkageRun,
    MatchCandidate,
    MatchStatus,
)
from parcours.linkage.selectors import record_from_input, review_queue
from parcours.linkage.services import (
    linkage_request_answer,
    linkage_request_create,
    linkage_run_registry,
    match_decide,
)

HUB = "Carrefour Centre-Ville"
# Twins, a brother and a sister, registered at the hub: the batch engine
# proposes them and keeps them apart (two given names, two genders) whatever
# it learns from the rest of the registry, so on any date.
TWINS_FAMILY = "Lachance"
TWINS: tuple[tuple[str, str], ...] = (("Mathis", "man"), ("Léa", "woman"))
SHELTER = "Maison Marguerite"
NICKNAMES = {
    "robert": "Bob",
    "catherine": "Cathy",
    "guillaume": "Guy",
    "william": "Bill",
    "michael": "Mike",
    "elizabeth": "Liz",
    "daniel": "Dan",
    "nicolas": "Nic",
}


@dataclass
class LinkageDemo:
    duplicates: int = 0
    requests: int = 0
    registered_twice: int = 0
    queued: int = 0
    merged: int = 0

    def summary(self) -> str:
        return (
            f"Identity resolution demo: {self.duplicates} records registered again at another "
            f"partner, {self.requests} linkage requests, {self.registered_twice} people "
            f"registered twice at the hub, {self.queued} pairs in the review queue, "
            f"{self.merged} merged."
        )


def _variant(client: Client, index: int) -> tuple[str, str, dt.date | None]:
    given, family, dob = client.given_name, client.family_name, client.date_of_birth
    folded = fold(given).split(" ")[0]
    if index % 4 == 0 and folded in NICKNAMES:
        return NICKNAMES[folded], family, dob
    if index % 4 == 1:
        return fold(given).title(), fold(family).upper(), dob
    if index % 4 == 2 and len(family) > 4:
        return given, family[:-2] + family[-1] + family[-2], dob
    if dob and dob.day <= 12 and dob.day != dob.month:
        return given, family, dob.replace(month=dob.day, day=dob.month)
    return given.split("-")[0].split(" ")[0], family, dob


def _by_names(candidate: MatchCandidate) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        sorted(
            (fold(c.family_name), fold(c.given_name), str(c.date_of_birth))
            for c in (candidate.client_a, candidate.client_b)
        )
    )


def seed_linkage() -> LinkageDemo:
    result = _seed_requests()
    _seed_review_queue(result)
    return result


@transaction.atomic
def _seed_review_queue(result: LinkageDemo) -> None:
    """The hub registered a few of its own clients a second time; a batch run
    (``parcours link_clients``) found them and its coordinator started on the
    queue."""
    hub = Organization.objects.filter(name__startswith=HUB).first()
    if hub is None or LinkageRun.objects.exists():
        return
    worker = User.objects.filter(organization=hub, is_org_admin=False).order_by("email").first()
    coordinator = User.objects.filter(organization=hub, is_org_admin=True).order_by("email").first()
    if worker is None or coordinator is None:
        return
    originals = Client.objects.filter(
        registered_by_organization=hub, is_anonymous=False, date_of_birth__isnull=False
    ).order_by("-family_name", "given_name")[:6]
    for index, original in enumerate(originals):
        given, family, dob = _variant(original, index)
        again = client_register(
            acting_user=worker, given_name=given, family_name=family, date_of_birth=dob
        )
        pathway_move(
            acting_user=worker, client_access=client_access_for(worker, again), stage=Stage.VISIT
        )
        result.registered_twice += 1
    # Twins, a brother and a sister, seen at the hub the same evening; both
    # gave their mother's phone and email. The batch run proposes them (same
    # family name, birth date, phone and email) but keeps them apart: two
    # given names with two genders is a cannot-link rule, not a learned weight.
    for given, gender in TWINS:
        twin = client_register(
            acting_user=worker,
            given_name=given,
            family_name=TWINS_FAMILY,
            date_of_birth=dt.date(1999, 4, 11),
            phone="819-555-0148",
            email="nicole.lachance@example.com",
            gender_identity=ReferenceOption.objects.get(
                list=ReferenceList.GENDER_IDENTITY, code=gender
            ),
        )
        pathway_move(
            acting_user=worker, client_access=client_access_for(worker, twin), stage=Stage.VISIT
        )
    linkage_run_registry()
    # The coordinator's first decisions are on pairs the engine did not keep
    # apart, taken in the order of their names (not of the scores, which move
    # a little with the records' random ids).
    queue = sorted(
        (item for item in review_queue(coordinator) if not item.kept_apart), key=_by_names
    )
    if queue:
        match_decide(
            acting_user=coordinator,
            candidate=queue[0],
            decision=MatchStatus.SAME_PERSON,
            note="Même personne : confirmé avec elle à l'accueil.",
        )
        result.merged += 1
    if len(queue) > 1:
        match_decide(
            acting_user=coordinator,
            candidate=queue[1],
            decision=MatchStatus.DEFERRED,
            note="À vérifier avec la carte santé à la prochaine visite.",
        )
    result.queued = MatchCandidate.objects.filter(
        status__in=[MatchStatus.PENDING, MatchStatus.DEFERRED]
    ).count()


@transaction.atomic
def _seed_requests() -> LinkageDemo:
    result = LinkageDemo()
    hub = Organization.objects.filter(name__startswith=HUB).first()
    shelter = Organization.objects.filter(name__startswith=SHELTER).first()
    if (
        hub is None
        or shelter is None
        or LinkageRequest.objects.filter(requesting_organization=shelter).exists()
    ):
        return result
    worker = User.objects.filter(organization=shelter, is_org_admin=False).order_by("email").first()
    hub_coordinator = (
        User.objects.filter(organization=hub, is_org_admin=True).order_by("email").first()
    )
    if worker is None or hub_coordinator is None:
        return result
    hidden_from_shelter = (
        Client.objects.filter(
            registered_by_organization=hub, is_anonymous=False, date_of_birth__isnull=False
        )
        .exclude(pk__in=clients_visible_to(worker).values("pk"))
        .order_by("family_name", "given_name")[:8]
    )
    for index, original in enumerate(hidden_from_shelter):
        given, family, dob = _variant(original, index)
        duplicate = client_register(
            acting_user=worker, given_name=given, family_name=family, date_of_birth=dob
        )
        pathway_move(
            acting_user=worker,
            client_access=client_access_for(worker, duplicate),
            stage=Stage.VISIT,
        )
        result.duplicates += 1
        if index < 3:
            record = record_from_input(given, family, dob)
            try:
                request = linkage_request_create(acting_user=worker, record=record, hidden_rank=0)
            except ValidationError:  # a variant the engine does not propose: skip it
                continue
            result.requests += 1
            if index == 1:
                linkage_request_answer(
                    acting_user=hub_coordinator,
                    request=request,
                    status=LinkageRequestStatus.SAME_PERSON,
                    note="Même personne : nous appelons votre intervenante pour le consentement.",
                )
    return result
