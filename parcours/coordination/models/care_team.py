"""A client's care team: the workers and partners involved, their role and
how to reach them, since when. Case-plan data under the client's directives
(that a partner is involved can say much)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class CareRole(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    ACT_TEAM = "act_team", _("ACT team")
    HOUSING_WORKER = "housing_worker", _("Housing worker")
    NURSE = "nurse", _("Nurse")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    FAMILY_DOCTOR = "family_doctor", _("Family doctor")
    ADDICTION_WORKER = "addiction_worker", _("Addiction worker")
    PEER_WORKER = "peer_worker", _("Peer support worker")
    EMPLOYMENT_COUNSELLOR = "employment_counsellor", _("Employment counsellor")
    PROBATION_OFFICER = "probation_officer", _("Probation officer")
    SHELTER_WORKER = "shelter_worker", _("Shelter worker")
    OTHER = "other", _("Other")


class CareTeamMember(BaseModel):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="care_team",
    )
    # The organization that recorded the membership (its own staff, or an
    # outside professional it works with).
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_teams",
    )
    outside_name = models.CharField(
        _("name (outside the network)"),
        max_length=200,
        blank=True,
        help_text=_("A professional who has no Parcours account, e.g. a family doctor."),
    )
    role = models.CharField(_("role"), max_length=30, choices=CareRole.choices)
    contact = models.CharField(_("how to reach them"), max_length=200, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["since", "created_at"]
        verbose_name = _("care team member")
        verbose_name_plural = _("care team members")
        constraints = [
            models.CheckConstraint(
                condition=Q(worker__isnull=False) | ~Q(outside_name=""),
                name="care_team_member_is_someone",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="care_team_member_dates_in_order",
            ),
            models.UniqueConstraint(
                "client",
                "worker",
                "role",
                condition=Q(until__isnull=True, worker__isnull=False),
                name="care_team_member_once_per_role",
            ),
        ]

    @property
    def is_current(self) -> bool:
        return self.until is None
