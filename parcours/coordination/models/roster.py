"""The coverage roster: a program's coverage standard in a form that can be
measured (days × hours, or around the clock, with on-call or not), and the
shifts and on-call periods that meet it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class CoverageStandard(BaseModel):
    """What a program promises: ICM 7 days × 12 h, ACT 24/7."""

    program = models.OneToOneField(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="coverage_standard",
    )
    around_the_clock = models.BooleanField(_("24 hours a day"), default=False)
    # ISO weekdays covered, 1 (Monday) to 7 (Sunday).
    weekdays = models.JSONField(_("days of the week"), default=list)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    on_call_counts = models.BooleanField(
        _("on-call counts as coverage"),
        default=False,
        help_text=_("Hours covered by someone on call (not on shift) meet the standard."),
    )

    class Meta:
        verbose_name = _("coverage standard")
        verbose_name_plural = _("coverage standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(around_the_clock=True)
                | (
                    Q(start_time__isnull=False)
                    & Q(end_time__isnull=False)
                    & Q(start_time__lt=models.F("end_time"))
                ),
                name="coverage_standard_hours_in_order",
            ),
        ]


class Shift(BaseModel):
    """A staff member on shift, or on call, for a program."""

    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="shifts",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    on_call = models.BooleanField(_("on call"), default=False)
    phone = models.CharField(_("phone while on duty"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_it_starts"
            ),
        ]
        indexes = [models.Index(fields=["program", "starts_at"])]
