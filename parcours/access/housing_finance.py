"""Housing applications, budgets and financial assistance.

* **Housing applications** are housing-category client data: the
  organization that recorded one sees it; another partner while the client
  shares the housing category with it (less lock-boxes). A partner writes a
  client's applications when it may read their housing category or
  registered the client.
* **Financial assistance** and its payments are financial-category client
  data, the same way (the category is ``financial``). A partner requests
  assistance for a client when it may read their financial category or
  registered the client.
* **Budgets** are program data: the staff of the organization that runs the
  budget's program, the coordinators of every partner and network
  administrators see them (totals, committed, spent, remaining). A budget's
  lines show a client's name only to a viewer who may see that line as
  client data; others see "a client" and the amounts.
* **Deciding** (approve or refuse) a line: the members of the budget's
  program and its organization's coordinators — up to
  ``HOUSING_ASSISTANCE_APPROVAL_THRESHOLD`` (the total the line commits);
  above it, only a coordinator of the budget's organization (or a network
  administrator). Approving beyond the remaining budget needs a
  coordinator's override with a reason.
* **Payments** are recorded by those who may decide on the line.

Staff of an organization outside the network (a hospital) see none of it."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.base import is_coordinator, is_network_admin, is_staff_user
from parcours.access.clients import ClientAccess, records_visible_filter
from parcours.accounts.models import Program, User
from parcours.clients.models import DataCategory
from parcours.housing.models import (
    AssistancePayment,
    FinancialAssistance,
    HousingApplication,
    HousingBudget,
)

APPLICATION_LABEL = "housing.housingapplication"
ASSISTANCE_LABEL = "housing.financialassistance"


def _org_id(user: User) -> uuid.UUID:
    assert user.organization_id is not None
    return user.organization_id


def _partner_staff(user: User | AnonymousUser) -> bool:
    if not is_staff_user(user):
        return False
    organization = user.organization
    return organization is not None and bool(organization.is_partner)


# --- Housing applications (housing category) ------------------------------------------


def applications_visible_to(user: User) -> QuerySet[HousingApplication]:
    return HousingApplication.objects.filter(
        records_visible_filter(user, category=DataCategory.HOUSING, model_label=APPLICATION_LABEL)
    )


def applications_of(client_access: ClientAccess) -> QuerySet[HousingApplication]:
    return HousingApplication.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=DataCategory.HOUSING, model_label=APPLICATION_LABEL)
    )


def can_write_applications(client_access: ClientAccess) -> bool:
    if not _partner_staff(client_access.user):
        return False
    return client_access.registered_here or client_access.can(DataCategory.HOUSING)


def require_application_writer(client_access: ClientAccess) -> None:
    if not can_write_applications(client_access):
        raise PermissionDenied(
            _(
                "You may not record housing applications for this client "
                "(housing information is not shared)."
            )
        )


# --- Financial assistance (financial category) ----------------------------------------


def assistance_visible_filter(user: User, *, prefix: str = "") -> Q:
    """Lines of assistance the user may see as client data."""
    return records_visible_filter(
        user,
        category=DataCategory.FINANCIAL,
        model_label=ASSISTANCE_LABEL,
        client_path=f"{prefix}client_id",
        organization_path=f"{prefix}organization_id",
    )


def assistance_visible_to(user: User) -> QuerySet[FinancialAssistance]:
    return FinancialAssistance.objects.filter(assistance_visible_filter(user))


def assistance_of(client_access: ClientAccess) -> QuerySet[FinancialAssistance]:
    return FinancialAssistance.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=DataCategory.FINANCIAL, model_label=ASSISTANCE_LABEL)
    )


def payments_visible_to(user: User) -> QuerySet[AssistancePayment]:
    return AssistancePayment.objects.filter(assistance_visible_filter(user, prefix="assistance__"))


def can_see_client_finances(client_access: ClientAccess) -> bool:
    return client_access.registered_here or client_access.can(DataCategory.FINANCIAL)


def can_request_assistance(client_access: ClientAccess) -> bool:
    if not _partner_staff(client_access.user):
        return False
    return can_see_client_finances(client_access)


def require_assistance_requester(client_access: ClientAccess) -> None:
    if not can_request_assistance(client_access):
        raise PermissionDenied(
            _(
                "You may not request financial assistance for this client "
                "(financial information is not shared)."
            )
        )


# --- Budgets (program data) -----------------------------------------------------------


def can_see_budgets(user: User | AnonymousUser) -> bool:
    """The budget pages: network administrators, partner coordinators, and
    staff of a partner that runs a budget."""
    if is_network_admin(user):
        return True
    if not _partner_staff(user):
        return False
    assert isinstance(user, User)
    if is_coordinator(user):
        return True
    return HousingBudget.objects.filter(program__organization_id=_org_id(user)).exists()


def budgets_visible_to(user: User | AnonymousUser) -> QuerySet[HousingBudget]:
    if is_network_admin(user):
        return HousingBudget.objects.all()
    if not _partner_staff(user):
        return HousingBudget.objects.none()
    assert isinstance(user, User)
    if is_coordinator(user):
        return HousingBudget.objects.all()
    return HousingBudget.objects.filter(program__organization_id=_org_id(user))


def budgets_open_for_requests(user: User | AnonymousUser) -> QuerySet[HousingBudget]:
    """The budgets a partner's staff may draw a request from: every budget of
    a partner program whose period includes today (names only)."""
    if not _partner_staff(user):
        return HousingBudget.objects.none()
    today = timezone.localdate()
    return HousingBudget.objects.filter(
        period_start__lte=today,
        period_end__gte=today,
        program__is_active=True,
        program__organization__is_partner=True,
    )


def approval_threshold() -> Decimal:
    return Decimal(str(settings.HOUSING_ASSISTANCE_APPROVAL_THRESHOLD))


def is_budget_coordinator(user: User, budget: HousingBudget) -> bool:
    """A coordinator (or administrator) of the organization that runs the
    budget's program, or a network administrator."""
    if is_network_admin(user):
        return True
    if not _partner_staff(user) or not is_coordinator(user):
        return False
    return user.organization_id == _program(budget).organization_id


