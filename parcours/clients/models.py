"""The shared client registry: one record per person for the whole network,
their consent directives, emergency (break-the-glass) access, hub visits with
the services given, and the pathway Visit → Safety → Support → Stability."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parcours.core.models import BaseModel, BilingualName

PREFER_NOT_TO_ANSWER = "prefer_not_to_answer"


class ReferenceList(models.TextChoices):
    GENDER_IDENTITY = "gender_identity", _("Gender identity")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    INDIGENOUS_IDENTITY = "indigenous_identity", _("Indigenous identity")
    RACIALIZED_IDENTITY = "racialized_identity", _("Racialized identity")
    CITIZENSHIP_STATUS = "citizenship_status", _("Citizenship or immigration status")
    HOUSING_SITUATION = "housing_situation", _("Housing situation")


class ReferenceOption(BilingualName):
    """One answer of a bilingual reference list (gender identity, housing
    situation …). Every list has a "prefers not to answer" option."""

    list = models.CharField(_("list"), max_length=40, choices=ReferenceList.choices)
    code = models.SlugField(_("code"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["list", "sort_order", "code"]
        verbose_name = _("reference option")
        verbose_name_plural = _("reference options")
        constraints = [
            models.UniqueConstraint("list", "code", name="reference_option_code_unique_in_list"),
        ]


class OfficialLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class YesNoPrefer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = PREFER_NOT_TO_ANSWER, _("Prefers not to answer")


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")


# The identity and context fields a worker edits, in the order forms show them.
IDENTITY_FORM_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "date_of_birth_estimated",
    "birth_year",
    "gender_identity",
    "sexual_orientation",
    "indigenous_identity",
    "racialized_identity",
    "preferred_language",
    "other_languages",
    "citizenship_status",
    "veteran_status",
    "health_card_province",
    "health_card_number",
    "phone",
    "email",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "housing_situation_at_intake",
)


def _ref(list_name: str, verbose: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        ReferenceOption,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list": list_name, "is_active": True},
    )


class Client(BaseModel):
    """A person served by the network: a client of the sector, not of an agency.

    An anonymous record (the person declined to be identified) holds only a
    year of birth and a gender, and can later be linked to a named record."""

    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    given_name = models.CharField(_("given name(s)"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    preferred_name = models.CharField(_("preferred name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(_("date of birth estimated"), default=False)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender_identity = _ref(ReferenceList.GENDER_IDENTITY, _("gender identity"))
    sexual_orientation = _ref(ReferenceList.SEXUAL_ORIENTATION, _("sexual orientation"))
    indigenous_identity = _ref(ReferenceList.INDIGENOUS_IDENTITY, _("Indigenous identity"))
    racialized_identity = _ref(ReferenceList.RACIALIZED_IDENTITY, _("racialized identity"))
    preferred_language = models.CharField(
        _("preferred official language"),
        max_length=2,
        choices=OfficialLanguage.choices,
        default=OfficialLanguage.FRENCH,
    )
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    citizenship_status = _ref(
        ReferenceList.CITIZENSHIP_STATUS, _("citizenship or immigration status")
    )
    veteran_status = models.CharField(
        _("veteran of the Canadian Armed Forces or RCMP"),
        max_length=30,
        choices=YesNoPrefer.choices,
        blank=True,
    )
    health_card_province = models.CharField(
        _("health card province"), max_length=2, choices=Province.choices, blank=True
    )
    health_card_number = models.CharField(_("health card number"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=150, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=40, blank=True
    )
    emergency_contact_relationship = models.CharField(
        _("relationship of the emergency contact"), max_length=80, blank=True
    )
    housing_situation_at_intake = _ref(
        ReferenceList.HOUSING_SITUATION, _("housing situation at intake")
    )
    registered_by_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_clients",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by (staff)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_to = models.ForeignKey(
        "self",
        verbose_name=_("linked to the named record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked_anonymous_records",
    )
    # Accent- and case-folded names and aliases, kept by the services, for search.
    search_text = models.CharField(max_length=1000, blank=True, db_index=True, editable=False)
    # Phonetic keys of every name and alias (" K1 K2 "), kept by the services,
    # to find likely existing records before creating one.
    name_keys = models.CharField(max_length=500, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["health_card_number"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["registered_by_organization", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=True) | (~Q(given_name="") & ~Q(family_name="")),
                name="named_client_has_given_and_family_name",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="client_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(linked_to__isnull=True) | Q(is_anonymous=True),
                name="only_anonymous_records_are_linked",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.is_anonymous:
            return str(_("Anonymous person"))
        given = self.preferred_name or self.given_name
        return f"{given} {self.family_name}".strip()

    @property
    def year_of_birth(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.birth_year


class AliasKind(models.TextChoices):
    BIRTH_OR_MARRIED = "birth_or_married", _("Birth or married name")
    NICKNAME = "nickname", _("Nickname")
    OTHER_SPELLING = "other_spelling", _("Other spelling")
    OTHER = "other", _("Other")


class ClientAlias(BaseModel):
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="aliases"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AliasKind.choices)
    given_name = models.CharField(_("given name(s)"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="") | ~Q(family_name=""), name="alias_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class DataCategory(models.TextChoices):
    """What a consent directive shares, and what every record belongs to."""

    IDENTITY = "identity", _("Identity and contact")
    HOUSING = "housing", _("Housing")
    CASE_PLAN = "case_plan", _("Case plan and general notes")
    CLINICAL = "clinical", _("Clinical and health")
    FINANCIAL = "financial", _("Financial")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    VERBAL = "verbal", _("Verbal")


class ConsentDirectiveQuerySet(models.QuerySet["ConsentDirective"]):
    def in_force(self, on: Any) -> ConsentDirectiveQuerySet:
        """Directives that share today: started, not ended, not withdrawn."""
        return self.filter(withdrawn_at__isnull=True, start_date__lte=on, end_date__gte=on)


class ConsentDirective(BaseModel):
    """The client's decision about which partners see which categories of
    their record, from a start date to an end date. Withdrawal takes effect
    on the next request."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="consents"
    )
    all_partners = models.BooleanField(_("all partners of the network"), default=False)
    organizations = models.ManyToManyField(
        "accounts.Organization",
        verbose_name=_("partners"),
        blank=True,
        related_name="+",
    )
    share_identity = models.BooleanField(_("identity and contact"), default=False)
    share_housing = models.BooleanField(_("housing"), default=False)
    share_case_plan = models.BooleanField(_("case plan and general notes"), default=False)
    share_clinical = models.BooleanField(_("clinical and health"), default=False)
    share_financial = models.BooleanField(_("financial"), default=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    witnessed_by = models.CharField(_("witnessed by"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    objects: Any = ConsentDirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("consent directive")
        verbose_name_plural = _("consent directives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="consent_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(share_identity=True)
                | Q(share_housing=True)
                | Q(share_case_plan=True)
                | Q(share_clinical=True)
                | Q(share_financial=True),
                name="consent_shares_at_least_one_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.start_date}–{self.end_date}"

    @property
    def categories(self) -> list[str]:
        return [c for c in DataCategory.values if getattr(self, self.share_field(c))]

    @staticmethod
    def share_field(category: str) -> str:
        """The boolean field that shares ``category`` (``share_housing``…)."""
        return f"share_{DataCategory(category)}"

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.categories]

    def status(self, on: Any) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.start_date > on:
            return "future"
        if self.end_date < on:
            return "expired"
        return "active"


class ConsentLockBox(BaseModel):
    """Keeps one category, or one specific record, of a client's file from one
    partner, whatever the directives share."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="lock_boxes"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(
        _("category"), max_length=20, choices=DataCategory.choices, blank=True
    )
    target_type = models.CharField(_("record type"), max_length=80, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lock-box")
        verbose_name_plural = _("lock-boxes")
        constraints = [
            models.CheckConstraint(
                condition=(~Q(category="") & Q(target_id=""))
                | (Q(category="") & ~Q(target_id="") & ~Q(target_type="")),
                name="lockbox_is_a_category_or_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} / {self.organization}"


class BreakGlassAccess(BaseModel):
    """Emergency access to a client outside consent: a mandatory reason, a
    limited time, audited, and on the coordinator's review list until reviewed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="break_glass"
    )
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField(_("access ends"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_has_a_reason"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="break_glass_expires_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.client}"


class Need(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    FOOD = "food", _("Food")
    SHOWER = "shower", _("Shower")
    CLOTHING = "clothing", _("Clothing")
    HEALTH = "health", _("Health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    ID_DOCUMENTS = "id_documents", _("ID documents")
    INCOME = "income", _("Income")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    LEGAL = "legal", _("Legal")
    OTHER = "other", pgettext_lazy("need", "Other")


class ServiceKind(models.TextChoices):
    MEAL = "meal", _("Meal")
    SHOWER = "shower", _("Shower")
    CLOTHING = "clothing", _("Clothing")
    NALOXONE_KIT = "naloxone_kit", _("Naloxone kit")
    HARM_REDUCTION = "harm_reduction", _("Harm-reduction supplies")
    SHELTER_REFERRAL = "shelter_referral", _("Shelter referral")
    BED_SECURED = "bed_secured", _("Shelter bed secured")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", pgettext_lazy("service", "Other")


class Visit(BaseModel):
    """A person's visit to a hub or site: the needs they expressed and the
    services given on the spot."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="visits"
    )
    occurred_at = models.DateTimeField(_("date and time"))
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    site = models.CharField(_("site"), max_length=150, blank=True)
    needs = models.JSONField(_("needs expressed"), default=list, blank=True)
    needs_other = models.CharField(_("other needs"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["organization", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.client} {self.occurred_at:%Y-%m-%d}"

    def need_labels(self) -> list[str]:
        return [str(Need(n).label) for n in self.needs if n in Need.values]


class VisitService(BaseModel):
    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField(_("service"), max_length=30, choices=ServiceKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    naloxone_training = models.BooleanField(_("naloxone training given"), default=False)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("service given")
        verbose_name_plural = _("services given")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="visit_service_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(naloxone_training=False) | Q(kind="naloxone_kit"),
                name="naloxone_training_only_with_a_kit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.quantity}"


class Stage(models.TextChoices):
    VISIT = "visit", _("Visit")
    SAFETY = "safety", _("Safety")
    SUPPORT = "support", _("Support")
    STABILITY = "stability", _("Stability")


STAGE_ORDER = {Stage.VISIT: 1, Stage.SAFETY: 2, Stage.SUPPORT: 3, Stage.STABILITY: 4}


class PathwayStage(BaseModel):
    """One step of a client's pathway: from this date, the client is at this
    stage. The newest row is the current stage."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="pathway"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    previous_stage = models.CharField(
        _("previous stage"), max_length=12, choices=Stage.choices, blank=True
    )
    entered_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
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
        ordering = ["-entered_on", "-created_at"]
        verbose_name = _("pathway stage")
        verbose_name_plural = _("pathway stages")
        indexes = [models.Index(fields=["client", "entered_on"])]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_stage_display()} ({self.entered_on})"

    @property
    def is_backward(self) -> bool:
        if not self.previous_stage:
            return False
        return STAGE_ORDER[Stage(self.stage)] < STAGE_ORDER[Stage(self.previous_stage)]


class AlertKind(models.TextChoices):
    BACKWARD_MOVE = "backward_move", _("Moved back a stage")
    RETURN_TO_HOMELESSNESS = (
        "return_to_homelessness",
        _("Returned to homelessness within 12 months of stability"),
    )


class RevolvingDoorAlert(BaseModel):
    """Raised when a client falls back on the pathway (the revolving door)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="alerts"
    )
    pathway_stage = models.OneToOneField(
        PathwayStage,
        verbose_name=_("pathway change"),
        on_delete=models.PROTECT,
        related_name="alert",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("revolving-door alert")
        verbose_name_plural = _("revolving-door alerts")

    def __str__(self) -> str:
        return f"{self.client}: {self.get_kind_display()}"
