"""The opportunities board: jobs, volunteering, training and learning.

* **Opportunities** are partner data, like group sessions: every partner's
  staff reads them; the posting organization changes and closes its own.
* **Interests** (what a client wants, their constraints) and **placements**
  (a referral to an opportunity and its outcome) are client data of the
  **case-plan** category (``DataCategory.CASE_PLAN``), the category of the
  groups' attendance. Why case plan and not financial (the trackers'):
  work, volunteering and learning are complementary supports the client's
  plan names (its sub-domains employment, volunteering, learning); an
  interest holds no income or amount, and a partner who helps the client
  with their plan is the one who needs to see it. So the organization that
  recorded one sees it; another partner while the client shares their case
  plan with it (``records_visible_filter``, ``ClientAccess.record_filter``),
  less lock-boxes of the category or of the record.
* Recording an interest or referring a client takes partner staff who may
  see the client's case plan (their organization registered the client, or
  the client shares the category with it); the referral itself follows the
  referral loop's rules (``access.coordination.can_refer``).
* A placement's outcome is recorded by the organization that referred the
  client or by the posting organization, when it may see the placement.
* The supply-and-demand counts (no names) are for the network's
  coordinators: the rule of the stigma report (``can_view_stigma_report``).

Staff of an organization outside the network (a hospital) see nothing here."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parcours.access.base import staff_org
from parcours.access.clients import ClientAccess, records_visible_filter
from parcours.access.community import can_view_stigma_report
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.community.models import Opportunity, OpportunityInterest, Placement

INTEREST_LABEL = "community.opportunityinterest"
PLACEMENT_LABEL = "community.placement"
OPPORTUNITY_CATEGORY = DataCategory.CASE_PLAN


def _partner_org(user: User) -> uuid.UUID | None:
    """The user's organization id, when it is a partner of the network."""
    if staff_org(user) is None:
        return None
    organization = user.organization
    if organization is None or not organization.is_partner:
        return None
    return organization.pk


# --- Opportunities (partner data) -----------------------------------------------------------


def opportunities_visible_to(user: User) -> QuerySet[Opportunity]:
    """Every partner's opportunities, for a partner's staff."""
    if _partner_org(user) is None:
        return Opportunity.objects.none()
    return Opportunity.objects.all()


def opportunities_posted_by(user: User) -> QuerySet[Opportunity]:
    """The opportunities the user's organization posted (it changes and closes them)."""
    org_id = _partner_org(user)
    if org_id is None:
        return Opportunity.objects.none()
    return Opportunity.objects.filter(organization_id=org_id)


def can_post_opportunities(user: User) -> bool:
    return _partner_org(user) is not None


def require_opportunity_poster(user: User) -> None:
    if not can_post_opportunities(user):
        raise PermissionDenied(_("Only the staff of a partner organization use the opportunities."))


def can_change_opportunity(user: User, opportunity: Opportunity) -> bool:
    org_id = _partner_org(user)
    return org_id is not None and opportunity.organization_id == org_id


def require_opportunity_owner(user: User, opportunity: Opportunity) -> None:
    if not can_change_opportunity(user, opportunity):
        raise PermissionDenied(
            _("Only the organization that posted an opportunity changes or closes it.")
        )


# --- Interests and placements (case-plan client data) ---------------------------------------


def interests_visible_to(user: User) -> QuerySet[OpportunityInterest]:
    if _partner_org(user) is None:
        return OpportunityInterest.objects.none()
    return OpportunityInterest.objects.filter(
        records_visible_filter(user, category=OPPORTUNITY_CATEGORY, model_label=INTEREST_LABEL)
    )


def interests_of(client_access: ClientAccess) -> QuerySet[OpportunityInterest]:
    """The client's interests the user may see."""
    if _partner_org(client_access.user) is None:
        return OpportunityInterest.objects.none()
    return OpportunityInterest.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=OPPORTUNITY_CATEGORY, model_label=INTEREST_LABEL)
    )


def interests_writable_by(user: User) -> QuerySet[OpportunityInterest]:
    """An organization changes the interests it recorded."""
    org_id = _partner_org(user)
    if org_id is None:
        return OpportunityInterest.objects.none()
    return interests_visible_to(user).filter(organization_id=org_id)


def placements_visible_to(user: User) -> QuerySet[Placement]:
    if _partner_org(user) is None:
        return Placement.objects.none()
    return Placement.objects.filter(
        records_visible_filter(user, category=OPPORTUNITY_CATEGORY, model_label=PLACEMENT_LABEL)
    )


def placements_of(client_access: ClientAccess) -> QuerySet[Placement]:
    """The client's placements the user may see."""
    if _partner_org(client_access.user) is None:
        return Placement.objects.none()
    return Placement.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=OPPORTUNITY_CATEGORY, model_label=PLACEMENT_LABEL)
    )


def placements_writable_by(user: User) -> QuerySet[Placement]:
    """The placements the user's organization referred, or to its opportunities, that it sees."""
    org_id = _partner_org(user)
    if org_id is None:
        return Placement.objects.none()
    return placements_visible_to(user).filter(organization_id=org_id) | placements_visible_to(
        user
    ).filter(opportunity__organization_id=org_id)


def can_work_on_opportunities_for(client_access: ClientAccess) -> bool:
    """Record the client's interests, refer them: partner staff who may see
    the client's case plan."""
    if _partner_org(client_access.user) is None:
        return False
    return client_access.registered_here or client_access.can(OPPORTUNITY_CATEGORY)


def require_interest_writer(client_access: ClientAccess) -> None:
    if not can_work_on_opportunities_for(client_access):
        raise PermissionDenied(
            _(
                "You may not record work or volunteering interests for this client "
                "(their case plan is not shared with your organization)."
            )
        )


def can_record_outcome(user: User, placement: Placement) -> bool:
    org_id = _partner_org(user)
    if org_id is None:
        return False
    return org_id in (placement.organization_id, placement.opportunity.organization_id)


def require_outcome_recorder(user: User, placement: Placement) -> None:
    if not can_record_outcome(user, placement):
        raise PermissionDenied(
            _(
                "Only the organization that referred the client, or the one that posted "
                "the opportunity, records the outcome."
            )
        )


# --- Supply and demand (counts only) --------------------------------------------------------


def can_view_supply_demand(user: User) -> bool:
    """The network's counts of clients wanting work and of places offered: the
    coordinators and administrators who see the stigma report."""
    return can_view_stigma_report(user)


def interests_counted_for(user: User) -> QuerySet[OpportunityInterest]:
    """Every organization's interests, to be counted, never listed."""
    if not can_view_supply_demand(user):
        return OpportunityInterest.objects.none()
    return OpportunityInterest.objects.all()


__all__ = [
    "INTEREST_LABEL",
    "OPPORTUNITY_CATEGORY",
    "PLACEMENT_LABEL",
    "can_change_opportunity",
    "can_post_opportunities",
    "can_record_outcome",
    "can_view_supply_demand",
    "can_work_on_opportunities_for",
    "interests_counted_for",
    "interests_of",
    "interests_visible_to",
    "interests_writable_by",
    "opportunities_posted_by",
    "opportunities_visible_to",
    "placements_of",
    "placements_visible_to",
    "placements_writable_by",
    "require_interest_writer",
    "require_opportunity_owner",
    "require_opportunity_poster",
    "require_outcome_recorder",
]