def _program(budget: HousingBudget) -> Program:
    return budget.program


def is_budget_staff(user: User, budget: HousingBudget) -> bool:
    """A member of the budget's program, or its organization's coordinator."""
    if is_budget_coordinator(user, budget):
        return True
    if not _partner_staff(user):
        return False
    return bool(user.program_memberships.filter(program_id=budget.program_id).exists())


def can_decide_assistance(user: User, assistance: FinancialAssistance) -> bool:
    """Approve or refuse this line (the threshold applies to its total)."""
    budget = assistance.budget
    if assistance.total_amount > approval_threshold():
        return is_budget_coordinator(user, budget)
    return is_budget_staff(user, budget)


def require_assistance_decider(user: User, assistance: FinancialAssistance) -> None:
    if can_decide_assistance(user, assistance):
        return
    if is_budget_staff(user, assistance.budget):
        raise PermissionDenied(
            _("Above %(threshold)s $, only a coordinator may approve or refuse assistance.")
            % {"threshold": approval_threshold()}
        )
    raise PermissionDenied(
        _("Only the staff of the budget's program may approve or refuse its assistance.")
    )


def can_record_payments(user: User, assistance: FinancialAssistance) -> bool:
    return is_budget_staff(user, assistance.budget)


def require_payment_recorder(user: User, assistance: FinancialAssistance) -> None:
    if not can_record_payments(user, assistance):
        raise PermissionDenied(_("Only the staff of the budget's program may record payments."))


def budget_programs_for(user: User | AnonymousUser) -> QuerySet[Program]:
    """The programs a user may open budgets for: every partner program for a
    network administrator; their organization's for its coordinators."""
    if is_network_admin(user):
        return Program.objects.filter(is_active=True, organization__is_partner=True)
    if not _partner_staff(user) or not is_coordinator(user):
        return Program.objects.none()
    assert isinstance(user, User)
    return Program.objects.filter(is_active=True, organization_id=_org_id(user))


def budget_lines_for_deciders(user: User) -> QuerySet[FinancialAssistance]:
    """Lines of the budgets whose program the user works in (or coordinates):
    what they may decide on and pay, seen as amounts whatever the consent."""
    if is_network_admin(user):
        return FinancialAssistance.objects.all()
    if not _partner_staff(user):
        return FinancialAssistance.objects.none()
    if is_coordinator(user):
        mine = Q(budget__program__organization_id=_org_id(user))
    else:
        mine = Q(
            budget__program_id__in=user.program_memberships.values("program_id"),
        )
    return FinancialAssistance.objects.filter(mine)


__all__ = [
    "APPLICATION_LABEL",
    "ASSISTANCE_LABEL",
    "applications_of",
    "applications_visible_to",
    "approval_threshold",
    "assistance_of",
    "assistance_visible_filter",
    "assistance_visible_to",
    "budget_lines_for_deciders",
    "budget_programs_for",
    "budgets_open_for_requests",
    "budgets_visible_to",
    "can_decide_assistance",
    "can_record_payments",
    "can_request_assistance",
    "can_see_budgets",
    "can_see_client_finances",
    "can_write_applications",
    "is_budget_coordinator",
    "is_budget_staff",
    "payments_visible_to",
    "require_application_writer",
    "require_assistance_decider",
    "require_assistance_requester",
    "require_payment_recorder",
]
