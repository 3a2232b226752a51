"""The fidelity report screen: per program and team against its standard,
each figure drilling down to its clients (names only where allowed)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.reports import services
from parcours.reports.fidelity import CLIENT_ITEMS, drill_down, fidelity_report
from parcours.reports.models import FidelityItem


def figure_labels() -> dict[str, str]:
    """What the drill-down's figure column holds, per item."""
    return {
        FidelityItem.CASELOAD: "",
        FidelityItem.CONTACT_FREQUENCY: str(_("Days since the last contact")),
        FidelityItem.INTENSITY: str(_("Face-to-face hours a week (last 4 weeks)")),
        FidelityItem.TEAM_APPROACH: str(_("Staff members seen (last two weeks)")),
        FidelityItem.TIME_IN_PROGRAM: str(_("Months in the program")),
    }


class FidelityForm(forms.Form):
    program = forms.UUIDField(label=_("program"), required=False)
    team = forms.UUIDField(label=_("team"), required=False)
    item = forms.ChoiceField(
        label=_("item"),
        required=False,
        choices=[("", "")] + [(c.value, c.label) for c in CLIENT_ITEMS],
    )


@login_required
@require_GET
def fidelity(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_fidelity_reader(request.user)
    form = FidelityForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    program, team, item = data.get("program"), data.get("team"), data.get("item") or ""
    report = fidelity_report(user, program_id=program if item else None)
    chosen = drill_down(report, program, team, item)
    if chosen is not None:
        unit, found = chosen
        if unit.names_allowed:
            services.by_name_list_viewed(
                acting_user=user,
                query="",
                client_ids=[c.client_id for c in found.clients],
                section="fidelity",
            )
    context = {
        "report": report,
        "chosen": chosen,
        "figure_label": figure_labels().get(chosen[1].code, "") if chosen else "",
    }
    return render(request, "reports/fidelity.html", context)
