"""Models of the casework app: the standards a program follows (its case
management model), enrollments of clients in programs with their primary
worker or team, and the waitlist of a full program."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from parcours.accounts.models import ProgramKind
from parcours.core.models import BaseModel, BilingualName
from parcours.core.text import in_language


class CaseModel(models.TextChoices):
    ICM = "icm", _("Intensive case management (ICM)")
    ACT = "act", _("Assertive community treatment (ACT)")
    CTI = "cti", _("Critical time intervention (CTI)")
    CRISIS = "crisis", _("Short-term crisis case management")
    BASIC = "basic", _("Hub or shelter services")


def standard_defaults(program_kind: str) -> dict[str, Any]:
    """The model's published standards, the defaults of a program's settings."""
    if program_kind == ProgramKind.ICM:
        return {
            "model": CaseModel.ICM,
            "clients_per_staff": 20,
            "team_based": False,
            "coverage": "7 jours sur 7, 12 h par jour / 7 days a week, 12 hours a day",
            "expected_duration_months": 16,
            "transition_review_months": 12,
            "step_down_stable_months": None,
            "contact_frequency_days": 7,
            "plan_review_days": 90,
        }
    if program_kind == ProgramKind.ACT:
        return {
            "model": CaseModel.ACT,
            "clients_per_staff": 10,
            "team_based": True,
            "coverage": "24 h sur 24, 7 jours sur 7 / 24 hours a day, 7 days a week",
            "expected_duration_months": None,
            "transition_review_months": None,
            "step_down_stable_months": 6,
            "contact_frequency_days": 3,
            "plan_review_days": 90,
        }
    if program_kind == ProgramKind.CTI:
        return {
            "model": CaseModel.CTI,
            "clients_per_staff": 20,
            "team_based": False,
            "coverage": "Heures de bureau et sur appel / Office hours and on call",
            "expected_duration_months": 9,
            "transition_review_months": None,
            "step_down_stable_months": None,
            "contact_frequency_days": 7,
            "plan_review_days": 90,
        }
    return {
        "model": CaseModel.BASIC,
        "clients_per_staff": None,
        "team_based": False,
        "coverage": "",
        "expected_duration_months": None,
        "transition_review_months": None,
        "step_down_stable_months": None,
        "contact_frequency_days": 30,
        "plan_review_days": 180,
    }


class ProgramStandard(BaseModel):
    """The standards a program follows, editable per program. Created with
    the defaults of the program's kind when first needed."""

    program = models.OneToOneField(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="standard",
    )
    model = models.CharField(_("case management model"), max_length=10, choices=CaseModel.choices)
    clients_per_staff = models.PositiveSmallIntegerField(
        _("clients per staff member"),
        null=True,
        blank=True,
        help_text=_(
            "The staff:client ratio: clients per case manager (individual models) "
            "or per team staff member (team-based models). Empty: no limit."
        ),
    )
    team_based = models.BooleanField(
        _("team-based caseload"),
        default=False,
        help_text=_("The team shares one caseload (ACT) instead of one case manager per client."),
    )
    coverage = models.CharField(_("coverage"), max_length=200, blank=True)
    expected_duration_months = models.PositiveSmallIntegerField(
        _("expected duration (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: unlimited."),
    )
    transition_review_months = models.PositiveSmallIntegerField(
        _("transition planning after (months)"),
        null=True,
        blank=True,
        help_text=_("When to start planning the move to regular services (ICM: 12 months)."),
    )
    step_down_stable_months = models.PositiveSmallIntegerField(
        _("step-down review after stable (months)"),
        null=True,
        blank=True,
        help_text=_("Review a stable client for a lower intensity of service (ACT)."),
    )
    cti_phase_months = models.PositiveSmallIntegerField(
        _("length of a CTI phase (months)"), default=3
    )
    cti_phase1_contact_days = models.PositiveSmallIntegerField(
        _("CTI phase 1 contact every (days)"), default=7
    )
    cti_phase2_contact_days = models.PositiveSmallIntegerField(
        _("CTI phase 2 contact every (days)"), default=14
    )
    cti_phase3_contact_days = models.PositiveSmallIntegerField(
        _("CTI phase 3 contact every (days)"), default=30
    )
    contact_frequency_days = models.PositiveSmallIntegerField(
        _("days without contact before follow-up"),
        default=7,
        help_text=_("After this many days without an encounter, the client is on the worklist."),
    )
    plan_review_days = models.PositiveSmallIntegerField(_("plan review every (days)"), default=90)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("program standard")
        verbose_name_plural = _("program standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(clients_per_staff__isnull=True) | Q(clients_per_staff__gte=1),
                name="standard_ratio_positive",
            ),
            models.CheckConstraint(
                condition=Q(contact_frequency_days__gte=1) & Q(plan_review_days__gte=1),
                name="standard_intervals_positive",
            ),
            models.CheckConstraint(
                condition=Q(cti_phase_months__gte=1), name="standard_cti_phase_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.program)

    def contact_days(self, phase: int | None) -> int:
        """Days allowed between contacts: the CTI cadence of the phase, else the standard."""
        if self.model == CaseModel.CTI and phase:
            return {
                1: self.cti_phase1_contact_days,
                2: self.cti_phase2_contact_days,
                3: self.cti_phase3_contact_days,
            }.get(phase, self.cti_phase3_contact_days)
        return self.contact_frequency_days


class EnrollmentEndReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    STEPPED_DOWN = "stepped_down", _("Stepped down to a lower intensity")
    TRANSFERRED = "transferred", _("Transferred to another program")
    CTI_COMPLETED = "cti_completed", _("CTI completed (care transferred)")
    DISENGAGED = "disengaged", _("Client disengaged or declined")
    MOVED = "moved", _("Moved away")
    INSTITUTION = "institution", _("Long stay in an institution")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other reason")


class Enrollment(BaseModel):
    """A client's enrollment in a program, with their primary worker
    (individual models) or their team (team-based models). One open
    enrollment per client per program."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    # The program's organization, kept here so the access policy's record
    # filter (``organization_id``) applies to enrollments as to other records.
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EnrollmentEndReason.choices, blank=True
    )
    end_note = models.CharField(_("step-down or closing note"), max_length=500, blank=True)
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    primary_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("primary worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caseload",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    previous_enrollment = models.ForeignKey(
        "self",
        verbose_name=_("transferred from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_enrollments",
    )
    capacity_override_reason = models.CharField(
        _("reason for exceeding capacity"), max_length=500, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        indexes = [
            models.Index(fields=["program", "end_date"]),
            models.Index(fields=["primary_worker", "end_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                "client",
                "program",
                condition=Q(end_date__isnull=True),
                name="one_open_enrollment_per_client_per_program",
                violation_error_message=_("This client is already enrolled in this program."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="enrollment_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="closed_enrollment_has_a_reason",
                violation_error_message=_("A closed enrollment needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} — {self.program}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    def months_enrolled(self, on: dt.date) -> int:
        end = self.end_date or on
        months = (end.year - self.start_date.year) * 12 + end.month - self.start_date.month
        if end.day < self.start_date.day:
            months -= 1
        return max(months, 0)

    def cti_phase(self, on: dt.date, phase_months: int = 3) -> int:
        """The CTI phase (1 transition, 2 try-out, 3 transfer of care), from the start date."""
        return min(self.months_enrolled(on) // max(phase_months, 1) + 1, 3)


class CtiPhase(models.IntegerChoices):
    TRANSITION = 1, _("Phase 1 — transition to the community")
    TRY_OUT = 2, _("Phase 2 — try-out")
    TRANSFER = 3, _("Phase 3 — transfer of care")


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ENROLLED = "enrolled", _("Offered a spot and enrolled")
    REMOVED = "removed", _("Removed from the waitlist")


class WaitlistEntry(BaseModel):
    """A client waiting for a spot in a full program. Waiting entries of a
    program are numbered 1, 2, 3 … without gaps."""

    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="waitlist",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="waitlist_entries",
    )
    position = models.PositiveIntegerField(_("position"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    added_on = models.DateField(_("added on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("left the waitlist"), null=True, blank=True)
    closed_reason = models.CharField(_("reason"), max_length=300, blank=True)
    enrollment = models.OneToOneField(
        Enrollment,
        verbose_name=_("enrollment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="waitlist_entry",
    )

    class Meta:
        ordering = ["program", "position", "created_at"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        constraints = [
            models.UniqueConstraint(
                "program",
                "position",
                condition=Q(status="waiting"),
                name="one_waitlist_position_per_program",
            ),
            models.UniqueConstraint(
                "program",
                "client",
                condition=Q(status="waiting"),
                name="client_waits_once_per_program",
                violation_error_message=_("This client is already on this program's waitlist."),
            ),
            models.CheckConstraint(
                condition=(Q(status="waiting") & Q(position__gte=1))
                | (~Q(status="waiting") & Q(position__isnull=True)),
                name="waiting_entries_have_a_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} #{self.position}: {self.client}"


# --- The client-centred plan -------------------------------------------------


class SupportType(models.TextChoices):
    HOUSING = "housing", _("Housing supports")
    CLINICAL = "clinical", _("Clinical supports")
    COMPLEMENTARY = "complementary", _("Complementary supports")


class SubDomain(models.TextChoices):
    HOUSING_SEARCH = "housing_search", _("Housing search")
    MOVE_IN = "move_in", _("Moving in and settling")
    HOUSING_RETENTION = "housing_retention", _("Keeping housing")
    RENT_SUBSIDY = "rent_subsidy", _("Rent and utility subsidies")
    LANDLORD = "landlord", _("Landlord relations and mediation")
    SOCIAL_HOUSING = "social_housing", _("Social housing and rent supplement applications")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    ADDICTION = "addiction", _("Addiction and substance use")
    PRIMARY_CARE = "primary_care", _("Primary care")
    INCOME = "income", _("Income")
    EMPLOYMENT = "employment", _("Employment")
    LIFE_SKILLS = "life_skills", _("Life skills (budget, meals …)")
    LEARNING = "learning", _("Learning")
    VOLUNTEERING = "volunteering", _("Volunteering and reducing isolation")
    LEGAL = "legal", _("Legal help")
    IDENTIFICATION = "identification", _("Identification documents")


SUBDOMAIN_SUPPORT: dict[str, str] = {
    SubDomain.HOUSING_SEARCH: SupportType.HOUSING,
    SubDomain.MOVE_IN: SupportType.HOUSING,
    SubDomain.HOUSING_RETENTION: SupportType.HOUSING,
    SubDomain.RENT_SUBSIDY: SupportType.HOUSING,
    SubDomain.LANDLORD: SupportType.HOUSING,
    SubDomain.SOCIAL_HOUSING: SupportType.HOUSING,
    SubDomain.MENTAL_HEALTH: SupportType.CLINICAL,
    SubDomain.ADDICTION: SupportType.CLINICAL,
    SubDomain.PRIMARY_CARE: SupportType.CLINICAL,
    SubDomain.INCOME: SupportType.COMPLEMENTARY,
    SubDomain.EMPLOYMENT: SupportType.COMPLEMENTARY,
    SubDomain.LIFE_SKILLS: SupportType.COMPLEMENTARY,
    SubDomain.LEARNING: SupportType.COMPLEMENTARY,
    SubDomain.VOLUNTEERING: SupportType.COMPLEMENTARY,
    SubDomain.LEGAL: SupportType.COMPLEMENTARY,
    SubDomain.IDENTIFICATION: SupportType.COMPLEMENTARY,
}


class ResponsibleParty(models.TextChoices):
    CLIENT = "client", _("The client")
    WORKER = "worker", _("The worker")
    PARTNER = "partner", _("A partner organization")


class PlanGoalStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    ACHIEVED = "achieved", _("Achieved")
    STOPPED = "stopped", _("No longer wanted")


class GoalProgress(models.TextChoices):
    NONE = "none", _("No progress yet")
    SOME = "some", _("Some progress")
    GOOD = "good", _("Good progress")
    ACHIEVED = "achieved", _("Achieved")
    SETBACK = "setback", _("Setback")


class CasePlan(BaseModel):
    """The client's plan: one per client, shared by the partners the client
    shares the case plan with. It belongs to the client, not to a program,
    so it carries over when the client moves from one program to another."""

    client = models.OneToOneField(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="plan"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    in_own_words = models.TextField(_("what the client wants, in their own words"), blank=True)
    strengths = models.TextField(_("strengths and supports"), blank=True)
    context = models.TextField(
        _("context"),
        blank=True,
        help_text=_(
            "What shapes the support: age, capacity, culture, gender, history …, "
            "as the client wishes it recorded."
        ),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(verbose_name=_("historical plan"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(self.client)


class Goal(BaseModel):
    """A goal the client set, in their own words, with its support type and
    sub-domain, who is responsible and the target date."""

    plan = models.ForeignKey(
        CasePlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="goals"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded by (organization)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    statement = models.TextField(_("the goal, in the client's words"))
    support_type = models.CharField(
        _("type of support"), max_length=20, choices=SupportType.choices
    )
    sub_domain = models.CharField(_("area"), max_length=30, choices=SubDomain.choices)
    responsible = models.CharField(
        _("who is responsible"), max_length=10, choices=ResponsibleParty.choices
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("responsible partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanGoalStatus.choices, default=PlanGoalStatus.ACTIVE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(verbose_name=_("historical goal"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(condition=~Q(statement=""), name="goal_has_a_statement"),
            models.CheckConstraint(
                condition=~Q(responsible="partner") | Q(responsible_organization__isnull=False),
                name="partner_goal_names_the_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class GoalStep(BaseModel):
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="steps"
    )
    description = models.CharField(_("step"), max_length=300)
    responsible = models.CharField(
        _("who is responsible"), max_length=10, choices=ResponsibleParty.choices
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historical goal step"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.description


class GoalReview(BaseModel):
    """A progress review of a goal, with the client."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="reviews"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField(_("date"))
    progress = models.CharField(_("progress"), max_length=10, choices=GoalProgress.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]
        verbose_name = _("progress review")
        verbose_name_plural = _("progress reviews")

    def __str__(self) -> str:
        return f"{self.goal} {self.reviewed_on}"


# --- Encounters and notes ------------------------------------------------------


class EncounterKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    OFFICE = "office", _("Office visit")
    OUTREACH = "outreach", _("Outreach or in the community")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment to an appointment")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    TEAM_MEETING = "team_meeting", _("Team meeting with the client")


class Encounter(BaseModel):
    """A contact with the client: when, how, how long, who was there, where,
    what it was about (support type, goals) and a short general note."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="encounters",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind of contact"), max_length=20, choices=EncounterKind.choices)
    occurred_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff present"), related_name="+"
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    support_type = models.CharField(
        _("type of support"), max_length=20, choices=SupportType.choices, blank=True
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals worked on"), blank=True, related_name="encounters"
    )
    summary = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        indexes = [
            models.Index(fields=["client", "occurred_at"]),
            models.Index(fields=["organization", "occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=1440),
                name="encounter_duration_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.occurred_at:%Y-%m-%d}"


class NoteKind(models.TextChoices):
    GENERAL = "general", _("General note")
    CLINICAL = "clinical", _("Clinical note")


NOTE_EDIT_HOURS = 24


class CaseNote(BaseModel):
    """A progress note. General notes are case-plan records; clinical notes
    are clinical records, seen by clinical disciplines only. A note can be
    corrected by its author for 24 hours; after that it is a record that can
    only be amended (an addendum)."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="case_notes",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    encounter = models.ForeignKey(
        Encounter,
        verbose_name=_("encounter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
    )
    kind = models.CharField(_("kind of note"), max_length=10, choices=NoteKind.choices)
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Kept within your organization, whatever the client shares with partners."),
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(verbose_name=_("historical note"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [models.Index(fields=["client", "kind", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="note_has_text"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def is_editable(self, now: dt.datetime) -> bool:
        return now - self.created_at < dt.timedelta(hours=NOTE_EDIT_HOURS)


class NoteAddendum(BaseModel):
    """An amendment to a note older than 24 hours: the note stays as written."""

    note = models.ForeignKey(
        CaseNote, verbose_name=_("note"), on_delete=models.PROTECT, related_name="addenda"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("addendum"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="addendum_has_text"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- Acuity assessment ------------------------------------------------------------


class ServiceLevel(models.TextChoices):
    ACT = "act", _("Assertive community treatment (ACT)")
    ICM = "icm", _("Intensive case management (ICM)")
    BRIEF = "brief", _("Brief support or regular services")


class AssessmentInstrument(BaseModel):
    """An acuity instrument stored as data: domains, questions, answers with
    their scores, and the bands that turn a total into a recommendation."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    reassess_after_days = models.PositiveSmallIntegerField(_("reassess after (days)"), default=180)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)


class InstrumentDomain(BilingualName):
    instrument = models.ForeignKey(
        AssessmentInstrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    code = models.SlugField(_("code"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["instrument", "sort_order", "code"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint("instrument", "code", name="domain_code_unique_in_instrument"),
        ]


class InstrumentQuestion(models.Model):
    domain = models.ForeignKey(
        InstrumentDomain,
        verbose_name=_("domain"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.SlugField(_("code"), max_length=60)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_fr = models.CharField(_("question (French)"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["domain__sort_order", "sort_order", "code"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint("domain", "code", name="question_code_unique_in_domain"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_fr, self.text_en)


class InstrumentAnswer(models.Model):
    question = models.ForeignKey(
        InstrumentQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    code = models.SlugField(_("code"), max_length=60)
    text_en = models.CharField(_("answer (English)"), max_length=300)
    text_fr = models.CharField(_("answer (French)"), max_length=300)
    score = models.PositiveSmallIntegerField(_("score"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["question", "sort_order", "score"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint("question", "code", name="answer_code_unique_in_question"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_fr, self.text_en)


class InstrumentBand(models.Model):
    """A range of total scores and the service level it recommends."""

    instrument = models.ForeignKey(
        AssessmentInstrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="bands",
    )
    min_score = models.PositiveSmallIntegerField(_("from score"))
    max_score = models.PositiveSmallIntegerField(_("to score"))
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=ServiceLevel.choices
    )
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    explanation_en = models.TextField(_("explanation (English)"))
    explanation_fr = models.TextField(_("explanation (French)"))

    class Meta:
        ordering = ["instrument", "min_score"]
        verbose_name = _("band")
        verbose_name_plural = _("bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=models.F("min_score")), name="band_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def explanation(self) -> str:
        return in_language(self.explanation_fr, self.explanation_en)


class Assessment(BaseModel):
    """One acuity assessment of a client: the answers, the subtotal of each
    domain, the total, the band's recommendation with its explanation, and
    the level the worker chose (with a reason when it differs)."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument = models.ForeignKey(
        AssessmentInstrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    total_score = models.PositiveSmallIntegerField(_("total score"))
    max_score = models.PositiveSmallIntegerField(_("highest possible score"))
    domain_scores = models.JSONField(_("scores by domain"), default=dict)
    band = models.ForeignKey(
        InstrumentBand,
        verbose_name=_("band"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=ServiceLevel.choices
    )
    chosen_level = models.CharField(_("level chosen"), max_length=10, choices=ServiceLevel.choices)
    override_reason = models.TextField(_("reason for another level"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("acuity assessment")
        verbose_name_plural = _("acuity assessments")
        indexes = [models.Index(fields=["client", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(chosen_level=models.F("recommendation")) | ~Q(override_reason=""),
                name="another_level_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(total_score__lte=models.F("max_score")), name="score_within_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.assessed_on}"


class AssessmentResponse(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(
        InstrumentQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.ForeignKey(
        InstrumentAnswer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint("assessment", "question", name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answer_id}"
