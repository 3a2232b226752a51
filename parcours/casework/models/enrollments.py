"""Program standards, enrollments and waitlists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import ProgramKind
from parcours.core.models import BaseModel


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
