"""Report exports: ask for one from a report page, follow it on the list of
one's exports (the list polls while one is being built), download it, delete
it. Thin: the form parses, ``export_services`` writes and checks,
``export_selectors`` reads."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.core.pagination import paginate
from parcours.reports import export_formats, export_selectors, export_services, exports
from parcours.reports.models import ExportFormat

PAGES = {
    "by_name_list": "reports:by_name_list",
    "monthly_flow": "reports:monthly_flow",
    "fidelity": "reports:fidelity",
}


class ExportForm(forms.Form):
    report = forms.ChoiceField(label=gettext_lazy("Report"), choices=exports.report_choices)
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=ExportFormat.choices)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    # The page's filters, as its query string.
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


def _current_url(request: AuthenticatedRequest) -> str:
    """The page the form is on, as the browser shows it now: with HTMX, the
    URL the page's filters pushed (``HX-Current-URL``); otherwise ``next``."""
    if request.htmx and request.htmx.current_url:
        return str(request.htmx.current_url)
    return request.POST.get("next", "")


def _go(request: AuthenticatedRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _back(request: AuthenticatedRequest, report: str) -> str:
    """The report page the form was on (with its filters), else the report's page."""
    back = _current_url(request)
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    name = PAGES.get(report)
    return reverse(name) if name else reverse("reports:exports")


@login_required
@require_POST
def export_create(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_by_name_list_reader(request.user)
    form = ExportForm(request.POST)
    report = request.POST.get("report", "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _go(request, _back(request, report))
    data = form.cleaned_data
    # The filters as the page shows them now (HTMX filtering changes the URL,
    # not the hidden field written when the page was loaded).
    query_string = data["query"] or ""
    if request.htmx and request.htmx.current_url:
        query_string = urlsplit(str(request.htmx.current_url)).query
    query = QueryDict(query_string)
    try:
        export_services.export_request(
            acting_user=user,
            report=data["report"],
            query={k: query.get(k, "") for k in query},
            fmt=data["format"],
            language=data["language"],
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return _go(request, _back(request, report))
    messages.success(
        request,
        _("Your export is on its way: it will be ready to download on this page."),
    )
    return _go(request, reverse("reports:exports"))


@login_required
@require_GET
def export_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_by_name_list_reader(request.user)
    page = paginate(request, export_selectors.exports_of(user), per_page=20)
    items = list(page)
    context = {
        "page_obj": page,
        "exports": items,
        "polling": export_selectors.any_in_progress(items),
        "keep_days": export_services.keep_days(),
    }
    template = "reports/exports.html#list" if request.htmx else "reports/exports.html"
    return render(request, template, context)


@login_required
@require_GET
def export_download(request: AuthenticatedRequest, export_id: uuid.UUID) -> HttpResponse:
    user = access.require_by_name_list_reader(request.user)
    export = export_services.export_download(acting_user=user, export_id=export_id)
    response = HttpResponse(
        bytes(export.content or b""), content_type=export_formats.CONTENT_TYPES[export.format]
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def export_delete(request: AuthenticatedRequest, export_id: uuid.UUID) -> HttpResponse:
    user = access.require_by_name_list_reader(request.user)
    export = export_selectors.export_get_for_user(user, export_id)
    if request.method == "POST":
        export_services.export_delete(acting_user=user, export_id=export.pk)
        messages.success(request, _("The export is deleted."))
        return redirect("reports:exports")
    return render(request, "reports/exports_delete.html", {"export": export})
