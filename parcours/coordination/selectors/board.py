"""The ACT daily team meeting board: the team's clients ordered by the
attention they need, each reason a badge, and the day's visit assignments
per staff member.

Read in a fixed number of queries whatever the number of clients (it is
used standing up, every morning): the enrollments with their last contact,
then the crisis flags, open institution stays, the day's appointments and
the visit assignments of all of them at once, each through the access
policy."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours import access
from parcours.access.board import (
    board_program_status,
    board_programs_for,
    crisis_flags_visible_to,
    visit_assignments_visible_to,
)
from parcours.accounts.models import Program, User
from parcours.casework.models import Enrollment
from parcours.casework.selectors import contact_status, last_contact_subquery
from parcours.casework.services import program_standard
from parcours.clients.models import Client, DataCategory
from parcours.coordination.models import (
    Appointment,
    AppointmentKind,
    CrisisFlag,
    InstitutionStay,
    VisitAssignment,
)
from parcours.coordination.selectors.appointments import appointment_short, appointments_on

DISCHARGE_NOTICE_DAYS = 2
STAY_LABEL = "coordination.institutionstay"


class ReasonCode:
    CRISIS = "crisis"
    MISSED_CONTACTS = "missed_contacts"
    ADMITTED = "admitted"
    DISCHARGE_DUE = "discharge_due"
    COURT_TODAY = "court_today"
    APPOINTMENT_TODAY = "appointment_today"
    LAST_CONTACT = "last_contact"


# The order of attention: a reason earlier in this list outranks every later one.
RANK = [
    ReasonCode.CRISIS,
    ReasonCode.MISSED_CONTACTS,
    ReasonCode.ADMITTED,
    ReasonCode.DISCHARGE_DUE,
    ReasonCode.COURT_TODAY,
    ReasonCode.APPOINTMENT_TODAY,
]


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    urgent: bool = True


@dataclass
class BoardRow:
    enrollment: Enrollment
    days_since: int | None
    allowed_days: int
    crisis: CrisisFlag | None = None
    stay: InstitutionStay | None = None
    appointments: list[Appointment] = field(default_factory=list)
    assignments: list[VisitAssignment] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    @property
    def client(self) -> Client:
        return self.enrollment.client

    def codes(self) -> set[str]:
        return {r.code for r in self.reasons}

    def sort_key(self) -> tuple[Any, ...]:
        codes = self.codes()
        never = 10**6
        return (
            *(code not in codes for code in RANK),
            -(never if self.days_since is None else self.days_since),
            self.client.family_name.casefold(),
            self.client.given_name.casefold(),
        )


@dataclass
class StaffDay:
    worker: User
    assignments: list[VisitAssignment] = field(default_factory=list)


@dataclass
class Board:
    program: Program
    day: dt.date
    today: dt.date
    rows: list[BoardRow]
    staff: list[StaffDay]
    workers: list[User]

    @property
    def client_ids(self) -> list[uuid.UUID]:
        return [row.client.pk for row in self.rows]

    @property
    def previous_day(self) -> dt.date:
        return self.day - dt.timedelta(days=1)

    @property
    def next_day(self) -> dt.date:
        return self.day + dt.timedelta(days=1)


# --- Which boards, and may the user open this one ---------------------------------------


def boards_for(user: User) -> QuerySet[Program]:
    return board_programs_for(user).select_related("organization").order_by("name")


def board_program_get(user: User, program_id: uuid.UUID | str) -> Program:
    """The program whose board the user opens: 404 when it is not a board of
    the user's organization (or does not exist), 403 for its staff who may
    not open it."""
    try:
        program = Program.objects.select_related("organization", "standard").get(pk=program_id)
    except (Program.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    status = board_program_status(user, program)
    if status == 404:
        raise Http404
    if status == 403:
        raise PermissionDenied
    return program


def follow_up_program(user: User, client: Client) -> Program | None:
    """The board (of those the user may open) the client is on: a missed
    appointment is followed up by a visit of that team."""
    return (
        board_programs_for(user)
        .filter(enrollments__client=client, enrollments__end_date__isnull=True)
        .order_by("name")
        .first()
    )


def board_workers(program: Program) -> QuerySet[User]:
    """The active staff of the program and its teams: who may be assigned a visit."""
    return (
        User.objects.filter(is_active=True, organization_id=program.organization_id)
        .filter(
            Q(program_memberships__program=program) | Q(team_memberships__team__program=program)
        )
        .distinct()
        .order_by("family_name", "given_name", "email")
    )


def board_enrollments(user: User, program: Program) -> QuerySet[Enrollment]:
    """The open enrollments of the program whose clients the user may see."""
    visible = access.clients_visible_to(user)
    return (
        Enrollment.objects.filter(program=program, end_date__isnull=True)
        .annotate(
            last_contact=last_contact_subquery(),
            client_visible=Exists(visible.filter(pk=OuterRef("client_id"))),
        )
        .filter(client_visible=True)
        .select_related("client", "team", "primary_worker")
    )


def board_enrollment_get(user: User, program: Program, client_id: uuid.UUID | str) -> Enrollment:
    """The client's open enrollment in the program, or 404."""
    try:
        return board_enrollments(user, program).get(client_id=client_id)
    except (Enrollment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def visit_assignment_get(user: User, assignment_id: uuid.UUID | str) -> VisitAssignment:
    try:
        return (
            visit_assignments_visible_to(user)
            .select_related("program", "client", "worker")
            .get(pk=assignment_id)
        )
    except (VisitAssignment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def crisis_flag_get(user: User, flag_id: uuid.UUID | str) -> CrisisFlag:
    try:
        return (
            crisis_flags_visible_to(user)
            .select_related("program", "client")
            .get(pk=flag_id, lifted_at__isnull=True)
        )
    except (CrisisFlag.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


# --- The board -------------------------------------------------------------------------


def board_for(user: User, program: Program, day: dt.date | None = None) -> Board:
    """The board of ``program`` for ``day`` (today by default)."""
    today = timezone.localdate()
    day = day or today
    standard = program_standard(program)
    enrollments = list(board_enrollments(user, program))
    rows = {}
    for e in enrollments:
        status = contact_status(
            e, last_contact=getattr(e, "last_contact", None), today=today, standard=standard
        )
        rows[e.client_id] = BoardRow(
            enrollment=e, days_since=status.days_since, allowed_days=status.allowed_days
        )
    client_ids = list(rows)
    workers = list(board_workers(program))
    staff = {w.pk: StaffDay(worker=w) for w in workers}
    if client_ids:
        for flag in CrisisFlag.objects.filter(
            program=program, client_id__in=client_ids, lifted_at__isnull=True
        ).select_related("raised_by"):
            rows[flag.client_id].crisis = flag
        for stay in _open_stays(user, client_ids, day):
            row = rows[stay.client_id]
            if row.stay is None:
                row.stay = stay
        for appointment in appointments_on(user, client_ids, day):
            rows[appointment.client_id].appointments.append(appointment)
        for assignment in (
            VisitAssignment.objects.filter(program=program, day=day, client_id__in=client_ids)
            .select_related("worker", "client")
            .order_by("created_at")
        ):
            rows[assignment.client_id].assignments.append(assignment)
            if assignment.worker_id not in staff:
                staff[assignment.worker_id] = StaffDay(worker=assignment.worker)
            staff[assignment.worker_id].assignments.append(assignment)
    for row in rows.values():
        row.reasons = _reasons(row, day)
    return Board(
        program=program,
        day=day,
        today=today,
        rows=sorted(rows.values(), key=BoardRow.sort_key),
        staff=list(staff.values()),
        workers=workers,
    )


def _open_stays(user: User, client_ids: list[Any], day: dt.date) -> QuerySet[InstitutionStay]:
    return (
        InstitutionStay.objects.filter(
            client_id__in=client_ids, admitted_on__lte=day, discharged_on__isnull=True
        )
        .filter(
            access.records_visible_filter(
                user, category=DataCategory.CASE_PLAN, model_label=STAY_LABEL
            )
        )
        .select_related("institution")
        .order_by("-admitted_on")
    )


def _reasons(row: BoardRow, day: dt.date) -> list[Reason]:
    reasons: list[Reason] = []
    if row.crisis is not None:
        reasons.append(Reason(ReasonCode.CRISIS, _("Crisis: %(note)s") % {"note": row.crisis.note}))
    if row.days_since is None:
        reasons.append(Reason(ReasonCode.MISSED_CONTACTS, _("No contact yet")))
    elif row.days_since > row.allowed_days:
        reasons.append(
            Reason(
                ReasonCode.MISSED_CONTACTS,
                ngettext(
                    "Contact missed: %(days)s day without contact (standard: every %(allowed)s)",
                    "Contacts missed: %(days)s days without contact (standard: every %(allowed)s)",
                    row.days_since,
                )
                % {"days": row.days_since, "allowed": row.allowed_days},
            )
        )
    stay = row.stay
    if stay is not None:
        reasons.append(
            Reason(
                ReasonCode.ADMITTED,
                _("%(kind)s since %(date)s (%(place)s)")
                % {
                    "kind": stay.get_kind_display(),
                    "date": stay.admitted_on.isoformat(),
                    "place": stay.place,
                },
            )
        )
        expected = stay.expected_discharge_on
        if expected is not None and expected <= day + dt.timedelta(days=DISCHARGE_NOTICE_DAYS):
            label = (
                _("Discharge overdue (expected %(date)s)")
                if expected < day
                else _("Discharge expected on %(date)s")
            ) % {"date": expected.isoformat()}
            reasons.append(Reason(ReasonCode.DISCHARGE_DUE, label))
    for appointment in row.appointments:
        code = (
            ReasonCode.COURT_TODAY
            if appointment.kind == AppointmentKind.COURT
            else ReasonCode.APPOINTMENT_TODAY
        )
        reasons.append(
            Reason(code, _("Today: %(what)s") % {"what": appointment_short(appointment)})
        )
    if row.days_since is not None and row.days_since <= row.allowed_days:
        reasons.append(
            Reason(
                ReasonCode.LAST_CONTACT,
                ngettext(
                    "Last contact %(days)s day ago",
                    "Last contact %(days)s days ago",
                    row.days_since,
                )
                % {"days": row.days_since},
                urgent=False,
            )
        )
    order = {code: n for n, code in enumerate(RANK)}
    return sorted(reasons, key=lambda r: order.get(r.code, len(RANK)))


__all__ = [
    "DISCHARGE_NOTICE_DAYS",
    "RANK",
    "Board",
    "BoardRow",
    "Reason",
    "ReasonCode",
    "StaffDay",
    "board_enrollment_get",
    "board_enrollments",
    "board_for",
    "board_program_get",
    "board_workers",
    "boards_for",
    "crisis_flag_get",
    "follow_up_program",
    "visit_assignment_get",
]
