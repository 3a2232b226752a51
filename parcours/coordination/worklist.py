"""What coordination adds to the casework worklist
(``casework.worklist.EXTRA_SOURCES``): a crisis flagged on the ACT board
(first of all), a client in hospital or detention, discharge tasks due, and
appointments tomorrow and today."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.access import crisis_flags_visible_to
from parcours.accounts.models import User
from parcours.casework.models import Enrollment
from parcours.casework.worklist import Severity, WorkItem, register_source
from parcours.coordination.selectors.appointments import (
    APPOINTMENT_ITEM,
    appointment_worklist_items,
)
from parcours.coordination.selectors.institutions import (
    IN_INSTITUTION,
    discharge_work_items,
    in_institution_items,
)

CRISIS = "crisis"


def crisis_items(user: User, enrollments: list[Enrollment], today: dt.date) -> list[WorkItem]:
    """The crisis flags in force (not lifted) on the worklist's clients, on
    flags the user may see. One query."""
    by_client: dict[uuid.UUID, Enrollment] = {}
    for e in enrollments:
        by_client.setdefault(e.client_id, e)
    if not by_client:
        return []
    flags = (
        crisis_flags_visible_to(user)
        .filter(client_id__in=list(by_client), lifted_at__isnull=True)
        .order_by("created_at")
    )
    items = []
    for flag in flags:
        enrollment = by_client[flag.client_id]
        raised = timezone.localtime(flag.created_at).date()
        items.append(
            WorkItem(
                kind=CRISIS,
                client=enrollment.client,
                enrollment=enrollment,
                label=_("Crisis: %(note)s") % {"note": flag.note},
                due=raised,
                url=reverse("clients:detail", kwargs={"client_id": flag.client_id}),
                action=_("See the client"),
                severity=Severity.CRISIS,
            )
        )
    return items


def register() -> None:
    """Add the sources to the casework worklist, with their labels and severities."""
    register_source(crisis_items, kinds={CRISIS: (gettext_lazy("Crisis"), Severity.CRISIS)})
    register_source(
        in_institution_items,
        kinds={IN_INSTITUTION: (gettext_lazy("In hospital or detention"), Severity.TONIGHT)},
    )
    register_source(
        discharge_work_items,
        kinds={"discharge_task": (gettext_lazy("Discharge planning"), Severity.CONTACT)},
    )
    register_source(
        appointment_worklist_items,
        kinds={APPOINTMENT_ITEM: (gettext_lazy("Appointments"), Severity.CONTACT)},
    )
