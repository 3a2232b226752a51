"""Search-before-create and linkage requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.clients.services import clients_searched
from parcours.core import access
from parcours.core.pagination import paginate
from parcours.linkage import selectors, services
from parcours.linkage.explain import summary
from parcours.linkage.forms import CandidateQueryForm, LinkageAnswerForm, LinkageRequestForm


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    """The likely existing records for what the worker is typing (HTMX partial)."""
    user = access.require_partner_staff(request.user)
    form = CandidateQueryForm(request.GET)
    rows: list[dict[str, Any]] = []
    data: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        record = selectors.record_from_input(
            data["given_name"], data["family_name"], data["date_of_birth"], data["health_card"]
        )
        found = selectors.candidates_for(user, record)
        hidden_rank = 0
        for candidate in found:
            row: dict[str, Any] = {
                "visible": candidate.visible,
                "probability": candidate.match.probability,
            }
            if candidate.visible:
                row["client"] = candidate.client
                row["reasons"] = summary(candidate.match.reasons)
            else:
                row["hidden_rank"] = hidden_rank
                hidden_rank += 1
            rows.append(row)
        shown = [c.client.pk for c in found if c.visible]
        if shown:
            clients_searched(
                user=user, query=f"{data['given_name']} {data['family_name']}", client_ids=shown
            )
    return render(request, "linkage/_candidates.html", {"rows": rows, "query": data})


@login_required
@require_POST
def request_create(request: HttpRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    form = LinkageRequestForm(request.POST, prefix="lk")
    if not form.is_valid():
        return HttpResponse(
            _("This possible record is no longer proposed. Search again."), status=422
        )
    data = form.cleaned_data
    record = selectors.record_from_input(
        data["given_name"], data["family_name"], data["date_of_birth"], data["health_card"]
    )
    try:
        services.linkage_request_create(
            acting_user=user, record=record, hidden_rank=data["hidden_rank"]
        )
    except ValidationError as exc:
        return render(
            request, "linkage/_request_sent.html", {"error": " ".join(exc.messages)}, status=422
        )
    return render(request, "linkage/_request_sent.html", {})


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    received = selectors.linkage_requests_received(user)
    return render(
        request,
        "linkage/request_list.html",
        {
            "is_coordinator": access.is_coordinator(user),
            "received": paginate(request, received.order_by("status", "-created_at")),
            "sent": list(selectors.linkage_requests_sent(user).order_by("-created_at")[:50]),
            "form": LinkageAnswerForm(),
        },
    )


@login_required
@require_POST
def request_answer(request: HttpRequest, request_id: Any) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    linkage_request = selectors.linkage_requests_received(user).filter(pk=request_id).first()
    if linkage_request is None:
        raise Http404
    form = LinkageAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.linkage_request_answer(
                acting_user=user,
                request=linkage_request,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your answer is sent to the requesting partner."))
    else:
        messages.error(request, _("Say whether it is the same person."))
    return redirect("linkage:requests")
