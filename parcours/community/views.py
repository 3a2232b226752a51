"""Screens of the income and ID-document trackers. Thin: forms parse,
services (``community.services``) write, selectors (``community.selectors``)
read through the policy (``access.community``). Every page that shows a
client's trackers is in the audit log."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parcours.access.base import require_partner_staff
from parcours.access.clients import ClientAccess, client_get_for_staff
from parcours.access.community import can_write_trackers, require_tracker_writer
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services import client_record_viewed
from parcours.community import selectors, services
from parcours.community.forms import BenefitForm, DocumentForm, MyTrackersForm
from parcours.core.forms import apply_errors

SECTION = "income-documents"


def _client_file(client_id: object) -> HttpResponse:
    """Back to the client's file, at its "Income and documents" section."""
    return redirect(f"{reverse('clients:detail', kwargs={'client_id': client_id})}#{SECTION}")


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


def _form_page(
    request: AuthenticatedRequest,
    template: str,
    form: Any,
    client_access: ClientAccess,
    tracker: Any,
    status: int,
) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "client": client_access.client, "tracker": tracker},
        status=status,
    )


# --- Income support applications ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def benefit_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_tracker_writer(client_access)
    goals = selectors.tracker_goals(client_access)
    form = BenefitForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_application_create(
                acting_user=user, client_access=client_access, data=form.benefit_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The income support application was recorded."))
            return _client_file(client_access.client.pk)
    status = 422 if request.method == "POST" else 200
    return _form_page(request, "community/benefit_form.html", form, client_access, None, status)


@login_required
@require_http_methods(["GET", "POST"])
def benefit_edit(request: AuthenticatedRequest, application_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    application, client_access = selectors.benefit_application_get(user, application_id)
    require_tracker_writer(client_access)
    goals = selectors.tracker_goals(client_access, application.goal)
    if request.method == "POST":
        form = BenefitForm(request.POST, goals=goals)
        if form.is_valid():
            try:
                services.benefit_application_update(
                    acting_user=user,
                    client_access=client_access,
                    application=application,
                    data=form.benefit_data(),
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The income support application was saved."))
                return _client_file(client_access.client.pk)
    else:
        client_record_viewed(
            acting_user=user, client_access=client_access, section="benefit_application"
        )
        form = BenefitForm(initial=BenefitForm.initial_for(application), goals=goals)
    status = 422 if request.method == "POST" else 200
    return _form_page(
        request, "community/benefit_form.html", form, client_access, application, status
    )


# --- ID documents --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = client_get_for_staff(request.user, client_id)
    require_tracker_writer(client_access)
    goals = selectors.tracker_goals(client_access)
    form = DocumentForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            services.id_document_create(
                acting_user=user, client_access=client_access, data=form.document_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The ID document request was recorded."))
            return _client_file(client_access.client.pk)
    status = 422 if request.method == "POST" else 200
    return _form_page(request, "community/document_form.html", form, client_access, None, status)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    user = require_partner_staff(request.user)
    document, client_access = selectors.id_document_get(user, request_id)
    require_tracker_writer(client_access)
    goals = selectors.tracker_goals(client_access, document.goal)
    if request.method == "POST":
        form = DocumentForm(request.POST, goals=goals)
        if form.is_valid():
            try:
                services.id_document_update(
                    acting_user=user,
                    client_access=client_access,
                    request=document,
                    data=form.document_data(),
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The ID document request was saved."))
                return _client_file(client_access.client.pk)
    else:
        client_record_viewed(
            acting_user=user, client_access=client_access, section="id_document_request"
        )
        form = DocumentForm(initial=DocumentForm.initial_for(document), goals=goals)
    status = 422 if request.method == "POST" else 200
    return _form_page(
        request, "community/document_form.html", form, client_access, document, status
    )


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
