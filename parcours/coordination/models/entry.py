"""Coordinated-entry history recorded in another system: the assessments
(crisis or housing needs, and whether the person was put on the priority
list) and the events (referrals to prevention, shelter, housing projects,
problem solving, and their result) an HMIS export carries. An import writes
them; they show on the client's timeline beside Parcours' own assessments
and referrals.

Case-plan data under the client's directives: the importing organization
sees its own, a partner the client shares the case plan with sees them too."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class EntryRecordKind(models.TextChoices):
    ASSESSMENT = "assessment", _("Coordinated-entry assessment")
    EVENT = "event", _("Coordinated-entry event")


class EntryAssessmentType(models.TextChoices):
    PHONE = "phone", _("By phone")
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")


class EntryAssessmentLevel(models.TextChoices):
    CRISIS = "crisis_needs", _("Crisis needs")
    HOUSING = "housing_needs", _("Housing needs")


class EntryEvent(models.TextChoices):
    PREVENTION = "prevention", _("Referral to prevention assistance")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving, diversion or rapid resolution")
    CRISIS_ASSESSMENT = "crisis_assessment", _("Referral to a crisis needs assessment")
    HOUSING_ASSESSMENT = "housing_assessment", _("Referral to a housing needs assessment")
    AFTERCARE = "aftercare", _("Referral to follow-up case management after housing")
    OUTREACH = "outreach", _("Referral to street outreach")
    NAVIGATION = "navigation", _("Referral to housing navigation")
    NOT_ELIGIBLE = "not_eligible", _("Referral outside the network: not eligible")
    NO_PLACE = "no_place", _("Referral outside the network: no place available")
    SHELTER = "shelter", _("Referral to an emergency shelter bed")
    TRANSITIONAL = "transitional", _("Referral to transitional housing")
    TRANSITIONAL_RAPID = "transitional_rapid", _("Referral to transitional and rapid re-housing")
    RAPID_REHOUSING = "rapid_rehousing", _("Referral to rapid re-housing")
    SUPPORTIVE_HOUSING = "supportive_housing", _("Referral to permanent supportive housing")
    OTHER_HOUSING = "other_housing", _("Referral to other permanent housing")
    EMERGENCY_FUND = "emergency_fund", _("Referral to emergency financial or furniture help")
    HOUSING_VOUCHER = "housing_voucher", _("Referral to a housing voucher")
    STABILITY_VOUCHER = "stability_voucher", _("Referral to a housing stability voucher")


class EntryReferralResult(models.TextChoices):
    ACCEPTED = "accepted", _("Successful: the person accepted")
    CLIENT_DECLINED = "client_declined", _("Unsuccessful: the person declined")
    PROVIDER_DECLINED = "provider_declined", _("Unsuccessful: the provider declined")


class CoordinatedEntryRecord(BaseModel):
    """One assessment or event of another system's coordinated entry.
    ``reference`` names the source record, so a later import replaces it."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryRecordKind.choices)
    occurred_on = models.DateField(_("date"))
    assessment_type = models.CharField(
        _("how"), max_length=20, choices=EntryAssessmentType.choices, blank=True
    )
    assessment_level = models.CharField(
        _("level"), max_length=20, choices=EntryAssessmentLevel.choices, blank=True
    )
    prioritized = models.BooleanField(_("placed on the priority list"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=250, blank=True)
    event = models.CharField(_("event"), max_length=30, choices=EntryEvent.choices, blank=True)
    referral_result = models.CharField(
        _("result"), max_length=20, choices=EntryReferralResult.choices, blank=True
    )
    result_on = models.DateField(_("result date"), null=True, blank=True)
    reference = models.CharField(_("taken from"), max_length=160)

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("coordinated-entry record")
        verbose_name_plural = _("coordinated-entry records")
        indexes = [models.Index(fields=["client", "occurred_on"])]
        constraints = [
            models.UniqueConstraint("reference", name="coordination_entry_reference_unique"),
            models.CheckConstraint(
                condition=Q(kind=EntryRecordKind.ASSESSMENT, event="")
                | Q(kind=EntryRecordKind.EVENT, assessment_type="", assessment_level=""),
                name="coordination_entry_fields_fit_the_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    @property
    def summary(self) -> str:
        """What happened, in the reader's language: the level and the list
        for an assessment, the event and its result for an event."""
        if self.kind == EntryRecordKind.ASSESSMENT:
            parts = [self.get_assessment_level_display(), self.get_assessment_type_display()]
            if self.prioritized is not None:
                parts.append(
                    str(_("placed on the priority list"))
                    if self.prioritized
                    else str(_("not placed on the priority list"))
                )
        else:
            parts = [self.get_event_display(), self.get_referral_result_display()]
        return " · ".join(str(p) for p in parts if p)
