"""Organizations, programs, teams, staff and their memberships."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel, BilingualName


class OrganizationKind(models.TextChoices):
    HUB = "hub", _("Hub")
    SHELTER = "shelter", _("Shelter")
    ICM_PROVIDER = "icm_provider", _("ICM provider")
    ACT_PROVIDER = "act_provider", _("ACT provider")
    HOUSING_PROVIDER = "housing_provider", _("Housing provider")
    HEALTH = "health", _("Clinic or health service")
    ADDICTION = "addiction", _("Addiction and withdrawal services")
    EMPLOYMENT = "employment", _("Employment and education")
    INCOME_LEGAL = "income_legal", _("Income and legal services")
    HOSPITAL = "hospital", _("Hospital")
    CORRECTIONS = "corrections", _("Correctional facility")
    OTHER = "other", _("Other")


class Organization(BaseModel):
    """A partner agency of the network, or an external institution
    (a hospital, a jail) that clients pass through but that does not use Parcours."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    is_partner = models.BooleanField(
        _("network partner"),
        default=True,
        help_text=_("Partners use Parcours; external institutions do not."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    require_two_factor = models.BooleanField(
        _("two-factor sign-in for all staff"),
        default=False,
        help_text=_(
            "Every staff member of this organization must sign in with a code from an "
            "authenticator app. Administrators and coordinators always must."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organization_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class ProgramKind(models.TextChoices):
    HUB = "hub", _("Hub services")
    SHELTER = "shelter", _("Shelter")
    ICM = "icm", _("Intensive case management (ICM)")
    ACT = "act", _("Assertive community treatment (ACT)")
    CTI = "cti", _("Critical time intervention (CTI)")
    HOUSING = "housing", _("Housing supports")
    CLINICAL = "clinical", _("Clinical supports")
    COMPLEMENTARY = "complementary", _("Complementary supports")
    OTHER = "other", _("Other")


class Program(BaseModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=ProgramKind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="program_name_unique_in_organization"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["program__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint("program", Lower("name"), name="team_name_unique_in_program"),
        ]

    def __str__(self) -> str:
        return self.name


class Discipline(BilingualName):
    """A staff discipline (case manager, nurse, psychiatrist …).

    Whether a discipline is clinical is data: the access policy reads
    ``is_clinical`` instead of listing disciplines in code."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    is_clinical = models.BooleanField(_("clinical discipline"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """Sign-in ignores the case of the email address."""
        return self.get(email=(username or "").strip().lower())

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member of a partner organization (or a network superuser).

    The login is the email address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    discipline = models.ForeignKey(
        Discipline,
        verbose_name=_("discipline"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_org_admin = models.BooleanField(
        _("organization administrator"),
        default=False,
        help_text=_("Manages the staff of their own organization."),
    )
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("May sign in to the reference-data administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("fr", _("French")), ("en", _("English"))],
        default="fr",
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["family_name", "given_name", "email"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="user_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_clinical(self) -> bool:
        return bool(self.discipline and self.discipline.is_clinical)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    LEAD = "lead", _("Lead")
    COORDINATOR = "coordinator", _("Coordinator")


class ProgramMembership(BaseModel):
    user = models.ForeignKey(
        User,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="program_memberships",
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        ordering = ["program__name"]
        verbose_name = _("program membership")
        verbose_name_plural = _("program memberships")
        constraints = [
            models.UniqueConstraint("user", "program", name="one_membership_per_program"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.program}"


class TeamMembership(BaseModel):
    user = models.ForeignKey(
        User,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="team_memberships",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        ordering = ["team__name"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint("user", "team", name="one_membership_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team}"


class ApiToken(BaseModel):
    """A bearer token for the API. Only a SHA-256 digest of the secret is kept;
    the token itself is shown once, when it is created."""

    user = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("label"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode("utf-8")).hexdigest()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
