"""The ACT daily team meeting: today's visit assignments per staff member
and the crisis flags the team raises and lifts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class VisitAssignment(BaseModel):
    """Who goes to see a client on a day (case-plan data of the program's
    organization)."""

    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="visit_assignments",
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="visit_assignments",
    )
    day = models.DateField(_("day"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["day", "created_at"]
        verbose_name = _("visit assignment")
        verbose_name_plural = _("visit assignments")
        constraints = [
            models.UniqueConstraint(
                "program", "client", "worker", "day", name="visit_assignment_once_a_day"
            ),
        ]


class CrisisFlag(BaseModel):
    """A client in crisis, raised by a program's team until it is lifted."""

    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="crisis_flags",
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("what is happening"), max_length=300)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("crisis flag")
        verbose_name_plural = _("crisis flags")
        constraints = [
            models.UniqueConstraint(
                "program",
                "client",
                condition=Q(lifted_at__isnull=True),
                name="crisis_flag_one_open_per_client",
            ),
            models.CheckConstraint(condition=~Q(note=""), name="crisis_flag_has_a_note"),
        ]
