"""The opportunities board: jobs, volunteering, training and learning
(tutoring…) that partners, schools and employment services post
(``Opportunity``, partner data every partner reads; the posting organization
changes and closes it); what a client wants and what holds them back
(``OpportunityInterest``); and each client referred to an opportunity, with
its outcome (``Placement``: referred, started, completed or ended early, and
whether the client was still there three months after starting).

Interests and placements are complementary-support client data of the
client's case plan (``parcours.access.opportunities``)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel, RecordedByOrganization


class OpportunityKind(models.TextChoices):
    JOB = "job", _("Job")
    VOLUNTEER = "volunteer", _("Volunteering")
    TRAINING = "training", _("Training")
    LEARNING = "learning", _("Learning (tutoring, classes)")


class Language(models.TextChoices):
    """The language of an opportunity, or the official languages a client speaks."""

    FR = "fr", _("French")
    EN = "en", _("English")
    BOTH = "both", _("French and English")


class Schedule(models.TextChoices):
    DAYTIME = "daytime", _("Weekdays, daytime")
    EVENINGS = "evenings", _("Evenings")
    WEEKENDS = "weekends", _("Weekends")
    FLEXIBLE = "flexible", _("Flexible hours")


class Requirement(models.TextChoices):
    DRIVERS_LICENCE = "drivers_licence", _("Driver's licence")
    FOOD_SAFETY = "food_safety", _("Food safety certificate")
    POLICE_CHECK = "police_check", _("Police record check")
    SAFETY_BOOTS = "safety_boots", _("Safety boots")
    HIGH_SCHOOL = "high_school", _("High school diploma")
    HEAVY_LIFTING = "heavy_lifting", _("Able to lift heavy loads")


class PlacementStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


# A placement that began: it has a start date.
BEGUN_PLACEMENT_STATUSES = frozenset(
    {PlacementStatus.STARTED, PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY}
)
# A placement that is over: it has an end date.
ENDED_PLACEMENT_STATUSES = frozenset({PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY})
# How long after the start the client is asked whether they are still there.
RETENTION_DAYS = 90


class Opportunity(BaseModel, RecordedByOrganization):
    """An opportunity a partner posts (``organization``), in French and/or English."""

    kind = models.CharField(_("kind"), max_length=12, choices=OpportunityKind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    host = models.CharField(
        _("employer or host"),
        max_length=200,
        help_text=_("Who the client will work, volunteer or learn with."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    area = models.CharField(
        _("area"),
        max_length=100,
        blank=True,
        help_text=_("Neighbourhood or part of the city, compared with where clients want to go."),
    )
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices)
    schedule_detail = models.CharField(_("hours"), max_length=200, blank=True)
    requirements = models.JSONField(_("requirements"), default=list, blank=True)
    requirements_detail = models.TextField(_("other requirements"), blank=True)
    language = models.CharField(_("language"), max_length=4, choices=Language.choices)
    places = models.PositiveSmallIntegerField(_("places available"))
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["closes_on", "-created_at"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OpportunityKind.values), name="community_opportunity_kind"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="community_opportunity_language"
            ),
            models.CheckConstraint(
                condition=Q(schedule__in=Schedule.values), name="community_opportunity_schedule"
            ),
            models.CheckConstraint(
                condition=~Q(title_fr="") | ~Q(title_en=""), name="community_opportunity_titled"
            ),
            models.CheckConstraint(condition=~Q(host=""), name="community_opportunity_host"),
            models.CheckConstraint(condition=Q(places__gte=1), name="community_opportunity_places"),
        ]
        indexes = [
            models.Index(fields=["kind", "closes_on"], name="community_opportunity_kind_ix"),
            models.Index(fields=["organization", "closed_at"], name="community_opportunity_org"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """Both titles when they differ ("Commis d'entrepôt / Warehouse clerk")."""
        titles = [t for t in (self.title_fr, self.title_en) if t]
        return " / ".join(dict.fromkeys(titles))

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def is_open_on(self, today: dt.date) -> bool:
        return self.closed_at is None and (self.closes_on is None or self.closes_on >= today)

    @property
    def requirement_labels(self) -> list[str]:
        labels = dict(Requirement.choices)
        return [str(labels[r]) for r in self.requirements if r in labels]


class OpportunityInterest(BaseModel, RecordedByOrganization):
    """What a client wants (kinds of opportunity) and their constraints, as
    one organization recorded them (one record per client and organization)."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    kinds = models.JSONField(_("kinds wanted"), default=list)
    language = models.CharField(
        _("official languages spoken"), max_length=4, choices=Language.choices
    )
    area = models.CharField(
        _("area wanted"),
        max_length=100,
        blank=True,
        help_text=_("Empty: anywhere in the city."),
    )
    available_daytime = models.BooleanField(_("available weekdays, daytime"), default=True)
    available_evenings = models.BooleanField(_("available evenings"), default=False)
    available_weekends = models.BooleanField(_("available weekends"), default=False)
    lacks = models.JSONField(_("requirements the client does not meet yet"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    ended_at = models.DateTimeField(_("no longer looking since"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("opportunity interest")
        verbose_name_plural = _("opportunity interests")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "organization"], name="community_interest_once_per_org"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="community_interest_language"
            ),
        ]
        indexes = [models.Index(fields=["client", "ended_at"], name="community_interest_client")]

    def __str__(self) -> str:
        return ", ".join(self.kind_labels)

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(OpportunityKind.choices)
        return [str(labels[k]) for k in self.kinds if k in labels]

    @property
    def lack_labels(self) -> list[str]:
        labels = dict(Requirement.choices)
        return [str(labels[r]) for r in self.lacks if r in labels]


class Placement(BaseModel, RecordedByOrganization):
    """A client referred to an opportunity (``organization`` referred them)
    and what came of it."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    referral = models.ForeignKey(
        "coordination.Referral",
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PlacementStatus.choices,
        default=PlacementStatus.REFERRED,
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    retained_at_3_months = models.BooleanField(_("still there at 3 months"), null=True, blank=True)
    followed_up_on = models.DateField(_("3-month follow-up on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "opportunity"], name="community_placement_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlacementStatus.values), name="community_placement_status"
            ),
            models.CheckConstraint(
                condition=Q(status=PlacementStatus.REFERRED) | Q(started_on__isnull=False),
                name="community_placement_begun_has_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(ENDED_PLACEMENT_STATUSES))
                | Q(ended_on__isnull=False),
                name="community_placement_ended_has_end",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="community_placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(retained_at_3_months__isnull=True, followed_up_on__isnull=True)
                | Q(retained_at_3_months__isnull=False, followed_up_on__gt=F("started_on")),
                name="community_placement_follow_up_dated",
            ),
        ]
        indexes = [models.Index(fields=["client", "status"], name="community_placement_client")]

    def __str__(self) -> str:
        return f"{self.opportunity} — {self.get_status_display()}"

    @property
    def follow_up_due_on(self) -> dt.date | None:
        """The first day the 3-month follow-up may be recorded."""
        if self.started_on is None:
            return None
        return self.started_on + dt.timedelta(days=RETENTION_DAYS)


__all__ = [
    "BEGUN_PLACEMENT_STATUSES",
    "ENDED_PLACEMENT_STATUSES",
    "RETENTION_DAYS",
    "Language",
    "Opportunity",
    "OpportunityInterest",
    "OpportunityKind",
    "Placement",
    "PlacementStatus",
    "Requirement",
    "Schedule",
]
