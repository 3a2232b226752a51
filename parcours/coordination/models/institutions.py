"""Institution stays and discharge planning: a client admitted to a
hospital, a psychiatric unit, withdrawal management, a treatment centre, a
jail or a prison, or respite care — run by partners or not — so that their
workers follow up and no discharge is missed.

A stay is case-plan data under the client's directives (workers plan the
discharge; nothing clinical is written here)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class InstitutionKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    PSYCHIATRIC = "psychiatric", _("Psychiatric unit")
    WITHDRAWAL = "withdrawal", _("Withdrawal management")
    TREATMENT = "treatment", _("Treatment centre")
    JAIL = "jail", _("Jail (remand)")
    PRISON = "prison", _("Prison")
    RESPITE = "respite", _("Respite care")


class LearnedFrom(models.TextChoices):
    CLIENT = "client", _("The client")
    INSTITUTION = "institution", _("The institution")
    FAMILY = "family", _("Family or friends")
    PARTNER = "partner", _("A partner")
    POLICE_COURT = "police_court", _("Police or court")
    OTHER = "other", _("Other")


class DischargeDestination(models.TextChoices):
    TRANSITIONAL = "transitional", _("Transitional housing")
    RESPITE = "respite", _("Respite care")
    OWN_UNIT = "own_unit", _("Own unit")
    SHELTER = "shelter", _("Shelter")
    FAMILY = "family", _("Family or friends")
    STREET = "street", _("No fixed address")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class InstitutionStay(BaseModel):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="institution_stays",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    institution = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution_name = models.CharField(
        _("institution (if not in the list)"), max_length=200, blank=True
    )
    contact = models.CharField(_("contact at the institution"), max_length=200, blank=True)
    admitted_on = models.DateField(_("admitted"))
    expected_discharge_on = models.DateField(_("expected discharge"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged"), null=True, blank=True)
    destination = models.CharField(
        _("destination on discharge"),
        max_length=20,
        choices=DischargeDestination.choices,
        blank=True,
    )
    planned_destination = models.CharField(
        _("planned destination"), max_length=20, choices=DischargeDestination.choices, blank=True
    )
    learned_from = models.CharField(
        _("how we learned of it"), max_length=20, choices=LearnedFrom.choices
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
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
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-admitted_on", "-created_at"]
        verbose_name = _("institution stay")
        verbose_name_plural = _("institution stays")
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | ~Q(institution_name=""),
                name="institution_stay_names_the_institution",
            ),
            models.CheckConstraint(
                condition=Q(expected_discharge_on__isnull=True)
                | Q(expected_discharge_on__gte=models.F("admitted_on")),
                name="institution_stay_expected_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True)
                | Q(discharged_on__gte=models.F("admitted_on")),
                name="institution_stay_discharge_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | ~Q(destination=""),
                name="institution_stay_discharge_has_a_destination",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None

    @property
    def place(self) -> str:
        return self.institution.name if self.institution else self.institution_name

    def is_discharge_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.discharged_on is None
            and self.expected_discharge_on is not None
            and self.expected_discharge_on < today
        )

    def days(self, today: dt.date | None = None) -> int:
        end = self.discharged_on or today or timezone.localdate()
        return (end - self.admitted_on).days


class DischargeTaskKind(models.TextChoices):
    CONTACT_INSTITUTION = "contact_institution", _("Contact the institution")
    PLAN_DESTINATION = "plan_destination", _("Plan where the client goes on discharge")
    CONFIRM_DISCHARGE = "confirm_discharge", _("Confirm the discharge")
    FIND_DESTINATION = "find_destination", _("Find a destination for a discharged client")


class DischargeTask(BaseModel):
    """A follow-up task for the client's workers, generated by a stay."""

    stay = models.ForeignKey(
        InstitutionStay, verbose_name=_("stay"), on_delete=models.CASCADE, related_name="tasks"
    )
    kind = models.CharField(_("task"), max_length=30, choices=DischargeTaskKind.choices)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("discharge task")
        verbose_name_plural = _("discharge tasks")
        constraints = [
            models.UniqueConstraint("stay", "kind", name="discharge_task_once_per_stay"),
        ]
