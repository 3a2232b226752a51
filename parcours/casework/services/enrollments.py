"""Writes of the casework app. Every service validates first (a
``ValidationError`` with translated messages, nothing written), then writes
inside one transaction with its audit event, so a caller's outer atomic block
rolls everything back too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import Program, ProgramMembership, Team, TeamMembership, User
from parcours.casework.models import (
    Enrollment,
    EnrollmentEndReason,
    ProgramStandard,
    standard_defaults,
)
from parcours.clients.models import Client
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

ENROLLMENT_FIELDS = [
    "program_id",
    "start_date",
    "end_date",
    "end_reason",
    "end_note",
    "destination",
    "primary_worker_id",
    "team_id",
    "previous_enrollment_id",
    "capacity_override_reason",
]

STANDARD_FIELDS = [
    "model",
    "clients_per_staff",
    "team_based",
    "coverage",
    "expected_duration_months",
    "transition_review_months",
    "step_down_stable_months",
    "cti_phase_months",
    "cti_phase1_contact_days",
    "cti_phase2_contact_days",
    "cti_phase3_contact_days",
    "contact_frequency_days",
    "plan_review_days",
]


class StaleEdit(Exception):
    """Someone else saved this record since it was opened: the edit is refused."""

    def __init__(self, current: Any, changed: dict[str, tuple[Any, Any]] | None = None) -> None:
        self.current = current
        self.changed = changed or {}
        super().__init__(_("This record was changed by someone else since you opened it."))


# --- Program standards -------------------------------------------------------


def program_standard(program: Program) -> ProgramStandard:
    """The program's standards; the defaults of its kind (not saved) when none were set."""
    standard: ProgramStandard | None = getattr(program, "standard", None)
    if standard is not None:
        return standard
    return ProgramStandard(program=program, **standard_defaults(program.kind))


def program_standard_ensure(program: Program) -> ProgramStandard:
    """The program's standards, created with the defaults of its kind when missing."""
    standard, _created = ProgramStandard.objects.get_or_create(
        program=program, defaults=standard_defaults(program.kind)
    )
    return standard


