"""The service directory, in the shape of Open Referral HSDS 3.0
(organizations, services, locations, service at location) with Parcours'
own flags: partner or external, mainstream provincial/territorial program,
support type and sub-domain, and where a referral lands (a program's
waitlist, a shelter site)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.casework.models import SubDomain, SupportType
from parcours.core.models import BaseModel


class ServiceStatus(models.TextChoices):
    # HSDS 3.0 service.status
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class DirectoryOrganization(BaseModel):
    """An HSDS organization: a partner of the network (linked to its
    Parcours organization) or an outside provider (a provincial ministry, a
    community agency outside the network)."""

    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("other name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    partner = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("network partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_entry",
        help_text=_("Empty for an organization outside the network."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory organization")
        verbose_name_plural = _("directory organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner(self) -> bool:
        return self.partner_id is not None


class Service(BaseModel):
    """An HSDS service: what an organization offers, to whom, in which
    languages, when and at what cost — and, for a partner's service, where a
    referral to it lands."""

    organization = models.ForeignKey(
        DirectoryOrganization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("other name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    eligibility_description = models.TextField(_("who is eligible"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.CharField(_("fees"), max_length=500, blank=True)
    schedule_description = models.CharField(_("hours"), max_length=500, blank=True)
    # ISO 639-1 codes, e.g. ["fr", "en", "cr"] (HSDS language table).
    languages = models.JSONField(_("languages"), default=list, blank=True)
    service_area = models.CharField(
        _("area served"),
        max_length=300,
        blank=True,
        help_text=_("Neighbourhoods, city or region served (HSDS service area)."),
    )
    # Parcours' own flags.
    is_mainstream = models.BooleanField(
        _("mainstream provincial or territorial program"),
        default=False,
        help_text=_(
            "A program open to everyone who qualifies (income support, health "
            "insurance, social housing registry…): use it before creating a new service."
        ),
    )
    support_type = models.CharField(
        _("type of support"), max_length=20, choices=SupportType.choices
    )
    sub_domain = models.CharField(_("area"), max_length=30, choices=SubDomain.choices)
    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("Parcours program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_services",
        help_text=_("The partner program whose inbox and waitlist receive its referrals."),
    )
    shelter_site = models.ForeignKey(
        "beds.Site",
        verbose_name=_("shelter site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_services",
        help_text=_("For a shelter: the site whose beds a referral may hold."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("answer expected within (days)"),
        default=5,
        help_text=_("After this many days without an answer, the referral is overdue."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="coordination_service_age_range",
            ),
            models.CheckConstraint(
                condition=Q(response_days__gte=1), name="coordination_service_response_days"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Location(BaseModel):
    """An HSDS location (a physical place, with its address)."""

    organization = models.ForeignKey(
        DirectoryOrganization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("province or territory"), max_length=2, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CA")
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(BaseModel):
    """An HSDS service at location: where a service is delivered."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="at_locations"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.CASCADE, related_name="services"
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint("service", "location", name="coordination_service_location")
        ]
