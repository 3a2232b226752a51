"""Reading budgets, financial assistance and housing applications through
the policy (``parcours.access.housing_finance``), and what they add to the
casework worklist: a housing application's follow-up due, a rent subsidy
ending soon (plan the move to provincial or municipal support).

Lists fetch their sums in subqueries and their related rows up front, so a
page costs the same few queries whatever its length."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.access.clients import ClientAccess, client_access_for
from parcours.access.housing_finance import (
    applications_of,
    applications_visible_to,
    assistance_of,
    assistance_visible_filter,
    budget_lines_for_deciders,
    budgets_visible_to,
    can_see_budgets,
)
from parcours.accounts.models import User
from parcours.casework.models import Enrollment
from parcours.casework.worklist import WorkItem
from parcours.core.client_file import client_file_url
from parcours.housing.models import (
    CLOSED_APPLICATION_STATUSES,
    COMMITTED_STATUSES,
    SUBSIDY_KINDS,
    AssistancePayment,
    AssistanceStatus,
    FinancialAssistance,
    HousingApplication,
    HousingBudget,
)

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)
# An application's follow-up shows on the worklist this many days ahead.
FOLLOW_UP_NOTICE_DAYS = 7
BUDGET_SORTS = {
    "name": ("name", "id"),
    "-period": ("-period_start", "name", "id"),
    "remaining": ("remaining", "name", "id"),
}


def subsidy_notice_days() -> int:
    return int(settings.HOUSING_SUBSIDY_END_NOTICE_DAYS)


def _committed_subquery(path: str = "pk") -> Subquery:
    lines = (
        FinancialAssistance.objects.filter(budget=OuterRef(path), status__in=COMMITTED_STATUSES)
        .order_by()
        .values("budget")
        .annotate(total=Sum("total_amount"))
        .values("total")
    )
    return Subquery(lines, output_field=MONEY)


def _spent_subquery() -> Subquery:
    payments = (
        AssistancePayment.objects.filter(assistance__budget=OuterRef("pk"))
        .order_by()
        .values("assistance__budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(payments, output_field=MONEY)


def _paid_subquery() -> Subquery:
    payments = (
        AssistancePayment.objects.filter(assistance=OuterRef("pk"))
        .order_by()
        .values("assistance")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(payments, output_field=MONEY)


def _ending_soon_filter(today: dt.date, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status": AssistanceStatus.APPROVED,
            f"{prefix}kind__in": list(SUBSIDY_KINDS),
            f"{prefix}period_end__gte": today,
            f"{prefix}period_end__lte": today + dt.timedelta(days=subsidy_notice_days()),
        }
    )


def require_budget_reader(user: User) -> User:
    if not can_see_budgets(user):
        raise PermissionDenied
    return user


def budget_list(user: User, sort: str = "") -> QuerySet[HousingBudget]:
    """Budgets the user may see with ``committed``, ``spent``, ``remaining``,
    the lines ``requested`` and the subsidies ``ending_soon``."""
    require_budget_reader(user)
    today = timezone.localdate()
    return (
        budgets_visible_to(user)
        .select_related("program", "program__organization")
        .annotate(
            committed=Coalesce(_committed_subquery(), ZERO),
            spent=Coalesce(_spent_subquery(), ZERO),
            requested=Count("assistance", filter=Q(assistance__status=AssistanceStatus.REQUESTED)),
            ending_soon=Count("assistance", filter=_ending_soon_filter(today, "assistance__")),
        )
        .annotate(remaining=F("total_amount") - F("committed"))
        .order_by(*BUDGET_SORTS.get(sort, BUDGET_SORTS["-period"]))
    )


def budget_get(user: User, budget_id: uuid.UUID | str) -> HousingBudget:
    try:
        return budget_list(user).get(pk=budget_id)
    except (HousingBudget.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def budget_lines(user: User, budget: HousingBudget) -> QuerySet[FinancialAssistance]:
    """The budget's lines, each with ``paid``, ``ending_soon`` and
    ``shows_client`` (may the user see this line as client data: only then
    is the client named)."""
    today = timezone.localdate()
    return (
        FinancialAssistance.objects.filter(budget=budget)
        .select_related("client", "organization", "requested_by", "decided_by", "override_by")
        .annotate(
            paid=Coalesce(_paid_subquery(), ZERO),
            shows_client=Case(
                When(assistance_visible_filter(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            ending_soon=Case(
                When(_ending_soon_filter(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-requested_on", "-created_at")
    )


def client_assistance(client_access: ClientAccess) -> QuerySet[FinancialAssistance]:
    """The client's assistance the user may see, newest first, with ``paid``."""
    today = timezone.localdate()
    return (
        assistance_of(client_access)
        .select_related("budget", "requested_by", "organization")
        .annotate(
            paid=Coalesce(_paid_subquery(), ZERO),
            ending_soon=Case(
                When(_ending_soon_filter(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-requested_on", "-created_at")
    )


@dataclass(frozen=True)
class AssistanceView:
    """One line and what the user may see of it: its client (when it is
    client data for them), or only its amounts (a budget decider)."""

    assistance: FinancialAssistance
    client_access: ClientAccess | None

    @property
    def shows_client(self) -> bool:
        return self.client_access is not None


def assistance_get(user: User, assistance_id: uuid.UUID | str) -> AssistanceView:
    """One line the user may see — as client data (financial category) or as
    a line of a budget they decide on — with ``paid``; 404 otherwise."""
    lines = FinancialAssistance.objects.select_related(
        "client",
        "budget",
        "budget__program",
        "budget__program__organization",
        "organization",
        "requested_by",
        "decided_by",
        "override_by",
        "landlord",
    ).annotate(paid=Coalesce(_paid_subquery(), ZERO))
    try:
        assistance = lines.filter(assistance_visible_filter(user)).get(pk=assistance_id)
    except (FinancialAssistance.DoesNotExist, ValueError, Http404):
        try:
            assistance = lines.filter(pk__in=budget_lines_for_deciders(user).values("pk")).get(
                pk=assistance_id
            )
        except (FinancialAssistance.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
        return AssistanceView(assistance, None)
    try:
        client_access = client_access_for(user, assistance.client)
    except Http404:
        client_access = None
    return AssistanceView(assistance, client_access)


def assistance_payments(assistance: FinancialAssistance) -> QuerySet[AssistancePayment]:
    return AssistancePayment.objects.filter(assistance=assistance).select_related("paid_by")


# --- Applications ----------------------------------------------------------------------


def client_applications(client_access: ClientAccess) -> QuerySet[HousingApplication]:
    """The client's applications the user may see: open ones first, by next follow-up."""
    return (
        applications_of(client_access)
        .select_related("organization", "recorded_by")
        .annotate(
            closed=Case(
                When(status__in=list(CLOSED_APPLICATION_STATUSES), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("closed", F("next_follow_up").asc(nulls_last=True), "-created_at")
    )


def application_get(
    user: User, application_id: uuid.UUID | str
) -> tuple[HousingApplication, ClientAccess]:
    try:
        application = applications_visible_to(user).select_related("client").get(pk=application_id)
    except (HousingApplication.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return application, client_access_for(user, application.client)


# --- The worklist ----------------------------------------------------------------------


def _by_client(enrollments: list[Enrollment]) -> dict[uuid.UUID, Enrollment]:
    by_client: dict[uuid.UUID, Enrollment] = {}
    for e in enrollments:
        by_client.setdefault(e.client_id, e)
    return by_client


def _client_file(client_id: uuid.UUID, anchor: str) -> str:
    return client_file_url(client_id, anchor)


def application_follow_up_items(
    user: User, enrollments: list[Enrollment], today: dt.date
) -> list[WorkItem]:
    """Open applications of the worklist's clients whose follow-up is due
    (within a week, or late). One query."""
    by_client = _by_client(enrollments)
    if not by_client:
        return []
    applications = (
        applications_visible_to(user)
        .filter(
            client_id__in=list(by_client),
            next_follow_up__lte=today + dt.timedelta(days=FOLLOW_UP_NOTICE_DAYS),
        )
        .exclude(status__in=list(CLOSED_APPLICATION_STATUSES))
        .order_by("next_follow_up", "created_at")
    )
    items = []
    for application in applications:
        assert application.next_follow_up is not None
        enrollment = by_client[application.client_id]
        items.append(
            WorkItem(
                kind="housing_application_follow_up",
                client=enrollment.client,
                enrollment=enrollment,
                label=_("Follow up the application to %(provider)s (%(status)s) by %(date)s.")
                % {
                    "provider": application.provider,
                    "status": application.get_status_display().lower(),
                    "date": application.next_follow_up.isoformat(),
                },
                due=application.next_follow_up,
                url=reverse("housing:application_edit", kwargs={"application_id": application.pk}),
                action=_("Follow up the application"),
            )
        )
    return items


def subsidy_end_items(user: User, enrollments: list[Enrollment], today: dt.date) -> list[WorkItem]:
    """Approved rent subsidies of the worklist's clients ending within
    ``HOUSING_SUBSIDY_END_NOTICE_DAYS``: plan the move to provincial or
    municipal support. One query."""
    by_client = _by_client(enrollments)
    if not by_client:
        return []
    lines = (
        FinancialAssistance.objects.filter(assistance_visible_filter(user))
        .filter(_ending_soon_filter(today), client_id__in=list(by_client))
        .order_by("period_end", "created_at")
    )
    items = []
    for line in lines:
        enrollment = by_client[line.client_id]
        items.append(
            WorkItem(
                kind="housing_subsidy_end",
                client=enrollment.client,
                enrollment=enrollment,
                label=_(
                    "Subsidy ends on %(date)s: plan the move to provincial or municipal support."
                )
                % {"date": line.period_end.isoformat()},
                due=line.period_end,
                url=_client_file(line.client_id, "housing-finance"),
                action=_("Plan the move to public support"),
            )
        )
    return items


WORKLIST_SOURCES = [application_follow_up_items, subsidy_end_items]


def register_worklist_sources() -> None:
    """Add the sources to the casework worklist, with their labels and severities."""
    from parcours.casework.worklist import Severity, register_source

    register_source(
        application_follow_up_items,
        kinds={
            "housing_application_follow_up": (
                gettext_lazy("Housing application follow-up"),
                Severity.WAITING,
            )
        },
    )
    register_source(
        subsidy_end_items,
        kinds={"housing_subsidy_end": (gettext_lazy("Subsidy ending"), Severity.PLAN)},
    )


__all__ = [
    "BUDGET_SORTS",
    "FOLLOW_UP_NOTICE_DAYS",
    "AssistanceView",
    "application_follow_up_items",
    "application_get",
    "assistance_get",
    "assistance_payments",
    "budget_get",
    "budget_lines",
    "budget_list",
    "client_applications",
    "client_assistance",
    "register_worklist_sources",
    "require_budget_reader",
    "subsidy_end_items",
    "subsidy_notice_days",
]
