"""Households and families: who lives together, from when to when, in which
relationship; who is the guardian of a dependent child; the family's own
assessment and goals; and (see ``HouseholdEnrollment``) a family's enrollment
in a program.

A household has no name of its own: it is shown by the names of the members
the reader may see, so that it never reveals a person the reader may not see.
A client may belong to several households over time (memberships are dated
and kept), but to one current household at a time.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parcours.core.models import BaseModel


class Relationship(models.TextChoices):
    """A member's relationship to the household's head."""

    HEAD = "head", _("Head of household")
    SPOUSE_PARTNER = "spouse_partner", _("Spouse or partner")
    CHILD = "child", _("Child")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", pgettext_lazy("household relationship", "Other")


class Household(BaseModel):
    """A family or group of people who live together and are served together."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    formed_on = models.DateField(_("formed on"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-formed_on", "-created_at"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return str(_("Household formed on %(date)s") % {"date": self.formed_on.isoformat()})


class HouseholdMembershipQuerySet(models.QuerySet["HouseholdMembership"]):
    def on(self, day: Any) -> HouseholdMembershipQuerySet:
        """Memberships in force on ``day``: joined on or before it, not left
        before it (a member who leaves on a day is no longer a member that day)."""
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))

    def current(self) -> HouseholdMembershipQuerySet:
        return self.filter(left_on__isnull=True)


class HouseholdMembership(BaseModel):
    """One client's membership of one household, from ``joined_on`` until
    ``left_on`` (exclusive; open while empty). A change of relationship ends
    the membership and starts a new one, so the history is kept."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="household_memberships",
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)
    head_reason = models.CharField(
        _("why a minor is head of household"),
        max_length=300,
        blank=True,
        help_text=_("Required when the head of household is under the age of majority."),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: Any = HouseholdMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_on", "created_at"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        indexes = [
            models.Index(fields=["household", "joined_on"]),
            models.Index(fields=["client", "joined_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
                name="household_member_leaves_after_joining",
            ),
            models.UniqueConstraint(
                "client",
                condition=Q(left_on__isnull=True),
                name="one_current_household_per_client",
            ),
            models.UniqueConstraint(
                "household",
                condition=Q(left_on__isnull=True, relationship="head"),
                name="one_current_head_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} / {self.get_relationship_display()}"

    def in_force_on(self, day: Any) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


class GuardianshipQuerySet(models.QuerySet["Guardianship"]):
    def in_force(self, day: Any) -> GuardianshipQuerySet:
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=day)
        )


class Guardianship(BaseModel):
    """A member of the household is the guardian of a dependent member (a
    child). While the dependent is under the age of consent, the guardian's
    consent directives govern who sees the dependent's record."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="guardianships",
    )
    dependent = models.ForeignKey(
        "clients.Client",
        verbose_name=_("dependent"),
        on_delete=models.PROTECT,
        related_name="guardianships_as_dependent",
    )
    guardian = models.ForeignKey(
        "clients.Client",
        verbose_name=_("guardian"),
        on_delete=models.PROTECT,
        related_name="guardianships_as_guardian",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=300, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: Any = GuardianshipQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "created_at"]
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(dependent=F("guardian")),
                name="guardian_is_not_their_own_dependent",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="guardianship_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                "dependent",
                "guardian",
                condition=Q(end_date__isnull=True),
                name="one_open_guardianship_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.dependent}"


class GoalDomain(models.TextChoices):
    HOUSING = "housing", _("Housing")
    DAYCARE = "daycare", _("Daycare")
    SCHOOL_REGISTRATION = "school_registration", _("School registration")
    INCOME = "income", _("Income")
    HEALTH = "health", _("Health")
    FOOD = "food", _("Food")
    LEGAL = "legal", _("Legal")
    FAMILY_SUPPORT = "family_support", _("Family support")
    OTHER = "other", pgettext_lazy("goal domain", "Other")


class GoalStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("goal status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    WITHDRAWN = "withdrawn", _("No longer wanted")


class HouseholdAssessment(BaseModel):
    """An assessment of the needs of the family as a whole (the members'
    individual assessments are casework records)."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("assessed on"))
    needs = models.JSONField(_("needs of the family"), default=list, blank=True)
    summary = models.TextField(_("summary, in the family's words"))
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("household assessment")
        verbose_name_plural = _("household assessments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(summary=""), name="household_assessment_has_a_summary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.assessed_on}"

    def need_labels(self) -> list[str]:
        return [str(GoalDomain(n).label) for n in self.needs if n in GoalDomain.values]


class HouseholdGoal(BaseModel):
    """A goal the family sets for itself (daycare, school registration,
    housing …), alongside each member's individual goals in casework."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="goals",
    )
    assessment = models.ForeignKey(
        HouseholdAssessment,
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    domain = models.CharField(_("domain"), max_length=30, choices=GoalDomain.choices)
    description = models.TextField(_("goal, in the family's words"))
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["status", "target_date", "created_at"]
        verbose_name = _("household goal")
        verbose_name_plural = _("household goals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(description=""), name="household_goal_has_a_description"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.description[:40]}"


class HouseholdEnrollment(BaseModel):
    """A family enrolled in a program in one action. Each member keeps an
    individual enrollment (``casework.Enrollment``), linked to this one by
    ``HouseholdEnrollmentMember``."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="household_enrollments",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("household enrollment")
        verbose_name_plural = _("household enrollments")
        constraints = [
            models.UniqueConstraint(
                "household",
                "program",
                condition=Q(end_date__isnull=True),
                name="one_open_household_enrollment_per_program",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="household_enrollment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.start_date}"


class HouseholdEnrollmentMember(BaseModel):
    """One member's individual enrollment, as part of the family's."""

    household_enrollment = models.ForeignKey(
        HouseholdEnrollment,
        verbose_name=_("household enrollment"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    enrollment = models.OneToOneField(
        "casework.Enrollment",
        verbose_name=_("individual enrollment"),
        on_delete=models.PROTECT,
        related_name="household_link",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("member enrollment")
        verbose_name_plural = _("member enrollments")

    def __str__(self) -> str:
        return str(self.enrollment_id)
