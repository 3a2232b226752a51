"""The family's assessment, goals and enrollment in a program."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parcours.accounts.models import Program, Team, User
from parcours.casework.services import enrollment_open
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.households.models import (
    GoalDomain,
    GoalStatus,
    Household,
    HouseholdAssessment,
    HouseholdEnrollment,
    HouseholdEnrollmentMember,
    HouseholdGoal,
)
from parcours.households.selectors import HouseholdAccess
from parcours.households.services._common import (
    GOAL_FIELDS,
    StaleHousehold,
    _household_client_ids,
    _lock,
    _not_in_future,
    _org_id,
    _require_household,
)


def household_assessment_record(
    *,
    acting_user: User,
    household: Household,
    assessed_on: dt.date,
    needs: Sequence[str],
    summary: str,
) -> HouseholdAssessment:
    """The needs of the family as a whole, in the family's words."""
    org_id = _org_id(acting_user)
    _require_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    _not_in_future(assessed_on, "assessed_on", errors)
    for need in needs:
        if need not in GoalDomain.values:
            errors.setdefault("needs", []).append(_("Unknown need: %(need)s.") % {"need": need})
    if not summary.strip():
        errors.setdefault("summary", []).append(_("Write the family's needs in their own words."))
    if errors:
        raise ValidationError(errors)
    assessment = HouseholdAssessment(
        household=household,
        assessed_on=assessed_on,
        needs=list(dict.fromkeys(needs)),
        summary=summary.strip(),
        organization_id=org_id,
        recorded_by=acting_user,
    )
    assessment.full_clean()
    with transaction.atomic():
        assessment.save(force_insert=True)
        for client_id in _household_client_ids(household):
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=assessment,
                client_id=client_id,
                after=audit_snapshot(assessment, ["household_id", "assessed_on", "needs"]),
            )
    return assessment


def household_goal_add(
    *,
    acting_user: User,
    household: Household,
    domain: str,
    description: str,
    target_date: dt.date | None = None,
    assessment: HouseholdAssessment | None = None,
) -> HouseholdGoal:
    """A goal the family sets for itself (daycare, school registration …)."""
    org_id = _org_id(acting_user)
    _require_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    if domain not in GoalDomain.values:
        errors.setdefault("domain", []).append(_("Choose what the goal is about."))
    if not description.strip():
        errors.setdefault("description", []).append(_("Write the goal in the family's own words."))
    if assessment is not None and assessment.household_id != household.pk:
        errors.setdefault("assessment", []).append(
            _("This assessment is not one of this household's.")
        )
    if errors:
        raise ValidationError(errors)
    goal = HouseholdGoal(
        household=household,
        assessment=assessment,
        domain=domain,
        description=description.strip(),
        target_date=target_date,
        organization_id=org_id,
        recorded_by=acting_user,
    )
    goal.full_clean()
    with transaction.atomic():
        goal.save(force_insert=True)
        for client_id in _household_client_ids(household):
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=goal,
                client_id=client_id,
                after=audit_snapshot(goal, GOAL_FIELDS),
            )
    return goal


def household_goal_update(
    *,
    acting_user: User,
    goal: HouseholdGoal,
    status: str,
    expected_version: int,
    target_date: dt.date | None = None,
) -> HouseholdGoal:
    """Change a family goal's status (and target date)."""
    _org_id(acting_user)
    _require_household(acting_user, goal.household)
    if status not in GoalStatus.values:
        raise ValidationError({"status": [_("Choose the goal's status.")]})
    with transaction.atomic():
        current = HouseholdGoal.objects.select_for_update().get(pk=goal.pk)
        if current.version != expected_version:
            raise StaleHousehold(current.household)
        before = audit_snapshot(current, GOAL_FIELDS)
        current.status = status
        if target_date is not None:
            current.target_date = target_date
        current.version += 1
        current.full_clean()
        current.save(update_fields=["status", "target_date", "version", "updated_at"])
        after = audit_snapshot(current, GOAL_FIELDS)
        for client_id in _household_client_ids(current.household):
            audit_record(
                action=AuditAction.UPDATE,
                actor=acting_user,
                target=current,
                client_id=client_id,
                before={k: v for k, v in before.items() if after[k] != v},
                after={k: v for k, v in after.items() if before[k] != v},
            )
    return current


def household_enroll(
    *,
    acting_user: User,
    household: HouseholdAccess,
    program: Program,
    start_date: dt.date,
    primary_worker: User | None = None,
    team: Team | None = None,
    override_reason: str = "",
) -> HouseholdEnrollment:
    """Enroll the family in a program in one action: every current member the
    user may see gets their own enrollment (``casework.enrollment_open``),
    linked to the household's. One refusal refuses the whole family: nothing
    is written."""
    org_id = _org_id(acting_user)
    members = household.current
    if not members:
        raise ValidationError(_("This household has no current member to enroll."))
    if HouseholdEnrollment.objects.filter(
        household=household.household, program=program, end_date__isnull=True
    ).exists():
        raise ValidationError(
            {
                "program": [
                    _("This household is already enrolled in %(program)s.") % {"program": program}
                ]
            }
        )
    with transaction.atomic():
        _lock(household.household, None)
        family = HouseholdEnrollment(
            household=household.household,
            program=program,
            organization_id=org_id,
            start_date=start_date,
            opened_by=acting_user,
        )
        family.full_clean()
        family.save(force_insert=True)
        for membership in members:
            try:
                enrollment = enrollment_open(
                    acting_user=acting_user,
                    client=membership.client,
                    program=program,
                    start_date=start_date,
                    primary_worker=primary_worker,
                    team=team,
                    override_reason=override_reason,
                )
            except ValidationError as exc:
                raise ValidationError(
                    [
                        _("%(name)s: %(message)s")
                        % {"name": membership.client.display_name, "message": message}
                        for message in exc.messages
                    ]
                ) from exc
            link = HouseholdEnrollmentMember(household_enrollment=family, enrollment=enrollment)
            link.save(force_insert=True)
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=family,
                client_id=membership.client_id,
                after={
                    "program_id": str(program.pk),
                    "start_date": start_date.isoformat(),
                    "enrollment_id": str(enrollment.pk),
                },
            )
    return family
