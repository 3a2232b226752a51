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
* acuity assessment overdue (none, or older than the instrument's interval);
* no plan yet for a client of an ICM, ACT or CTI program (due 30 days after
  the enrollment).

Apps above casework add theirs (``EXTRA_SOURCES``): a client in a shelter or
a hospital tonight, discharge tasks, appointments, housing follow-ups.

**What matters first**: each item has a severity (``Severity``: a crisis,
where the client sleeps tonight, contact against the standard, answers
others wait for, the plan and consent, reviews); the list is grouped by
client, the client with the most pressing item first. A worker may put an
item aside until a date with a reason (``WorkItemSnooze``): it leaves their
own list (not their team's) until then.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q
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
    ProgramStandard,
    WorkItemSnooze,
)
from parcours.casework.selectors import ContactStatus, contact_status, last_contact_subquery
from parcours.casework.services import program_standard
from parcours.clients.models import ConsentDirective, DataCategory, RevolvingDoorAlert
from parcours.core.client_file import client_file_url

# The case-management models where a client has a plan.
PLANNED_MODELS = frozenset({CaseModel.ICM, CaseModel.ACT, CaseModel.CTI})
PLAN_REVIEW_NOTICE_DAYS = 7
CTI_NOTICE_DAYS = 14
CONSENT_NOTICE_DAYS = 30
DEFAULT_REASSESS_DAYS = 180
# A case-managed client has a plan within this many days of the enrollment.
PLAN_DUE_DAYS = 30


class Kind:
    NO_CONTACT = "no_contact"
    PLAN_REVIEW = "plan_review"
    CTI_PHASE = "cti_phase"
    CTI_END = "cti_end"
    ICM_TRANSITION = "icm_transition"
    ACT_STEP_DOWN = "act_step_down"
    CONSENT = "consent_expiring"
    ASSESSMENT = "assessment_due"
    NO_PLAN = "no_plan"


class Severity:
    """What matters first (lower first): a crisis, then where the client
    sleeps tonight (a shelter, a hospital), then contact against the
    standard, answers others wait for, the plan and consent, and reviews."""

    CRISIS = 0
    TONIGHT = 10
    CONTACT = 20
    WAITING = 30
    PLAN = 40
    REVIEW = 50


# The severity of each kind of item; sources above casework add theirs (or
# give ``severity`` on the item). A kind not listed is a review.
SEVERITY: dict[str, int] = {
    "no_contact": Severity.CONTACT,
    "no_plan": Severity.PLAN,
    "consent_expiring": Severity.PLAN,
    "plan_review": Severity.REVIEW,
    "cti_phase": Severity.REVIEW,
    "cti_end": Severity.PLAN,
    "icm_transition": Severity.REVIEW,
    "act_step_down": Severity.REVIEW,
    "assessment_due": Severity.REVIEW,
}


@dataclass(frozen=True)
class WorkItem:
    kind: str
    client: Any
    enrollment: Enrollment
    label: str
    due: dt.date | None
    url: str
    action: str
    severity: int | None = None

    @property
    def late(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()

    @property
    def rank(self) -> int:
        if self.severity is not None:
            return self.severity
        return SEVERITY.get(self.kind, Severity.REVIEW)

    @property
    def urgent(self) -> bool:
        return self.rank <= Severity.TONIGHT


@dataclass
class ClientWork:
    """One client's items, most pressing first."""

    client: Any
    items: list[WorkItem]

    @property
    def rank(self) -> int:
        return self.items[0].rank

    @property
    def enrollment(self) -> Enrollment:
        return self.items[0].enrollment


def by_client(items: list[WorkItem], today: dt.date) -> list[ClientWork]:
    """The items grouped by client: the client with the most pressing item
    first (severity, then the oldest due date), each client's items in the
    same order."""
    groups: dict[Any, list[WorkItem]] = {}
    for work in sorted(items, key=lambda w: _order(w, today)):
        groups.setdefault(work.client.pk, []).append(work)
    return [ClientWork(client=group[0].client, items=group) for group in groups.values()]


def _order(work: WorkItem, today: dt.date) -> tuple[int, dt.date, str, str]:
    return (work.rank, work.due or today, work.client.family_name, work.label)


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


# Items that apps above casework add (appointments tomorrow, discharges due…):
# each source is called with the user, the open enrollments in scope and
# today, and returns its items. Registered in those apps' ``ready()``.
WorklistSource = Callable[[User, list[Enrollment], dt.date], list[WorkItem]]
EXTRA_SOURCES: list[WorklistSource] = []
# The filter label of each kind those sources add (a lazy translation).
KIND_LABELS: dict[str, Any] = {}


def register_source(source: WorklistSource, *, kinds: dict[str, tuple[Any, int]]) -> None:
    """Add a source of items once (``ready()`` may run more than once in
    tests), with the filter label and the severity of each kind it gives."""
    if source not in EXTRA_SOURCES:
        EXTRA_SOURCES.append(source)
    for kind, (label, severity) in kinds.items():
        KIND_LABELS[kind] = label
        SEVERITY[kind] = severity


@dataclass
class PutAside:
    item: WorkItem
    snooze: WorkItemSnooze


def split_put_aside(
    user: User, items: list[WorkItem], today: dt.date
) -> tuple[list[WorkItem], list[PutAside]]:
    """The items still to show, and those the user put aside until a later
    date (one query)."""
    snoozes = {
        (s.client_id, s.kind): s for s in WorkItemSnooze.objects.filter(user=user, until__gt=today)
    }
    shown: list[WorkItem] = []
    aside: list[PutAside] = []
    for work in items:
        snooze = snoozes.get((work.client.pk, work.kind))
        if snooze is None:
            shown.append(work)
        else:
            aside.append(PutAside(item=work, snooze=snooze))
    return shown, aside


def worklist(user: User, *, team: Team | None = None) -> list[WorkItem]:
    """The worklist of ``user`` (their clients) or of one of their teams."""
    org_id = user.organization_id
    if org_id is None:
        return []
    today = timezone.localdate()
    in_scope = _enrollments(user, team)
    # Every read below is about these clients: the access rules answer for
    # them once (``access.among``), not as a subquery in every query — the
    # first answer being which of them the user may see at all.
    with access.among({e.client_id for e in in_scope}):
        visible = access.visible_among(user)
        enrollments = [e for e in in_scope if e.client_id in visible]
        facts = _gather(user, org_id, enrollments, today)
        items: list[WorkItem] = []
        for e in facts.enrollments:
            standard = program_standard(e.program)
            status = contact_status(
                e, last_contact=getattr(e, "last_contact", None), today=today, standard=standard
            )
            for kind in _KINDS:
                items.extend(kind(e, standard, status, facts))
        for source in EXTRA_SOURCES:
            items.extend(source(user, list(facts.enrollments), today))
    return _sorted(items, today)


# --- What the items are made of ------------------------------------------------------


@dataclass
class _Facts:
    """Everything the items are decided from, read once for the whole list:
    only what the user's organization may see (the access policy's filters,
    lock-boxes included)."""

    today: dt.date
    org_id: uuid.UUID
    enrollments: list[Enrollment]
    plans: dict[Any, CasePlan] = field(default_factory=dict)
    latest_assessment: dict[Any, dt.date] = field(default_factory=dict)
    reassess_days: int = DEFAULT_REASSESS_DAYS
    setbacks: dict[Any, dt.date] = field(default_factory=dict)
    alerts: dict[Any, dt.datetime] = field(default_factory=dict)
    consents: dict[Any, dt.date] = field(default_factory=dict)


def _enrollments(user: User, team: Team | None) -> list[Enrollment]:
    """The enrollments in the worklist's scope (``worklist`` keeps those of
    clients the user may see)."""
    return list(
        _scope(user, team)
        .annotate(last_contact=last_contact_subquery())
        .select_related("client", "program", "program__standard", "primary_worker", "team")
        .order_by("client__family_name", "client__given_name")
    )


def _gather(user: User, org_id: uuid.UUID, enrollments: list[Enrollment], today: dt.date) -> _Facts:
    client_ids = {e.client_id for e in enrollments}
    facts = _Facts(today=today, org_id=org_id, enrollments=enrollments)
    if not client_ids:
        return facts
    facts.plans = _plans(user, client_ids)
    facts.latest_assessment = _latest_assessments(user, client_ids)
    facts.reassess_days = (
        AssessmentInstrument.objects.filter(is_active=True)
        .order_by("reassess_after_days")
        .values_list("reassess_after_days", flat=True)
        .first()
    ) or DEFAULT_REASSESS_DAYS
    since = today - dt.timedelta(days=365)
    facts.setbacks = _setbacks(user, client_ids, facts.plans, since)
    facts.alerts = dict(
        RevolvingDoorAlert.objects.filter(client_id__in=client_ids, created_at__date__gte=since)
        .filter(access.pathway_alerts_filter(user))
        .values_list("client_id")
        .annotate(last=Max("created_at"))
    )
    facts.consents = dict(
        ConsentDirective.objects.in_force(today)
        .filter(client_id__in=client_ids)
        .filter(access.directives_known_filter(user))
        .values_list("client_id")
        .annotate(last=Max("end_date"))
    )
    return facts


def _plans(user: User, client_ids: set[Any]) -> dict[Any, CasePlan]:
    """The clients' plans the organization may see: its own, and those of the
    clients who share their case plan with it — less lock-boxes."""
    return {
        p.client_id: p
        for p in CasePlan.objects.filter(client_id__in=client_ids)
        .filter(
            access.records_visible_filter(
                user, category=DataCategory.CASE_PLAN, model_label="casework.caseplan"
            )
        )
        .only("id", "client_id", "next_review_on", "organization_id")
    }


def _latest_assessments(user: User, client_ids: set[Any]) -> dict[Any, dt.date]:
    return dict(
        Assessment.objects.filter(client_id__in=client_ids)
        .filter(
            access.records_visible_filter(
                user, category=DataCategory.CASE_PLAN, model_label="casework.assessment"
            )
        )
        .values_list("client_id")
        .annotate(last=Max("assessed_on"))
    )


def _setbacks(
    user: User, client_ids: set[Any], plans: dict[Any, CasePlan], since: dt.date
) -> dict[Any, dt.date]:
    """The last setback review of each client's plan, on plans (and reviews)
    the organization may see."""
    return dict(
        GoalReview.objects.filter(
            goal__plan__client_id__in=client_ids,
            progress=GoalProgress.SETBACK,
            reviewed_on__gte=since,
        )
        .filter(
            access.records_visible_filter(
                user,
                category=DataCategory.CASE_PLAN,
                model_label="casework.goalreview",
                client_path="goal__plan__client_id",
            )
        )
        .filter(goal__plan_id__in=[plan.pk for plan in plans.values()])
        .values_list("goal__plan__client_id")
        .annotate(last=Max("reviewed_on"))
    )


# --- One function per kind of item ---------------------------------------------------


def _item(
    e: Enrollment, kind: str, label: str, due: dt.date | None, url: str, action: str
) -> WorkItem:
    return WorkItem(kind, e.client, e, label, due, url, action)


def _client_url(name: str, e: Enrollment) -> str:
    return reverse(name, kwargs={"client_id": e.client_id})


def _transfer_url(e: Enrollment) -> str:
    return reverse("casework:enrollment_transfer", kwargs={"enrollment_id": e.pk})


def _no_contact(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    if not status.overdue:
        return []
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
        timezone.localtime(status.last_contact).date() + dt.timedelta(days=status.allowed_days)
        if status.last_contact
        else e.start_date
    )
    url = _client_url("casework:encounter_new", e)
    return [_item(e, Kind.NO_CONTACT, label, due, url, _("Record an encounter"))]


def _plan_review(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    plan = facts.plans.get(e.client_id)
    if plan is None or plan.next_review_on is None:
        return []
    if plan.next_review_on > facts.today + dt.timedelta(days=PLAN_REVIEW_NOTICE_DAYS):
        return []
    label = _("Plan review due on %(date)s.") % {"date": plan.next_review_on.isoformat()}
    url = _client_url("casework:plan", e)
    return [_item(e, Kind.PLAN_REVIEW, label, plan.next_review_on, url, _("Review the plan"))]


def _cti(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    if standard.model != CaseModel.CTI:
        return []
    phase = e.cti_phase(facts.today, standard.cti_phase_months)
    boundary = add_months(e.start_date, phase * standard.cti_phase_months)
    if boundary > facts.today + dt.timedelta(days=CTI_NOTICE_DAYS):
        return []
    if phase < 3:
        label = _("CTI phase %(next)s starts on %(date)s: contact every %(days)s days.") % {
            "next": phase + 1,
            "date": boundary.isoformat(),
            "days": standard.contact_days(phase + 1),
        }
        url = _client_url("casework:plan", e)
        return [_item(e, Kind.CTI_PHASE, label, boundary, url, _("Update the plan"))]
    label = _("CTI ends on %(date)s: complete the transfer of care.") % {
        "date": boundary.isoformat()
    }
    return [_item(e, Kind.CTI_END, label, boundary, _transfer_url(e), _("Transfer the client"))]


def _icm_transition(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    enrolled = e.months_enrolled(facts.today)
    if not (
        standard.model == CaseModel.ICM
        and standard.transition_review_months
        and enrolled >= standard.transition_review_months
    ):
        return []
    label = ngettext(
        "In ICM for %(months)s month: plan the transition to regular services.",
        "In ICM for %(months)s months: plan the transition to regular services.",
        enrolled,
    ) % {"months": enrolled}
    due = add_months(e.start_date, standard.transition_review_months)
    return [_item(e, Kind.ICM_TRANSITION, label, due, _transfer_url(e), _("Plan the transition"))]


def _act_step_down(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    if standard.model != CaseModel.ACT or not standard.step_down_stable_months:
        return []
    months = standard.step_down_stable_months
    window = add_months(facts.today, -months)
    setback = facts.setbacks.get(e.client_id)
    alert = facts.alerts.get(e.client_id)
    stable = (setback is None or setback < window) and (
        alert is None or timezone.localtime(alert).date() < window
    )
    if e.months_enrolled(facts.today) < months or not stable:
        return []
    label = ngettext(
        "Stable in ACT for at least %(months)s month: review a step-down.",
        "Stable in ACT for at least %(months)s months: review a step-down.",
        months,
    ) % {"months": months}
    due = add_months(e.start_date, months)
    return [_item(e, Kind.ACT_STEP_DOWN, label, due, _transfer_url(e), _("Review a step-down"))]


def _consent(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    ends = facts.consents.get(e.client_id)
    if ends is None or ends > facts.today + dt.timedelta(days=CONSENT_NOTICE_DAYS):
        return []
    registered_here = e.client.registered_by_organization_id == facts.org_id
    url = (
        _client_url("clients:consent_new", e)
        if registered_here
        else client_file_url(e.client_id, "consents")
    )
    label = _("Consent ends on %(date)s.") % {"date": ends.isoformat()}
    return [_item(e, Kind.CONSENT, label, ends, url, _("Renew the consent with the client"))]


def _assessment(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    last = facts.latest_assessment.get(e.client_id)
    interval = facts.reassess_days
    if last is not None and last >= facts.today - dt.timedelta(days=interval):
        return []
    label = (
        _("No acuity assessment yet.")
        if last is None
        else _("Last acuity assessment on %(date)s.") % {"date": last.isoformat()}
    )
    due = (last + dt.timedelta(days=interval)) if last else e.start_date
    url = _client_url("casework:assessment_new", e)
    return [_item(e, Kind.ASSESSMENT, label, due, url, _("Assess"))]


def _no_plan(
    e: Enrollment, standard: ProgramStandard, status: ContactStatus, facts: _Facts
) -> list[WorkItem]:
    if standard.model not in PLANNED_MODELS or e.client_id in facts.plans:
        return []
    due = e.start_date + dt.timedelta(days=PLAN_DUE_DAYS)
    label = _("No plan yet: write it with the client.")
    url = _client_url("casework:plan", e)
    return [_item(e, Kind.NO_PLAN, label, due, url, _("Write the plan"))]


_KINDS: list[Callable[[Enrollment, ProgramStandard, ContactStatus, _Facts], list[WorkItem]]] = [
    _no_contact,
    _no_plan,
    _plan_review,
    _cti,
    _icm_transition,
    _act_step_down,
    _consent,
    _assessment,
]


def _sorted(items: list[WorkItem], today: dt.date) -> list[WorkItem]:
    """Most pressing first (severity, then the oldest due date); several
    enrollments of one client (ICM and CTI) would repeat client items: each
    is kept once."""
    unique: dict[tuple[str, Any, str], WorkItem] = {}
    for work in items:
        unique.setdefault((work.kind, work.client.pk, work.label), work)
    return sorted(unique.values(), key=lambda w: _order(w, today))
