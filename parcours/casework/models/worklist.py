"""A worklist item put aside by a worker: hidden from their worklist until a
date, with the reason (« client in treatment until the 20th »)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel

# A worker puts an item aside for at most this long: past it, it comes back.
MAX_SNOOZE_DAYS = 90


class WorkItemSnooze(BaseModel):
    """One worker's item (a kind of item about one client) put aside until a
    date. Only that worker's worklist hides it; the team's list still shows it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind of item"), max_length=40)
    until = models.DateField(_("put aside until"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["until"]
        verbose_name = _("item put aside")
        verbose_name_plural = _("items put aside")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "client", "kind"], name="casework_snooze_one_per_item"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="casework_snooze_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} — {self.until}"
