"""Income and documents, stigma and advocacy.

Income and documents: trackers of a client's applications to income
programs (social assistance, disability support, pensions, tax filing and
benefits) and of the ID documents they need replaced (health card, birth
certificate, SIN card, status card…).

Financial-category client data: the organization that helps the client with
one keeps it (it always sees what it wrote); other partners see it while the
client shares their financial information with them, less lock-boxes
(``parcours.access.community``). Each may serve a goal of the client's plan.
A change made from a stale copy (``version``) is refused, not lost; the
history of each tracker is kept (``django-simple-history``).

Stigma and advocacy: discrimination a client met at a provider **outside**
the network (``StigmaIncident``: when, where, on which grounds, what was done
about it and how it ended). Sensitive client data: only the organization that
recorded an incident sees it; the network learns from de-identified counts
(``community.selectors.stigma``), never from the incidents.

Life-skills groups: sessions a partner offers (``GroupSession``: budgeting,
cooking…), partner data every partner reads; the roster (``GroupAttendance``)
is case-plan client data: the running organization sees it all, another
partner the clients who share their case plan with it. Attending counts as an
encounter of the client, linked to the plan goal it serves.

The opportunities board (jobs, volunteering, training, learning), interests
and placements: ``community.models.opportunities``, re-exported here."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from parcours.community.models.opportunities import (
    BEGUN_PLACEMENT_STATUSES,
    ENDED_PLACEMENT_STATUSES,
    RETENTION_DAYS,
    Language,
    Opportunity,
    OpportunityInterest,
    OpportunityKind,
    Placement,
    PlacementStatus,
    Requirement,
    Schedule,
)
from parcours.core.models import BaseModel, RecordedByOrganization


class BenefitProgram(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("Provincial social assistance")
    DISABILITY_SUPPORT = "disability_support", _("Disability support")
    PENSION = "pension", _("Old-age or CPP pension")
    TAX_FILING = "tax_filing", _("Tax filing")
    GST_HST_CREDIT = "gst_hst_credit", _("GST/HST credit")
    CHILD_BENEFIT = "child_benefit", _("Canada child benefit")
    OTHER = "other", _("Other")


class BenefitStatus(models.TextChoices):
    TO_START = "to_start", _("To start")
    PREPARING = "preparing", _("In preparation")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    APPEALED = "appealed", _("Appealed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Not yet sent: no submission or decision date.
UNSENT_BENEFIT_STATUSES = frozenset({BenefitStatus.TO_START, BenefitStatus.PREPARING})
# Sent: a submission date.
SENT_BENEFIT_STATUSES = frozenset(
    {
        BenefitStatus.SUBMITTED,
        BenefitStatus.APPROVED,
        BenefitStatus.REFUSED,
        BenefitStatus.APPEALED,
    }
)
# Decided (an appeal follows a decision): a decision date.
DECIDED_BENEFIT_STATUSES = frozenset(
    {BenefitStatus.APPROVED, BenefitStatus.REFUSED, BenefitStatus.APPEALED}
)
# Nothing left to follow up.
CLOSED_BENEFIT_STATUSES = frozenset(
    {BenefitStatus.APPROVED, BenefitStatus.REFUSED, BenefitStatus.WITHDRAWN}
)


class DocumentKind(models.TextChoices):
    HEALTH_CARD = "health_card", _("Health card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    SIN_CARD = "sin_card", _("Social insurance number (SIN)")
    STATUS_CARD = "status_card", _("Indian status card")
    PHOTO_ID = "photo_id", _("Driver's licence or photo ID card")
    PASSPORT = "passport", _("Passport")
    IMMIGRATION = "immigration", _("Immigration document")
    OTHER = "other", _("Other")


class DocumentStatus(models.TextChoices):
    NEEDED = "needed", _("Needed")
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received")
    REFUSED = "refused", _("Refused")


# The request has an answer: received or refused, with its date.
CLOSED_DOCUMENT_STATUSES = frozenset({DocumentStatus.RECEIVED, DocumentStatus.REFUSED})


class Tracker(BaseModel, RecordedByOrganization):
    """What both trackers share: the client, the helping organization
    (``organization``, from ``RecordedByOrganization``), the next step and
    its due date, notes, the plan goal served and the version."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    goal = models.ForeignKey(
        "casework.Goal",
        verbose_name=_("plan goal"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class BenefitApplication(Tracker):
    """A client's application to an income program, from "to start" to its decision."""

    program = models.CharField(_("program"), max_length=20, choices=BenefitProgram.choices)
    program_name = models.CharField(
        _("name of the program or office"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Ontario Works, ODSP, Aide sociale (Québec)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BenefitStatus.choices, default=BenefitStatus.TO_START
    )
    started_on = models.DateField(_("started on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    monthly_amount = models.DecimalField(
        _("monthly amount"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords(verbose_name=_("historical benefit application"))

    class Meta:
        ordering = ["next_step_due", "-created_at"]
        verbose_name = _("income support application")
        verbose_name_plural = _("income support applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(program__in=BenefitProgram.values), name="community_benefit_program"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BenefitStatus.values), name="community_benefit_status"
            ),
            models.CheckConstraint(
                condition=~Q(program=BenefitProgram.OTHER) | ~Q(program_name=""),
                name="community_benefit_other_named",
            ),
            models.CheckConstraint(
                condition=Q(submitted_on__isnull=True) | Q(submitted_on__gte=F("started_on")),
                name="community_benefit_submitted_after_start",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("started_on")),
                name="community_benefit_decided_after_start",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(decided_on__gte=F("submitted_on")),
                name="community_benefit_decided_after_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(UNSENT_BENEFIT_STATUSES))
                | (Q(submitted_on__isnull=True) & Q(decided_on__isnull=True)),
                name="community_benefit_unsent_has_no_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(SENT_BENEFIT_STATUSES))
                | Q(submitted_on__isnull=False),
                name="community_benefit_sent_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(DECIDED_BENEFIT_STATUSES))
                | Q(decided_on__isnull=False),
                name="community_benefit_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(monthly_amount__isnull=True) | Q(monthly_amount__gte=0),
                name="community_benefit_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(next_step_due__isnull=True) | ~Q(next_step=""),
                name="community_benefit_due_has_step",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "status"], name="community_benefit_client"),
            models.Index(fields=["status", "next_step_due"], name="community_benefit_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()} — {self.get_status_display()}"

    @property
    def program_label(self) -> str:
        label = str(self.get_program_display())
        return f"{label} ({self.program_name})" if self.program_name else label

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_BENEFIT_STATUSES


class IdDocumentRequest(Tracker):
    """A client's request to replace an ID document, from "needed" to its answer."""

    document = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    document_detail = models.CharField(
        _("which document"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the issuing province or office."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.NEEDED
    )
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    resolved_on = models.DateField(_("received or refused on"), null=True, blank=True)
    fee_paid = models.BooleanField(_("fee paid"), default=False)
    history = HistoricalRecords(verbose_name=_("historical ID document request"))

    class Meta:
        ordering = ["next_step_due", "-created_at"]
        verbose_name = _("ID document request")
        verbose_name_plural = _("ID document requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(document__in=DocumentKind.values), name="community_document_kind"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="community_document_status"
            ),
            models.CheckConstraint(
                condition=~Q(document=DocumentKind.OTHER) | ~Q(document_detail=""),
                name="community_document_other_named",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.NEEDED)
                | (Q(requested_on__isnull=True) & Q(resolved_on__isnull=True)),
                name="community_document_needed_has_no_dates",
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.NEEDED) | Q(requested_on__isnull=False),
                name="community_document_requested_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(CLOSED_DOCUMENT_STATUSES))
                | Q(resolved_on__isnull=False),
                name="community_document_resolved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=sorted(CLOSED_DOCUMENT_STATUSES))
                | Q(resolved_on__isnull=True),
                name="community_document_open_has_no_answer",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True)
                | Q(requested_on__isnull=True)
                | Q(resolved_on__gte=F("requested_on")),
                name="community_document_resolved_after_request",
            ),
            models.CheckConstraint(
                condition=Q(next_step_due__isnull=True) | ~Q(next_step=""),
                name="community_document_due_has_step",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "status"], name="community_document_client"),
            models.Index(fields=["status", "next_step_due"], name="community_document_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()} — {self.get_status_display()}"

    @property
    def document_label(self) -> str:
        label = str(self.get_document_display())
        return f"{label} ({self.document_detail})" if self.document_detail else label

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_DOCUMENT_STATUSES


# --- Stigma and advocacy ---------------------------------------------------------------


class ProviderKind(models.TextChoices):
    """The kind of service, outside the network, where the client met discrimination."""

    HEALTH = "health", _("Clinic or doctor")
    HOSPITAL = "hospital", _("Hospital or emergency department")
    PHARMACY = "pharmacy", _("Pharmacy")
    HOUSING = "housing", _("Landlord or housing provider")
    INCOME = "income", _("Income support or government office")
    POLICE = "police", _("Police, courts or security")
    EMPLOYMENT = "employment", _("Employer or employment service")
    BUSINESS = "business", _("Store, restaurant or business")
    PUBLIC_SPACE = "public_space", _("Transit, library or public space")
    OTHER = "other", _("Other")


class StigmaGround(models.TextChoices):
    SUBSTANCE_USE = "substance_use", _("Substance use")
    MENTAL_ILLNESS = "mental_illness", _("Mental illness")
    HIV = "hiv", _("HIV status")
    INDIGENOUS = "indigenous", _("Indigenous identity")
    RACE = "race", _("Race or ethnicity")
    GENDER_SEXUALITY = "gender_sexuality", _("Gender identity or sexual orientation")
    HOUSING_STATUS = "housing_status", _("Housing status")
    OTHER = "other", _("Other grounds")


class AdvocacyOutcome(models.TextChoices):
    NONE_YET = "none_yet", _("No action yet")
    IN_PROGRESS = "in_progress", _("Advocacy in progress")
    RESOLVED = "resolved", _("Resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    NOT_PURSUED = "not_pursued", _("The client chose not to pursue")


# An outcome that ends the incident's follow-up: it has a date.
CLOSED_OUTCOMES = frozenset(
    {AdvocacyOutcome.RESOLVED, AdvocacyOutcome.NOT_RESOLVED, AdvocacyOutcome.NOT_PURSUED}
)


class StigmaIncident(BaseModel, RecordedByOrganization):
    """Discrimination a client met at a provider outside the network, and the
    advocacy that followed."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="stigma_incidents",
    )
    occurred_on = models.DateField(_("date of the incident"))
    provider_name = models.CharField(_("provider"), max_length=200)
    # The provider's name folded (case, accents, spaces), for the counts by provider.
    provider_key = models.CharField(max_length=200, editable=False)
    provider_kind = models.CharField(
        _("kind of service"), max_length=20, choices=ProviderKind.choices
    )
    description = models.TextField(_("what happened"), blank=True)
    advocacy = models.TextField(_("advocacy actions taken"), blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=AdvocacyOutcome.choices,
        default=AdvocacyOutcome.NONE_YET,
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historical stigma incident"))

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("stigma incident")
        verbose_name_plural = _("stigma incidents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(provider_name="") & ~Q(provider_key=""),
                name="community_stigma_provider_named",
            ),
            models.CheckConstraint(
                condition=Q(provider_kind__in=ProviderKind.values),
                name="community_stigma_provider_kind",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AdvocacyOutcome.values), name="community_stigma_outcome"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=sorted(CLOSED_OUTCOMES), outcome_on__isnull=False)
                | (~Q(outcome__in=sorted(CLOSED_OUTCOMES)) & Q(outcome_on__isnull=True)),
                name="community_stigma_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("occurred_on")),
                name="community_stigma_outcome_after_incident",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "occurred_on"], name="community_stigma_client"),
            models.Index(fields=["occurred_on"], name="community_stigma_date"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_name} — {self.occurred_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.outcome not in CLOSED_OUTCOMES


class StigmaIncidentGround(models.Model):
    """One of the grounds of an incident (an incident has one or more)."""

    incident = models.ForeignKey(
        StigmaIncident,
        verbose_name=_("stigma incident"),
        on_delete=models.CASCADE,
        related_name="grounds",
    )
    ground = models.CharField(_("grounds"), max_length=20, choices=StigmaGround.choices)

    class Meta:
        ordering = ["ground"]
        verbose_name = _("grounds of an incident")
        verbose_name_plural = _("grounds of incidents")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "ground"], name="community_stigma_ground_once"
            ),
            models.CheckConstraint(
                condition=Q(ground__in=StigmaGround.values), name="community_stigma_ground"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_ground_display())


# --- Life-skills groups ------------------------------------------------------------------


class GroupTopic(models.TextChoices):
    BUDGETING = "budgeting", _("Budgeting")
    COOKING = "cooking", _("Cooking and meal preparation")
    TENANCY = "tenancy", _("Tenancy skills")
    EMPLOYMENT = "employment", _("Employment readiness")
    DIGITAL = "digital", _("Digital skills")
    WELLNESS = "wellness", _("Wellness")
    OTHER = "other", _("Other")


class AttendanceStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


MIN_SESSION_MINUTES = 15
MAX_SESSION_MINUTES = 480


class GroupSession(BaseModel, RecordedByOrganization):
    """A group session a partner offers (``organization`` runs it): when,
    where, who facilitates it and how many people it takes."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=GroupTopic.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    facilitator = models.CharField(
        _("facilitator"),
        max_length=200,
        help_text=_("A name: a worker of a partner or a volunteer."),
    )
    capacity = models.PositiveSmallIntegerField(_("places"))
    description = models.TextField(_("description"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__in=GroupTopic.values), name="community_group_topic"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_SESSION_MINUTES)
                & Q(duration_minutes__lte=MAX_SESSION_MINUTES),
                name="community_group_duration",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="community_group_capacity"),
            models.CheckConstraint(condition=~Q(title=""), name="community_group_titled"),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="community_group_start"),
            models.Index(fields=["organization", "starts_at"], name="community_group_org"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class GroupAttendance(BaseModel, RecordedByOrganization):
    """A client on a session's roster: registered, then attended or absent.
    Case-plan client data of the organization that runs the session."""

    session = models.ForeignKey(
        GroupSession,
        verbose_name=_("group session"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("attendance"),
        max_length=12,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.REGISTERED,
    )
    goal = models.ForeignKey(
        "casework.Goal",
        verbose_name=_("plan goal"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    encounter = models.ForeignKey(
        "casework.Encounter",
        verbose_name=_("encounter"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords(verbose_name=_("historical group attendance"))

    class Meta:
        ordering = ["session__starts_at", "created_at"]
        verbose_name = _("group attendance")
        verbose_name_plural = _("group attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="community_group_once"),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values),
                name="community_group_attendance_status",
            ),
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.ATTENDED) | Q(encounter__isnull=True),
                name="community_group_encounter_when_attended",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "status"], name="community_group_client"),
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.get_status_display()}"


__all__ = [
    "BEGUN_PLACEMENT_STATUSES",
    "CLOSED_BENEFIT_STATUSES",
    "CLOSED_DOCUMENT_STATUSES",
    "CLOSED_OUTCOMES",
    "DECIDED_BENEFIT_STATUSES",
    "ENDED_PLACEMENT_STATUSES",
    "MAX_SESSION_MINUTES",
    "MIN_SESSION_MINUTES",
    "RETENTION_DAYS",
    "SENT_BENEFIT_STATUSES",
    "UNSENT_BENEFIT_STATUSES",
    "AdvocacyOutcome",
    "AttendanceStatus",
    "BenefitApplication",
    "BenefitProgram",
    "BenefitStatus",
    "DocumentKind",
    "DocumentStatus",
    "GroupAttendance",
    "GroupSession",
    "GroupTopic",
    "IdDocumentRequest",
    "Language",
    "Opportunity",
    "OpportunityInterest",
    "OpportunityKind",
    "Placement",
    "PlacementStatus",
    "ProviderKind",
    "Requirement",
    "Schedule",
    "StigmaGround",
    "StigmaIncident",
    "StigmaIncidentGround",
    "Tracker",
]
