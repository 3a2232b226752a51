"""API routes of the life-skills groups: every partner reads the sessions;
the organization that runs one changes it and its roster (a 403 for
another's); a roster lists only the clients the caller may see (their
attendance is case-plan data), each read in the audit log. What the caller
may not see is a 404; bad input is a 422 with translated messages and
nothing is written."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from parcours import access
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.group_schemas import (
    GroupAttendanceIn,
    GroupAttendanceOut,
    GroupAttendancePatch,
    GroupSessionFilters,
    GroupSessionIn,
    GroupSessionOut,
    GroupSessionPatch,
)
from parcours.api.pagination import Pagination
from parcours.community import services as community_services
from parcours.community.models import GroupAttendance, GroupSession
from parcours.community.selectors import groups as selectors
from parcours.community.selectors import tracker_goals
from parcours.community.services import groups as services

router = Router(tags=["community"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
SESSIONS = "/group-sessions"


def _partner(request: HttpRequest) -> Any:
    user = deps.partner_staff(request)
    access.require_session_offerer(user)
    return user


@router.get(
    SESSIONS,
    response={200: list[GroupSessionOut], **ERRORS},
    summary="Every partner's group sessions, upcoming or past (paginated)",
)
@paginate(Pagination)
def session_list(
    request: HttpRequest, filters: Query[GroupSessionFilters]
) -> QuerySet[GroupSession]:
    user = _partner(request)
    return selectors.group_sessions(
        user,
        when=filters.when,
        topic=filters.topic.value if filters.topic else "",
        organization_id=filters.organization_id,
    )


@router.post(
    SESSIONS,
    response={201: GroupSessionOut, **ERRORS},
    summary="Offer a group session, run by the caller's organization",
)
def session_create(request: HttpRequest, payload: GroupSessionIn) -> Status[GroupSession]:
    user = _partner(request)
    data = services.SessionData(**{**payload.model_dump(), "topic": payload.topic.value})
    created = services.group_session_create(acting_user=user, data=data)
    return Status(201, selectors.group_session_get(user, created.pk))


@router.get(
    SESSIONS + "/{session_id}",
    response={200: GroupSessionOut, **ERRORS},
    summary="One group session",
)
def session_detail(request: HttpRequest, session_id: uuid.UUID) -> GroupSession:
    return selectors.group_session_get(_partner(request), session_id)


@router.patch(
    SESSIONS + "/{session_id}",
    response={200: GroupSessionOut, **ERRORS},
    summary="Change a session the caller's organization runs, or cancel it",
)
def session_patch(
    request: HttpRequest, session_id: uuid.UUID, payload: GroupSessionPatch
) -> GroupSession:
    user = _partner(request)
    session = selectors.group_session_get(user, session_id)
    access.require_session_runner(user, session)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    cancel = changes.pop("cancelled", None)
    if cancel is False:
        raise ValidationError({"cancelled": _("A cancelled session cannot be restored.")})
    fields = {k: v for k, v in changes.items() if v is not None}
    if fields:
        data = services.session_data_of(session)
        for name, value in fields.items():
            setattr(data, name, getattr(value, "value", value))
        services.group_session_update(acting_user=user, session=session, data=data)
    if cancel:
        services.group_session_cancel(acting_user=user, session=session)
    return selectors.group_session_get(user, session_id)


@router.get(
    SESSIONS + "/{session_id}/attendance",
    response={200: list[GroupAttendanceOut], **ERRORS},
    summary="The session's roster: only the clients the caller may see",
)
def attendance_list(request: HttpRequest, session_id: uuid.UUID) -> list[GroupAttendance]:
    user = _partner(request)
    session = selectors.group_session_get(user, session_id)
    roster = selectors.session_roster(user, session)
    community_services.trackers_viewed(
        acting_user=user,
        client_ids=[a.client_id for a in roster.attendances],
        section="group_roster",
        via="api",
    )
    return roster.attendances


@router.post(
    SESSIONS + "/{session_id}/attendance",
    response={201: GroupAttendanceOut, **ERRORS},
    summary="Register a client for a session the caller's organization runs",
)
def attendance_create(
    request: HttpRequest, session_id: uuid.UUID, payload: GroupAttendanceIn
) -> Status[GroupAttendance]:
    user = _partner(request)
    session = selectors.group_session_get(user, session_id)
    client_access = access.client_get_for_user(user, payload.client_id)
    goal = None
    if payload.goal_id is not None:
        goal = tracker_goals(client_access).filter(pk=payload.goal_id).first()
        if goal is None:
            raise ValidationError({"goal_id": _("Choose a goal in progress of the client's plan.")})
    attendance = services.group_attendance_register(
        acting_user=user, client_access=client_access, session=session, goal=goal
    )
    return Status(201, attendance)


@router.patch(
    "/group-attendance/{attendance_id}",
    response={200: GroupAttendanceOut, **ERRORS},
    summary="Mark a client attended (an encounter is recorded) or absent",
)
def attendance_patch(
    request: HttpRequest, attendance_id: uuid.UUID, payload: GroupAttendancePatch
) -> GroupAttendance:
    user = _partner(request)
    attendance = selectors.group_attendance_get(user, attendance_id)
    access.require_session_runner(user, attendance.session)
    return services.group_attendance_mark(
        acting_user=user,
        client_access=access.client_access_for(user, attendance.client),
        attendance=attendance,
        status=payload.status.value,
    )
