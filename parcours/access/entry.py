"""Another system's coordinated entry (``coordination.CoordinatedEntryRecord``,
from an HMIS import: its assessments and events).

Case-plan data of the client, read like an institution stay: the importing
organization sees its own, and so does any partner the client shares their
case plan with (their own directive, a guardian's, or an emergency access)
— less a lock-box on the case plan or on that record
(``records_visible_filter``), and only while the user may see the client.
Nobody changes them in Parcours: a later import of the same source does.
"""

from __future__ import annotations

from django.db.models import QuerySet

from parcours.access.base import is_staff_user
from parcours.access.clients import clients_visible_to, records_visible_filter
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.coordination.models import CoordinatedEntryRecord

ENTRY_LABEL = "coordination.coordinatedentryrecord"


def coordinated_entry_visible_to(user: User) -> QuerySet[CoordinatedEntryRecord]:
    """The coordinated-entry records of every client the user may see: their
    organization imported them, or the client shares the case plan with it;
    less locked ones."""
    if not is_staff_user(user):
        return CoordinatedEntryRecord.objects.none()
    return CoordinatedEntryRecord.objects.filter(
        records_visible_filter(user, category=DataCategory.CASE_PLAN, model_label=ENTRY_LABEL),
        client__in=clients_visible_to(user).values("pk"),
    )
