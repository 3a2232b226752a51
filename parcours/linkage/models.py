"""Identity resolution records: requests to a partner that may already know
a person (who cannot be shown to the requester without consent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class LinkageRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the partner")
    SAME_PERSON = "same_person", _("Same person")
    NOT_SAME_PERSON = "not_same_person", _("Not the same person")


class LinkageRequest(BaseModel):
    """ "This person may already be known to you": sent to the coordinators of
    the partner that registered a likely existing record. The requester sees
    only the status; the partner sees its own client and what the requester
    typed, and decides with the client what to share (consent)."""

    target_client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("possible existing record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("partner asked"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requesting_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("requesting partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requester_client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("requester's record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_name = models.CharField(_("given name(s) given"), max_length=150, blank=True)
    family_name = models.CharField(_("family name given"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth given"), null=True, blank=True)
    match_probability = models.FloatField(_("match probability"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=LinkageRequestStatus.choices,
        default=LinkageRequestStatus.OPEN,
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    response_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("linkage request")
        verbose_name_plural = _("linkage requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1),
                name="linkage_request_probability_is_a_probability",
            ),
            models.CheckConstraint(
                condition=~Q(target_organization=models.F("requesting_organization")),
                name="linkage_request_goes_to_another_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requesting_organization} → {self.target_organization}"
