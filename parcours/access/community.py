"""Complementary supports and community: income-support and ID-document
trackers, stigma incidents.

* **Trackers** (applications to income programs, ID documents to replace)
  are financial-category client data under the client's directives, the way
  financial assistance and budgeting help are (``access.housing_finance``):
  the organization that recorded one sees it; another partner while the
  client shares the financial category with it (``clients_sharing``), less
  lock-boxes of the category or of the record.
* A partner **writes** a client's trackers when it may see their finances
  (``access.housing_finance.can_see_client_finances``: it registered the
  client or is shown the financial category) — the rule of financial
  assistance requests.

Staff of an organization outside the network (a hospital) write none; the
clinical disciplines have no say here (nothing clinical in a tracker).

* **Stigma incidents** are sensitive client data: the organization that
  recorded one sees it, no other (not by consent, not by emergency access);
  any partner that sees the client may record one. The network's
  coordinators see de-identified counts of every partner's incidents
  (``can_view_stigma_report``), never the incidents.

* **Group sessions** (life-skills groups) are partner data: every partner's
  staff reads them; the organization that runs one changes it and its roster.
  **Attendance** is case-plan client data (``records_visible_filter``): the
  running organization sees its whole roster, another partner the clients
  who share their case plan with it, less lock-boxes. Registering a client or
  marking attendance takes staff of the running organization who may see the
  client. Staff outside the network: nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from parcours.access.base import is_privacy_reviewer, staff_org
from parcours.access.clients import ClientAccess, clients_sharing, records_visible_filter
from parcours.access.housing_finance import can_see_client_finances
from parcours.accounts.models import User
from parcours.clients.models import DataCategory
from parcours.community.models import (
    BenefitApplication,
    GroupAttendance,
    GroupSession,
    IdDocumentRequest,
    StigmaIncident,
    StigmaIncidentGround,
)

BENEFIT_LABEL = "community.benefitapplication"
STIGMA_LABEL = "community.stigmaincident"
ID_DOCUMENT_LABEL = "community.iddocumentrequest"
ATTENDANCE_LABEL = "community.groupattendance"
ATTENDANCE_CATEGORY = DataCategory.CASE_PLAN
TRACKER_CATEGORY = DataCategory.FINANCIAL


def _partner_org(user: User) -> object | None:
    """The user's organization id, when it is a partner of the network."""
    if staff_org(user) is None:
        return None
    organization = user.organization
    if organization is None or not organization.is_partner:
        return None
    return organization.pk


def benefit_applications_visible_to(user: User) -> QuerySet[BenefitApplication]:
    return BenefitApplication.objects.filter(
        records_visible_filter(user, category=TRACKER_CATEGORY, model_label=BENEFIT_LABEL)
    )


def benefit_applications_of(client_access: ClientAccess) -> QuerySet[BenefitApplication]:
    """The client's applications the user may see."""
    return BenefitApplication.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=TRACKER_CATEGORY, model_label=BENEFIT_LABEL)
    )


def id_documents_visible_to(user: User) -> QuerySet[IdDocumentRequest]:
    return IdDocumentRequest.objects.filter(
        records_visible_filter(user, category=TRACKER_CATEGORY, model_label=ID_DOCUMENT_LABEL)
    )


def id_documents_of(client_access: ClientAccess) -> QuerySet[IdDocumentRequest]:
    """The client's ID document requests the user may see."""
    return IdDocumentRequest.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=TRACKER_CATEGORY, model_label=ID_DOCUMENT_LABEL)
    )


def can_write_trackers(client_access: ClientAccess) -> bool:
    """Record or change the client's trackers: partner staff who may see the
    client's finances (the rule of financial assistance requests)."""
    if _partner_org(client_access.user) is None:
        return False
    return can_see_client_finances(client_access)


def require_tracker_writer(client_access: ClientAccess) -> None:
    if not can_write_trackers(client_access):
        raise PermissionDenied(
            _(
                "You may not record income or ID document trackers for this client "
                "(financial information is not shared)."
            )
        )


def _writable(user: User) -> Q | None:
    org_id = _partner_org(user)
    if org_id is None:
        return None
    return Q(client__registered_by_organization_id=org_id) | Q(
        client__in=clients_sharing(user, TRACKER_CATEGORY).values("pk")
    )


def benefit_applications_writable_by(user: User) -> QuerySet[BenefitApplication]:
    """The set-based twin of ``can_write_trackers``, for ``restrict(…, CHANGE)``."""
    writable = _writable(user)
    if writable is None:
        return BenefitApplication.objects.none()
    return benefit_applications_visible_to(user).filter(writable)


def id_documents_writable_by(user: User) -> QuerySet[IdDocumentRequest]:
    writable = _writable(user)
    if writable is None:
        return IdDocumentRequest.objects.none()
    return id_documents_visible_to(user).filter(writable)


# --- Stigma incidents ---------------------------------------------------------------------


def stigma_incidents_visible_to(user: User) -> QuerySet[StigmaIncident]:
    """The incidents the user's organization recorded (a partner's staff only)."""
    if _partner_org(user) is None or user.organization_id is None:
        return StigmaIncident.objects.none()
    return StigmaIncident.objects.filter(organization_id=user.organization_id)


