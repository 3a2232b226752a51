"""The worklist page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.casework import selectors, services, worklist
from parcours.core.pagination import paginate

# --- Worklist ----------------------------------------------------------------------


@login_required
def worklist_page(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    teams = access.teams_for_worklist(user)
    team = selectors.worklist_team_get(user, request.GET.get("team", ""))
    items = worklist.worklist(user, team=team)
    services.worklist_viewed(acting_user=user, team=team, client_ids=[i.client.pk for i in items])
    kind = request.GET.get("kind", "")
    shown = [i for i in items if i.kind == kind] if kind else items
    counts: dict[str, int] = {}
    for i in items:
        counts[i.kind] = counts.get(i.kind, 0) + 1
    page = paginate(request, shown, per_page=50)
    return render(
        request,
        "casework/worklist.html",
        {
            "teams": teams,
            "team": team,
            "page_obj": page,
            "total": len(items),
            "counts": [(k, label, counts.get(k, 0)) for k, label in WORK_KINDS],
            "kind": kind,
        },
    )


WORK_KINDS = [
    (worklist.Kind.NO_CONTACT, gettext_lazy("No recent contact")),
    (worklist.Kind.PLAN_REVIEW, gettext_lazy("Plan review due")),
    (worklist.Kind.CTI_PHASE, gettext_lazy("CTI phase change")),
    (worklist.Kind.CTI_END, gettext_lazy("CTI ending")),
    (worklist.Kind.ICM_TRANSITION, gettext_lazy("ICM transition planning")),
    (worklist.Kind.ACT_STEP_DOWN, gettext_lazy("ACT step-down review")),
    (worklist.Kind.CONSENT, gettext_lazy("Consent expiring")),
    (worklist.Kind.ASSESSMENT, gettext_lazy("Assessment due")),
]
