"""Identity resolution records: requests to a partner that may already know
a person (who cannot be shown to the requester without consent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class LinkageRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the partner")
    SAME_PERSON = "same_person", _("Same person")
    NOT_SAME_PERSON = "not_same_person", _("Not the same person")


class LinkageRequest(BaseModel):
    """ "This person may already be known to you": sent to the coordinators of
    the partner that registered a likely existing record. The requester sees
    only the status; the partner sees its own client and what the requester
    typed, and decides with the client what to share (consent)."""

    target_client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("possible existing record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("partner asked"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requesting_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("requesting partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requester_client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("requester's record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_name = models.CharField(_("given name(s) given"), max_length=150, blank=True)
    family_name = models.CharField(_("family name given"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth given"), null=True, blank=True)
    match_probability = models.FloatField(_("match probability"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=LinkageRequestStatus.choices,
        default=LinkageRequestStatus.OPEN,
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    response_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("linkage request")
        verbose_name_plural = _("linkage requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1),
                name="linkage_request_probability_is_a_probability",
            ),
            models.CheckConstraint(
                condition=~Q(target_organization=models.F("requesting_organization")),
                name="linkage_request_goes_to_another_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requesting_organization} → {self.target_organization}"


class ClientMerge(BaseModel):
    """Two records found to be one person. Nothing is deleted or moved: both
    stay as identities of that person, each with its own consent, and undoing
    the merge (``unmerged_at``) restores them exactly as they were.

    The identities of one person are the records joined by merges in force
    (``PersonIdentity`` keeps that grouping ready to query)."""

    client_a = models.ForeignKey(
        "clients.Client",
        verbose_name=_("record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    client_b = models.ForeignKey(
        "clients.Client",
        verbose_name=_("other record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    match_probability = models.FloatField(_("match probability"), null=True, blank=True)
    automatic = models.BooleanField(_("merged automatically"), default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    unmerged_at = models.DateTimeField(_("unmerged"), null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unmerged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unmerge_reason = models.TextField(_("reason for unmerging"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            models.CheckConstraint(
                condition=~Q(client_a=models.F("client_b")),
                name="merge_joins_two_records",
            ),
            models.CheckConstraint(
                condition=Q(match_probability__isnull=True)
                | (Q(match_probability__gte=0) & Q(match_probability__lte=1)),
                name="merge_probability_is_a_probability",
            ),
            models.CheckConstraint(
                condition=Q(automatic=True) | Q(merged_by__isnull=False),
                name="manual_merge_has_a_staff_member",
            ),
            models.UniqueConstraint(
                "client_a",
                "client_b",
                condition=Q(unmerged_at__isnull=True),
                name="one_merge_in_force_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_a_id} = {self.client_b_id}"


class PersonIdentity(models.Model):
    """Which person a record is an identity of, for every record that merges
    joined to another one (a record alone is its own person). Kept by the
    merge services; ``person_key`` is the id of the person's oldest record."""

    client = models.OneToOneField(
        "clients.Client",
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="person_identity",
    )
    person_key = models.UUIDField(db_index=True)

    class Meta:
        verbose_name = _("identity of a person")
        verbose_name_plural = _("identities of a person")

    def __str__(self) -> str:
        return f"{self.client_id} → {self.person_key}"


class MatchStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    DEFERRED = "deferred", _("Deferred")
    SAME_PERSON = "same_person", _("Same person (merged)")
    NOT_SAME_PERSON = "not_same_person", _("Not the same person")


class MatchCandidate(BaseModel):
    """A pair of records that batch linkage found likely to be one person,
    waiting in the coordinators' review queue, or the decision taken on it.
    A "not the same person" decision is kept for good: the pair is never
    proposed again."""

    client_a = models.ForeignKey(
        "clients.Client",
        verbose_name=_("record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    client_b = models.ForeignKey(
        "clients.Client",
        verbose_name=_("other record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    match_probability = models.FloatField(_("match probability"))
    evidence = models.JSONField(_("explanation"), default=list, blank=True)
    kept_apart = models.BooleanField(
        _("kept apart"),
        default=False,
        help_text=_(
            "Likely twins, or two health card numbers: never merged automatically, "
            "whatever the probability."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PENDING
    )
    found_by_run = models.ForeignKey(
        "linkage.LinkageRun",
        verbose_name=_("found by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    merge = models.ForeignKey(
        ClientMerge,
        verbose_name=_("merge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-match_probability", "created_at"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint("client_a", "client_b", name="one_review_item_per_pair"),
            models.CheckConstraint(
                condition=~Q(client_a=models.F("client_b")),
                name="review_item_pairs_two_records",
            ),
            models.CheckConstraint(
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1),
                name="review_item_probability_is_a_probability",
            ),
        ]
        indexes = [models.Index(fields=["status", "-match_probability"])]

    def __str__(self) -> str:
        return f"{self.client_a_id} ~ {self.client_b_id} ({self.match_probability:.3f})"


class LinkageRun(BaseModel):
    """One run of batch linkage over the registry (``parcours link_clients``)."""

    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    records = models.PositiveIntegerField(_("records compared"), default=0)
    pairs = models.PositiveIntegerField(_("likely pairs"), default=0)
    queued = models.PositiveIntegerField(_("added to the review queue"), default=0)
    merged = models.PositiveIntegerField(_("merged automatically"), default=0)
    review_threshold = models.FloatField(_("review threshold"))
    auto_merge_threshold = models.FloatField(_("automatic merge threshold"), null=True, blank=True)
    model = models.JSONField(_("trained model"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.records})"
