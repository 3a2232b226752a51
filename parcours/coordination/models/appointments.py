"""A client's appointments: clinic, court date, income office, landlord,
housing viewing. A clinical appointment is clinical data, the others are
case-plan data (a court date included), under the client's directives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class AppointmentKind(models.TextChoices):
    CLINIC = "clinic", _("Clinic or medical")
    COURT = "court", _("Court date")
    INCOME = "income", _("Income support office")
    LANDLORD = "landlord", _("Landlord")
    HOUSING_VIEWING = "housing_viewing", _("Housing viewing")
    IDENTIFICATION = "identification", _("Identification documents")
    OTHER = "other", _("Other")


CLINICAL_APPOINTMENTS = frozenset({AppointmentKind.CLINIC})


class AppointmentOutcome(models.TextChoices):
    PLANNED = "planned", _("Planned")
    KEPT = "kept", _("Kept")
    MISSED = "missed", _("Missed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(BaseModel):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    accompanied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompanied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=AppointmentOutcome.choices,
        default=AppointmentOutcome.PLANNED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    rescheduled_to = models.ForeignKey(
        "self",
        verbose_name=_("rescheduled to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded by (organization)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    @property
    def category(self) -> str:
        """The data category the client's directives share it by."""
        return "clinical" if self.kind in CLINICAL_APPOINTMENTS else "case_plan"
