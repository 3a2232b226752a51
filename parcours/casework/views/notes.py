"""Encounters and case notes."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.casework import selectors, services
from parcours.casework.forms import (
    AddendumForm,
    EncounterForm,
    NoteCorrectForm,
    NoteForm,
)
from parcours.casework.models import Goal
from parcours.clients.services import client_record_viewed
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate

# --- Encounters and notes -------------------------------------------------------


def _encounter_form(
    request: AuthenticatedRequest, user: User, client_access: ClientAccess
) -> EncounterForm:
    plan = selectors.plan_for(client_access)
    goals = (
        selectors.goals_for(client_access, plan).filter(status__in=["active", "on_hold"])
        if plan
        else Goal.objects.none()
    )
    programs = (
        selectors.programs_for_enrollment(user)
        .filter(enrollments__client=client_access.client)
        .distinct()
    )
    return EncounterForm(request.POST or None, user=user, goals=goals, programs=programs)


@login_required
def encounter_list(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="encounters")
    page = paginate(request, selectors.encounters_for(client_access), per_page=25)
    return render(
        request,
        "casework/encounter_list.html",
        {"client": client_access.client, "client_access": client_access, "page_obj": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def encounter_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = _encounter_form(request, user, client_access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.encounter_record(
                acting_user=user,
                client_access=client_access,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                duration_minutes=data["duration_minutes"],
                staff=list(data["staff"]),
                location=data["location"],
                support_type=data["support_type"],
                goals=list(data["goals"]),
                program=data["program"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The encounter is recorded."))
            return redirect("casework:encounters", client_id=client_access.client.pk)
    return render(
        request,
        "casework/encounter_form.html",
        {"form": form, "client": client_access.client, "title": _("Record an encounter")},
    )


@login_required
def note_list(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="notes")
    page = paginate(request, selectors.notes_for(client_access), per_page=25)
    now = timezone.now()
    for note in page:
        note.editable = access.can_correct_note(user, note) and note.is_editable(now)
    return render(
        request,
        "casework/note_list.html",
        {
            "client": client_access.client,
            "client_access": client_access,
            "page_obj": page,
            "form": NoteForm(user=user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = NoteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_write(acting_user=user, client_access=client_access, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("casework:notes", client_id=client_access.client.pk)
    return render(
        request,
        "casework/note_form.html",
        {"form": form, "client": client_access.client, "title": _("Write a note")},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_correct(request: AuthenticatedRequest, note_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    note, client_access = selectors.note_get_for_user(user, note_id)
    if not access.can_correct_note(user, note):
        raise Http404
    if not note.is_editable(timezone.now()):
        messages.info(request, _("This note is more than 24 hours old: add an addendum instead."))
        return redirect("casework:note_amend", note_id=note.pk)
    if request.method == "GET":
        client_record_viewed(acting_user=user, client_access=client_access, section="note")
    form = NoteCorrectForm(
        request.POST or None,
        initial={"version": note.version, "text": note.text, "is_sensitive": note.is_sensitive},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_correct(
                acting_user=user,
                client_access=client_access,
                note=note,
                expected_version=data["version"],
                text=data["text"],
                is_sensitive=data["is_sensitive"],
            )
        except services.StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The note is corrected."))
            return redirect("casework:notes", client_id=client_access.client.pk)
    return render(
        request,
        "casework/note_form.html",
        {
            "form": form,
            "client": client_access.client,
            "note": note,
            "title": _("Correct the note"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_amend(request: AuthenticatedRequest, note_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    note, client_access = selectors.note_get_for_user(user, note_id)
    if request.method == "GET":
        client_record_viewed(acting_user=user, client_access=client_access, section="note")
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_amend(
                acting_user=user,
                client_access=client_access,
                note=note,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The addendum is added to the note."))
            return redirect("casework:notes", client_id=client_access.client.pk)
    return render(
        request,
        "casework/note_form.html",
        {"form": form, "client": client_access.client, "note": note, "title": _("Add an addendum")},
    )


@login_required
def note_history(request: AuthenticatedRequest, note_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    note, client_access = selectors.note_get_for_user(user, note_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="note_history")
    versions = list(note.history.select_related("history_user").order_by("-history_date"))
    return render(
        request,
        "casework/note_history.html",
        {"client": client_access.client, "note": note, "versions": versions},
    )
