"""Housing applications: social housing, non-profit or co-op housing, a
provincial rent supplement or portable housing benefit, supportive housing —
where it was sent, its status, the waitlist position, the documents still
needed and the next follow-up. Housing-category client data: the
organization that recorded one sees it, other partners by the client's
consent (``parcours.access.housing_finance``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel, RecordedByOrganization


class ApplicationKind(models.TextChoices):
    SOCIAL = "social", _("Social housing")
    NON_PROFIT = "non_profit", _("Non-profit or co-op housing")
    RENT_SUPPLEMENT = "rent_supplement", _("Rent supplement or portable housing benefit")
    SUPPORTIVE = "supportive", _("Supportive housing")
    OTHER = "other", _("Other")


class ApplicationStatus(models.TextChoices):
    PREPARING = "preparing", _("In preparation")
    SUBMITTED = "submitted", _("Submitted")
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFER = "offer", _("Offer received")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses with nothing left to follow up.
CLOSED_APPLICATION_STATUSES = frozenset(
    {ApplicationStatus.ACCEPTED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN}
)


class HousingApplication(BaseModel, RecordedByOrganization):
    """One application of a client to a housing provider or registry."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="housing_applications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind.choices)
    provider = models.CharField(
        _("provider or registry"),
        max_length=300,
        help_text=_("E.g. the Centralized Waiting List for social housing in Ottawa."),
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PREPARING,
    )
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    documents_needed = models.TextField(
        _("documents still needed"), blank=True, help_text=_("One document per line.")
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["next_follow_up", "-created_at"]
        verbose_name = _("housing application")
        verbose_name_plural = _("housing applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ApplicationKind.values), name="housing_application_kind"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="housing_application_status",
            ),
            models.CheckConstraint(
                condition=Q(waitlist_position__isnull=True) | Q(waitlist_position__gte=1),
                name="housing_application_waitlist_position",
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.PREPARING) | Q(submitted_on__isnull=False),
                name="housing_application_submitted_has_date",
            ),
            models.CheckConstraint(condition=~Q(provider=""), name="housing_application_provider"),
        ]
        indexes = [
            models.Index(fields=["client", "status"], name="housing_application_client"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.provider}"

    @property
    def documents(self) -> list[str]:
        """The documents still needed, one per line."""
        return [line.strip() for line in self.documents_needed.splitlines() if line.strip()]

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_APPLICATION_STATUSES


__all__ = [
    "CLOSED_APPLICATION_STATUSES",
    "ApplicationKind",
    "ApplicationStatus",
    "HousingApplication",
]
