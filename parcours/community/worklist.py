"""What the income and ID-document trackers add to the casework worklist
(``casework.worklist.EXTRA_SOURCES``): a tracker's next step due within a
week, or late."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.accounts.models import User
from parcours.casework.models import Enrollment
from parcours.casework.worklist import Severity, WorkItem, register_source
from parcours.community.selectors import open_trackers_due

NEXT_STEP_DUE = "community_next_step_due"
# A tracker's next step shows on the worklist this many days ahead.
NEXT_STEP_NOTICE_DAYS = 7


def next_step_items(user: User, enrollments: list[Enrollment], today: dt.date) -> list[WorkItem]:
    """Open trackers of the worklist's clients whose next step is due within
    a week (or late), on trackers the user may see. Two queries."""
    by_client: dict[uuid.UUID, Enrollment] = {}
    for e in enrollments:
        by_client.setdefault(e.client_id, e)
    if not by_client:
        return []
    rows = open_trackers_due(
        user,
        client_ids=list(by_client),
        until=today + dt.timedelta(days=NEXT_STEP_NOTICE_DAYS),
    )
    items = []
    for row in rows:
        enrollment = by_client[row.client.pk]
        items.append(
            WorkItem(
                kind=NEXT_STEP_DUE,
                client=enrollment.client,
                enrollment=enrollment,
                label=_("%(what)s: %(step)s by %(date)s.")
                % {"what": row.what, "step": row.next_step, "date": row.due.isoformat()},
                due=row.due,
                url=row.url,
                action=_("Update the tracker"),
            )
        )
    return items


def register_worklist_sources() -> None:
    """Add the source to the casework worklist, with its label and severity."""
    register_source(
        next_step_items,
        kinds={NEXT_STEP_DUE: (gettext_lazy("Income or ID document step due"), Severity.WAITING)},
    )


__all__ = ["NEXT_STEP_DUE", "NEXT_STEP_NOTICE_DAYS", "next_step_items", "register_worklist_sources"]
