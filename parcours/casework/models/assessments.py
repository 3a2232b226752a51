"""Acuity assessment: instruments stored as data, and the assessments scored with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel, BilingualName
from parcours.core.text import in_language


class ServiceLevel(models.TextChoices):
    ACT = "act", _("Assertive community treatment (ACT)")
    ICM = "icm", _("Intensive case management (ICM)")
    BRIEF = "brief", _("Brief support or regular services")


class AssessmentInstrument(BaseModel):
    """An acuity instrument stored as data: domains, questions, answers with
    their scores, and the bands that turn a total into a recommendation."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    reassess_after_days = models.PositiveSmallIntegerField(_("reassess after (days)"), default=180)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)


class InstrumentDomain(BilingualName):
    instrument = models.ForeignKey(
        AssessmentInstrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    code = models.SlugField(_("code"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["instrument", "sort_order", "code"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint("instrument", "code", name="domain_code_unique_in_instrument"),
        ]


class InstrumentQuestion(models.Model):
    domain = models.ForeignKey(
        InstrumentDomain,
        verbose_name=_("domain"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.SlugField(_("code"), max_length=60)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_fr = models.CharField(_("question (French)"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["domain__sort_order", "sort_order", "code"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint("domain", "code", name="question_code_unique_in_domain"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_fr, self.text_en)


class InstrumentAnswer(models.Model):
    question = models.ForeignKey(
        InstrumentQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    code = models.SlugField(_("code"), max_length=60)
    text_en = models.CharField(_("answer (English)"), max_length=300)
    text_fr = models.CharField(_("answer (French)"), max_length=300)
    score = models.PositiveSmallIntegerField(_("score"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["question", "sort_order", "score"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint("question", "code", name="answer_code_unique_in_question"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_fr, self.text_en)


class InstrumentBand(models.Model):
    """A range of total scores and the service level it recommends."""

    instrument = models.ForeignKey(
        AssessmentInstrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="bands",
    )
    min_score = models.PositiveSmallIntegerField(_("from score"))
    max_score = models.PositiveSmallIntegerField(_("to score"))
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=ServiceLevel.choices
    )
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    explanation_en = models.TextField(_("explanation (English)"))
    explanation_fr = models.TextField(_("explanation (French)"))

    class Meta:
        ordering = ["instrument", "min_score"]
        verbose_name = _("band")
        verbose_name_plural = _("bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=models.F("min_score")), name="band_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def explanation(self) -> str:
        return in_language(self.explanation_fr, self.explanation_en)


class Assessment(BaseModel):
    """One acuity assessment of a client: the answers, the subtotal of each
    domain, the total, the band's recommendation with its explanation, and
    the level the worker chose (with a reason when it differs)."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument = models.ForeignKey(
        AssessmentInstrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    total_score = models.PositiveSmallIntegerField(_("total score"))
    max_score = models.PositiveSmallIntegerField(_("highest possible score"))
    domain_scores = models.JSONField(_("scores by domain"), default=dict)
    band = models.ForeignKey(
        InstrumentBand,
        verbose_name=_("band"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=ServiceLevel.choices
    )
    chosen_level = models.CharField(_("level chosen"), max_length=10, choices=ServiceLevel.choices)
    override_reason = models.TextField(_("reason for another level"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("acuity assessment")
        verbose_name_plural = _("acuity assessments")
        indexes = [models.Index(fields=["client", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(chosen_level=models.F("recommendation")) | ~Q(override_reason=""),
                name="another_level_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(total_score__lte=models.F("max_score")), name="score_within_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.assessed_on}"


class AssessmentResponse(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(
        InstrumentQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.ForeignKey(
        InstrumentAnswer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint("assessment", "question", name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answer_id}"
