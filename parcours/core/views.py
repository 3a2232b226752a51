from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parcours.accounts.selectors import home_summary
from parcours.core import access
from parcours.core.forms import AuditFilterForm
from parcours.core.pagination import paginate
from parcours.core.selectors import audit_event_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary(request.user)  # type: ignore[arg-type]
    return render(request, "core/home.html", {"summary": summary})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not access.can_view_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = audit_event_list(request.user).none()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        events = audit_event_list(
            request.user,
            actor=data["user"],
            client_id=data["client"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    elif not form.is_bound:
        events = audit_event_list(request.user)
    page = paginate(request, events)
    template = "core/audit_log.html#results" if request.htmx else "core/audit_log.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page_obj": page})
