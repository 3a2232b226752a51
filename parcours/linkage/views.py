"""Search-before-create and linkage requests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.clients.selectors import client_search
from parcours.clients.services import clients_searched
from parcours.core.pagination import paginate
from parcours.linkage import selectors, services
from parcours.linkage.explain import summary, summary_of_evidence
from parcours.linkage.forms import (
    REVIEW_STATUSES,
    CandidateQueryForm,
    LinkageAnswerForm,
    LinkageRequestForm,
    MatchDecisionForm,
    UnmergeForm,
)
from parcours.linkage.models import LinkageRun, MatchCandidate, MatchStatus


def _candidate_rows(
    user: User, found: list[selectors.Candidate], data: dict[str, Any]
) -> list[dict[str, Any]]:
    """What the candidates partial shows of each likely record: a record the
    user may see, or only a hint (with what the linkage request needs)."""
    rows: list[dict[str, Any]] = []
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
            acting_user=user,
            query=f"{data['given_name']} {data['family_name']}".strip(),
            client_ids=shown,
        )
    return rows


@login_required
def candidates(request: AuthenticatedRequest) -> HttpResponse:
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
        rows = _candidate_rows(user, selectors.candidates_for(user, record), data)
    return render(request, "linkage/_candidates.html", {"rows": rows, "query": data})


@login_required
def likely(request: AuthenticatedRequest) -> HttpResponse:
    """The likely records for what was typed in the Clients search box (a
    name, a name and a year, or a name and a date), beyond the exact matches
    the list already shows (HTMX partial)."""
    user = access.require_partner_staff(request.user)
    query = request.GET.get("q", "").strip()[:150]
    record = selectors.record_from_search(query) if len(query) >= 2 else None
    rows: list[dict[str, Any]] = []
    data: dict[str, Any] = {}
    listed: set[Any] = set()
    if record is not None:
        data = {
            "given_name": record.given_name,
            "family_name": record.family_name,
            "date_of_birth": record.date_of_birth,
            "health_card": "",
        }
        listed = set(client_search(user, query).values_list("pk", flat=True)[: selectors.PER_BLOCK])
        found = [
            c
            for c in selectors.candidates_for_search(user, record)
            if not (c.visible and c.client.pk in listed)
        ]
        rows = _candidate_rows(user, found, data)
    return render(
        request,
        "linkage/_likely.html",
        {"rows": rows, "query": data, "searched": query, "exact": bool(listed)},
    )


@login_required
@require_POST
def request_create(request: AuthenticatedRequest) -> HttpResponse:
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
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    received = paginate(
        request, selectors.linkage_requests_received(user).order_by("status", "-created_at")
    )
    sent = list(selectors.linkage_requests_sent(user).order_by("-created_at")[:50])
    services.linkage_requests_shown(acting_user=user, received=list(received), sent=sent)
    return render(
        request,
        "linkage/request_list.html",
        {
            "is_coordinator": access.is_coordinator(user),
            "received": received,
            "sent": sent,
            "form": LinkageAnswerForm(),
        },
    )


@login_required
@require_POST
def request_answer(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
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


# --- Review queue and merges ------------------------------------------------------

# The fields shown side by side in the review queue.
COMPARED_FIELDS = (
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("preferred_name", "preferred_name"),
    ("date_of_birth", "date_of_birth"),
    ("health_card_number", "health_card_number"),
    ("phone", "phone"),
    ("email", "email"),
)


def _require_reviewer(request: AuthenticatedRequest) -> User:
    user = access.require_partner_staff(request.user)
    if not access.can_review_duplicates(user):
        raise PermissionDenied
    return user


def _shown_value(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def _side_by_side(candidate: MatchCandidate) -> list[dict[str, Any]]:
    rows = []
    for name, attr in COMPARED_FIELDS:
        left, right = (
            _shown_value(getattr(candidate.client_a, attr)),
            _shown_value(getattr(candidate.client_b, attr)),
        )
        if not left and not right:
            continue
        rows.append(
            {
                "label": getattr(Client._meta.get_field(name), "verbose_name", name),
                "a": left,
                "b": right,
                "same": str(left).strip().casefold() == str(right).strip().casefold(),
            }
        )
    return rows


@login_required
def review_queue(request: AuthenticatedRequest) -> HttpResponse:
    """Possible duplicates found by batch linkage, for the coordinators."""
    user = _require_reviewer(request)
    status = request.GET.get("status", MatchStatus.PENDING)
    if status not in MatchStatus.values:
        status = MatchStatus.PENDING
    page = paginate(request, selectors.review_queue(user, status=status))
    items = list(page)
    services.review_items_shown(acting_user=user, items=items, view="review_queue")
    return render(
        request,
        "linkage/review_queue.html",
        {
            "page_obj": page,
            "items": [(m, summary_of_evidence(m.evidence)) for m in items],
            "status": status,
            "statuses": REVIEW_STATUSES,
            "last_run": LinkageRun.objects.order_by("-created_at").first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_item(request: AuthenticatedRequest, candidate_id: uuid.UUID) -> HttpResponse:
    user = _require_reviewer(request)
    candidate = selectors.match_candidate_get_for_user(user, candidate_id)
    form = MatchDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_decide(
                acting_user=user,
                candidate=candidate,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _(DECISION_MESSAGES[form.cleaned_data["decision"]]))
            return redirect("linkage:review_queue")
    services.review_items_shown(acting_user=user, items=[candidate], view="review_item")
    return render(
        request,
        "linkage/review_item.html",
        {
            "candidate": candidate,
            "rows": _side_by_side(candidate),
            "reasons": summary_of_evidence(candidate.evidence),
            "form": form,
            "decided": candidate.status in (MatchStatus.SAME_PERSON, MatchStatus.NOT_SAME_PERSON),
            "merge": selectors.merge_in_force_for_candidate(user, candidate),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge_undo(request: AuthenticatedRequest, merge_id: uuid.UUID) -> HttpResponse:
    """Undo a merge, after a confirmation page that says what will happen."""
    user = _require_reviewer(request)
    merge = selectors.merge_get_for_user(user, merge_id)
    form = UnmergeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_unmerge(
                acting_user=user, merge=merge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The two records are two people again."))
            return redirect("clients:detail", client_id=merge.client_a_id)
    return render(
        request,
        "linkage/merge_undo.html",
        {"merge": merge, "form": form},
        status=422 if request.method == "POST" else 200,
    )


DECISION_MESSAGES = {
    MatchStatus.SAME_PERSON: gettext_noop("The two records are now one person."),
    MatchStatus.NOT_SAME_PERSON: gettext_noop(
        "Noted: these two records will not be proposed again."
    ),
    MatchStatus.DEFERRED: gettext_noop("Deferred: the pair is under “Deferred”."),
}
