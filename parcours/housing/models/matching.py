"""Housing preferences of a client and offers of units to clients.

Both are **housing-category client data** (``parcours.access.housing_matching``):
the organization that recorded a row sees it, other partners while the client
shares the housing category with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel, RecordedByOrganization


class AccessibilityNeed(models.TextChoices):
    """What a client needs of a home, in the words of a unit's accessibility
    features (``HousingUnit.wheelchair_accessible`` and ``accessibility_features``)."""

    WHEELCHAIR = "wheelchair", _("Wheelchair accessible")
    GROUND_FLOOR = "ground_floor", _("Ground floor")
    ELEVATOR = "elevator", _("Elevator")
    GRAB_BARS = "grab_bars", _("Grab bars")
    VISUAL_ALARMS = "visual_alarms", _("Visual alarms")


class LivingArrangement(models.TextChoices):
    ALONE = "alone", _("Alone")
    WITH_OTHERS = "with_others", _("With others")
    EITHER = "either", _("Either")


class HousingPreference(BaseModel, RecordedByOrganization):
    """What a client wants and needs of a home: one current row per client,
    changed in place (every change is in the audit log)."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="housing_preferences",
    )
    # Neighbourhoods or cities, e.g. ["Vanier", "Ottawa"].
    areas = models.JSONField(_("areas wanted"), default=list, blank=True)
    areas_to_avoid = models.JSONField(_("areas to avoid"), default=list, blank=True)
    # UnitType values; empty = any type.
    unit_types = models.JSONField(_("unit types wanted"), default=list, blank=True)
    min_bedrooms = models.PositiveSmallIntegerField(_("minimum bedrooms"), default=0)
    # AccessibilityNeed values.
    accessibility_needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    has_pets = models.BooleanField(_("has pets"), default=False)
    living = models.CharField(
        _("living alone or with others"),
        max_length=12,
        choices=LivingArrangement.choices,
        default=LivingArrangement.EITHER,
    )
    max_rent = models.DecimalField(
        _("maximum monthly rent"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    constraints = models.TextField(_("constraints"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("housing preferences")
        verbose_name_plural = _("housing preferences")
        constraints = [
            models.UniqueConstraint(fields=["client"], name="housing_preference_one_per_client"),
            models.CheckConstraint(
                condition=Q(max_rent__isnull=True) | Q(max_rent__gte=0),
                name="housing_preference_rent_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(min_bedrooms__lte=20), name="housing_preference_bedrooms_range"
            ),
            models.CheckConstraint(
                condition=Q(living__in=LivingArrangement.values),
                name="housing_preference_living",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Housing preferences"))


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeclineSide(models.TextChoices):
    CLIENT = "client", _("The client declined")
    PROVIDER = "provider", _("The provider declined")


class OfferReason(models.TextChoices):
    """Why an offer did not become a home: a decline's reason (from a list),
    or why an offer was withdrawn."""

    LOCATION = "location", _("Location")
    UNIT_CONDITION = "unit_condition", _("Unit condition")
    COST = "cost", _("Cost")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    LANDLORD_REFUSED = "landlord_refused", _("Landlord refused")
    CLIENT_UNREACHABLE = "client_unreachable", _("Client unreachable")
    HOUSED_ELSEWHERE = "housed_elsewhere", _("Housed elsewhere")
    UNIT_LET = "unit_let", _("Unit let to someone else")
    OTHER = "other", _("Other")


# The reasons a worker picks for a decline (the others are set by the system).
DECLINE_REASONS = [
    OfferReason.LOCATION,
    OfferReason.UNIT_CONDITION,
    OfferReason.COST,
    OfferReason.ACCESSIBILITY,
    OfferReason.LANDLORD_REFUSED,
    OfferReason.CLIENT_UNREACHABLE,
    OfferReason.OTHER,
]

# Offers that hold their unit: open, or accepted and waiting for the tenancy.
HOLDING = Q(status=OfferStatus.OFFERED) | Q(status=OfferStatus.ACCEPTED, tenancy__isnull=True)


class HousingOffer(BaseModel, RecordedByOrganization):
    """A unit offered to a client: while open (and once accepted, until the
    tenancy starts) the unit is held for the client. ``organization`` and
    ``recorded_by`` are the offering organization and staff member."""

    unit = models.ForeignKey(
        "housing.HousingUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="housing_offers",
    )
    offered_on = models.DateField(_("offered on"))
    respond_by = models.DateField(_("answer expected by"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    decline_side = models.CharField(
        _("declined by"), max_length=10, choices=DeclineSide.choices, blank=True
    )
    reason = models.CharField(_("reason"), max_length=20, choices=OfferReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # A decline may pause the client's next offers until this date.
    paused_until = models.DateField(_("next offers paused until"), null=True, blank=True)
    tenancy = models.ForeignKey(
        "housing.Tenancy",
        verbose_name=_("tenancy"),
        on_delete=models.SET_NULL,
        related_name="offers",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-offered_on", "-created_at"]
        verbose_name = _("housing offer")
        verbose_name_plural = _("housing offers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=HOLDING,
                name="housing_offer_one_open_per_unit",
                violation_error_message=_("This unit is already offered to someone."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=OfferStatus.values), name="housing_offer_status"
            ),
            models.CheckConstraint(
                condition=Q(respond_by__gte=F("offered_on")),
                name="housing_offer_respond_after_offer",
            ),
            models.CheckConstraint(
                condition=Q(status=OfferStatus.OFFERED, answered_on__isnull=True)
                | (~Q(status=OfferStatus.OFFERED) & Q(answered_on__isnull=False)),
                name="housing_offer_answered_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("offered_on")),
                name="housing_offer_answer_after_offer",
            ),
            models.CheckConstraint(
                condition=~Q(status=OfferStatus.DECLINED)
                | (Q(decline_side__in=DeclineSide.values) & ~Q(reason="")),
                name="housing_offer_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(paused_until__isnull=True) | Q(status=OfferStatus.DECLINED),
                name="housing_offer_pause_on_decline",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "offered_on"], name="housing_offer_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.offered_on}"

    @property
    def is_open(self) -> bool:
        return self.status == OfferStatus.OFFERED

    @property
    def holds_unit(self) -> bool:
        return self.status == OfferStatus.OFFERED or (
            self.status == OfferStatus.ACCEPTED and self.tenancy_id is None
        )


__all__ = [
    "DECLINE_REASONS",
    "HOLDING",
    "AccessibilityNeed",
    "DeclineSide",
    "HousingOffer",
    "HousingPreference",
    "LivingArrangement",
    "OfferReason",
    "OfferStatus",
]
