"""The worklist page: items grouped by client, most pressing first; a
worker puts an item aside until a date (with a reason) and brings it back."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.casework import selectors, services, worklist
from parcours.casework.models import MAX_SNOOZE_DAYS, WorkItemSnooze
from parcours.core.pagination import paginate

# --- Worklist ----------------------------------------------------------------------

# Clients per page (each with all their items).
CLIENTS_PER_PAGE = 30


@login_required
def worklist_page(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    teams = access.teams_for_worklist(user)
    team = selectors.worklist_team_get(user, request.GET.get("team", ""))
    today = timezone.localdate()
    items = worklist.worklist(user, team=team)
    put_aside: list[worklist.PutAside] = []
    if team is None:
        items, put_aside = worklist.split_put_aside(user, items, today)
    services.worklist_viewed(
        acting_user=user,
        team=team,
        client_ids=[i.client.pk for i in items] + [p.item.client.pk for p in put_aside],
    )
    kind = request.GET.get("kind", "")
    shown = [i for i in items if i.kind == kind] if kind else items
    counts: dict[str, int] = {}
    for i in items:
        counts[i.kind] = counts.get(i.kind, 0) + 1
    groups = worklist.by_client(shown, today)
    page = paginate(request, groups, per_page=CLIENTS_PER_PAGE)
    return render(
        request,
        "casework/worklist.html",
        {
            "teams": teams,
            "team": team,
            "page_obj": page,
            "total": len(items),
            "counts": [
                (k, label, counts[k]) for k, label in _kind_labels().items() if counts.get(k)
            ],
            "kind": kind,
            "put_aside": put_aside,
            "default_until": today + dt.timedelta(days=7),
            "max_until": today + dt.timedelta(days=MAX_SNOOZE_DAYS),
            "tomorrow": today + dt.timedelta(days=1),
        },
    )


class PutAsideForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.CharField(max_length=40, widget=forms.HiddenInput)
    until = forms.DateField(label=gettext_lazy("Put aside until"))
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=300, required=False)


def _back(request: AuthenticatedRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("casework:worklist")


@login_required
@require_POST
def work_item_put_aside(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    form = PutAsideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request)
    client_access = access.client_get_for_user(user, form.cleaned_data["client_id"])
    try:
        services.work_item_put_aside(
            acting_user=user,
            client_access=client_access,
            kind=form.cleaned_data["kind"],
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The item is put aside until %(date)s.")
            % {"date": form.cleaned_data["until"].isoformat()},
        )
    return _back(request)


@login_required
@require_POST
def work_item_bring_back(request: AuthenticatedRequest, snooze_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    snooze = WorkItemSnooze.objects.filter(pk=snooze_id, user=user).first()
    if snooze is None:
        raise Http404
    services.work_item_bring_back(acting_user=user, snooze=snooze)
    messages.success(request, _("The item is back on your worklist."))
    return _back(request)


WORK_KINDS = [
    (worklist.Kind.NO_CONTACT, gettext_lazy("No recent contact")),
    (worklist.Kind.NO_PLAN, gettext_lazy("No plan yet")),
    (worklist.Kind.PLAN_REVIEW, gettext_lazy("Plan review due")),
    (worklist.Kind.CTI_PHASE, gettext_lazy("CTI phase change")),
    (worklist.Kind.CTI_END, gettext_lazy("CTI ending")),
    (worklist.Kind.ICM_TRANSITION, gettext_lazy("ICM transition planning")),
    (worklist.Kind.ACT_STEP_DOWN, gettext_lazy("ACT step-down review")),
    (worklist.Kind.CONSENT, gettext_lazy("Consent expiring")),
    (worklist.Kind.ASSESSMENT, gettext_lazy("Assessment due")),
]


def _kind_labels() -> dict[str, object]:
    """Casework's kinds, then those the apps above registered."""
    return {**dict(WORK_KINDS), **worklist.KIND_LABELS}
