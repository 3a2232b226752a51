"""Appointments and the ACT daily team meeting board.

* An appointment is data of the client's: a clinic (medical) appointment is
  clinical data — for clinical disciplines only, of the organization that
  recorded it or by the client's clinical consent —, every other kind (a
  court date included) is case-plan data under the client's directives. The
  organization that recorded an appointment always sees it (a clinic one:
  its clinical staff, and the staff member who recorded it or accompanies
  the client). A lock-box on one appointment hides it.
* A board is a team-based program's (ACT, or any program whose standard is
  team-based) of the user's organization: open to the program's and its
  teams' members and to the organization's coordinators (403 for other staff
  of the organization, 404 for everyone else). Visit assignments and crisis
  flags are case-plan data of the program's organization, kept by those who
  may open its board.
"""

from __future__ import annotations

from django.db.models import Exists, Q, QuerySet

from parcours.access.base import staff_org
from parcours.access.clients import ClientAccess, clients_visible_to, records_visible_filter
from parcours.accounts.models import MembershipRole, Program, ProgramKind, ProgramMembership, User
from parcours.clients.models import DataCategory
from parcours.coordination.models import (
    CLINICAL_APPOINTMENTS,
    Appointment,
    CrisisFlag,
    VisitAssignment,
)

APPOINTMENT_LABEL = "coordination.appointment"
_CLINICAL_KINDS = [str(k) for k in CLINICAL_APPOINTMENTS]


def appointment_category(kind: str) -> str:
    """The data category the client's directives share an appointment of ``kind`` by."""
    return DataCategory.CLINICAL if kind in CLINICAL_APPOINTMENTS else DataCategory.CASE_PLAN


def _own_clinical(user: User) -> Q:
    """Clinic appointments of the user's organization the user may see: all
    of them for clinical staff, else those they recorded or accompany."""
    mine = Q(recorded_by_id=user.pk) | Q(accompanied_by_id=user.pk)
    own_org = Q(organization_id=user.organization_id)
    return own_org & (Q(pk__isnull=False) if user.is_clinical else mine)


def appointments_visible_filter(user: User, *, client_path: str = "client_id") -> Q:
    """A filter for appointments of many clients the user may see (the
    set-based twin of ``appointment_filter``)."""
    if staff_org(user) is None:
        return Q(pk__in=[])
    case_plan = records_visible_filter(
        user, category=DataCategory.CASE_PLAN, model_label=APPOINTMENT_LABEL
    )
    clinical = records_visible_filter(
        user, category=DataCategory.CLINICAL, model_label=APPOINTMENT_LABEL
    )
    if not user.is_clinical:
        # ``records_visible_filter`` opens the organization's own records: a
        # clinic appointment only to the one who recorded or accompanies it.
        clinical = _own_clinical(user) & clinical
    return (Q(kind__in=_CLINICAL_KINDS) & clinical) | (~Q(kind__in=_CLINICAL_KINDS) & case_plan)


def appointment_filter(client_access: ClientAccess) -> Q:
    """A filter for the appointments of ``client_access.client`` the user may see."""
    user = client_access.user
    case_plan = client_access.record_filter(
        category=DataCategory.CASE_PLAN, model_label=APPOINTMENT_LABEL
    )
    if client_access.can(DataCategory.CLINICAL):
        clinical = client_access.record_filter(
            category=DataCategory.CLINICAL, model_label=APPOINTMENT_LABEL
        )
    else:
        locked = client_access.locked_ids(APPOINTMENT_LABEL)
        clinical = _own_clinical(user) & ~Q(pk__in=locked)
    return (Q(kind__in=_CLINICAL_KINDS) & clinical) | (~Q(kind__in=_CLINICAL_KINDS) & case_plan)


def appointments_for(client_access: ClientAccess) -> QuerySet[Appointment]:
    return Appointment.objects.filter(client=client_access.client).filter(
        appointment_filter(client_access)
    )


def can_record_appointment(client_access: ClientAccess, kind: str = "") -> bool:
    """Record a client's appointment (and its outcome): partner staff who may
    read the client's case plan (or whose organization registered them); a
    clinic appointment also by clinical staff the client shares clinical
    data with."""
    if client_access.registered_here or client_access.can(DataCategory.CASE_PLAN):
        return True
    return kind in CLINICAL_APPOINTMENTS and client_access.can(DataCategory.CLINICAL)


# --- Boards ---------------------------------------------------------------------------


def _team_based() -> Q:
    return Q(kind=ProgramKind.ACT) | Q(standard__team_based=True)


def board_programs_for(user: User) -> QuerySet[Program]:
    """The boards the user may open: the team-based programs of their
    organization they (or one of their teams) belong to; all of them for the
    organization's administrators and its programs' coordinators."""
    org_id = staff_org(user)
    if org_id is None:
        return Program.objects.none()
    programs = Program.objects.filter(organization_id=org_id, is_active=True).filter(_team_based())
    if user.is_org_admin:
        return programs
    coordinator = ProgramMembership.objects.filter(
        user_id=user.pk, role=MembershipRole.COORDINATOR, program__organization_id=org_id
    )
    member = Q(memberships__user_id=user.pk) | Q(teams__memberships__user_id=user.pk)
    return programs.filter(Q(Exists(coordinator)) | member).distinct()


def has_board(user: User) -> bool:
    return board_programs_for(user).exists()


def board_program_status(user: User, program: Program) -> int:
    """200 when the user may open the program's board; 403 for staff of the
    program's organization who may not; 404 for everyone else (and for a
    program that has no board)."""
    org_id = staff_org(user)
    if org_id is None or program.organization_id != org_id:
        return 404
    if not Program.objects.filter(pk=program.pk, is_active=True).filter(_team_based()).exists():
        return 404
    if board_programs_for(user).filter(pk=program.pk).exists():
        return 200
    return 403


def visit_assignments_visible_to(user: User) -> QuerySet[VisitAssignment]:
    """Visit assignments of the boards the user may open, of clients they may see."""
    return VisitAssignment.objects.filter(
        program__in=board_programs_for(user).values("pk"),
        client__in=clients_visible_to(user).values("pk"),
    )


def crisis_flags_of(client_access: ClientAccess) -> QuerySet[CrisisFlag]:
    """One client's crisis flags the user may see: ``crisis_flags_visible_to``
    for a client the user is known to see (a ``ClientAccess``)."""
    return CrisisFlag.objects.filter(
        client=client_access.client,
        program__in=board_programs_for(client_access.user).values("pk"),
    )


def crisis_flags_visible_to(user: User) -> QuerySet[CrisisFlag]:
    """Crisis flags of the boards the user may open, of clients they may see."""
    return CrisisFlag.objects.filter(
        program__in=board_programs_for(user).values("pk"),
        client__in=clients_visible_to(user).values("pk"),
    )


__all__ = [
    "APPOINTMENT_LABEL",
    "appointment_category",
    "appointment_filter",
    "appointments_for",
    "appointments_visible_filter",
    "board_program_status",
    "board_programs_for",
    "can_record_appointment",
    "crisis_flags_of",
    "crisis_flags_visible_to",
    "has_board",
    "visit_assignments_visible_to",
]
