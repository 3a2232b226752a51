"""Screens of the income and ID-document trackers and of stigma incidents. Thin: forms parse,
services (``community.services``) write, selectors (``community.selectors``)
read through the policy (``access.community``). Every page that shows a
client's trackers is in the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from parcours.access.base import require_partner_staff
from parcours.access.clients import ClientAccess, client_get_for_staff
from parcours.access.community import (
    can_record_stigma_incident,
    can_view_stigma_report,
    can_write_trackers,
    require_stigma_recorder,
    require_tracker_writer,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services import client_record_viewed
from parcours.community import selectors, services
from parcours.community.forms import (
    BenefitForm,
    DocumentForm,
    IncidentForm,
    MyTrackersForm,
    StigmaReportForm,
)
from parcours.community.selectors import stigma as stigma_selectors
from parcours.community.services import stigma as stigma_services
from parcours.core.client_file import client_file_url
from parcours.core.forms import apply_errors

SECTION = "income-documents"


def _client_file(client_id: object) -> HttpResponse:
    """Back to the client's file, at its "Income and documents" section."""
    return redirect(client_file_url(client_id, SECTION))


@login_required
@require_GET
def client_trackers(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """Every income application and ID document request of the client the user may see."""
    user, client_access = client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="trackers")
    return render(
        request,
        "community/client_trackers.html",
        {
            "client": client_access.client,
            "applications": list(selectors.client_benefit_applications(client_access)),
            "documents": list(selectors.client_id_documents(client_access)),
            "can_write": can_write_trackers(client_access),
            "today": timezone.localdate(),
        },
    )


@dataclass(frozen=True)
class _Kind:
    """What differs between the two trackers' form pages."""

    form: type[BenefitForm] | type[DocumentForm]
    template: str
    section: str
    create: Callable[..., Any]
    update: Callable[..., Any]
    # The update service's keyword for the tracker.
    keyword: str
    get: Callable[[Any, uuid.UUID], tuple[Any, ClientAccess]]
    recorded: str
    saved: str


def _benefit() -> _Kind:
    return _Kind(
        form=BenefitForm,
        template="community/benefit_form.html",
        section="benefit_application",
        create=services.benefit_application_create,
        update=services.benefit_application_update,
        keyword="application",
        get=selectors.benefit_application_get,
        recorded=_("The income support application was recorded."),
        saved=_("The income support application was saved."),
    )


def _document() -> _Kind:
    return _Kind(
        form=DocumentForm,
        template="community/document_form.html",
        section="id_document_request",
        create=services.id_document_create,
        update=services.id_document_update,
        keyword="request",
        get=selectors.id_document_get,
        recorded=_("The ID document request was recorded."),
        saved=_("The ID document request was saved."),
    )


def _form_page(
    request: AuthenticatedRequest, kind: _Kind, form: Any, client_access: ClientAccess, tracker: Any
) -> HttpResponse:
    return render(
        request,
        kind.template,
        {"form": form, "client": client_access.client, "tracker": tracker},
        status=422 if request.method == "POST" else 200,
    )


def _tracker_new(request: AuthenticatedRequest, client_id: uuid.UUID, kind: _Kind) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_tracker_writer(client_access)
    goals = selectors.tracker_goals(client_access)
    form = kind.form(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            kind.create(acting_user=user, client_access=client_access, data=form.data_of())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, kind.recorded)
            return _client_file(client_access.client.pk)
    return _form_page(request, kind, form, client_access, None)


def _tracker_edit(
    request: AuthenticatedRequest, tracker_id: uuid.UUID, kind: _Kind
) -> HttpResponse:
    user = require_partner_staff(request.user)
    tracker, client_access = kind.get(user, tracker_id)
    require_tracker_writer(client_access)
    goals = selectors.tracker_goals(client_access, tracker.goal)
    if request.method == "POST":
        form = kind.form(request.POST, goals=goals)
        if form.is_valid():
            try:
                kind.update(
                    acting_user=user,
                    client_access=client_access,
                    data=form.data_of(),
                    version=form.cleaned_data.get("version"),
                    **{kind.keyword: tracker},
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, kind.saved)
                return _client_file(client_access.client.pk)
    else:
        client_record_viewed(acting_user=user, client_access=client_access, section=kind.section)
        form = kind.form(initial=kind.form.initial_for(tracker), goals=goals)
    return _form_page(request, kind, form, client_access, tracker)


