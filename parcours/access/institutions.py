"""Institution stays and discharge planning.

* A stay (a client in a hospital, a psychiatric unit, withdrawal management,
  treatment, jail, prison or respite care) is case-plan data of the client:
  the organization that recorded it sees it, and so does any partner the
  client shares their case plan with (their own directive, a guardian's, or
  an emergency access) — less a lock-box on the case plan or on that stay
  (``records_visible_filter``), and only while the user may see the client.
* A partner writes stays (records an admission, moves the expected date,
  records the discharge) when it may read the client's case plan, or when it
  registered the client.
* A discharge task follows its stay: whoever sees the stay sees its tasks,
  and whoever may write the stay marks them done.
* The institutions offered for a stay are the network's external
  institutions (hospitals and correctional facilities that are not partners).
"""

from __future__ import annotations

from django.db.models import QuerySet

from parcours.access.base import is_staff_user
from parcours.access.clients import ClientAccess, clients_visible_to, records_visible_filter
from parcours.accounts.models import Organization, OrganizationKind, User
from parcours.clients.models import DataCategory
from parcours.coordination.models import DischargeTask, InstitutionStay

STAY_LABEL = "coordination.institutionstay"
INSTITUTION_KINDS = (OrganizationKind.HOSPITAL, OrganizationKind.CORRECTIONS)


def institution_stays_visible_to(user: User) -> QuerySet[InstitutionStay]:
    """Stays of every client the user may see: their organization recorded
    them, or the client shares the case plan with it; less locked ones."""
    if not is_staff_user(user):
        return InstitutionStay.objects.none()
    return InstitutionStay.objects.filter(
        records_visible_filter(user, category=DataCategory.CASE_PLAN, model_label=STAY_LABEL),
        client__in=clients_visible_to(user).values("pk"),
    )


def discharge_tasks_visible_to(user: User) -> QuerySet[DischargeTask]:
    """The tasks of the stays the user may see."""
    return DischargeTask.objects.filter(stay__in=institution_stays_visible_to(user).values("pk"))


def can_see_institution_stays(client_access: ClientAccess) -> bool:
    """The client file's section: for partners that see the client's case
    plan (or registered the client)."""
    return client_access.registered_here or client_access.can(DataCategory.CASE_PLAN)


def can_record_institution_stay(client_access: ClientAccess) -> bool:
    """Record an admission, change a stay, record a discharge, mark a task
    done: partners that may read the client's case plan, or that registered
    the client."""
    return client_access.registered_here or client_access.can(DataCategory.CASE_PLAN)


def institutions_for_stays() -> QuerySet[Organization]:
    """The external institutions a stay may name (no client data)."""
    return Organization.objects.filter(kind__in=INSTITUTION_KINDS, is_partner=False).order_by(
        "name"
    )


__all__ = [
    "can_record_institution_stay",
    "can_see_institution_stays",
    "discharge_tasks_visible_to",
    "institution_stays_visible_to",
    "institutions_for_stays",
]
