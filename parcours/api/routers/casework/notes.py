"""Encounters and case notes."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.accounts.models import User
from parcours.api import deps
from parcours.api.casework_schemas import (
    AddendumIn,
    EncounterIn,
    EncounterOut,
    NoteIn,
    NoteOut,
    NotePatch,
)
from parcours.api.errors import ErrorOut
from parcours.api.routers.casework.common import (
    NOT_FOUND,
    _program,
)
from parcours.casework import selectors, services
from parcours.casework.models import CaseNote, Encounter
from parcours.clients.services import client_record_viewed

router = Router(tags=["casework"])


@router.get(
    "/clients/{client_id}/encounters",
    response={200: list[EncounterOut], **NOT_FOUND},
    summary="The client's encounters the caller may see, newest first",
)
def encounter_list(request: HttpRequest, client_id: uuid.UUID) -> list[Encounter]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="encounters"
    )
    return list(selectors.encounters_for(client_access)[:200])


@router.post(
    "/clients/{client_id}/encounters",
    response={201: EncounterOut, **NOT_FOUND},
    summary="Record an encounter (the caller is among the staff present)",
)
def encounter_create(
    request: HttpRequest, client_id: uuid.UUID, payload: EncounterIn
) -> Status[Encounter]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    staff = list(User.objects.filter(pk__in=payload.staff_ids))
    if len(staff) != len(set(payload.staff_ids)):
        raise ValidationError({"staff_ids": [_("Unknown staff member of your organization.")]})
    plan = selectors.plan_for(client_access)
    goals = (
        list(selectors.goals_for(client_access, plan).filter(pk__in=payload.goal_ids))
        if plan
        else []
    )
    if len(goals) != len(set(payload.goal_ids)):
        raise ValidationError({"goal_ids": [_("Unknown goal of this client's plan.")]})
    occurred_at = payload.occurred_at
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    encounter = services.encounter_record(
        acting_user=user,
        client_access=client_access,
        kind=payload.kind.value,
        occurred_at=occurred_at,
        duration_minutes=payload.duration_minutes,
        staff=staff,
        location=payload.location,
        support_type=payload.support_type.value if payload.support_type else "",
        goals=goals,
        program=_program(user, payload.program_id) if payload.program_id else None,
        summary=payload.summary,
    )
    return Status(201, selectors.encounters_for(client_access).get(pk=encounter.pk))


@router.get(
    "/clients/{client_id}/notes",
    response={200: list[NoteOut], **NOT_FOUND},
    summary="The client's notes the caller may read (clinical notes: clinical staff, by consent)",
)
def note_list(request: HttpRequest, client_id: uuid.UUID) -> list[CaseNote]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, via="api", section="notes")
    return list(selectors.notes_for(client_access)[:200])


@router.post(
    "/clients/{client_id}/notes",
    response={201: NoteOut, **NOT_FOUND},
    summary="Write a general or clinical note",
)
def note_create(request: HttpRequest, client_id: uuid.UUID, payload: NoteIn) -> Status[CaseNote]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    encounter = None
    if payload.encounter_id is not None:
        encounter = selectors.encounters_for(client_access).filter(pk=payload.encounter_id).first()
        if encounter is None:
            raise ValidationError({"encounter_id": [_("Unknown encounter of this client.")]})
    note = services.note_write(
        acting_user=user,
        client_access=client_access,
        kind=payload.kind.value,
        text=payload.text,
        is_sensitive=payload.is_sensitive,
        encounter=encounter,
    )
    return Status(201, selectors.note_get_for_user(user, note.pk)[0])


@router.patch(
    "/notes/{note_id}",
    response={200: NoteOut, 409: ErrorOut, **NOT_FOUND},
    summary="Correct one's own note within 24 hours (optimistic concurrency on `version`)",
)
def note_patch(request: HttpRequest, note_id: uuid.UUID, payload: NotePatch) -> CaseNote:
    user = deps.signed_in(request)
    note, client_access = selectors.note_get_for_user(user, note_id)
    try:
        services.note_correct(
            acting_user=user,
            client_access=client_access,
            note=note,
            expected_version=payload.version,
            text=payload.text,
            is_sensitive=payload.is_sensitive,
        )
    except services.StaleEdit as exc:
        raise HttpError(409, str(exc)) from exc
    return selectors.note_get_for_user(user, note_id)[0]


@router.post(
    "/notes/{note_id}/addenda",
    response={201: NoteOut, **NOT_FOUND},
    summary="Amend a note with an addendum (the note stays as written)",
)
def note_addendum(
    request: HttpRequest, note_id: uuid.UUID, payload: AddendumIn
) -> Status[CaseNote]:
    user = deps.signed_in(request)
    note, client_access = selectors.note_get_for_user(user, note_id)
    services.note_amend(acting_user=user, client_access=client_access, note=note, text=payload.text)
    return Status(201, selectors.note_get_for_user(user, note_id)[0])