@login_required
@require_http_methods(["GET", "POST"])
def benefit_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    return _tracker_new(request, client_id, _benefit())


@login_required
@require_http_methods(["GET", "POST"])
def benefit_edit(request: AuthenticatedRequest, application_id: uuid.UUID) -> HttpResponse:
    return _tracker_edit(request, application_id, _benefit())


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    return _tracker_new(request, client_id, _document())


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    return _tracker_edit(request, request_id, _document())


# --- My trackers ---------------------------------------------------------------------------


@login_required
@require_GET
def my_trackers(request: AuthenticatedRequest) -> HttpResponse:
    """The worker's open trackers with a next step due, soonest first (their
    own, or their organization's). Each client shown is a read in the log."""
    user = require_partner_staff(request.user)
    form = MyTrackersForm(request.GET)
    scope = form.scope_value()
    rows = selectors.open_trackers_due(user, scope=scope)
    services.trackers_viewed(
        acting_user=user, client_ids=[row.client.pk for row in rows], section="my_trackers"
    )
    template = (
        "community/my_trackers.html#results" if request.htmx else "community/my_trackers.html"
    )
    return render(
        request,
        template,
        {"form": form, "rows": rows, "scope": scope, "today": timezone.localdate()},
    )


# --- Stigma and advocacy -------------------------------------------------------------------

STIGMA_SECTION = "stigma-incidents"


@login_required
@require_GET
def client_incidents(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """The client's stigma incidents the user's organization recorded."""
    user, client_access = client_get_for_staff(request.user, client_id)
    client_record_viewed(acting_user=user, client_access=client_access, section="stigma_incidents")
    return render(
        request,
        "community/client_incidents.html",
        {
            "client": client_access.client,
            "incidents": list(stigma_selectors.client_stigma_incidents(client_access)),
            "can_record": can_record_stigma_incident(client_access),
        },
    )


def _incident_page(
    request: AuthenticatedRequest, form: IncidentForm, client_access: ClientAccess, incident: Any
) -> HttpResponse:
    return render(
        request,
        "community/incident_form.html",
        {"form": form, "client": client_access.client, "incident": incident},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_stigma_recorder(client_access)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stigma_services.stigma_incident_record(
                acting_user=user, client_access=client_access, data=form.to_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The incident was recorded."))
            return redirect(client_file_url(client_access.client.pk, STIGMA_SECTION))
    return _incident_page(request, form, client_access, None)


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request: AuthenticatedRequest, incident_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    incident, client_access = stigma_selectors.stigma_incident_get(user, incident_id)
    if request.method == "POST":
        form = IncidentForm(request.POST)
        if form.is_valid():
            try:
                stigma_services.stigma_incident_update(
                    acting_user=user,
                    client_access=client_access,
                    incident=incident,
                    data=form.to_data(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The incident was saved."))
                return redirect(client_file_url(client_access.client.pk, STIGMA_SECTION))
    else:
        client_record_viewed(
            acting_user=user, client_access=client_access, section="stigma_incident"
        )
        initial = IncidentForm.initial_of(stigma_services.incident_data_of(incident))
        form = IncidentForm(initial=initial)
    return _incident_page(request, form, client_access, incident)


@login_required
@require_GET
def stigma_report(request: AuthenticatedRequest) -> HttpResponse:
    """The network's incidents counted by provider and by kind of service, per
    ground, never showing a cell of fewer than five people."""
    user = require_partner_staff(request.user)
    if not can_view_stigma_report(user):
        raise PermissionDenied(_("The stigma report is for coordinators and administrators."))
    form = StigmaReportForm(request.GET)
    since = until = None
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    report = stigma_selectors.stigma_report(user, since=since, until=until)
    return render(
        request,
        "community/stigma_report.html",
        {
            "form": form,
            "report": report,
            "tables": [
                (report.by_provider, pgettext("outside the network", "Provider"), "by-provider"),
                (report.by_kind, _("Kind of service"), "by-kind"),
            ],
        },
        status=200 if form.is_valid() else 422,
    )
