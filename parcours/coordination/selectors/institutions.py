"""Reads of institution stays and discharge planning, through the policy
(``parcours.access.institutions``): a client's stays and tasks, the
discharges page (open stays by urgency, discharges without a destination,
my tasks), the stay or task a user may act on, and the worklist's items."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess, client_access_for
from parcours.access.institutions import (
    can_record_institution_stay,
    discharge_tasks_visible_to,
    institution_stays_visible_to,
    institutions_for_stays,
)
from parcours.accounts.models import Organization, Program, ProgramKind, User
from parcours.casework.models import Enrollment
from parcours.casework.worklist import WorkItem
from parcours.coordination.models import (
    DischargeDestination,
    DischargeTask,
    DischargeTaskKind,
    InstitutionStay,
)

DUE_SOON_DAYS = 7
RECENT_DISCHARGE_DAYS = 30
WORKLIST_NOTICE_DAYS = 1

# Urgency of an open stay on the discharges page.
OVERDUE, DUE_SOON, OTHER = 0, 1, 2


def institutions() -> QuerySet[Organization]:
    return institutions_for_stays()


def cti_programs_for(user: User) -> QuerySet[Program]:
    """The CTI programs a discharge may open an enrollment in: the user's
    organization's active ones."""
    if user.organization_id is None:
        return Program.objects.none()
    return Program.objects.filter(
        organization_id=user.organization_id, kind=ProgramKind.CTI, is_active=True
    ).order_by("name")


def _with_related(qs: QuerySet[InstitutionStay]) -> QuerySet[InstitutionStay]:
    return qs.select_related("institution", "organization", "recorded_by")


def stays_for(client_access: ClientAccess) -> QuerySet[InstitutionStay]:
    """The client's stays the user may see, newest first."""
    return _with_related(
        institution_stays_visible_to(client_access.user).filter(client=client_access.client)
    ).order_by("-admitted_on", "-created_at")


def open_tasks_filter() -> Q:
    """A task still to do: not done, and its stay still open (finding a
    destination outlives the stay)."""
    return Q(done_at__isnull=True) & (
        Q(stay__discharged_on__isnull=True) | Q(kind=DischargeTaskKind.FIND_DESTINATION)
    )


def open_tasks_for(client_access: ClientAccess) -> QuerySet[DischargeTask]:
    return (
        discharge_tasks_visible_to(client_access.user)
        .filter(open_tasks_filter(), stay__client=client_access.client)
        .select_related("assigned_to", "stay")
        .order_by("due_on", "created_at")
    )


