"""The spreadsheet import's pages: upload a list of clients, match its
columns, check every row (with the likely records already in the registry)
and import. Thin: forms parse, ``client_list_services`` writes,
``selectors`` read."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.interop import client_list_services as services
from parcours.interop import selectors
from parcours.interop.forms import ClientListMappingForm, ClientListUploadForm

ROWS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def client_list_upload(request: AuthenticatedRequest) -> HttpResponse:
    access.require_client_list_importer(request.user)
    posted = request.method == "POST"
    form = ClientListUploadForm(request.POST, request.FILES) if posted else ClientListUploadForm()
    if posted and form.is_valid():
        try:
            run = services.client_list_upload(
                acting_user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("interop:client_list_map", list_id=run.pk)
    page = paginate(request, selectors.client_lists_for(request.user), per_page=20)
    context = {"form": form, "page_obj": page, "lists": list(page)}
    return render(
        request, "interop/client_list_upload.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def client_list_map(request: AuthenticatedRequest, list_id: uuid.UUID) -> HttpResponse:
    access.require_client_list_importer(request.user)
    run = selectors.client_list_get_for_user(request.user, list_id)
    if run.is_done:
        return redirect("interop:client_list_check", list_id=run.pk)
    initial = {**run.mapping, "date_format": run.date_format or "iso"}
    posted = request.method == "POST"
    form = ClientListMappingForm(
        request.POST if posted else None, headers=run.headers, initial=initial
    )
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        date_format = data.pop("date_format")
        try:
            services.client_list_set_mapping(
                acting_user=request.user, run=run, mapping=data, date_format=date_format
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("interop:client_list_check", list_id=run.pk)
    samples = run.rows[:3]
    context = {"run": run, "form": form, "samples": samples}
    return render(
        request, "interop/client_list_map.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET"])
def client_list_check(request: AuthenticatedRequest, list_id: uuid.UUID) -> HttpResponse:
    access.require_client_list_importer(request.user)
    run = selectors.client_list_get_for_user(request.user, list_id)
    if run.status == "uploaded":
        return redirect("interop:client_list_map", list_id=run.pk)
    checked = [] if run.is_done else selectors.client_list_checked(run)
    page = paginate(request, checked, per_page=ROWS_PER_PAGE)
    context = {
        "run": run,
        "page_obj": page,
        "rows": selectors.client_list_preview(request.user, list(page)),
        "bad_rows": sum(1 for row in checked if not row.ok),
        "good_rows": sum(1 for row in checked if row.ok),
    }
    return render(request, "interop/client_list_check.html", context)


@login_required
@require_POST
def client_list_import(request: AuthenticatedRequest, list_id: uuid.UUID) -> HttpResponse:
    access.require_client_list_importer(request.user)
    run = selectors.client_list_get_for_user(request.user, list_id)
    try:
        run = services.client_list_import(
            acting_user=request.user, run=run, partial=request.POST.get("partial") == "on"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if run.is_done:
            messages.success(
                request,
                _("%(count)s clients registered.") % {"count": run.created_count},
            )
        else:
            messages.error(request, _("Nothing was imported: correct the rows below."))
    return redirect("interop:client_list_check", list_id=run.pk)
