"""API routes of coordination: the care team and the coordinated care plan."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from parcours import access
from parcours.access import ClientAccess
from parcours.access.care_team import can_change_care_team_member
from parcours.accounts.models import User
from parcours.api import deps
from parcours.api.coordination_care_team_schemas import (
    CarePlanOut,
    CareTeamMemberEndIn,
    CareTeamMemberIn,
    CareTeamMemberOut,
    CareTeamMemberPatch,
    CareTeamOut,
)
from parcours.api.errors import ErrorOut
from parcours.coordination.models import CareTeamMember
from parcours.coordination.selectors import care_team as selectors
from parcours.coordination.services import care_team as services

router = Router(tags=["care_team"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _team(client_access: ClientAccess) -> dict[str, Any]:
    team = selectors.care_team_for(client_access)
    return {
        "client_id": client_access.client.pk,
        "can_change": team.can_change,
        "current": team.current,
        "implicit": team.implicit,
        "former": list(selectors.care_team_former(client_access)),
    }


def _member_out(client_access: ClientAccess, member: CareTeamMember) -> CareTeamMember:
    member = CareTeamMember.objects.select_related("worker", "organization").get(pk=member.pk)
    member.can_change = can_change_care_team_member(client_access, member)  # type: ignore[attr-defined]
    return member


def _worker(user: User, worker_id: uuid.UUID | None) -> User | None:
    if worker_id is None:
        return None
    worker = selectors.care_team_worker_choices(user).filter(pk=worker_id).first()
    if worker is None:
        raise ValidationError({"worker_id": [_("Unknown staff member of your organization.")]})
    return worker


@router.get(
    "/clients/{client_id}/care-team",
    response={200: CareTeamOut, **ERRORS},
    summary="The client's care team: current members, implicit members (enrollments), former members",
)
def care_team_detail(request: HttpRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    team = _team(client_access)
    services.care_team_viewed(
        acting_user=user,
        client_access=client_access,
        via="api",
        member_ids=[m.pk for m in [*team["current"], *team["former"]]],
    )
    return team


@router.post(
    "/clients/{client_id}/care-team",
    response={201: CareTeamMemberOut, **ERRORS},
    summary="Add a member: a staff member of the caller's organization or an outside professional",
)
def care_team_add(
    request: HttpRequest, client_id: uuid.UUID, payload: CareTeamMemberIn
) -> Status[CareTeamMember]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    member = services.care_team_member_add(
        acting_user=user,
        client_access=client_access,
        worker=_worker(user, payload.worker_id),
        outside_name=payload.outside_name,
        role=payload.role.value,
        contact=payload.contact,
        since=payload.since or timezone.localdate(),
    )
    return Status(201, _member_out(client_access, member))


@router.post(
    "/care-team/{member_id}/end",
    response={200: CareTeamMemberOut, **ERRORS},
    summary="End a membership (it moves to the care team's history)",
)
def care_team_end(
    request: HttpRequest, member_id: uuid.UUID, payload: CareTeamMemberEndIn
) -> CareTeamMember:
    user = deps.signed_in(request)
    member, client_access = selectors.care_team_member_get_changeable(user, member_id)
    member = services.care_team_member_end(
        acting_user=user, client_access=client_access, member=member, until=payload.until
    )
    return _member_out(client_access, member)


@router.patch(
    "/care-team/{member_id}",
    response={200: CareTeamMemberOut, **ERRORS},
    summary="Change a member's role or contact",
)
def care_team_patch(
    request: HttpRequest, member_id: uuid.UUID, payload: CareTeamMemberPatch
) -> CareTeamMember:
    user = deps.signed_in(request)
    member, client_access = selectors.care_team_member_get_changeable(user, member_id)
    changes: dict[str, Any] = {}
    values = payload.model_dump(exclude_unset=True)
    if values.get("role") is not None:
        changes["role"] = str(payload.role.value if payload.role else "")
    if "contact" in values:
        changes["contact"] = values["contact"] or ""
    member = services.care_team_member_update(
        acting_user=user, client_access=client_access, member=member, changes=changes
    )
    return _member_out(client_access, member)


@router.get(
    "/clients/{client_id}/care-plan",
    response={200: CarePlanOut, **ERRORS},
    summary="The coordinated care plan: every partner's part the caller may see",
)
def care_plan_detail(request: HttpRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    plan = selectors.care_plan_for(client_access)
    services.care_team_viewed(
        acting_user=user,
        client_access=client_access,
        via="api",
        section="care_plan",
        member_ids=selectors.care_plan_record_ids(plan),
    )
    return {
        "client_id": client_access.client.pk,
        "has_plan": plan.has_plan,
        "can_write_plan": plan.can_write_plan,
        "parts": plan.parts,
    }