def stay_get_for_user(user: User, stay_id: uuid.UUID | str) -> tuple[InstitutionStay, ClientAccess]:
    """A stay the user may see and what they may see of its client, or 404."""
    try:
        stay = _with_related(institution_stays_visible_to(user)).get(pk=stay_id)
    except (InstitutionStay.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    return stay, client_access_for(user, stay.client)


def stay_get_for_change(
    user: User, stay_id: uuid.UUID | str
) -> tuple[InstitutionStay, ClientAccess]:
    """A stay the user may change: they see it and may write the client's stays."""
    stay, client_access = stay_get_for_user(user, stay_id)
    if not can_record_institution_stay(client_access):
        raise PermissionDenied(_("You may not change stays of this client."))
    return stay, client_access


def task_get_for_change(user: User, task_id: uuid.UUID | str) -> tuple[DischargeTask, ClientAccess]:
    try:
        task = (
            discharge_tasks_visible_to(user).select_related("stay", "stay__client").get(pk=task_id)
        )
    except (DischargeTask.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = client_access_for(user, task.stay.client)
    if not can_record_institution_stay(client_access):
        raise PermissionDenied(_("You may not change stays of this client."))
    return task, client_access


# --- The discharges page ---------------------------------------------------------


def discharge_alerts(user: User, today: dt.date | None = None) -> QuerySet[InstitutionStay]:
    """Open stays the user may see, most urgent first: expected discharge
    passed (``urgency`` 0), due within ``DUE_SOON_DAYS`` (1), the others (2)."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return (
        _with_related(institution_stays_visible_to(user).filter(discharged_on__isnull=True))
        .select_related("client")
        .annotate(
            urgency=Case(
                When(expected_discharge_on__lt=today, then=Value(OVERDUE)),
                When(expected_discharge_on__lte=soon, then=Value(DUE_SOON)),
                default=Value(OTHER),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "expected_discharge_on", "admitted_on", "pk")
    )


def discharges_without_destination(
    user: User, today: dt.date | None = None
) -> QuerySet[InstitutionStay]:
    """Discharges of the last ``RECENT_DISCHARGE_DAYS`` days recorded with an
    unknown destination."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=RECENT_DISCHARGE_DAYS)
    return (
        _with_related(institution_stays_visible_to(user))
        .select_related("client")
        .filter(discharged_on__gte=since, destination=DischargeDestination.UNKNOWN)
        .order_by("-discharged_on", "pk")
    )


def my_open_tasks(user: User) -> QuerySet[DischargeTask]:
    """Open tasks assigned to the user, of stays they may see."""
    return (
        discharge_tasks_visible_to(user)
        .filter(open_tasks_filter(), assigned_to=user)
        .select_related("stay", "stay__client", "stay__institution")
        .order_by("due_on", "created_at")
    )


@dataclass(frozen=True)
class DischargesPage:
    without_destination: list[InstitutionStay]
    tasks: list[DischargeTask]


def discharges_page(user: User, today: dt.date | None = None) -> DischargesPage:
    return DischargesPage(
        without_destination=list(discharges_without_destination(user, today)[:50]),
        tasks=list(my_open_tasks(user)[:100]),
    )


# --- The worklist ------------------------------------------------------------------


def discharge_work_items(
    user: User, enrollments: list[Enrollment], today: dt.date
) -> list[WorkItem]:
    """Worklist items: the open discharge tasks (due by tomorrow) of the
    clients in the worklist's scope, on stays the user may see. One query
    for every enrollment's client."""
    by_client: dict[uuid.UUID, Enrollment] = {}
    for e in enrollments:
        by_client.setdefault(e.client_id, e)
    if not by_client:
        return []
    tasks = (
        discharge_tasks_visible_to(user)
        .filter(
            open_tasks_filter(),
            stay__client_id__in=list(by_client),
            due_on__lte=today + dt.timedelta(days=WORKLIST_NOTICE_DAYS),
        )
        .select_related("stay")
        .order_by("due_on", "created_at")
    )
    items = []
    for task in tasks:
        enrollment = by_client[task.stay.client_id]
        items.append(
            WorkItem(
                kind="discharge_task",
                client=enrollment.client,
                enrollment=enrollment,
                label=task.get_kind_display(),
                due=task.due_on,
                url=reverse("coordination:discharges"),
                action=_("Discharge planning"),
            )
        )
    return items


IN_INSTITUTION = "in_institution"


def in_institution_items(
    user: User, enrollments: list[Enrollment], today: dt.date
) -> list[WorkItem]:
    """Worklist items: the worklist's clients admitted to a hospital, a jail or
    a treatment centre and not discharged, on stays the user may see. One query."""
    by_client: dict[uuid.UUID, Enrollment] = {}
    for e in enrollments:
        by_client.setdefault(e.client_id, e)
    if not by_client:
        return []
    stays = (
        institution_stays_visible_to(user)
        .filter(client_id__in=list(by_client), discharged_on__isnull=True)
        .select_related("institution")
        .order_by("admitted_on")
    )
    items = []
    for stay in stays:
        enrollment = by_client[stay.client_id]
        items.append(
            WorkItem(
                kind=IN_INSTITUTION,
                client=enrollment.client,
                enrollment=enrollment,
                label=_("%(kind)s since %(date)s: %(place)s.")
                % {
                    "kind": stay.get_kind_display(),
                    "date": stay.admitted_on.isoformat(),
                    "place": stay.place,
                },
                due=stay.admitted_on,
                url=reverse("coordination:institution_stays", kwargs={"client_id": stay.client_id}),
                action=_("Plan the discharge"),
            )
        )
    return items


__all__ = [
    "DUE_SOON",
    "DUE_SOON_DAYS",
    "IN_INSTITUTION",
    "OTHER",
    "OVERDUE",
    "DischargesPage",
    "cti_programs_for",
    "discharge_alerts",
    "discharge_work_items",
    "discharges_page",
    "discharges_without_destination",
    "in_institution_items",
    "institutions",
    "my_open_tasks",
    "open_tasks_filter",
    "open_tasks_for",
    "stay_get_for_change",
    "stay_get_for_user",
    "stays_for",
    "task_get_for_change",
]
