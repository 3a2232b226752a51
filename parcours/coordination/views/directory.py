"""Screens of the service directory: the search (mainstream programs first),
a service's page, and keeping entries (a partner's administrators their own,
network administrators everything). Thin: forms parse, services write,
selectors read through the policy."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parcours.access.base import is_network_admin
from parcours.access.clients import ClientAccess, client_get_for_staff
from parcours.access.coordination import can_edit_directory_entry, can_refer
from parcours.access.directory import (
    can_keep_directory,
    directory_organizations_editable_by,
    require_directory_editor,
    require_directory_user,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services import client_record_viewed
from parcours.coordination.forms.directory import (
    DirectoryOrganizationForm,
    DirectorySearchForm,
    LocationFormSet,
    ServiceForm,
    location_initial,
)
from parcours.coordination.languages import language_name
from parcours.coordination.models import DirectoryOrganization, Service
from parcours.coordination.selectors import directory as selectors
from parcours.coordination.services import directory as services
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


def _client_for_referral(request: AuthenticatedRequest) -> ClientAccess | None:
    """The client the worker is finding a service for (``?client=``): 404
    when they may not see them; the read is audited."""
    raw = request.GET.get("client", "").strip()
    if not raw:
        return None
    _staff, client_access = client_get_for_staff(request.user, raw)
    client_record_viewed(acting_user=request.user, client_access=client_access, section="directory")
    return client_access


def _referral_url(client_access: ClientAccess | None) -> str:
    """Where "Refer this client" goes (the referrals' route, when present)."""
    if client_access is None or not can_refer(client_access):
        return ""
    try:
        return reverse("coordination:referral_new", kwargs={"client_id": client_access.client.pk})
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def directory(request: AuthenticatedRequest) -> HttpResponse:
    user = require_directory_user(request.user)
    client_access = _client_for_referral(request)
    form = DirectorySearchForm(request.GET)
    page_obj = paginate(request, selectors.service_search(user, form.filters()))
    context = {
        "form": form,
        "page_obj": page_obj,
        "client_access": client_access,
        "referral_url": _referral_url(client_access),
        "can_keep": can_keep_directory(user),
    }
    template = (
        "coordination/directory/search.html#results"
        if request.htmx
        else "coordination/directory/search.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def service_detail(request: AuthenticatedRequest, service_id: uuid.UUID) -> HttpResponse:
    user = require_directory_user(request.user)
    service = selectors.service_get(user, service_id)
    client_access = _client_for_referral(request)
    return render(
        request,
        "coordination/directory/service_detail.html",
        {
            "service": service,
            "languages": [language_name(code) for code in service.languages],
            "client_access": client_access,
            "referral_url": _referral_url(client_access),
            "can_edit": can_edit_directory_entry(user, service.organization),
        },
    )


def _service_form_page(
    request: AuthenticatedRequest,
    organization: DirectoryOrganization,
    service: Service | None,
) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ServiceForm(request.POST, organization=organization)
        formset = LocationFormSet(request.POST, prefix="locations")
        if form.is_valid() and formset.is_valid():
            locations = [d for f in formset.forms if (d := f.location_data()) is not None]
            try:
                if service is None:
                    service = services.service_create(
                        acting_user=user,
                        organization=organization,
                        data=form.service_data(),
                        locations=locations,
                    )
                    messages.success(request, _("The service was added to the directory."))
                else:
                    service = services.service_update(
                        acting_user=user,
                        service=service,
                        data=form.service_data(),
                        locations=locations,
                    )
                    messages.success(request, _("The service was saved."))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("coordination:service_detail", service_id=service.pk)
    else:
        initial = ServiceForm.initial_for(service) if service else {}
        form = ServiceForm(initial=initial, organization=organization)
        formset = LocationFormSet(
            initial=location_initial(service) if service else [], prefix="locations"
        )
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "coordination/directory/service_form.html",
        {"form": form, "formset": formset, "organization": organization, "service": service},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_new(request: AuthenticatedRequest, organization_id: uuid.UUID) -> HttpResponse:
    user = require_directory_user(request.user)
    organization = selectors.directory_organization_get(user, organization_id)
    require_directory_editor(user, organization)
    return _service_form_page(request, organization, None)


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: AuthenticatedRequest, service_id: uuid.UUID) -> HttpResponse:
    user = require_directory_user(request.user)
    service = selectors.service_get(user, service_id)
    require_directory_editor(user, service.organization)
    return _service_form_page(request, service.organization, service)


@login_required
@require_GET
def organizations(request: AuthenticatedRequest) -> HttpResponse:
    user = require_directory_user(request.user)
    editable = set(directory_organizations_editable_by(user).values_list("pk", flat=True))
    page_obj = paginate(request, selectors.directory_organizations(user))
    return render(
        request,
        "coordination/directory/organizations.html",
        {"page_obj": page_obj, "editable": editable, "can_add": is_network_admin(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_new(request: AuthenticatedRequest) -> HttpResponse:
    user = require_directory_user(request.user)
    if not is_network_admin(user):
        raise PermissionDenied
    form = DirectoryOrganizationForm(request.POST or None, with_partner=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.directory_organization_create(acting_user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The organization was added to the directory."))
            return redirect("coordination:directory_organizations")
    return render(
        request,
        "coordination/directory/organization_form.html",
        {"form": form, "organization": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthenticatedRequest, organization_id: uuid.UUID) -> HttpResponse:
    user = require_directory_user(request.user)
    organization = selectors.directory_organization_get(user, organization_id)
    require_directory_editor(user, organization)
    initial = {
        name: getattr(organization, name)
        for name in ("name", "alternate_name", "description", "phone", "email", "website")
    }
    form = DirectoryOrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.directory_organization_update(
                acting_user=user, organization=organization, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The organization's entry was saved."))
            return redirect("coordination:directory_organizations")
    return render(
        request,
        "coordination/directory/organization_form.html",
        {"form": form, "organization": organization},
        status=422 if request.method == "POST" else 200,
    )
