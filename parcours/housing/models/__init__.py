"""Landlords, their relationship log, housing units and unit inspections.

These are partner data, not client data: every partner's staff reads them;
the organization that keeps a landlord or a unit (and network
administrators) changes it (``parcours.access.housing``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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


# --- Tenancies (housing-category client data) -------------------------------------------


class TenancyEndReason(models.TextChoices):
    EVICTION = "eviction", _("Eviction")
    ABANDONED = "abandoned", _("Abandoned the unit")
    BETTER_HOUSING = "better_housing", _("Moved to better housing")
    INSTITUTION = "institution", _("Moved to an institution")
    DEATH = "death", _("Death")
    OTHER = "other", _("Other")


# Ends that return the client to homelessness (the revolving door).
HOMELESS_END_REASONS = frozenset({TenancyEndReason.EVICTION, TenancyEndReason.ABANDONED})


class Tenancy(BaseModel, RecordedByOrganization):
    """A client living in a unit, from a start date to an end date (open while
    they live there). Housing-category client data: the organization that
    recorded it sees it, other partners by the client's consent."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="tenancies",
    )
    unit = models.ForeignKey(
        HousingUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="tenancies"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=TenancyEndReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="housing_tenancy_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False, end_reason__in=TenancyEndReason.values),
                name="housing_tenancy_end_reason",
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(end_date__isnull=True),
                name="housing_tenancy_one_active_per_client",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(end_date__isnull=True),
                name="housing_tenancy_one_active_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.start_date}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None


CHECKLIST_ITEMS = (
    "lease_signed",
    "keys_handed_over",
    "utilities_connected",
    "furniture",
    "insurance",
    "emergency_contacts",
    "first_visit_booked",
)


class MoveInChecklist(BaseModel):
    """What must be done for a move-in; it closes only when every item is ticked."""

    tenancy = models.OneToOneField(
        Tenancy, verbose_name=_("tenancy"), on_delete=models.CASCADE, related_name="move_in"
    )
    lease_signed = models.BooleanField(_("lease signed"), default=False)
    keys_handed_over = models.BooleanField(_("keys handed over"), default=False)
    utilities_connected = models.BooleanField(_("utilities connected"), default=False)
    furniture = models.BooleanField(_("furniture"), default=False)
    insurance = models.BooleanField(_("tenant insurance"), default=False)
    emergency_contacts = models.BooleanField(_("emergency contacts"), default=False)
    first_visit_booked = models.BooleanField(_("first home visit booked"), default=False)
    closed_at = models.DateTimeField(_("move-in closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("move-in checklist")
        verbose_name_plural = _("move-in checklists")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(
                    lease_signed=True,
                    keys_handed_over=True,
                    utilities_connected=True,
                    furniture=True,
                    insurance=True,
                    emergency_contacts=True,
                    first_visit_booked=True,
                ),
                name="housing_move_in_closed_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(self.tenancy)

    @property
    def items(self) -> list[tuple[str, str, bool]]:
        return [(name, checklist_label(name), getattr(self, name)) for name in CHECKLIST_ITEMS]

    @property
    def complete(self) -> bool:
        return all(getattr(self, name) for name in CHECKLIST_ITEMS)

    @property
    def done_count(self) -> int:
        return sum(1 for name in CHECKLIST_ITEMS if getattr(self, name))


def checklist_label(name: str) -> str:
    """The translated label of a move-in checklist item."""
    field = MoveInChecklist._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


from parcours.housing.models.applications import *  # noqa: E402, F403
from parcours.housing.models.finance import *  # noqa: E402, F403
from parcours.housing.models.matching import *  # noqa: E402,F403
from parcours.housing.models.upkeep import *  # noqa: E402, F403 (repairs, damages, budgeting)
