"""``/households`` and ``/clients/{id}/households``: families and people who
live together, their members over time, guardians, the family's assessment
and goals, and the family's enrollment in a program.

Thin routes over ``parcours.households`` services and selectors. A household
is seen through the members the caller may see, and only those: a household
with no member they may see is a 404, and a member they may not see is
neither named nor counted. Every read that shows people and every write is
in the audit log, as on the screens."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.accounts.models import User
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.households_schemas import (
    AssessmentIn,
    AssessmentOut,
    ClientMembershipOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    GuardianshipEndIn,
    GuardianshipIn,
    GuardianshipOut,
    HouseholdDetail,
    HouseholdEnrollmentIn,
    HouseholdEnrollmentOut,
    HouseholdIn,
    HouseholdPage,
    HouseholdSearch,
    MemberIn,
    MemberLeaveIn,
    MemberOut,
    MembersOnQuery,
    RelationshipIn,
)
from parcours.clients import services as client_services
from parcours.households import selectors, services
from parcours.households.models import (
    HouseholdAssessment,
    HouseholdEnrollment,
    HouseholdGoal,
    HouseholdMembership,
)
from parcours.households.selectors import HouseholdAccess

router = Router(tags=["households"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 409: ErrorOut}


def _household(request: HttpRequest, household_id: uuid.UUID) -> tuple[User, HouseholdAccess]:
    user = deps.partner_staff(request)
    return user, selectors.household_get_for_user(user, household_id)


def _stale(exc: services.StaleHousehold) -> HttpError:
    return HttpError(409, str(exc))


# --- Households and members -------------------------------------------------------


@router.get(
    "/households",
    response={200: HouseholdPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The households the caller may see, with their current visible members",
    description="`q` matches the names of members the caller may see. Audited.",
)
def household_list(request: HttpRequest, filters: Query[HouseholdSearch]) -> dict[str, Any]:
    user = deps.partner_staff(request)
    qs = selectors.household_list_for(user, filters.q)
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    services.households_listed(
        acting_user=user,
        query=filters.q,
        client_ids=[m.client_id for h in page for m in h.visible_current],  # type: ignore[attr-defined]
        via="api",
    )
    return {"items": page, "count": count}


@router.post(
    "/households",
    response={201: HouseholdDetail, **WRITE},
    summary="Start a household with its first member (usually the head)",
)
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status[HouseholdAccess]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, payload.client_id)
    household = services.household_create(
        acting_user=user,
        client_access=client_access,
        formed_on=payload.formed_on,
        relationship=payload.relationship.value,
        head_reason=payload.head_reason,
    )
    return Status(201, selectors.household_get_for_user(user, household.pk))


@router.get(
    "/households/{household_id}",
    response={200: HouseholdDetail, **READ},
    summary="A household as far as the caller may see it",
)
def household_detail(request: HttpRequest, household_id: uuid.UUID) -> HouseholdAccess:
    user, hh = _household(request, household_id)
    services.household_viewed(
        acting_user=user,
        household=hh.household,
        client_ids=hh.client_ids,
        via="api",
        section="household",
    )
    return hh


@router.get(
    "/households/{household_id}/members",
    response={200: list[MemberOut], **READ},
    summary="The members on a date (today by default) that the caller may see",
)
def member_list(
    request: HttpRequest, household_id: uuid.UUID, filters: Query[MembersOnQuery]
) -> list[HouseholdMembership]:
    user, hh = _household(request, household_id)
    if filters.on is None:
        members = hh.current
    else:
        day = filters.on
        members = [m for m in hh.memberships if m.in_force_on(day)]
    services.household_viewed(
        acting_user=user,
        household=hh.household,
        client_ids=[m.client_id for m in members],
        via="api",
        section="members",
    )
    return members


@router.post(
    "/households/{household_id}/members",
    response={201: MemberOut, **WRITE},
    summary="A person joins the household on a date",
    description=(
        "Refused (422) when the person is in another current household, when a "
        "minor would be head of household without a reason, or when the household "
        "already has a head; 409 when `version` is not the household's."
    ),
)
def member_add(
    request: HttpRequest, household_id: uuid.UUID, payload: MemberIn
) -> Status[HouseholdMembership]:
    user, hh = _household(request, household_id)
    client_access = access.client_get_for_user(user, payload.client_id)
    try:
        membership = services.household_member_add(
            acting_user=user,
            household=hh.household,
            client_access=client_access,
            relationship=payload.relationship.value,
            joined_on=payload.joined_on,
            head_reason=payload.head_reason,
            expected_version=payload.version,
        )
    except services.StaleHousehold as exc:
        raise _stale(exc) from exc
    return Status(201, membership)


@router.post(
    "/households/{household_id}/members/{membership_id}/leave",
    response={200: MemberOut, **WRITE},
    summary="A member leaves the household on a date (history kept)",
)
def member_leave(
    request: HttpRequest, household_id: uuid.UUID, membership_id: uuid.UUID, payload: MemberLeaveIn
) -> HouseholdMembership:
    user, hh = _household(request, household_id)
    membership = hh.membership(membership_id)
    try:
        membership = services.household_member_leave(
            acting_user=user,
            membership=membership,
            client_access=hh.access_for(membership.client_id),
            left_on=payload.left_on,
            reason=payload.reason,
            expected_version=payload.version,
        )
    except services.StaleHousehold as exc:
        raise _stale(exc) from exc
    return membership


@router.post(
    "/households/{household_id}/members/{membership_id}/relationship",
    response={201: MemberOut, **WRITE},
    summary="From a date, the member has another relationship in the household",
)
def member_relationship(
    request: HttpRequest,
    household_id: uuid.UUID,
    membership_id: uuid.UUID,
    payload: RelationshipIn,
) -> Status[HouseholdMembership]:
    user, hh = _household(request, household_id)
    membership = hh.membership(membership_id)
    try:
        new = services.household_member_relationship_change(
            acting_user=user,
            membership=membership,
            client_access=hh.access_for(membership.client_id),
            relationship=payload.relationship.value,
            on=payload.on,
            head_reason=payload.head_reason,
            expected_version=payload.version,
        )
    except services.StaleHousehold as exc:
        raise _stale(exc) from exc
    return Status(201, new)


@router.get(
    "/clients/{client_id}/households",
    response={200: list[ClientMembershipOut], **READ},
    summary="The households a client belonged to, newest first",
)
def client_households(request: HttpRequest, client_id: uuid.UUID) -> list[HouseholdMembership]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_services.client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="households"
    )
    return list(selectors.client_households(client_access))


# --- Guardians ----------------------------------------------------------------------


@router.post(
    "/households/{household_id}/guardianships",
    response={201: GuardianshipOut, **WRITE},
    summary="Record that a member is the guardian of a dependent member",
    description=(
        "By the organization that registered the dependent (403 otherwise). Both must "
        "be current members of the household (422 otherwise)."
    ),
)
def guardianship_create(
    request: HttpRequest, household_id: uuid.UUID, payload: GuardianshipIn
) -> Status[Any]:
    user, hh = _household(request, household_id)
    guardianship = services.guardianship_add(
        acting_user=user,
        household=hh.household,
        dependent=access.client_get_for_user(user, payload.dependent_id),
        guardian=access.client_get_for_user(user, payload.guardian_id),
        start_date=payload.start_date,
    )
    return Status(201, guardianship)


@router.post(
    "/households/{household_id}/guardianships/{guardianship_id}/end",
    response={200: GuardianshipOut, **WRITE},
    summary="End a guardianship",
)
def guardianship_end(
    request: HttpRequest,
    household_id: uuid.UUID,
    guardianship_id: uuid.UUID,
    payload: GuardianshipEndIn,
) -> Any:
    user, hh = _household(request, household_id)
    guardianship = hh.guardianship(guardianship_id)
    return services.guardianship_end(
        acting_user=user,
        guardianship=guardianship,
        dependent=hh.access_for(guardianship.dependent_id),
        end_date=payload.end_date,
        reason=payload.reason,
    )


# --- The family's assessment and goals ----------------------------------------------


@router.get(
    "/households/{household_id}/assessments",
    response={200: list[AssessmentOut], **READ},
    summary="Assessments of the family the caller may see",
)
def assessment_list(request: HttpRequest, household_id: uuid.UUID) -> list[HouseholdAssessment]:
    user, hh = _household(request, household_id)
    services.household_viewed(
        acting_user=user,
        household=hh.household,
        client_ids=hh.client_ids,
        via="api",
        section="assessments",
    )
    return list(hh.assessments())


@router.post(
    "/households/{household_id}/assessments",
    response={201: AssessmentOut, **WRITE},
    summary="Record an assessment of the family's needs",
)
def assessment_create(
    request: HttpRequest, household_id: uuid.UUID, payload: AssessmentIn
) -> Status[HouseholdAssessment]:
    user, hh = _household(request, household_id)
    assessment = services.household_assessment_record(
        acting_user=user,
        household=hh.household,
        assessed_on=payload.assessed_on,
        needs=[n.value for n in payload.needs],
        summary=payload.summary,
    )
    return Status(201, assessment)


@router.get(
    "/households/{household_id}/goals",
    response={200: list[GoalOut], **READ},
    summary="The family's goals the caller may see",
)
def goal_list(request: HttpRequest, household_id: uuid.UUID) -> list[HouseholdGoal]:
    user, hh = _household(request, household_id)
    services.household_viewed(
        acting_user=user,
        household=hh.household,
        client_ids=hh.client_ids,
        via="api",
        section="goals",
    )
    return list(hh.goals())


@router.post(
    "/households/{household_id}/goals",
    response={201: GoalOut, **WRITE},
    summary="Add a goal the family sets for itself (daycare, school registration …)",
)
def goal_create(
    request: HttpRequest, household_id: uuid.UUID, payload: GoalIn
) -> Status[HouseholdGoal]:
    user, hh = _household(request, household_id)
    assessment = None
    if payload.assessment_id is not None:
        assessment = hh.assessments().filter(pk=payload.assessment_id).first()
        if assessment is None:
            raise ValidationError(
                {"assessment_id": [_("This assessment is not one of this household's.")]}
            )
    goal = services.household_goal_add(
        acting_user=user,
        household=hh.household,
        domain=payload.domain.value,
        description=payload.description,
        target_date=payload.target_date,
        assessment=assessment,
    )
    return Status(201, goal)


@router.patch(
    "/households/{household_id}/goals/{goal_id}",
    response={200: GoalOut, **WRITE},
    summary="Change a family goal's status (optimistic concurrency on `version`)",
)
def goal_patch(
    request: HttpRequest, household_id: uuid.UUID, goal_id: uuid.UUID, payload: GoalPatch
) -> HouseholdGoal:
    user, hh = _household(request, household_id)
    goal = hh.goal(goal_id)
    try:
        goal = services.household_goal_update(
            acting_user=user,
            goal=goal,
            status=payload.status.value,
            target_date=payload.target_date,
            expected_version=payload.version,
        )
    except services.StaleHousehold as exc:
        raise _stale(exc) from exc
    return goal


# --- Enrolling the family ----------------------------------------------------------------


@router.get(
    "/households/{household_id}/enrollments",
    response={200: list[HouseholdEnrollmentOut], **READ},
    summary="The family's enrollments the caller may see",
)
def enrollment_list(request: HttpRequest, household_id: uuid.UUID) -> list[HouseholdEnrollment]:
    user, hh = _household(request, household_id)
    services.household_viewed(
        acting_user=user,
        household=hh.household,
        client_ids=hh.client_ids,
        via="api",
        section="enrollments",
    )
    return list(hh.enrollments_shown())


@router.post(
    "/households/{household_id}/enrollments",
    response={201: HouseholdEnrollmentOut, **WRITE},
    summary="Enroll the family in a program in one action",
    description=(
        "Every current member the caller may see gets their own enrollment, linked "
        "to the family's. If one member cannot be enrolled (already enrolled, "
        "caseload full …), nobody is: 422 and nothing written."
    ),
)
def enrollment_create(
    request: HttpRequest, household_id: uuid.UUID, payload: HouseholdEnrollmentIn
) -> Status[HouseholdEnrollment]:
    user, hh = _household(request, household_id)
    errors: dict[str, list[str]] = {}
    program = selectors.enrollment_programs_for(user).filter(pk=payload.program_id).first()
    if program is None:
        errors["program_id"] = [_unknown()]
    worker = None
    if payload.primary_worker_id is not None:
        worker = selectors.enrollment_workers_for(user).filter(pk=payload.primary_worker_id).first()
        if worker is None:
            errors["primary_worker_id"] = [_unknown()]
    team = None
    if payload.team_id is not None:
        team = selectors.enrollment_teams_for(user).filter(pk=payload.team_id).first()
        if team is None:
            errors["team_id"] = [_unknown()]
    if errors or program is None:
        raise ValidationError(errors)
    family = services.household_enroll(
        acting_user=user,
        household=hh,
        program=program,
        start_date=payload.start_date,
        primary_worker=worker,
        team=team,
        override_reason=payload.override_reason,
    )
    hh = selectors.household_get_for_user(user, household_id)
    return Status(201, hh.enrollments_shown().get(pk=family.pk))


def _unknown() -> str:
    return _("Unknown, or not of your organization.")
