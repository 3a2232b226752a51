"""Reports keep one thing of their own: the monthly figures a coordinator
published. A published month is never rewritten; a later correction of the
data is booked in the first month after it (see ``parcours.reports.flow``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


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
