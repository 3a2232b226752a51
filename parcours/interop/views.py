"""Data exchange pages: upload an HMIS export (imported in the background),
follow the imports (the list polls while one runs), read one's report.
Thin: the form parses, ``services`` writes, ``selectors`` read."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.interop import selectors, uploads
from parcours.interop.forms import HmisUploadForm

ERRORS_PER_PAGE = 100


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_hmis_importer(request.user)
    user = request.user
    posted = request.method == "POST"
    admin = user.is_superuser
    form = (
        HmisUploadForm(request.POST, request.FILES, network_admin=admin)
        if posted
        else HmisUploadForm(network_admin=admin)
    )
    if posted and form.is_valid():
        try:
            run = uploads.hmis_import_queue(
                acting_user=user,
                upload=form.cleaned_data["file"],
                into_own_organization=form.cleaned_data.get("into_own_organization", True),
                dry_run=form.cleaned_data["dry_run"],
                partial=form.cleaned_data["partial"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The export is being imported: its report will be on this page.")
            )
            return redirect("interop:import_detail", import_id=run.pk)
    page = paginate(request, selectors.imports_for(user), per_page=20)
    items = list(page)
    context = {
        "form": form,
        "page_obj": page,
        "imports": items,
        "polling": any(run.in_progress for run in items),
    }
    template = "interop/imports.html#list" if request.htmx else "interop/imports.html"
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_GET
def import_detail(request: AuthenticatedRequest, import_id: uuid.UUID) -> HttpResponse:
    access.require_hmis_importer(request.user)
    run = selectors.import_get_for_user(request.user, import_id)
    errors = paginate(request, selectors.report_errors(run), per_page=ERRORS_PER_PAGE)
    context = {
        "run": run,
        "progress": selectors.import_progress(run),
        "count_rows": selectors.count_rows(run),
        "page_obj": errors,
        "errors": list(errors),
    }
    template = "interop/import_detail.html#status" if request.htmx else "interop/import_detail.html"
    return render(request, template, context)
