"""Closed-loop referrals: from a client's goal (or an enrollment being
handed on) to a service of the directory, with its lifecycle, the events of
that lifecycle and the messages between sender and receiver."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")
    CANCELLED = "cancelled", _("Cancelled")


# The lifecycle: from each status, where a referral may go next.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.DRAFT: frozenset({ReferralStatus.SENT, ReferralStatus.CANCELLED}),
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CANCELLED}
    ),
    ReferralStatus.ACCEPTED: frozenset(
        {
            ReferralStatus.IN_PROGRESS,
            ReferralStatus.COMPLETED,
            ReferralStatus.NOT_COMPLETED,
            ReferralStatus.CANCELLED,
        }
    ),
    ReferralStatus.IN_PROGRESS: frozenset(
        {ReferralStatus.COMPLETED, ReferralStatus.NOT_COMPLETED, ReferralStatus.CANCELLED}
    ),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.NOT_COMPLETED: frozenset(),
    ReferralStatus.CANCELLED: frozenset(),
}
OPEN_STATUSES = frozenset(
    {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS}
)
CLOSED_STATUSES = frozenset(
    {
        ReferralStatus.DECLINED,
        ReferralStatus.COMPLETED,
        ReferralStatus.NOT_COMPLETED,
        ReferralStatus.CANCELLED,
    }
)


class ReferralKind(models.TextChoices):
    SERVICE = "service", _("Referral to a service")
    SHELTER = "shelter", _("Referral to a shelter")
    STEP_DOWN = "step_down", _("Step-down to a lower intensity of service")
    TRANSFER = "transfer", _("Transfer to another partner")
    DISCHARGE = "discharge", _("Follow-up after a discharge")


class Referral(BaseModel):
    """A client referred by one partner to a service. A partner's service
    answers in Parcours (accept, decline, complete); for an outside service
    the sender records the answer, so the loop closes either way."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReferralKind.choices, default=ReferralKind.SERVICE
    )
    service = models.ForeignKey(
        "coordination.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    goal = models.ForeignKey(
        "casework.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    from_enrollment = models.ForeignKey(
        "casework.Enrollment",
        verbose_name=_("enrollment handed on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_out",
        help_text=_("For a step-down or a transfer: closed when the next enrollment opens."),
    )
    to_enrollment = models.ForeignKey(
        "casework.Enrollment",
        verbose_name=_("enrollment opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_in",
    )
    bed_hold = models.ForeignKey(
        "beds.Hold",
        verbose_name=_("bed held"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # The sender: the organization that keeps the referral as its record.
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("referring partner"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    # The receiver: the partner that runs the service (empty for an outside one).
    receiving_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("receiving partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    receiving_program = models.ForeignKey(
        "accounts.Program",
        verbose_name=_("receiving program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    reason = models.TextField(
        _("what the receiving service needs to know"),
        help_text=_(
            "The need, in the client's words where possible; no more than the service needs."
        ),
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    respond_by = models.DateField(_("answer expected by"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decline_reason = models.CharField(_("reason declined"), max_length=500, blank=True)
    outcome_note = models.CharField(_("outcome"), max_length=500, blank=True)
    # Sent although the client's directives do not share their identity and
    # case plan with the receiving partner: a permission, a reason, recorded
    # and shown to the client's privacy reviewers.
    beyond_consent = models.BooleanField(_("sent beyond the client's consent"), default=False)
    beyond_consent_reason = models.CharField(
        _("why it is sent beyond consent"), max_length=500, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [
            ("send_beyond_consent", _("Can send a referral beyond the client's consent")),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="referral_has_a_reason"),
            models.CheckConstraint(
                condition=~Q(beyond_consent=True) | ~Q(beyond_consent_reason=""),
                name="referral_beyond_consent_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_decline_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_completed") | ~Q(outcome_note=""),
                name="referral_not_completed_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sent_at__isnull=False),
                name="referral_sent_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["receiving_organization", "status"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_external(self) -> bool:
        """An outside service: the sender records its answer."""
        return self.receiving_organization_id is None

    def days_pending(self, today: dt.date | None = None) -> int | None:
        """Days since it was sent, while no answer has come."""
        if self.status != ReferralStatus.SENT or self.sent_at is None:
            return None
        today = today or timezone.localdate()
        return (today - timezone.localtime(self.sent_at).date()).days

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == ReferralStatus.SENT
            and self.respond_by is not None
            and self.respond_by < today
        )


class ReferralEvent(BaseModel):
    """One step of a referral's lifecycle: who moved it, from what to what."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ReferralStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ReferralStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")


class ReferralMessage(BaseModel):
    """A message between the sender and the receiver of a referral."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("referral message")
        verbose_name_plural = _("referral messages")
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="referral_message_not_empty")
        ]
