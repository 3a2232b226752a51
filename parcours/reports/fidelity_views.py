"""The fidelity report screen: per program and team against its standard,
each figure drilling down to its clients (names only where allowed), with a
chart of the ratings and filters by period, organization and team."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import Organization, Team, User
from parcours.reports import charts, services
from parcours.reports.fidelity import (
    CLIENT_ITEMS,
    WINDOW_WEEKS,
    FidelityReport,
    drill_down,
    fidelity_report,
)
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


class TeamChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.program.name} — {obj.name}"


def _weeks_label(n: int) -> str:
    # Translators: the window of the fidelity figures, e.g. "the last 4 weeks".
    return _("the last %(n)s weeks") % {"n": n}


# Translated when shown (a choice label built at import would keep the
# language active then).
_last_weeks = lazy(_weeks_label, str)


class FidelityForm(forms.Form):
    program = forms.UUIDField(label=gettext_lazy("program"), required=False)
    team = TeamChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=gettext_lazy("Every team"),
        error_messages={"invalid_choice": gettext_lazy("Choose a team you may report on.")},
    )
    item = forms.ChoiceField(
        label=gettext_lazy("item"),
        required=False,
        choices=[("", "")] + [(c.value, c.label) for c in CLIENT_ITEMS],
    )
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=gettext_lazy("Every organization"),
        error_messages={
            "invalid_choice": gettext_lazy("Choose an organization you may report on.")
        },
    )
    weeks = forms.TypedChoiceField(
        label=gettext_lazy("Period"),
        choices=[(w, _last_weeks(w)) for w in WINDOW_WEEKS],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, data: Any = None, *, user: User) -> None:
        super().__init__(data)
        # The organizations and teams of the programs the user reads.
        programs = access.fidelity_programs_visible_to(user)
        organizations = self.fields["organization"]
        teams = self.fields["team"]
        assert isinstance(organizations, forms.ModelChoiceField)
        assert isinstance(teams, forms.ModelChoiceField)
        organizations.queryset = Organization.objects.filter(
            pk__in=programs.values("organization_id")
        ).order_by("name")
        teams.queryset = (
            Team.objects.filter(program__in=programs)
            .select_related("program")
            .order_by("program__name", "name")
        )


def ratings_chart(report: FidelityReport) -> charts.Chart:
    """The ratings (1–5) of each item, one colour per program or team shown."""
    codes: list[str] = []
    labels: dict[str, str] = {}
    for unit in report.units:
        for rated in unit.items:
            if rated.rating is not None and rated.code not in labels:
                codes.append(rated.code)
                labels[rated.code] = rated.label
    series = []
    lowest: tuple[int, str, str] | None = None
    for unit in report.units:
        name = f"{unit.program.name} · {unit.team.name}" if unit.team else unit.program.name
        values: list[int | float | None] = []
        for code in codes:
            item = unit.item(code)
            rating = item.rating if item is not None else None
            values.append(rating)
            if rating is not None and (lowest is None or rating < lowest[0]):
                lowest = (rating, labels[code], name)
        series.append(charts.Series(name, values))
    if lowest is None:
        summary = _("No item is rated.")
    else:
        summary = _("The lowest rating is %(rating)s of 5, for %(item)s at %(unit)s.") % {
            "rating": lowest[0],
            "item": lowest[1],
            "unit": lowest[2],
        }
    return charts.bar_chart(
        _("Ratings from 1 to 5, per item"),
        [labels[c] for c in codes],
        series,
        chart_id="fidelity-chart",
        x_header=_("Item"),
        summary=summary,
        top=5,
    )


@login_required
@require_GET
def fidelity(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_fidelity_reader(request.user)
    form = FidelityForm(request.GET, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    program, team, item = data.get("program"), data.get("team"), data.get("item") or ""
    organization = data.get("organization")
    team_id = team.pk if team is not None else None
    report = fidelity_report(
        user,
        program_id=program if item else None,
        organization_id=organization.pk if organization is not None else None,
        team_id=team_id if not item else None,
        weeks=data.get("weeks") or WINDOW_WEEKS[0],
    )
    chosen = drill_down(report, program, team_id, item)
    if chosen is not None:
        unit, found = chosen
        if unit.names_allowed:
            services.by_name_list_viewed(
                acting_user=user,
                query="",
                client_ids=[c.client_id for c in found.clients],
                section="fidelity",
            )
    kept = {k: request.GET[k] for k in ("weeks", "organization") if data.get(k)}
    context = {
        "form": form,
        "kept": urlencode(kept),
        "report": report,
        "chosen": chosen,
        "figure_label": figure_labels().get(chosen[1].code, "") if chosen else "",
        "chart": ratings_chart(report),
    }
    return render(request, "reports/fidelity.html", context)
