"""The worklist: what needs doing for a worker's (or a team's) clients, each
item linking to where it is resolved. Items come and go with their
condition: there is nothing to tick off.

* no contact for longer than the program's standard (CTI: the phase's cadence);
* plan review due (within 7 days, or late);
* CTI phase change due (within 14 days), CTI ending (plan the transfer of care);
* ICM client at the transition-planning month (12 by default);
* ACT client enrolled for the step-down months (6 by default) with no setback
  review and no revolving-door alert in that time: step-down review;
* consent expiring within 30 days (and no directive in force beyond);
* acuity assessment overdue (none, or older than the instrument's interval).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours import access
from parcours.accounts.models import Team, TeamMembership, User
from parcours.casework.models import (
    Assessment,
    AssessmentInstrument,
    CaseModel,
    CasePlan,
    Enrollment,
    GoalProgress,
    GoalReview,
)
from parcours.casework.selectors import contact_status, last_contact_subquery
from parcours.casework.services import program_standard
from parcours.clients.models import ConsentDirective, DataCategory, RevolvingDoorAlert

PLAN_REVIEW_NOTICE_DAYS = 7
CTI_NOTICE_DAYS = 14
CONSENT_NOTICE_DAYS = 30
DEFAULT_REASSESS_DAYS = 180


class Kind:
    NO_CONTACT = "no_contact"
    PLAN_REVIEW = "plan_review"
    CTI_PHASE = "cti_phase"
    CTI_END = "cti_end"
    ICM_TRANSITION = "icm_transition"
    ACT_STEP_DOWN = "act_step_down"
    CONSENT = "consent_expiring"
    ASSESSMENT = "assessment_due"


@dataclass(frozen=True)
class WorkItem:
    kind: str
    client: Any
    enrollment: Enrollment
    label: str
    due: dt.date | None
    url: str
    action: str

    @property
    def late(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _scope(user: User, team: Team | None) -> Any:
    open_ = Enrollment.objects.filter(end_date__isnull=True, organization=user.organization)
    if team is None:
        my_teams = TeamMembership.objects.filter(user=user).values("team_id")
        return open_.filter(Q(primary_worker=user) | Q(team_id__in=my_teams, primary_worker=None))
    members = TeamMembership.objects.filter(team=team).values("user_id")
    return open_.filter(program_id=team.program_id).filter(
        Q(team=team) | Q(primary_worker_id__in=members)
    )


def worklist(user: Any, *, team: Team | None = None) -> list[WorkItem]:
    """The worklist of ``user`` (their clients) or of one of their teams."""
    if getattr(user, "organization_id", None) is None:
        return []
    today = timezone.localdate()
    visible = access.clients_visible_to(user)
    enrollments = list(
        _scope(user, team)
        .annotate(
            last_contact=last_contact_subquery(),
            client_visible=Exists(visible.filter(pk=OuterRef("client_id"))),
        )
        .filter(client_visible=True)
        .select_related("client", "program", "program__standard", "primary_worker", "team")
        .order_by("client__family_name", "client__given_name")
    )
    client_ids = {e.client_id for e in enrollments}
    org_id = user.organization_id
    # What the organization may see of the case plan: its own records, and
    # those of the clients who share their case plan with it — less lock-boxes
    # (the access policy's one rule, set-based).
    sharing = access.clients_sharing(user, DataCategory.CASE_PLAN).values("pk")
    plans = {
        p.client_id: p
        for p in CasePlan.objects.filter(client_id__in=client_ids)
        .filter(
            access.records_visible_filter(
                user, category=DataCategory.CASE_PLAN, model_label="casework.caseplan"
            )
        )
        .only("id", "client_id", "next_review_on", "organization_id")
    }
    latest = dict(
        Assessment.objects.filter(client_id__in=client_ids)
        .filter(
            access.records_visible_filter(
                user, category=DataCategory.CASE_PLAN, model_label="casework.assessment"
            )
        )
        .values_list("client_id")
        .annotate(last=Max("assessed_on"))
    )
    interval = (
        AssessmentInstrument.objects.filter(is_active=True)
        .order_by("reassess_after_days")
        .values_list("reassess_after_days", flat=True)
        .first()
    ) or DEFAULT_REASSESS_DAYS
    since = today - dt.timedelta(days=365)
    setbacks = dict(
        GoalReview.objects.filter(
            goal__plan__client_id__in=client_ids,
            progress=GoalProgress.SETBACK,
            reviewed_on__gte=since,
        )
        .filter(Q(organization_id=org_id) | Q(goal__plan__client_id__in=sharing))
        .filter(goal__plan_id__in=[plan.pk for plan in plans.values()])
        .values_list("goal__plan__client_id")
        .annotate(last=Max("reviewed_on"))
    )
    alerts = dict(
        RevolvingDoorAlert.objects.filter(client_id__in=client_ids, created_at__date__gte=since)
        .filter(
            Q(pathway_stage__organization_id=org_id)
            | Q(client__registered_by_organization_id=org_id)
            | Q(client_id__in=sharing)
        )
        .values_list("client_id")
        .annotate(last=Max("created_at"))
    )
    consents: dict[Any, dt.date] = dict(
        ConsentDirective.objects.in_force(today)
        .filter(client_id__in=client_ids)
        .filter(
            Q(all_partners=True) | Q(organizations=org_id) | Q(recorded_by_organization_id=org_id)
        )
        .values_list("client_id")
        .annotate(last=Max("end_date"))
    )
    items: list[WorkItem] = []
    for e in enrollments:
        client = e.client
        standard = program_standard(e.program)
        status = contact_status(e, last_contact=e.last_contact, today=today, standard=standard)
        enrolled = e.months_enrolled(today)

        def item(kind: str, label: str, due: dt.date | None, url: str, action: str) -> None:
            items.append(WorkItem(kind, client, e, label, due, url, action))  # noqa: B023

        if status.overdue:
            label = (
                _("No contact yet since the enrollment.")
                if status.days_since is None
                else ngettext(
                    "No contact for %(days)s day (standard: every %(allowed)s).",
                    "No contact for %(days)s days (standard: every %(allowed)s).",
                    status.days_since,
                )
                % {"days": status.days_since, "allowed": status.allowed_days}
            )
            due = (
                timezone.localtime(status.last_contact).date()
                + dt.timedelta(days=status.allowed_days)
                if status.last_contact
                else e.start_date
            )
            item(
                Kind.NO_CONTACT,
                label,
                due,
                reverse("casework:encounter_new", kwargs={"client_id": client.pk}),
                _("Record an encounter"),
            )
        plan = plans.get(client.pk)
        if (
            plan is not None
            and plan.next_review_on is not None
            and plan.next_review_on <= today + dt.timedelta(days=PLAN_REVIEW_NOTICE_DAYS)
        ):
            item(
                Kind.PLAN_REVIEW,
                _("Plan review due on %(date)s.") % {"date": plan.next_review_on.isoformat()},
                plan.next_review_on,
                reverse("casework:plan", kwargs={"client_id": client.pk}),
                _("Review the plan"),
            )
        if standard.model == CaseModel.CTI:
            phase = e.cti_phase(today, standard.cti_phase_months)
            boundary = add_months(e.start_date, phase * standard.cti_phase_months)
            if boundary <= today + dt.timedelta(days=CTI_NOTICE_DAYS):
                if phase < 3:
                    item(
                        Kind.CTI_PHASE,
                        _("CTI phase %(next)s starts on %(date)s: contact every %(days)s days.")
                        % {
                            "next": phase + 1,
                            "date": boundary.isoformat(),
                            "days": standard.contact_days(phase + 1),
                        },
                        boundary,
                        reverse("casework:plan", kwargs={"client_id": client.pk}),
                        _("Update the plan"),
                    )
                else:
                    item(
                        Kind.CTI_END,
                        _("CTI ends on %(date)s: complete the transfer of care.")
                        % {"date": boundary.isoformat()},
                        boundary,
                        reverse("casework:enrollment_transfer", kwargs={"enrollment_id": e.pk}),
                        _("Transfer the client"),
                    )
        if (
            standard.model == CaseModel.ICM
            and standard.transition_review_months
            and enrolled >= standard.transition_review_months
        ):
            item(
                Kind.ICM_TRANSITION,
                ngettext(
                    "In ICM for %(months)s month: plan the transition to regular services.",
                    "In ICM for %(months)s months: plan the transition to regular services.",
                    enrolled,
                )
                % {"months": enrolled},
                add_months(e.start_date, standard.transition_review_months),
                reverse("casework:enrollment_transfer", kwargs={"enrollment_id": e.pk}),
                _("Plan the transition"),
            )
        if standard.model == CaseModel.ACT and standard.step_down_stable_months:
            months = standard.step_down_stable_months
            window = add_months(today, -months)
            setback = setbacks.get(client.pk)
            alert = alerts.get(client.pk)
            stable = (setback is None or setback < window) and (
                alert is None or timezone.localtime(alert).date() < window
            )
            if enrolled >= months and stable:
                item(
                    Kind.ACT_STEP_DOWN,
                    ngettext(
                        "Stable in ACT for at least %(months)s month: review a step-down.",
                        "Stable in ACT for at least %(months)s months: review a step-down.",
                        months,
                    )
                    % {"months": months},
                    add_months(e.start_date, months),
                    reverse("casework:enrollment_transfer", kwargs={"enrollment_id": e.pk}),
                    _("Review a step-down"),
                )
        ends = consents.get(client.pk)
        if ends is not None and ends <= today + dt.timedelta(days=CONSENT_NOTICE_DAYS):
            registered_here = client.registered_by_organization_id == org_id
            item(
                Kind.CONSENT,
                _("Consent ends on %(date)s.") % {"date": ends.isoformat()},
                ends,
                reverse("clients:consent_new", kwargs={"client_id": client.pk})
                if registered_here
                else reverse("clients:detail", kwargs={"client_id": client.pk}) + "#consents",
                _("Renew the consent with the client"),
            )
        last = latest.get(client.pk)
        if last is None or last < today - dt.timedelta(days=interval):
            item(
                Kind.ASSESSMENT,
                _("No acuity assessment yet.")
                if last is None
                else _("Last acuity assessment on %(date)s.") % {"date": last.isoformat()},
                (last + dt.timedelta(days=interval)) if last else e.start_date,
                reverse("casework:assessment_new", kwargs={"client_id": client.pk}),
                _("Assess"),
            )
    # Several enrollments of one client (ICM and CTI) would repeat client items.
    unique: dict[tuple[str, Any, str], WorkItem] = {}
    for work in items:
        unique.setdefault((work.kind, work.client.pk, work.label), work)
    return sorted(unique.values(), key=lambda w: (w.due or today, w.client.family_name))
