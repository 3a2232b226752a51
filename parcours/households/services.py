"""Writes to households. Every service validates first (a ``ValidationError``
with translated messages, nothing written), then writes inside one
transaction with its audit event. The household row is locked while its
members change, and its version goes up with every change, so that a form or
an API call based on an older version is refused (``StaleHousehold``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import Program, Team, User
from parcours.clients.models import Client, DataCategory
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.households.ages import is_minor
from parcours.households.models import (
    GoalDomain,
    GoalStatus,
    Guardianship,
    Household,
    HouseholdAssessment,
    HouseholdEnrollment,
    HouseholdEnrollmentMember,
    HouseholdGoal,
    HouseholdMembership,
    Relationship,
)
from parcours.households.selectors import HouseholdAccess

MEMBERSHIP_FIELDS = [
    "household_id",
    "client_id",
    "relationship",
    "joined_on",
    "left_on",
    "leave_reason",
    "head_reason",
]
GUARDIANSHIP_FIELDS = [
    "household_id",
    "dependent_id",
    "guardian_id",
    "start_date",
    "end_date",
    "end_reason",
]
GOAL_FIELDS = ["household_id", "domain", "description", "status", "target_date"]


class StaleHousehold(Exception):
    """The household changed since the form was opened: the change is refused."""

    def __init__(self, current: Household) -> None:
        self.current = current
        super().__init__(_("This household was changed by someone else since you opened it."))


def _org_id(user: User) -> uuid.UUID:
    if user.organization_id is None:
        raise ValidationError(
            _("Only staff of a partner organization can record household information.")
        )
    return user.organization_id


def _require_identity(client_access: ClientAccess) -> None:
    """Writes about a person's household need to see who the person is."""
    if not client_access.can(DataCategory.IDENTITY):
        raise PermissionDenied(_("You may not change this person's household."))


def _require_household(user: User, household: Household) -> None:
    """Writes to a household need to see it (through a member they may see)."""
    if not access.households_visible_to(user).filter(pk=household.pk).exists():
        raise PermissionDenied(_("You may not change this household."))


def _not_in_future(day: dt.date | None, field: str, errors: dict[str, list[str]]) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(_("The date is in the future."))


def _lock(household: Household, expected_version: int | None) -> Household:
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleHousehold(locked)
    return locked