def stigma_incident_grounds_visible_to(user: User) -> QuerySet[StigmaIncidentGround]:
    return StigmaIncidentGround.objects.filter(
        incident__in=stigma_incidents_visible_to(user).values("pk")
    )


def stigma_incidents_of(client_access: ClientAccess) -> QuerySet[StigmaIncident]:
    """The client's incidents the user may see: those their organization recorded."""
    return stigma_incidents_visible_to(client_access.user).filter(client=client_access.client)


def can_record_stigma_incident(client_access: ClientAccess) -> bool:
    """Any partner's staff who may see the client records what the client tells them."""
    return _partner_org(client_access.user) is not None


def require_stigma_recorder(client_access: ClientAccess) -> None:
    if not can_record_stigma_incident(client_access):
        raise PermissionDenied(
            _("Only the staff of a partner organization record stigma incidents.")
        )


def can_view_stigma_report(user: User) -> bool:
    """The network's de-identified counts: a partner's coordinators and
    administrators (its privacy reviewers, as for every network figure)."""
    return _partner_org(user) is not None and is_privacy_reviewer(user)


def stigma_incidents_counted_for(user: User) -> QuerySet[StigmaIncident]:
    """Every partner's incidents, for counts the report suppresses below five
    people a cell (``community.selectors.stigma``) — never to be listed."""
    if not can_view_stigma_report(user):
        return StigmaIncident.objects.none()
    return StigmaIncident.objects.all()


# --- Life-skills groups -------------------------------------------------------------------


def group_sessions_visible_to(user: User) -> QuerySet[GroupSession]:
    """Every partner's sessions, for a partner's staff."""
    if _partner_org(user) is None:
        return GroupSession.objects.none()
    return GroupSession.objects.all()


def group_sessions_run_by(user: User) -> QuerySet[GroupSession]:
    """The sessions the user's organization runs (it changes them and their roster)."""
    if _partner_org(user) is None or user.organization_id is None:
        return GroupSession.objects.none()
    return GroupSession.objects.filter(organization_id=user.organization_id)


def can_run_session(user: User, session: GroupSession) -> bool:
    return _partner_org(user) is not None and session.organization_id == user.organization_id


def require_session_runner(user: User, session: GroupSession) -> None:
    if not can_run_session(user, session):
        raise PermissionDenied(
            _("Only the organization that runs a group session changes it and its roster.")
        )


def can_offer_sessions(user: User) -> bool:
    return _partner_org(user) is not None


def require_session_offerer(user: User) -> None:
    if not can_offer_sessions(user):
        raise PermissionDenied(_("Only the staff of a partner organization offer group sessions."))


def group_attendances_visible_to(user: User) -> QuerySet[GroupAttendance]:
    if _partner_org(user) is None:
        return GroupAttendance.objects.none()
    return GroupAttendance.objects.filter(
        records_visible_filter(user, category=ATTENDANCE_CATEGORY, model_label=ATTENDANCE_LABEL)
    )


def group_attendances_of(client_access: ClientAccess) -> QuerySet[GroupAttendance]:
    """The client's attendance the user may see."""
    if _partner_org(client_access.user) is None:
        return GroupAttendance.objects.none()
    return GroupAttendance.objects.filter(client=client_access.client).filter(
        client_access.record_filter(category=ATTENDANCE_CATEGORY, model_label=ATTENDANCE_LABEL)
    )


def group_attendances_writable_by(user: User) -> QuerySet[GroupAttendance]:
    """The rosters of the sessions the user's organization runs."""
    return GroupAttendance.objects.filter(session__in=group_sessions_run_by(user).values("pk"))


def can_register_for_session(client_access: ClientAccess, session: GroupSession) -> bool:
    """Staff of the running organization who may see the client."""
    return can_run_session(client_access.user, session)


def require_roster_writer(client_access: ClientAccess, session: GroupSession) -> None:
    if not can_register_for_session(client_access, session):
        raise PermissionDenied(
            _("Only the organization that runs a group session changes its roster.")
        )


__all__ = [
    "ATTENDANCE_CATEGORY",
    "ATTENDANCE_LABEL",
    "BENEFIT_LABEL",
    "ID_DOCUMENT_LABEL",
    "STIGMA_LABEL",
    "TRACKER_CATEGORY",
    "benefit_applications_of",
    "benefit_applications_visible_to",
    "benefit_applications_writable_by",
    "can_offer_sessions",
    "can_record_stigma_incident",
    "can_register_for_session",
    "can_run_session",
    "can_view_stigma_report",
    "can_write_trackers",
    "group_attendances_of",
    "group_attendances_visible_to",
    "group_attendances_writable_by",
    "group_sessions_run_by",
    "group_sessions_visible_to",
    "id_documents_of",
    "id_documents_visible_to",
    "id_documents_writable_by",
    "require_roster_writer",
    "require_session_offerer",
    "require_session_runner",
    "require_stigma_recorder",
    "require_tracker_writer",
    "stigma_incident_grounds_visible_to",
    "stigma_incidents_counted_for",
    "stigma_incidents_of",
    "stigma_incidents_visible_to",
]
