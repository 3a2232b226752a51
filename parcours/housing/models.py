"""Landlords, their relationship log, housing units and unit inspections.

These are partner data, not client data: every partner's staff reads them;
the organization that keeps a landlord or a unit (and network
administrators) changes it (``parcours.access.housing``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel, RecordedByOrganization


class LandlordKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class ContactKind(models.TextChoices):
    CALL = "call", _("Call")
    VISIT = "visit", _("Visit")
    INCIDENT = "incident", _("Incident")
    MEDIATION = "mediation", _("Mediation session")
    OTHER = "other", _("Other")


class UnitType(models.TextChoices):
    APARTMENT = "apartment", _("Apartment")
    ROOM = "room", _("Room")
    SUPPORTIVE = "supportive", _("Supportive housing")
    TRANSITIONAL = "transitional", _("Transitional housing")
    SOCIAL = "social", _("Social or non-profit housing")


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    HELD = "held", _("Held")
    OCCUPIED = "occupied", _("Occupied")
    OFF_MARKET = "off_market", _("Off the market")


class UnitCondition(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


# A unit with more bedrooms than this is a typo, not a home.
MAX_BEDROOMS = 20


class Landlord(BaseModel):
    """A person or a company that rents homes to the network's clients, kept
    by one partner organization (the one that holds the relationship)."""

    kind = models.CharField(
        _("person or company"),
        max_length=10,
        choices=LandlordKind.choices,
        default=LandlordKind.PERSON,
    )
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # ISO 639-1 codes, e.g. ["fr", "en"].
    languages = models.JSONField(_("languages"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("keeping organization"),
        on_delete=models.PROTECT,
        related_name="landlords",
        help_text=_("The partner organization that keeps the relationship."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("landlord")
        verbose_name_plural = _("landlords")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LandlordKind.values), name="housing_landlord_kind"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="housing_landlord_name"),
        ]

    def __str__(self) -> str:
        return self.name


class LandlordContactLog(BaseModel, RecordedByOrganization):
    """One entry of the relationship with a landlord: a call, a visit, an
    incident, a mediation session, and its outcome."""

    landlord = models.ForeignKey(
        Landlord,
        verbose_name=_("landlord"),
        on_delete=models.CASCADE,
        related_name="contact_log",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=ContactKind.choices)
    summary = models.TextField(_("summary"))
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("landlord contact")
        verbose_name_plural = _("landlord contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContactKind.values), name="housing_contact_kind"
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="housing_contact_summary"),
        ]

    def __str__(self) -> str:
        return f"{self.landlord} — {self.date}"


class HousingUnit(BaseModel):
    """A home a landlord rents: where it is, what it is, what it costs, and
    whether it is vacant (available from a date), held, occupied or off the
    market."""

    landlord = models.ForeignKey(
        Landlord, verbose_name=_("landlord"), on_delete=models.PROTECT, related_name="units"
    )
    address_line = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province or territory"), max_length=2, default="ON")
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    unit_type = models.CharField(_("type"), max_length=15, choices=UnitType.choices)
    bedrooms = models.PositiveSmallIntegerField(
        _("bedrooms"), default=1, help_text=_("0 for a studio or a room.")
    )
    monthly_rent = models.DecimalField(_("monthly rent"), max_digits=8, decimal_places=2)
    utilities_included = models.BooleanField(_("utilities included"), default=False)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    accessibility_features = models.TextField(
        _("accessibility features"),
        blank=True,
        help_text=_("Ground floor, elevator, grab bars, visual alarms…"),
    )
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    subsidy_attached = models.CharField(
        _("subsidy attached"),
        max_length=300,
        blank=True,
        help_text=_("A rent supplement or subsidy that comes with the unit, if any."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("keeping organization"),
        on_delete=models.PROTECT,
        related_name="housing_units",
    )

    class Meta:
        ordering = ["available_from", "monthly_rent", "id"]
        verbose_name = _("housing unit")
        verbose_name_plural = _("housing units")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_rent__gte=0), name="housing_unit_rent_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(bedrooms__gte=0) & Q(bedrooms__lte=MAX_BEDROOMS),
                name="housing_unit_bedrooms_range",
            ),
            models.CheckConstraint(
                condition=Q(unit_type__in=UnitType.values), name="housing_unit_type"
            ),
            models.CheckConstraint(
                condition=Q(status__in=UnitStatus.values), name="housing_unit_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=UnitStatus.AVAILABLE) | Q(available_from__isnull=False),
                name="housing_unit_available_has_date",
            ),
            models.CheckConstraint(condition=~Q(address_line=""), name="housing_unit_address"),
        ]
        indexes = [models.Index(fields=["status", "available_from"], name="housing_unit_vacancy")]

    def __str__(self) -> str:
        return f"{self.address_line}, {self.city}"


class UnitInspection(BaseModel):
    """An inspection of a unit: its date, the condition found and notes."""

    unit = models.ForeignKey(
        HousingUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    date = models.DateField(_("date"))
    condition = models.CharField(_("condition"), max_length=8, choices=UnitCondition.choices)
    notes = models.TextField(_("notes"), blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("unit inspection")
        verbose_name_plural = _("unit inspections")
        constraints = [
            models.CheckConstraint(
                condition=Q(condition__in=UnitCondition.values),
                name="housing_inspection_condition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.date}"
