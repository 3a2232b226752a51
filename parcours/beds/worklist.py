"""What beds adds to the casework worklist: a client of the worker's
caseload booked into a shelter run by another partner — where they sleep
tonight is the first thing their case manager needs to know."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours import access
from parcours.accounts.models import User
from parcours.beds.homelessness import HOMELESS_SITE_KINDS
from parcours.casework.models import Enrollment
from parcours.casework.worklist import Severity, WorkItem, register_source

IN_SHELTER = "in_shelter"


def in_shelter_items(user: User, enrollments: list[Enrollment], today: dt.date) -> list[WorkItem]:
    """Open shelter stays (emergency and family shelters) of the worklist's
    clients, at sites another organization runs, on stays the user may see
    (the client shares their housing category). One query."""
    by_client: dict[uuid.UUID, Enrollment] = {}
    for e in enrollments:
        by_client.setdefault(e.client_id, e)
    if not by_client or user.organization_id is None:
        return []
    stays = (
        access.stays_visible_to(user)
        .filter(
            client_id__in=list(by_client),
            ended_at__isnull=True,
            site__kind__in=list(HOMELESS_SITE_KINDS),
        )
        .exclude(site__program__organization_id=user.organization_id)
        .select_related("site")
        .order_by("started_at")
    )
    items = []
    for stay in stays:
        enrollment = by_client[stay.client_id]
        since = timezone.localtime(stay.started_at).date()
        items.append(
            WorkItem(
                kind=IN_SHELTER,
                client=enrollment.client,
                enrollment=enrollment,
                label=_("In a shelter tonight: %(site)s (since %(date)s).")
                % {"site": stay.site.name, "date": since.isoformat()},
                due=since,
                url=reverse("beds:client_stays", kwargs={"client_id": stay.client_id}),
                action=_("See the stay"),
                severity=Severity.TONIGHT,
            )
        )
    return items


def register() -> None:
    register_source(
        in_shelter_items,
        kinds={IN_SHELTER: (gettext_lazy("In a shelter tonight"), Severity.TONIGHT)},
    )
