"""Encounters and case notes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from parcours.casework.models.plans import Goal, SupportType
from parcours.core.models import BaseModel, RecordedByOrganization


class EncounterKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    OFFICE = "office", _("Office visit")
    OUTREACH = "outreach", _("Outreach or in the community")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment to an appointment")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    TEAM_MEETING = "team_meeting", _("Team meeting with the client")


class Encounter(BaseModel, RecordedByOrganization):
    """A contact with the client: when, how, how long, who was there, where,
    what it was about (support type, goals) and a short general note."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="encounters",
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
