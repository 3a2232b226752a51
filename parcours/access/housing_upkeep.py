"""Keeping a home: repairs, damages and budgeting help sessions.

* **Repairs** of a unit not linked to a tenancy are partner data: every
  housing reader (partner staff, network administrators) reads them; the
  organization that keeps the unit records and updates them.
* A repair **linked to a tenancy** is housing-category client data: the
  organization that recorded it, or a partner the client shares the housing
  category with (less lock-boxes), reads it; the unit's keeper or a
  tenancy writer (``access.housing.can_write_tenancies``) records and
  updates it.
* **Damages** are housing-category client data of the tenancy: read as
  tenancies are; written by a tenancy writer.
* **Budgeting help sessions** are financial-category client data: the
  organization that recorded one, or a partner the client shares the
  financial category with, reads it; a partner that registered the client
  or is shown their financial category records them.

A client the user may not see is a 404 (``access.clients``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from parcours.access.base import is_network_admin, staff_org
from parcours.access.clients import ClientAccess, clients_sharing, records_visible_filter
from parcours.access.housing import (
    can_keep_unit,
    can_read_housing,
    can_write_tenancies,
    tenancies_visible_to,
)
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.housing.models import (
    BudgetingSession,
    DamageRecord,
    HousingUnit,
    Landlord,
    RepairRequest,
    Tenancy,
)

REPAIR_LABEL = "housing.repairrequest"
DAMAGE_LABEL = "housing.damagerecord"
BUDGETING_LABEL = "housing.budgetingsession"


# --- Repairs ------------------------------------------------------------------------------


def repairs_visible_to(user: User | AnonymousUser) -> QuerySet[RepairRequest]:
    """Repairs of units the user reads: every unlinked one, and those linked
    to a tenancy whose client's housing the user may see."""
    if not can_read_housing(user):
        return RepairRequest.objects.none()
    assert isinstance(user, User)
    if staff_org(user) is None:
        # A network administrator without an organization: partner data only.
        return RepairRequest.objects.filter(tenancy__isnull=True)
    linked = records_visible_filter(
        user,
        category=DataCategory.HOUSING,
        model_label=REPAIR_LABEL,
        client_path="tenancy__client_id",
    )
    return RepairRequest.objects.filter(
        Q(tenancy__isnull=True) | (Q(tenancy__isnull=False) & linked)
    )


def repairs_of_unit(user: User | AnonymousUser, unit: HousingUnit) -> QuerySet[RepairRequest]:
    return repairs_visible_to(user).filter(unit=unit)


def repairs_of_tenancy(client_access: ClientAccess, tenancy: Tenancy) -> QuerySet[RepairRequest]:
    """The repairs linked to one tenancy of the client the user may see."""
    return RepairRequest.objects.filter(tenancy=tenancy).filter(
        client_access.record_filter(category=DataCategory.HOUSING, model_label=REPAIR_LABEL)
    )


def can_write_repair(
    user: User, unit: HousingUnit, tenancy_access: ClientAccess | None = None
) -> bool:
    """Record or update a repair of ``unit``: its keeper; for a repair linked
    to a tenancy, also whoever may write the tenant's tenancies."""
    if can_keep_unit(user, unit):
        return True
    return tenancy_access is not None and can_write_tenancies(tenancy_access)


def require_repair_writer(
    user: User, unit: HousingUnit, tenancy_access: ClientAccess | None = None
) -> None:
    if not can_write_repair(user, unit, tenancy_access):
        raise PermissionDenied(
            _(
                "Only the organization that keeps this unit, or a worker of the tenant, "
                "can record its repairs."
            )
        )


# --- Damages ------------------------------------------------------------------------------


def damages_visible_to(user: User) -> QuerySet[DamageRecord]:
    return DamageRecord.objects.filter(
        records_visible_filter(
            user,
            category=DataCategory.HOUSING,
            model_label=DAMAGE_LABEL,
            client_path="tenancy__client_id",
        )
    )


def damages_of(client_access: ClientAccess) -> QuerySet[DamageRecord]:
    """The client's damages (of every tenancy) the user may see."""
    return DamageRecord.objects.filter(tenancy__client=client_access.client).filter(
        client_access.record_filter(category=DataCategory.HOUSING, model_label=DAMAGE_LABEL)
    )