def _bump(household: Household) -> None:
    Household.objects.filter(pk=household.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    household.refresh_from_db(fields=["version", "updated_at"])


def _check_join(
    *,
    household: Household | None,
    client: Client,
    relationship: str,
    joined_on: dt.date,
    head_reason: str,
    errors: dict[str, list[str]],
    ignore: HouseholdMembership | None = None,
) -> None:
    """The rules for a person joining a household on a date."""
    if relationship not in Relationship.values:
        errors.setdefault("relationship", []).append(
            _("Choose the person's relationship in the household.")
        )
    _not_in_future(joined_on, "joined_on", errors)
    if household is not None and joined_on < household.formed_on:
        errors.setdefault("joined_on", []).append(
            _("A member cannot join before the household was formed (%(date)s).")
            % {"date": household.formed_on.isoformat()}
        )
    others = HouseholdMembership.objects.filter(client=client)
    if ignore is not None:
        others = others.exclude(pk=ignore.pk)
    if household is not None and others.filter(household=household, left_on__isnull=True).exists():
        errors.setdefault("client", []).append(
            _("%(name)s is already a member of this household.") % {"name": client.display_name}
        )
    elif others.filter(left_on__isnull=True).exists():
        errors.setdefault("client", []).append(
            _("%(name)s is a member of another current household: record that they left it first.")
            % {"name": client.display_name}
        )
    elif others.filter(left_on__gt=joined_on).exists():
        errors.setdefault("joined_on", []).append(
            _("%(name)s was still a member of another household on that date.")
            % {"name": client.display_name}
        )
    if relationship == Relationship.HEAD:
        if household is not None:
            heads = HouseholdMembership.objects.filter(
                household=household, relationship=Relationship.HEAD, left_on__isnull=True
            )
            if ignore is not None:
                heads = heads.exclude(pk=ignore.pk)
            if heads.exists():
                errors.setdefault("relationship", []).append(
                    _("This household already has a head: record that the head left first.")
                )
        if is_minor(client, joined_on) and not head_reason.strip():
            errors.setdefault("head_reason", []).append(
                _("%(name)s is a minor: say why they are the head of the household.")
                % {"name": client.display_name}
            )


def _save_membership(membership: HouseholdMembership) -> None:
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save(force_insert=True)
    except IntegrityError as exc:
        # Another request made the same change at the same moment.
        raise ValidationError(
            {
                "client": [
                    _(
                        "%(name)s is a member of another current household: record that they "
                        "left it first."
                    )
                    % {"name": membership.client.display_name}
                ]
            }
        ) from exc


def _audit_membership(
    user: User, membership: HouseholdMembership, *, before: dict[str, Any] | None = None
) -> None:
    after = audit_snapshot(membership, MEMBERSHIP_FIELDS)
    audit_record(
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        actor=user,
        target=membership,
        client_id=membership.client_id,
        before={k: v for k, v in before.items() if after[k] != v} if before else None,
        after={k: v for k, v in after.items() if before[k] != v} if before else after,
    )


def household_create(
    *,
    acting_user: User,
    client_access: ClientAccess,
    formed_on: dt.date,
    relationship: str = Relationship.HEAD,
    head_reason: str = "",
) -> Household:
    """Start a household with its first member (usually its head)."""
    org_id = _org_id(acting_user)
    _require_identity(client_access)
    client = client_access.client
    errors: dict[str, list[str]] = {}
    _check_join(
        household=None,
        client=client,
        relationship=relationship,
        joined_on=formed_on,
        head_reason=head_reason,
        errors=errors,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Two households for one person at the same moment: the second waits here.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        household = Household(organization_id=org_id, recorded_by=acting_user, formed_on=formed_on)
        household.full_clean()
        household.save(force_insert=True)
        membership = HouseholdMembership(
            household=household,
            client=client,
            relationship=relationship,
            joined_on=formed_on,
            head_reason=head_reason.strip() if relationship == Relationship.HEAD else "",
            organization_id=org_id,
            recorded_by=acting_user,
        )
        _save_membership(membership)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=household,
            client_id=client.pk,
            after={"formed_on": formed_on.isoformat()},
        )
        _audit_membership(acting_user, membership)
    return household


def household_member_add(
    *,
    acting_user: User,
    household: Household,
    client_access: ClientAccess,
    relationship: str,
    joined_on: dt.date,
    head_reason: str = "",
    expected_version: int | None = None,
) -> HouseholdMembership:
    """A person joins the household on a date (they may have been a member of
    other households before: that history is kept)."""
    org_id = _org_id(acting_user)
    _require_identity(client_access)
    _require_household(acting_user, household)
    with transaction.atomic():
        locked = _lock(household, expected_version)
        errors: dict[str, list[str]] = {}
        _check_join(
            household=locked,
            client=client_access.client,
            relationship=relationship,
            joined_on=joined_on,
            head_reason=head_reason,
            errors=errors,
        )
        if errors:
            raise ValidationError(errors)
        membership = HouseholdMembership(
            household=locked,
            client=client_access.client,
            relationship=relationship,
            joined_on=joined_on,
            head_reason=head_reason.strip() if relationship == Relationship.HEAD else "",
            organization_id=org_id,
            recorded_by=acting_user,
        )
        _save_membership(membership)
        _audit_membership(acting_user, membership)
        _bump(household)
    return membership


def _end_guardianships(
    user: User, membership: HouseholdMembership, end_date: dt.date, reason: str
) -> None:
    """A guardian or a dependent who leaves the household leaves its guardianships."""
    for guardianship in Guardianship.objects.in_force(end_date).filter(
        Q(guardian_id=membership.client_id) | Q(dependent_id=membership.client_id),
        household_id=membership.household_id,
    ):
        before = audit_snapshot(guardianship, GUARDIANSHIP_FIELDS)
        guardianship.end_date = max(end_date, guardianship.start_date + dt.timedelta(days=1))
        guardianship.end_reason = reason[:300]
        guardianship.save(update_fields=["end_date", "end_reason", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=user,
            target=guardianship,
            client_id=guardianship.dependent_id,
            before=before,
            after=audit_snapshot(guardianship, GUARDIANSHIP_FIELDS),
        )


def household_member_leave(
    *,
    acting_user: User,
    membership: HouseholdMembership,
    client_access: ClientAccess,
    left_on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> HouseholdMembership:
    """A member leaves the household on a date (from that day they are no
    longer counted in it). Their guardianships in the household end too."""
    _org_id(acting_user)
    _require_identity(client_access)
    if membership.client_id != client_access.client.pk:
        raise PermissionDenied
    with transaction.atomic():
        _lock(membership.household, expected_version)
        current = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
        errors: dict[str, list[str]] = {}
        if current.left_on is not None:
            errors.setdefault("left_on", []).append(
                _("This person already left the household on %(date)s.")
                % {"date": current.left_on.isoformat()}
            )
        elif left_on <= current.joined_on:
            errors.setdefault("left_on", []).append(
                _("The date of leaving must be after the date of joining (%(date)s).")
                % {"date": current.joined_on.isoformat()}
            )
        _not_in_future(left_on, "left_on", errors)
        if errors:
            raise ValidationError(errors)
        before = audit_snapshot(current, MEMBERSHIP_FIELDS)
        current.left_on = left_on
        current.leave_reason = reason.strip()[:300]
        current.full_clean()
        current.save(update_fields=["left_on", "leave_reason", "updated_at"])
        _audit_membership(acting_user, current, before=before)
        _end_guardianships(acting_user, current, left_on, reason or _("Left the household"))
        _bump(membership.household)
    return current


def household_member_relationship_change(
    *,
    acting_user: User,
    membership: HouseholdMembership,
    client_access: ClientAccess,
    relationship: str,
    on: dt.date,
    head_reason: str = "",
    expected_version: int | None = None,
) -> HouseholdMembership:
    """From ``on``, the member has another relationship in the household (a
    spouse becomes the head when the head leaves). The old membership ends on
    that date and a new one starts, so the history keeps both."""
    org_id = _org_id(acting_user)
    _require_identity(client_access)
    if membership.client_id != client_access.client.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(membership.household, expected_version)
        current = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
        errors: dict[str, list[str]] = {}
        if current.left_on is not None:
            errors.setdefault("relationship", []).append(
                _("This person is no longer a member of the household.")
            )
        elif relationship == current.relationship:
            errors.setdefault("relationship", []).append(
                _("This is already the person's relationship in the household.")
            )
        elif on <= current.joined_on:
            errors.setdefault("on", []).append(
                _("The change must be after the date of joining (%(date)s).")
                % {"date": current.joined_on.isoformat()}
            )
        if not errors:
            _check_join(
                household=locked,
                client=client_access.client,
                relationship=relationship,
                joined_on=on,
                head_reason=head_reason,
                errors=errors,
                ignore=current,
            )
        if errors:
            if "joined_on" in errors:
                errors.setdefault("on", []).extend(errors.pop("joined_on"))
            raise ValidationError(errors)
        before = audit_snapshot(current, MEMBERSHIP_FIELDS)
        current.left_on = on
        current.leave_reason = _("Relationship changed")
        current.save(update_fields=["left_on", "leave_reason", "updated_at"])
        _audit_membership(acting_user, current, before=before)
        new = HouseholdMembership(
            household=locked,
            client=client_access.client,
            relationship=relationship,
            joined_on=on,
            head_reason=head_reason.strip() if relationship == Relationship.HEAD else "",
            organization_id=org_id,
            recorded_by=acting_user,
        )
        _save_membership(new)
        _audit_membership(acting_user, new)
        _bump(locked)
    return new


# --- Guardians -----------------------------------------------------------------


def guardianship_add(
    *,
    acting_user: User,
    household: Household,
    dependent: ClientAccess,
    guardian: ClientAccess,
    start_date: dt.date,
) -> Guardianship:
    """Record that a member is the guardian of a dependent member of the same
    household. Recorded by the organization that registered the dependent."""
    org_id = _org_id(acting_user)
    if not access.can_change_guardianship(dependent):
        raise PermissionDenied(
            _("Only the organization that registered this person records their guardians.")
        )
    _require_identity(guardian)
    _require_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    _not_in_future(start_date, "start_date", errors)
    current = HouseholdMembership.objects.filter(household=household, left_on__isnull=True)
    if dependent.client.pk == guardian.client.pk:
        errors.setdefault("guardian", []).append(_("A person cannot be their own guardian."))
    if not current.filter(client=dependent.client).exists():
        errors.setdefault("dependent", []).append(
            _("%(name)s is not a current member of this household.")
            % {"name": dependent.client.display_name}
        )
    if not current.filter(client=guardian.client).exists():
        errors.setdefault("guardian", []).append(
            _("The guardian must be a current member of the household: add %(name)s first.")
            % {"name": guardian.client.display_name}
        )
    if not dependent.client.date_of_birth and not dependent.client.birth_year:
        errors.setdefault("dependent", []).append(
            _(
                "Record the date of birth of %(name)s first: it says until when the "
                "guardian's consent governs their record."
            )
            % {"name": dependent.client.display_name}
        )
    if Guardianship.objects.filter(
        dependent=dependent.client, guardian=guardian.client, end_date__isnull=True
    ).exists():
        errors.setdefault("guardian", []).append(
            _("%(name)s is already recorded as this person's guardian.")
            % {"name": guardian.client.display_name}
        )
    if errors:
        raise ValidationError(errors)
    guardianship = Guardianship(
        household=household,
        dependent=dependent.client,
        guardian=guardian.client,
        start_date=start_date,
        organization_id=org_id,
        recorded_by=acting_user,
    )
    guardianship.full_clean()
    with transaction.atomic():
        _lock(household, None)
        guardianship.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=guardianship,
            client_id=dependent.client.pk,
            after=audit_snapshot(guardianship, GUARDIANSHIP_FIELDS),
        )
        _bump(household)
    return guardianship


def guardianship_end(
    *,
    acting_user: User,
    guardianship: Guardianship,
    dependent: ClientAccess,
    end_date: dt.date,
    reason: str,
) -> Guardianship:
    """End a guardianship (a court order, the youth came of age, a mistake)."""
    _org_id(acting_user)
    if guardianship.dependent_id != dependent.client.pk or not access.can_change_guardianship(
        dependent
    ):
        raise PermissionDenied(
            _("Only the organization that registered this person records their guardians.")
        )
    errors: dict[str, list[str]] = {}
    if guardianship.end_date is not None:
        errors.setdefault("end_date", []).append(_("This guardianship has already ended."))
    elif end_date <= guardianship.start_date:
        errors.setdefault("end_date", []).append(_("The end date must be after the start date."))
    _not_in_future(end_date, "end_date", errors)
    if not reason.strip():
        errors.setdefault("reason", []).append(_("Say why the guardianship ends."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Guardianship.objects.select_for_update().get(pk=guardianship.pk)
        before = audit_snapshot(current, GUARDIANSHIP_FIELDS)
        current.end_date = end_date
        current.end_reason = reason.strip()[:300]
        current.full_clean()
        current.save(update_fields=["end_date", "end_reason", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.dependent_id,
            before=before,
            after=audit_snapshot(current, GUARDIANSHIP_FIELDS),
        )
        _bump(current.household)
    return current


# --- The family's assessment and goals -----------------------------------------


def _household_client_ids(household: Household) -> list[uuid.UUID]:
    return list(
        HouseholdMembership.objects.filter(household=household, left_on__isnull=True).values_list(
            "client_id", flat=True
        )
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


# --- Reads that are audited ------------------------------------------------------


def household_viewed(
    *,
    user: User,
    household: Household | None,
    client_ids: Sequence[uuid.UUID],
    via: str = "web",
    section: str = "household",
) -> None:
    """A household page shows people: one event per person shown, as for a
    client's file, so each person's access log lists it."""
    detail = {"via": via, "section": section}
    if household is not None:
        detail["household"] = str(household.pk)
    with transaction.atomic():
        for client_id in dict.fromkeys(client_ids):
            audit_record(
                action=AuditAction.VIEW,
                actor=user,
                target_type="households.household" if household is not None else "",
                target_id=str(household.pk) if household is not None else "",
                client_id=client_id,
                detail=detail,
            )


def households_listed(
    *, user: User, query: str, client_ids: Sequence[uuid.UUID], via: str = "web"
) -> None:
    """A list of households shows names: the records it showed are audited."""
    audit_record(
        action=AuditAction.SEARCH,
        actor=user,
        detail={
            "via": via,
            "section": "households",
            "query": query[:200],
            "clients": [str(c) for c in dict.fromkeys(client_ids)],
        },
    )


# --- Household enrollment ----------------------------------------------------------


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
    # casework sits beside households; imported here so that a household can be
    # formed and read even where casework is not installed.
    from parcours.casework.services import enrollment_open

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
