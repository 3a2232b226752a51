"""Reports keep two things of their own: the monthly figures a coordinator
published (a published month is never rewritten; a later correction of the
data is booked in the first month after it, see ``parcours.reports.flow``),
and the community's prioritization rules of the by-name list
(``parcours.reports.priority``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel
from parcours.core.text import in_language


class Population(models.TextChoices):
    """The sub-populations every figure is given for."""

    ALL = "all", _("All persons")
    CHRONIC = "chronic", _("Chronically homeless")
    INDIGENOUS = "indigenous", _("Indigenous")
    YOUTH = "youth", _("Youth (16–24)")
    FAMILY = "family", _("Families with children")


class PublishedMonth(BaseModel):
    """The figures of one closed month for one sub-population, as published."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    population = models.CharField(_("sub-population"), max_length=20, choices=Population.choices)
    figures = models.JSONField(_("figures"), default=dict)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-month", "population"]
        verbose_name = _("published month")
        verbose_name_plural = _("published months")
        constraints = [
            models.UniqueConstraint(
                "month", "population", name="reports_one_publication_per_month_and_population"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="reports_published_month_is_first_day"
            ),
            models.CheckConstraint(
                condition=Q(population__in=Population.values),
                name="reports_published_month_population_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.population}"


class PriorityCriterion(models.TextChoices):
    """What a prioritization rule gives points for (a fixed list: the rules
    themselves, their weights and order, are data the community decides)."""

    CHRONIC = "chronic", _("Chronic homelessness")
    HOMELESS_DAYS = "homeless_days", _("Homeless days in the past 3 years")
    ACUITY_LEVEL = "acuity_level", _("Acuity: recommended level of support")
    ACUITY_SCORE = "acuity_score", _("Acuity: total score")
    INDIGENOUS = "indigenous", _("Indigenous identity")
    YOUTH = "youth", _("Youth (16–24)")
    FAMILY = "family", _("Family with children")
    VETERAN = "veteran", _("Veteran")
    DAYS_SINCE_FIRST_CONTACT = "days_since_first_contact", _("Days since first contact")


# Criteria counted "per N days": their rule needs ``per_days``.
PER_DAYS_CRITERIA = (PriorityCriterion.HOMELESS_DAYS, PriorityCriterion.DAYS_SINCE_FIRST_CONTACT)
MAX_WEIGHT = 10_000


class PriorityRule(BaseModel):
    """One rule of the community's prioritization: the points a criterion
    gives (``weight``; for day counts, ``weight`` points per ``per_days``
    days, at most ``max_points``), its place for ties (``position``), whether
    it applies, and why the community chose it. One rule per criterion."""

    criterion = models.CharField(
        _("criterion"), max_length=40, choices=PriorityCriterion.choices, unique=True
    )
    weight = models.PositiveIntegerField(
        _("points"),
        help_text=_(
            "Points the criterion gives (for a count of days: points per number of days below)."
        ),
    )
    per_days = models.PositiveIntegerField(
        _("per number of days"),
        null=True,
        blank=True,
        help_text=_("For a count of days: the points are given for each such number of days."),
    )
    max_points = models.PositiveIntegerField(
        _("at most (points)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Equal scores: the first rule in this order decides.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    explanation_fr = models.TextField(_("explanation (French)"), blank=True)

    class Meta:
        ordering = ["position", "criterion"]
        verbose_name = _("prioritization rule")
        verbose_name_plural = _("prioritization rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(criterion__in=PriorityCriterion.values),
                name="reports_priority_rule_criterion_known",
            ),
            models.CheckConstraint(
                condition=Q(weight__lte=MAX_WEIGHT), name="reports_priority_rule_weight_bounded"
            ),
            models.CheckConstraint(
                condition=Q(per_days__isnull=True) | Q(per_days__gte=1),
                name="reports_priority_rule_per_days_positive",
            ),
            models.CheckConstraint(
                condition=~Q(criterion__in=PER_DAYS_CRITERIA) | Q(per_days__isnull=False),
                name="reports_priority_rule_day_counts_have_per_days",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_criterion_display())

    @property
    def explanation(self) -> str:
        return in_language(self.explanation_fr, self.explanation_en)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.weight is not None and self.weight > MAX_WEIGHT:
            errors["weight"] = str(_("At most %(max)s points.") % {"max": MAX_WEIGHT})
        if self.criterion in PER_DAYS_CRITERIA and not self.per_days:
            errors["per_days"] = str(_("A count of days needs the number of days per point."))
        if errors:
            raise ValidationError(errors)


class FidelityItem(models.TextChoices):
    """The items of the fidelity report measurable from the records."""

    CASELOAD = "caseload", _("Small caseload (clients per staff member)")
    CONTACT_FREQUENCY = (
        "contact_frequency",
        _("Contact frequency (clients seen within the cadence)"),
    )
    INTENSITY = "intensity", _("Intensity (hours per client per week)")
    TEAM_APPROACH = "team_approach", _("Team approach (clients seen by several staff members)")
    PROGRAM_MEETING = "program_meeting", _("Daily team meeting (days a week)")
    TIME_IN_PROGRAM = "time_in_program", _("Time in program")
    COVERAGE_GAPS = "coverage_gaps", _("Coverage gaps in the roster")


class AnchorComparison(models.TextChoices):
    AT_MOST = "at_most", _("at most (lower is better)")
    AT_LEAST = "at_least", _("at least (higher is better)")


class FidelityAnchor(BaseModel):
    """One anchor point of a DACTS-style 1–5 rating: an item rates ``rating``
    when its value is at most (or at least) ``threshold``. The best rating
    whose anchor holds wins; below every anchor the item rates 1. Seeded with
    the DACTS anchors by the migration, editable in the admin site."""

    item = models.CharField(_("item"), max_length=30, choices=FidelityItem.choices)
    rating = models.PositiveSmallIntegerField(_("rating"))
    comparison = models.CharField(_("comparison"), max_length=10, choices=AnchorComparison.choices)
    threshold = models.DecimalField(_("threshold"), max_digits=8, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the anchor comes from (e.g. DACTS H1), or why the community set it."),
    )

    class Meta:
        ordering = ["item", "-rating"]
        verbose_name = _("fidelity anchor")
        verbose_name_plural = _("fidelity anchors")
        constraints = [
            models.UniqueConstraint(
                "item", "rating", name="reports_fidelity_anchor_once_per_rating"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=2) & Q(rating__lte=5),
                name="reports_fidelity_anchor_rating_2_to_5",
                violation_error_message=_("An anchor rates 2 to 5 (below every anchor: 1)."),
            ),
            models.CheckConstraint(
                condition=Q(item__in=FidelityItem.values), name="reports_fidelity_anchor_item_known"
            ),
            models.CheckConstraint(
                condition=Q(comparison__in=AnchorComparison.values),
                name="reports_fidelity_anchor_comparison_known",
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=0), name="reports_fidelity_anchor_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} → {self.rating}"

    def holds(self, value: float) -> bool:
        limit = float(self.threshold)
        return value <= limit if self.comparison == AnchorComparison.AT_MOST else value >= limit


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", _("Excel (XLSX)")
    PDF = "pdf", "PDF"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportExport(BaseModel):
    """A report exported by one staff member, built by a background task
    (``parcours.reports.tasks``) with that member's permissions, and kept
    ``REPORT_EXPORT_DAYS`` days (``parcours purge_exports``).

    The file is a ``BinaryField``, not a file under MEDIA_ROOT: the worker
    and the web servers may run on different hosts with nothing shared but
    the database, the file goes with its row (no orphan on disk when the row
    is purged, a deleted export is gone from backups' next run like any
    row), and it is protected like the client data it holds. Exports are
    small (a few hundred kB) and short-lived. ``shown_clients`` lists the
    records the file names, by data category, so that a download re-checks
    that the user still sees each of them."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    report = models.CharField(_("report"), max_length=40)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    shown_clients = models.JSONField(_("records named"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="reports_export_user_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reports_export_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="reports_export_status_known"
            ),
            models.CheckConstraint(
                condition=Q(format__in=ExportFormat.values), name="reports_export_format_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