def require_damage_writer(client_access: ClientAccess) -> None:
    if not can_write_tenancies(client_access):
        raise PermissionDenied(
            _("You may not record damages for this client (housing information is not shared).")
        )


# --- Budgeting help -----------------------------------------------------------------------


def budgeting_sessions_visible_to(user: User) -> QuerySet[BudgetingSession]:
    return BudgetingSession.objects.filter(
        records_visible_filter(user, category=DataCategory.FINANCIAL, model_label=BUDGETING_LABEL)
    )


def budgeting_sessions_of(client_access: ClientAccess) -> QuerySet[BudgetingSession]:
    """The client's budgeting help sessions the user may see."""
    return BudgetingSession.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=DataCategory.FINANCIAL, model_label=BUDGETING_LABEL)
    )


def can_write_budgeting(client_access: ClientAccess) -> bool:
    """A partner that registered the client or is shown their financial category."""
    organization = client_access.user.organization
    if organization is None or not organization.is_partner:
        return False
    return client_access.registered_here or client_access.can(DataCategory.FINANCIAL)


def require_budgeting_writer(client_access: ClientAccess) -> None:
    if not can_write_budgeting(client_access):
        raise PermissionDenied(
            _(
                "You may not record budgeting help for this client "
                "(financial information is not shared)."
            )
        )


# --- Set-based rules, for ``restrict(queryset, user, Action.CHANGE)`` ----------------------
# (the twins of ``can_keep_landlord``, ``can_keep_unit``, ``can_write_tenancies``…)


def _partner_org(user: User) -> Any:
    organization = user.organization if staff_org(user) is not None else None
    if organization is None or not organization.is_partner:
        return None
    return organization.pk


def landlords_kept_by(user: User) -> QuerySet[Landlord]:
    if is_network_admin(user):
        return Landlord.objects.all()
    org_id = _partner_org(user)
    return Landlord.objects.filter(organization_id=org_id) if org_id else Landlord.objects.none()


def units_kept_by(user: User) -> QuerySet[HousingUnit]:
    if is_network_admin(user):
        return HousingUnit.objects.all()
    org_id = _partner_org(user)
    if org_id is None:
        return HousingUnit.objects.none()
    return HousingUnit.objects.filter(organization_id=org_id)


def tenancies_writable_by(user: User) -> QuerySet[Tenancy]:
    """Tenancies of clients whose tenancies the user may write: registered by
    their partner organization, or sharing the housing category with it."""
    org_id = _partner_org(user)
    if org_id is None:
        return Tenancy.objects.none()
    return tenancies_visible_to(user).filter(
        Q(client__registered_by_organization_id=org_id)
        | Q(client__in=clients_sharing(user, DataCategory.HOUSING).values("pk"))
    )


def repairs_writable_by(user: User) -> QuerySet[RepairRequest]:
    return repairs_visible_to(user).filter(
        Q(unit__in=units_kept_by(user).values("pk"))
        | Q(tenancy__in=tenancies_writable_by(user).values("pk"))
    )


def damages_writable_by(user: User) -> QuerySet[DamageRecord]:
    return damages_visible_to(user).filter(tenancy__in=tenancies_writable_by(user).values("pk"))


def budgeting_sessions_writable_by(user: User) -> QuerySet[BudgetingSession]:
    org_id = _partner_org(user)
    if org_id is None:
        return BudgetingSession.objects.none()
    return budgeting_sessions_visible_to(user).filter(
        Q(client__registered_by_organization_id=org_id)
        | Q(client__in=clients_sharing(user, DataCategory.FINANCIAL).values("pk"))
    )


__all__ = [
    "BUDGETING_LABEL",
    "DAMAGE_LABEL",
    "REPAIR_LABEL",
    "budgeting_sessions_of",
    "budgeting_sessions_visible_to",
    "budgeting_sessions_writable_by",
    "can_write_budgeting",
    "can_write_repair",
    "damages_of",
    "damages_visible_to",
    "damages_writable_by",
    "landlords_kept_by",
    "repairs_of_tenancy",
    "repairs_of_unit",
    "repairs_visible_to",
    "repairs_writable_by",
    "require_budgeting_writer",
    "require_damage_writer",
    "require_repair_writer",
    "tenancies_writable_by",
    "units_kept_by",
]