def program_standard_update(
    *,
    acting_user: User,
    program: Program,
    expected_version: int,
    changes: dict[str, Any],
) -> ProgramStandard:
    """Change a program's standards: its coordinators and the organization's administrators."""
    if not access.can_coordinate_program(acting_user, program):
        raise ValidationError(_("Only a coordinator of this program can change its standards."))
    unknown = set(changes) - set(STANDARD_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in sorted(unknown)})
    with transaction.atomic():
        program_standard_ensure(program)
        standard = ProgramStandard.objects.select_for_update().get(program=program)
        if standard.version != expected_version:
            raise StaleEdit(standard)
        before = audit_snapshot(standard, STANDARD_FIELDS)
        for field, value in changes.items():
            setattr(standard, field, value)
        standard.full_clean()
        standard.version += 1
        standard.save()
        after = audit_snapshot(standard, STANDARD_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=standard,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return standard


# --- Capacity ----------------------------------------------------------------


def worker_caseload(worker: User, program: Program) -> int:
    return Enrollment.objects.filter(
        program=program, primary_worker=worker, end_date__isnull=True
    ).count()


def team_capacity(team: Team, standard: ProgramStandard) -> int | None:
    if standard.clients_per_staff is None:
        return None
    staff = TeamMembership.objects.filter(team=team, user__is_active=True).count()
    return standard.clients_per_staff * staff


def program_capacity(program: Program, standard: ProgramStandard) -> int | None:
    """The clients the program can hold: ratio × its active staff (coordinators excluded)."""
    if standard.clients_per_staff is None:
        return None
    staff = (
        ProgramMembership.objects.filter(program=program, user__is_active=True)
        .exclude(role="coordinator")
        .count()
    )
    return standard.clients_per_staff * staff


def capacity_problem(
    *,
    program: Program,
    standard: ProgramStandard,
    primary_worker: User | None,
    team: Team | None,
    excluding: Enrollment | None = None,
) -> str:
    """Why one more client would exceed the program's ratio, or ''."""
    if standard.clients_per_staff is None:
        return ""
    open_ = Enrollment.objects.filter(program=program, end_date__isnull=True)
    if excluding is not None:
        open_ = open_.exclude(pk=excluding.pk)
    if not standard.team_based and primary_worker is not None:
        count = open_.filter(primary_worker=primary_worker).count()
        if count >= standard.clients_per_staff:
            return _(
                "%(worker)s already holds %(count)s clients; the standard is %(ratio)s "
                "per case manager."
            ) % {"worker": primary_worker, "count": count, "ratio": standard.clients_per_staff}
        return ""
    if standard.team_based and team is not None:
        count = open_.filter(team=team).count()
        limit = team_capacity(team, standard) or 0
        if count >= limit:
            return _(
                "The team %(team)s already holds %(count)s clients for %(limit)s places "
                "(%(ratio)s per team staff member)."
            ) % {"team": team, "count": count, "limit": limit, "ratio": standard.clients_per_staff}
        return ""
    if standard.team_based:
        count = open_.count()
        limit = program_capacity(program, standard) or 0
        if count >= limit:
            return _("The program already holds %(count)s clients for %(limit)s places.") % {
                "count": count,
                "limit": limit,
            }
    return ""


# --- Enrollments -------------------------------------------------------------


def _check_client_visible(acting_user: User, client: Client) -> None:
    try:
        client_access = access.client_access_for(acting_user, client)
    except Http404 as exc:
        raise ValidationError(_("This client is not in your organization's records.")) from exc
    if not access.can_enroll_client(client_access):
        raise ValidationError(_("This client is not in your organization's records."))


def _validate_assignment(
    *,
    acting_user: User,
    program: Program,
    standard: ProgramStandard,
    primary_worker: User | None,
    team: Team | None,
    override_reason: str,
    excluding: Enrollment | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if primary_worker is not None and (
        not primary_worker.is_active
        or not ProgramMembership.objects.filter(user=primary_worker, program=program).exists()
    ):
        errors.setdefault("primary_worker", []).append(
            _("%(worker)s is not a member of the program %(program)s.")
            % {"worker": primary_worker, "program": program}
        )
    if team is not None and team.program_id != program.pk:
        errors.setdefault("team", []).append(
            _("The team %(team)s does not belong to the program %(program)s.")
            % {"team": team, "program": program}
        )
    if errors:
        return errors
    problem = capacity_problem(
        program=program,
        standard=standard,
        primary_worker=primary_worker,
        team=team,
        excluding=excluding,
    )
    if problem:
        if not override_reason.strip():
            errors.setdefault("override_reason", []).append(
                _("Capacity exceeded: %(problem)s A coordinator may go over it with a reason.")
                % {"problem": problem}
            )
        elif not access.can_coordinate_program(acting_user, program):
            errors.setdefault("override_reason", []).append(
                _("Capacity exceeded: %(problem)s Only a coordinator may go over it.")
                % {"problem": problem}
            )
    return errors


def enrollment_open(
    *,
    acting_user: User,
    client: Client,
    program: Program,
    start_date: dt.date,
    primary_worker: User | None = None,
    team: Team | None = None,
    override_reason: str = "",
    previous_enrollment: Enrollment | None = None,
) -> Enrollment:
    """Enroll a client in a program of the acting user's organization, with
    a primary worker (individual models) or a team (team-based models).
    Refused when the client is already enrolled, or when the worker or team
    is full, unless a coordinator overrides with a reason (audited)."""
    if not access.can_enroll_into(acting_user, program):
        raise ValidationError(
            _("Only staff of %(organization)s can enroll clients into its programs.")
            % {"organization": program.organization}
        )
    if not program.is_active:
        raise ValidationError(_("The program %(program)s is closed.") % {"program": program})
    _check_client_visible(acting_user, client)
    standard = program_standard(program)
    errors: dict[str, list[str]] = {}
    if start_date > timezone.localdate() + dt.timedelta(days=31):
        errors.setdefault("start_date", []).append(
            _("The start date cannot be more than a month ahead.")
        )
    if Enrollment.objects.filter(client=client, program=program, end_date__isnull=True).exists():
        errors.setdefault("program", []).append(
            _("%(client)s is already enrolled in %(program)s.")
            % {"client": client, "program": program}
        )
    if previous_enrollment is not None and (
        previous_enrollment.client_id != client.pk
        or previous_enrollment.end_date is None
        or previous_enrollment.end_date > start_date
    ):
        errors.setdefault("previous_enrollment", []).append(
            _("Choose an enrollment of this client that ended by the start date.")
        )
    errors.update(
        _validate_assignment(
            acting_user=acting_user,
            program=program,
            standard=standard,
            primary_worker=primary_worker,
            team=team,
            override_reason=override_reason,
        )
    )
    if errors:
        raise ValidationError(errors)
    overridden = bool(
        override_reason.strip()
        and capacity_problem(
            program=program, standard=standard, primary_worker=primary_worker, team=team
        )
    )
    enrollment = Enrollment(
        client=client,
        program=program,
        organization_id=program.organization_id,
        start_date=start_date,
        primary_worker=primary_worker,
        team=team,
        previous_enrollment=previous_enrollment,
        capacity_override_reason=override_reason.strip() if overridden else "",
        opened_by=acting_user,
    )
    enrollment.full_clean()
    try:
        with transaction.atomic():
            enrollment.save(force_insert=True)
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=enrollment,
                client_id=client.pk,
                after=audit_snapshot(enrollment, ENROLLMENT_FIELDS),
                detail={"capacity_override": True} if overridden else None,
            )
    except IntegrityError as exc:  # a concurrent enrollment won the race
        raise ValidationError(
            {"program": [_("This client is already enrolled in this program.")]}
        ) from exc
    return enrollment


def enrollment_close(
    *,
    acting_user: User,
    enrollment: Enrollment,
    end_date: dt.date,
    end_reason: str,
    destination: str = "",
    end_note: str = "",
) -> Enrollment:
    """End an enrollment with a reason (and where the client goes next)."""
    if not access.can_enroll_into(acting_user, enrollment.program):
        raise ValidationError(
            _("Only staff of %(organization)s can close its enrollments.")
            % {"organization": enrollment.program.organization}
        )
    errors: dict[str, list[str]] = {}
    if end_reason not in EnrollmentEndReason.values:
        errors.setdefault("end_reason", []).append(_("Choose the reason for ending."))
    if end_date < enrollment.start_date:
        errors.setdefault("end_date", []).append(
            _("The end date cannot be before the start date (%(start)s).")
            % {"start": enrollment.start_date.isoformat()}
        )
    if end_date > timezone.localdate():
        errors.setdefault("end_date", []).append(_("The end date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if current.end_date is not None:
            raise ValidationError(_("This enrollment is already closed."))
        before = audit_snapshot(current, ENROLLMENT_FIELDS)
        current.end_date = end_date
        current.end_reason = end_reason
        current.destination = destination.strip()
        current.end_note = end_note.strip()
        current.closed_by = acting_user
        current.full_clean()
        current.version += 1
        current.save()
        after = audit_snapshot(current, ENROLLMENT_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    enrollment.refresh_from_db()
    return enrollment


def enrollment_reassign(
    *,
    acting_user: User,
    enrollment: Enrollment,
    expected_version: int,
    primary_worker: User | None,
    team: Team | None,
    override_reason: str = "",
) -> Enrollment:
    """Give an open enrollment another primary worker or team (capacity applies)."""
    program = enrollment.program
    if not access.can_enroll_into(acting_user, program):
        raise ValidationError(
            _("Only staff of %(organization)s can change its enrollments.")
            % {"organization": program.organization}
        )
    errors = _validate_assignment(
        acting_user=acting_user,
        program=program,
        standard=program_standard(program),
        primary_worker=primary_worker,
        team=team,
        override_reason=override_reason,
        excluding=enrollment,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if current.version != expected_version:
            raise StaleEdit(current)
        if current.end_date is not None:
            raise ValidationError(_("This enrollment is already closed."))
        before = audit_snapshot(current, ENROLLMENT_FIELDS)
        current.primary_worker = primary_worker
        current.team = team
        if override_reason.strip():
            current.capacity_override_reason = override_reason.strip()
        current.full_clean()
        current.version += 1
        current.save()
        after = audit_snapshot(current, ENROLLMENT_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return current


def enrollment_transfer(
    *,
    acting_user: User,
    enrollment: Enrollment,
    to_program: Program,
    transfer_date: dt.date,
    end_reason: str = EnrollmentEndReason.STEPPED_DOWN,
    reason: str = "",
    primary_worker: User | None = None,
    team: Team | None = None,
    override_reason: str = "",
) -> Enrollment:
    """One action for a step-down or transfer (ACT → ICM, CTI → ICM …):
    closes the enrollment and opens the next one on the same day, in one
    transaction. The client's plan belongs to the client, so it carries over."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the client is moving to another program.")]})
    if to_program.pk == enrollment.program_id:
        raise ValidationError({"to_program": [_("Choose another program.")]})
    with transaction.atomic():
        closed = enrollment_close(
            acting_user=acting_user,
            enrollment=enrollment,
            end_date=transfer_date,
            end_reason=end_reason,
            destination=str(to_program),
            end_note=reason,
        )
        return enrollment_open(
            acting_user=acting_user,
            client=closed.client,
            program=to_program,
            start_date=transfer_date,
            primary_worker=primary_worker,
            team=team,
            override_reason=override_reason,
            previous_enrollment=closed,
        )
