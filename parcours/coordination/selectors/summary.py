"""The printable summary of a referral: the client as the receiving partner
may see them.

What is printed is what both the person printing and the receiving partner
may see of the client: only the categories the client's directives in force
share with the receiving organization (``access.coordination.partner_categories``,
less its lock-boxes), and of those only the records the printer may read
(their identity details, the goals ``goals_for`` gives them).
A category the receiver is not shared — clinical goals when only the sender
is shared the clinical category — is never on the page. An outside service
(no receiving partner) is shared nothing: the summary names the client and
says what is asked, nothing of the record."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from parcours import access
from parcours.access import coordination as policy
from parcours.access.base import record_lock_boxes
from parcours.accounts.models import User
from parcours.casework.models import Goal, PlanGoalStatus, SupportType
from parcours.casework.selectors import goals_for, plan_for
from parcours.clients.models import Client, DataCategory
from parcours.clients.services import client_record_viewed
from parcours.coordination.models import Referral
from parcours.coordination.selectors.referrals import referral_rows
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction

GOAL_LABEL = "casework.goal"


@dataclass(frozen=True)
class ReferralSummary:
    """What the printed summary shows: ``categories`` are those printed."""

    referral: Referral
    client_label: str
    client: Client | None
    categories: frozenset[str]
    receiver_name: str
    goals: list[Goal] = field(default_factory=list)

    def shows(self, category: str) -> bool:
        return category in self.categories

    @property
    def housing(self) -> bool:
        return self.shows(DataCategory.HOUSING)

    @property
    def goal(self) -> Goal | None:
        """The goal the referral serves, when its category is printed."""
        goal = self.referral.goal
        if goal is None or not self.shows(DataCategory.CASE_PLAN):
            return None
        if goal.support_type == SupportType.CLINICAL and not self.shows(DataCategory.CLINICAL):
            return None
        return goal

    @property
    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in DataCategory.values if c in self.categories]


def _goals(
    client_access: access.ClientAccess, categories: frozenset[str], referral: Referral
) -> list[Goal]:
    """The active goals of the plan both sides may see: case-plan data, and
    the clinical ones only when the clinical category is printed; less the
    goals a lock-box keeps from the receiver."""
    if DataCategory.CASE_PLAN not in categories:
        return []
    plan = plan_for(client_access)
    if plan is None:
        return []
    locked: set[str] = set()
    if referral.receiving_organization_id is not None:
        locked = set(
            record_lock_boxes(referral.receiving_organization_id, GOAL_LABEL).values_list(
                "target_id", flat=True
            )
        )
    goals = goals_for(client_access, plan).filter(status=PlanGoalStatus.ACTIVE)
    return [
        g
        for g in goals
        if str(g.pk) not in locked
        and (g.support_type != SupportType.CLINICAL or DataCategory.CLINICAL in categories)
    ]


def referral_summary(user: User, referral: Referral) -> ReferralSummary:
    """The summary of a referral the user may read (``referral_get_for_user``),
    audited as a read of the client's record."""
    row = referral_rows(user, [referral])[0]
    client_access: access.ClientAccess | None = None
    if row.client_linkable:
        try:
            client_access = access.client_access_for(user, referral.client)
        except Http404:
            client_access = None
    receiver_id = referral.receiving_organization_id
    categories: frozenset[str] = frozenset()
    if client_access is not None and receiver_id is not None:
        categories = policy.partner_categories(referral.client, receiver_id)
    receiver = (
        referral.receiving_organization.name
        if referral.receiving_organization is not None
        else referral.service.organization.name
    )
    goals = _goals(client_access, categories, referral) if client_access is not None else []
    if client_access is not None:
        client_record_viewed(
            acting_user=user, client_access=client_access, section="referral_summary_pdf"
        )
    else:
        audit_record(
            action=AuditAction.VIEW,
            actor=user,
            target=referral,
            client_id=referral.client_id,
            detail={"section": "referral_summary_pdf", "categories": []},
        )
    return ReferralSummary(
        referral=referral,
        client_label=row.client_label,
        client=referral.client
        if DataCategory.IDENTITY in categories
        and client_access is not None
        and client_access.can(DataCategory.IDENTITY)
        else None,
        categories=categories,
        receiver_name=receiver,
        goals=goals,
    )
