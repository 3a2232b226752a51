"""Keeping a home: repairs and cleaning of a unit, damages found in a
tenancy, and budgeting help sessions with a client.

* A repair request is partner data about the unit; when it is linked to a
  tenancy it is housing-category client data and follows the tenancy's
  policy (``parcours.access.housing_upkeep``).
* A damage record belongs to a tenancy: housing-category client data.
* A budgeting help session is financial-category client data; it may serve
  one of the client's plan goals."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel, RecordedByOrganization


class RepairKind(models.TextChoices):
    REPAIR = "repair", _("Repair")
    CLEANING = "cleaning", _("Cleaning")
    PEST_CONTROL = "pest_control", _("Pest control")
    OTHER = "other", _("Other")


class RepairParty(models.TextChoices):
    LANDLORD = "landlord", _("The landlord")
    PROGRAM = "program", _("The program")
    TENANT = "tenant", _("The tenant")
    CONTRACTOR = "contractor", _("A contractor")


class RepairStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# A repair still to be done (the unit's "open repairs").
OPEN_REPAIR_STATUSES = (RepairStatus.OPEN, RepairStatus.SCHEDULED)


class DamagePayer(models.TextChoices):
    TENANT = "tenant", _("The tenant")
    PROGRAM = "program", _("The program")
    LANDLORD = "landlord", _("The landlord")
    INSURANCE = "insurance", _("Insurance")
    SHARED = "shared", _("Shared")


class BudgetTopic(models.TextChoices):
    BUDGET_PLAN = "budget_plan", _("Budget plan")
    RENT_PAYMENT = "rent_payment", _("Paying the rent")
    BILLS = "bills", _("Bills")
    BANKING = "banking", _("Banking")
    DEBTS = "debts", _("Debts")
    BENEFITS = "benefits", _("Benefits")
    OTHER = "other", _("Other")


# A budgeting session longer than a working day is a typo.
MAX_SESSION_MINUTES = 480


class RepairRequest(BaseModel, RecordedByOrganization):
    """A repair, a cleaning or pest control asked for a unit: who reported
    it, who does it, where it stands and what it cost."""

    unit = models.ForeignKey(
        "housing.HousingUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="repairs",
    )
    tenancy = models.ForeignKey(
        "housing.Tenancy",
        verbose_name=_("tenancy"),
        on_delete=models.PROTECT,
        related_name="repairs",
        null=True,
        blank=True,
        help_text=_("The tenancy it concerns, if any: then only who may see the tenancy sees it."),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=RepairKind.choices)
    description = models.TextField(_("description"))
    reported_on = models.DateField(_("reported on"))
    reported_by = models.CharField(
        _("reported by"),
        max_length=200,
        blank=True,
        help_text=_("Who reported it: the tenant, the landlord, a worker…"),
    )
    handled_by = models.CharField(
        _("who does it"), max_length=12, choices=RepairParty.choices, default=RepairParty.LANDLORD
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RepairStatus.choices, default=RepairStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        verbose_name = _("repair request")
        verbose_name_plural = _("repair requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RepairKind.values), name="housing_repair_kind"
            ),
            models.CheckConstraint(
                condition=Q(handled_by__in=RepairParty.values), name="housing_repair_handled_by"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RepairStatus.values), name="housing_repair_status"
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="housing_repair_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status=RepairStatus.DONE, done_on__isnull=False)
                | (~Q(status=RepairStatus.DONE) & Q(done_on__isnull=True)),
                name="housing_repair_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=F("reported_on")),
                name="housing_repair_done_after_reported",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="housing_repair_description"),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="housing_repair_unit_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit} ({self.reported_on})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPAIR_STATUSES


class DamageRecord(BaseModel, RecordedByOrganization):
    """Damage found in a home during a tenancy: what, what it costs, who
    pays, how it is repaid and whether it is settled."""

    tenancy = models.ForeignKey(
        "housing.Tenancy",
        verbose_name=_("tenancy"),
        on_delete=models.PROTECT,
        related_name="damages",
    )
    found_on = models.DateField(_("found on"))
    description = models.TextField(_("description"))
    cost = models.DecimalField(_("cost"), max_digits=9, decimal_places=2)
    paid_by = models.CharField(_("who pays"), max_length=10, choices=DamagePayer.choices)
    repayment_plan = models.TextField(_("repayment plan"), blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        ordering = ["-found_on", "-created_at"]
        verbose_name = _("damage")
        verbose_name_plural = _("damages")
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="housing_damage_cost_positive"),
            models.CheckConstraint(
                condition=Q(paid_by__in=DamagePayer.values), name="housing_damage_paid_by"
            ),
            models.CheckConstraint(
                condition=Q(settled_on__isnull=True) | Q(settled_on__gte=F("found_on")),
                name="housing_damage_settled_after_found",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="housing_damage_description"),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy} — {self.found_on}"

    @property
    def settled(self) -> bool:
        return self.settled_on is not None


class BudgetingSession(BaseModel, RecordedByOrganization):
    """A budgeting help session with a client: when, how long, what was
    worked on, and the plan goal it serves (one of the client's)."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="budgeting_sessions",
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    topics = models.JSONField(_("topics"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    goal = models.ForeignKey(
        "casework.Goal",
        verbose_name=_("plan goal"),
        on_delete=models.SET_NULL,
        related_name="budgeting_sessions",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("budgeting help session")
        verbose_name_plural = _("budgeting help sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=MAX_SESSION_MINUTES),
                name="housing_budgeting_duration_range",
            ),
        ]
        indexes = [models.Index(fields=["client", "date"], name="housing_budgeting_client")]

    def __str__(self) -> str:
        return f"{self.client} — {self.date}"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(BudgetTopic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics]


__all__ = [
    "MAX_SESSION_MINUTES",
    "OPEN_REPAIR_STATUSES",
    "BudgetTopic",
    "BudgetingSession",
    "DamagePayer",
    "DamageRecord",
    "RepairKind",
    "RepairParty",
    "RepairRequest",
    "RepairStatus",
]
