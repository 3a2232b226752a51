"""The client-centred plan: the plan, its goals, their steps and progress reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from parcours.core.models import BaseModel


class SupportType(models.TextChoices):
    HOUSING = "housing", _("Housing supports")
    CLINICAL = "clinical", _("Clinical supports")
    COMPLEMENTARY = "complementary", _("Complementary supports")


class SubDomain(models.TextChoices):
    HOUSING_SEARCH = "housing_search", _("Housing search")
    MOVE_IN = "move_in", _("Moving in and settling")
    HOUSING_RETENTION = "housing_retention", _("Keeping housing")
    RENT_SUBSIDY = "rent_subsidy", _("Rent and utility subsidies")
    LANDLORD = "landlord", _("Landlord relations and mediation")
    SOCIAL_HOUSING = "social_housing", _("Social housing and rent supplement applications")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    ADDICTION = "addiction", _("Addiction and substance use")
    PRIMARY_CARE = "primary_care", _("Primary care")
    INCOME = "income", _("Income")
    EMPLOYMENT = "employment", _("Employment")
    LIFE_SKILLS = "life_skills", _("Life skills (budget, meals …)")
    LEARNING = "learning", _("Learning")
    VOLUNTEERING = "volunteering", _("Volunteering and reducing isolation")
    LEGAL = "legal", _("Legal help")
    IDENTIFICATION = "identification", _("Identification documents")


SUBDOMAIN_SUPPORT: dict[str, str] = {
    SubDomain.HOUSING_SEARCH: SupportType.HOUSING,
    SubDomain.MOVE_IN: SupportType.HOUSING,
    SubDomain.HOUSING_RETENTION: SupportType.HOUSING,
    SubDomain.RENT_SUBSIDY: SupportType.HOUSING,
    SubDomain.LANDLORD: SupportType.HOUSING,
    SubDomain.SOCIAL_HOUSING: SupportType.HOUSING,
    SubDomain.MENTAL_HEALTH: SupportType.CLINICAL,
    SubDomain.ADDICTION: SupportType.CLINICAL,
    SubDomain.PRIMARY_CARE: SupportType.CLINICAL,
    SubDomain.INCOME: SupportType.COMPLEMENTARY,
    SubDomain.EMPLOYMENT: SupportType.COMPLEMENTARY,
    SubDomain.LIFE_SKILLS: SupportType.COMPLEMENTARY,
    SubDomain.LEARNING: SupportType.COMPLEMENTARY,
    SubDomain.VOLUNTEERING: SupportType.COMPLEMENTARY,
    SubDomain.LEGAL: SupportType.COMPLEMENTARY,
    SubDomain.IDENTIFICATION: SupportType.COMPLEMENTARY,
}


class ResponsibleParty(models.TextChoices):
    CLIENT = "client", _("The client")
    WORKER = "worker", _("The worker")
    PARTNER = "partner", _("A partner organization")


class PlanGoalStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    ACHIEVED = "achieved", _("Achieved")
    STOPPED = "stopped", _("No longer wanted")


class GoalProgress(models.TextChoices):
    NONE = "none", _("No progress yet")
    SOME = "some", _("Some progress")
    GOOD = "good", _("Good progress")
    ACHIEVED = "achieved", _("Achieved")
    SETBACK = "setback", _("Setback")


class CasePlan(BaseModel):
    """The client's plan: one per client, shared by the partners the client
    shares the case plan with. It belongs to the client, not to a program,
    so it carries over when the client moves from one program to another."""

    client = models.OneToOneField(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="plan"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    in_own_words = models.TextField(_("what the client wants, in their own words"), blank=True)
    strengths = models.TextField(_("strengths and supports"), blank=True)
    context = models.TextField(
        _("context"),
        blank=True,
        help_text=_(
            "What shapes the support: age, capacity, culture, gender, history …, "
            "as the client wishes it recorded."
        ),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(verbose_name=_("historical plan"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(self.client)


class Goal(BaseModel):
    """A goal the client set, in their own words, with its support type and
    sub-domain, who is responsible and the target date."""

    plan = models.ForeignKey(
        CasePlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="goals"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded by (organization)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    statement = models.TextField(_("the goal, in the client's words"))
    support_type = models.CharField(
        _("type of support"), max_length=20, choices=SupportType.choices
    )
    sub_domain = models.CharField(_("area"), max_length=30, choices=SubDomain.choices)
    responsible = models.CharField(
        _("who is responsible"), max_length=10, choices=ResponsibleParty.choices
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("responsible partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanGoalStatus.choices, default=PlanGoalStatus.ACTIVE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(verbose_name=_("historical goal"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(condition=~Q(statement=""), name="goal_has_a_statement"),
            models.CheckConstraint(
                condition=~Q(responsible="partner") | Q(responsible_organization__isnull=False),
                name="partner_goal_names_the_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class GoalStep(BaseModel):
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="steps"
    )
    description = models.CharField(_("step"), max_length=300)
    responsible = models.CharField(
        _("who is responsible"), max_length=10, choices=ResponsibleParty.choices
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historical goal step"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.description


class GoalReview(BaseModel):
    """A progress review of a goal, with the client."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="reviews"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField(_("date"))
    progress = models.CharField(_("progress"), max_length=10, choices=GoalProgress.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]
        verbose_name = _("progress review")
        verbose_name_plural = _("progress reviews")

    def __str__(self) -> str:
        return f"{self.goal} {self.reviewed_on}"
