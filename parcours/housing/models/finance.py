"""Financial assistance and the program budgets it is drawn from.

A ``HousingBudget`` is program data (an amount for a period, kept by a
program of a partner). A ``FinancialAssistance`` line — a rent subsidy, a
recurring rent supplement, a utility subsidy, damages, moving costs,
furniture — is financial-category client data, drawn from one budget; its
``AssistancePayment`` rows record what was paid. The rules (threshold,
remaining budget, overrides) live in ``parcours.housing.finance``."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class HousingBudget(BaseModel):
    """What a program may spend on financial assistance over a period."""

    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="housing_budgets",
    )
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    total_amount = models.DecimalField(_("total amount"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-period_start", "name", "id"]
        verbose_name = _("housing budget")
        verbose_name_plural = _("housing budgets")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_amount__gte=0), name="housing_budget_total_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="housing_budget_end_after_start",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="housing_budget_name"),
            models.UniqueConstraint(
                fields=["program", "name", "period_start"], name="housing_budget_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssistanceKind(models.TextChoices):
    ONE_TIME_RENT = "one_time_rent", _("One-time rent subsidy")
    SHORT_TERM_RENT = "short_term_rent", _("Short-term rent subsidy")
    RENT_SUPPLEMENT = "rent_supplement", _("Recurring rent supplement")
    UTILITY = "utility", _("Utility subsidy")
    DAMAGE = "damage", _("Damage or repair")
    MOVING = "moving", _("Moving costs")
    FURNITURE = "furniture", _("Furniture")
    OTHER = "other", _("Other")


# Kinds whose amount is a monthly amount (committed: monthly × months).
MONTHLY_KINDS = frozenset({AssistanceKind.RENT_SUPPLEMENT})
# Subsidies whose end prompts the move to provincial or municipal support.
SUBSIDY_KINDS = frozenset({AssistanceKind.RENT_SUPPLEMENT, AssistanceKind.SHORT_TERM_RENT})


class AssistanceStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")


# Statuses whose total counts as committed on the budget.
COMMITTED_STATUSES = (AssistanceStatus.APPROVED, AssistanceStatus.ENDED)


def months_in_period(start: dt.date, end: dt.date) -> int:
    """The months a period covers, a month begun counting whole: 1 January
    to 31 December is 12; 15 January to 14 February is 1; to 20 February, 2."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    # Past the same day of the month: one month more begun.
    day = min(start.day, calendar.monthrange(after.year, after.month)[1])
    if after.day > day:
        months += 1
    return max(months, 1)


def committed_total(kind: str, amount: Decimal, start: dt.date, end: dt.date) -> Decimal:
    """What a line commits: its amount, or for a monthly kind the monthly
    amount times the months of its period."""
    if kind in MONTHLY_KINDS:
        return amount * months_in_period(start, end)
    return amount


class FinancialAssistance(BaseModel):
    """One line of financial assistance for a client, drawn from a budget."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="financial_assistance",
    )
    budget = models.ForeignKey(
        HousingBudget,
        verbose_name=_("budget"),
        on_delete=models.PROTECT,
        related_name="assistance",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssistanceKind.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        help_text=_("For a recurring rent supplement, the monthly amount."),
    )
    total_amount = models.DecimalField(
        _("total committed"),
        max_digits=12,
        decimal_places=2,
        help_text=_("The amount, or the monthly amount times the months of the period."),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    payee = models.CharField(
        _("payee"), max_length=300, help_text=_("The landlord, utility or supplier paid.")
    )
    landlord = models.ForeignKey(
        "housing.Landlord",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        related_name="assistance",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssistanceStatus.choices,
        default=AssistanceStatus.REQUESTED,
    )
    requested_on = models.DateField(_("requested on"))
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("requesting organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or refused by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("approved or refused at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    override = models.BooleanField(_("approved beyond the remaining budget"), default=False)
    override_reason = models.TextField(_("override reason"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-requested_on", "-created_at"]
        verbose_name = _("financial assistance")
        verbose_name_plural = _("financial assistance")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="housing_assistance_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(total_amount__gte=F("amount")),
                name="housing_assistance_total_at_least_amount",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="housing_assistance_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AssistanceKind.values), name="housing_assistance_kind"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssistanceStatus.values), name="housing_assistance_status"
            ),
            models.CheckConstraint(
                condition=Q(override=False) | ~Q(override_reason=""),
                name="housing_assistance_override_reason",
            ),
            models.CheckConstraint(condition=~Q(payee=""), name="housing_assistance_payee"),
        ]
        indexes = [
            models.Index(fields=["budget", "status"], name="housing_assistance_budget"),
            models.Index(fields=["status", "period_end"], name="housing_assistance_ending"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.amount} $"

    @property
    def is_monthly(self) -> bool:
        return self.kind in MONTHLY_KINDS


class AssistancePayment(BaseModel):
    """A payment made on an approved line of assistance."""

    assistance = models.ForeignKey(
        FinancialAssistance,
        verbose_name=_("financial assistance"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("A cheque or transfer number.")
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("assistance payment")
        verbose_name_plural = _("assistance payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="housing_payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} — {self.amount} $"


__all__ = [
    "COMMITTED_STATUSES",
    "MONTHLY_KINDS",
    "SUBSIDY_KINDS",
    "AssistanceKind",
    "AssistancePayment",
    "AssistanceStatus",
    "FinancialAssistance",
    "HousingBudget",
    "committed_total",
    "months_in_period",
]
