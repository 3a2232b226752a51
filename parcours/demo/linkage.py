"""Demo data for identity resolution: the same people registered again at
the family shelter under the spellings real intake produces (a nickname,
dropped accents, a typo, day and month swapped), and linkage requests from
the shelter to the hub, open and answered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours.accounts.models import Organization, User
from parcours.clients.models import Client, Stage
from parcours.clients.services import client_register, pathway_move
from parcours.core.access import client_access, clients_visible_to
from parcours.core.text import fold
from parcours.linkage.models import LinkageRequest, LinkageRequestStatus
from parcours.linkage.selectors import record_from_input
from parcours.linkage.services import linkage_request_answer, linkage_request_create

HUB = "Carrefour Centre-Ville"
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

    def summary(self) -> str:
        return f"Identity resolution demo: {self.duplicates} records registered again at another partner, {self.requests} linkage requests."


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


@transaction.atomic
def seed_linkage() -> LinkageDemo:
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
        pathway_move(acting_user=worker, access=client_access(worker, duplicate), stage=Stage.VISIT)
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
