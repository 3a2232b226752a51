"""The in-app inbox of each staff member. A notification names what it is
about by kind and ids, never by a client's name: the name is looked up when
the inbox is read, through the access policy as it is then."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Referral received")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered")
    REFERRAL_MESSAGE = "referral_message", _("Message on a referral")
    REFERRAL_OVERDUE = "referral_overdue", _("Referral without an answer")
    SHELTER_BOOK_IN = "shelter_book_in", _("Client booked into a shelter")
    INSTITUTION_ADMISSION = "institution_admission", _("Client admitted to an institution")
    INSTITUTION_DISCHARGE = "institution_discharge", _("Client discharged from an institution")
    DISCHARGE_OVERDUE = "discharge_overdue", _("Expected discharge date passed")
    REVOLVING_DOOR = "revolving_door", _("Revolving-door alert")
    CARE_TEAM_CHANGE = "care_team_change", _("Care team changed")
    PLAN_CHANGE = "plan_change", _("Shared plan changed")
    APPOINTMENT_MISSED = "appointment_missed", _("Appointment missed")
    DUPLICATE_SERVICE = "duplicate_service", _("Possible duplicate service")


class Notification(BaseModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # What it is about (a referral, a stay …) and where the link goes.
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # Non-identifying details for the text (a status, an organization's name).
    detail = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("sent by email"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]
