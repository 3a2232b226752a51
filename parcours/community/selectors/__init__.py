"""Reading income-support and ID-document trackers through the policy
(``parcours.access.community``): an unknown id, or one the user may not
see, is a 404. Lists fetch their related rows up front, so a page costs the
same few queries whatever its length."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse

from parcours.access.clients import ClientAccess, client_access_for, clients_visible_to
from parcours.access.community import (
    benefit_applications_of,
    benefit_applications_visible_to,
    id_documents_of,
    id_documents_visible_to,
)
from parcours.accounts.models import User
from parcours.casework.models import Goal, PlanGoalStatus
from parcours.casework.selectors import goals_for, plan_for
from parcours.community.models import (
    CLOSED_BENEFIT_STATUSES,
    CLOSED_DOCUMENT_STATUSES,
    BenefitApplication,
    IdDocumentRequest,
)

_RELATED = ("organization", "recorded_by", "goal")


def _open_first(queryset: QuerySet[Any], closed: frozenset[str]) -> QuerySet[Any]:
    ordered: QuerySet[Any] = queryset.annotate(
        closed=Case(
            When(status__in=sorted(closed), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("closed", F("next_step_due").asc(nulls_last=True), "-created_at")
    return ordered


def client_benefit_applications(client_access: ClientAccess) -> QuerySet[BenefitApplication]:
    """The client's applications the user may see: open ones first, by next step due."""
    return _open_first(
        benefit_applications_of(client_access).select_related(*_RELATED),
        CLOSED_BENEFIT_STATUSES,
    )


def client_id_documents(client_access: ClientAccess) -> QuerySet[IdDocumentRequest]:
    """The client's ID document requests the user may see: open ones first."""
    return _open_first(
        id_documents_of(client_access).select_related(*_RELATED), CLOSED_DOCUMENT_STATUSES
    )


def benefit_application_get(
    user: User, application_id: uuid.UUID | str
) -> tuple[BenefitApplication, ClientAccess]:
    try:
        application = (
            benefit_applications_visible_to(user)
            .select_related("client", "goal__plan")
            .get(pk=application_id)
        )
    except (BenefitApplication.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return application, client_access_for(user, application.client)


def id_document_get(
    user: User, request_id: uuid.UUID | str
) -> tuple[IdDocumentRequest, ClientAccess]:
    try:
        request = (
            id_documents_visible_to(user).select_related("client", "goal__plan").get(pk=request_id)
        )
    except (IdDocumentRequest.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return request, client_access_for(user, request.client)


def tracker_goals(client_access: ClientAccess, current: Goal | None = None) -> QuerySet[Goal]:
    """The goals a tracker may serve: the client's goals in progress the user
    may see (and the one it already serves)."""
    plan = plan_for(client_access)
    if plan is None:
        return Goal.objects.none()
    wanted = Q(status=PlanGoalStatus.ACTIVE)
    if current is not None:
        wanted |= Q(pk=current.pk)
    return goals_for(client_access, plan).filter(wanted).select_related("plan")


# --- The worker's open trackers --------------------------------------------------------------


MY_SCOPES = ("mine", "organization")


@dataclass(frozen=True)
class TrackerRow:
    """One open tracker with a next step due, for "My trackers" and the worklist."""

    kind: str  # "benefit" or "document"
    pk: uuid.UUID
    client: Any
    what: str
    status: str
    next_step: str
    due: dt.date
    url: str

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def _open_due(queryset: QuerySet[Any], closed: frozenset[str]) -> QuerySet[Any]:
    return queryset.exclude(status__in=sorted(closed)).filter(next_step_due__isnull=False)


def open_trackers_due(
    user: User,
    *,
    scope: str = "mine",
    client_ids: list[uuid.UUID] | None = None,
    until: dt.date | None = None,
) -> list[TrackerRow]:
    """Open trackers with a next step due, soonest first (two queries):
    those the user recorded (``mine``) or their organization's
    (``organization``), or — with ``client_ids`` — those of these clients the
    user may see. Only of clients the user may see."""
    scoped = Q(client_id__in=clients_visible_to(user).values("pk"))
    if client_ids is not None:
        scoped &= Q(client_id__in=client_ids)
    elif scope == "organization":
        scoped &= Q(organization_id=user.organization_id)
    else:
        scoped &= Q(recorded_by=user)
    if until is not None:
        scoped &= Q(next_step_due__lte=until)
    rows: list[TrackerRow] = []
    applications = _open_due(benefit_applications_visible_to(user), CLOSED_BENEFIT_STATUSES)
    for a in applications.filter(scoped).select_related("client"):
        assert a.next_step_due is not None
        rows.append(
            TrackerRow(
                kind="benefit",
                pk=a.pk,
                client=a.client,
                what=a.program_label,
                status=str(a.get_status_display()),
                next_step=a.next_step,
                due=a.next_step_due,
                url=reverse("community:benefit_edit", kwargs={"application_id": a.pk}),
            )
        )
    documents = _open_due(id_documents_visible_to(user), CLOSED_DOCUMENT_STATUSES)
    for d in documents.filter(scoped).select_related("client"):
        assert d.next_step_due is not None
        rows.append(
            TrackerRow(
                kind="document",
                pk=d.pk,
                client=d.client,
                what=d.document_label,
                status=str(d.get_status_display()),
                next_step=d.next_step,
                due=d.next_step_due,
                url=reverse("community:document_edit", kwargs={"request_id": d.pk}),
            )
        )
    rows.sort(key=lambda row: (row.due, row.client.display_name, str(row.pk)))
    return rows


__all__ = [
    "MY_SCOPES",
    "TrackerRow",
    "benefit_application_get",
    "client_benefit_applications",
    "client_id_documents",
    "id_document_get",
    "open_trackers_due",
    "tracker_goals",
]
