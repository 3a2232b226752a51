"""Writes for organizations, programs, teams, staff and API tokens.

Each service is keyword-only, validates with ``full_clean()``, runs inside a
transaction and writes its audit event in that same transaction. Invalid
input raises ``django.core.exceptions.ValidationError`` with translated
messages and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import (
    ApiToken,
    Discipline,
    MembershipRole,
    Organization,
    OrganizationKind,
    Program,
    ProgramKind,
    ProgramMembership,
    Team,
    TeamMembership,
    User,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction, AuditEvent


def organization_create(
    *,
    name: str,
    kind: str,
    is_partner: bool = True,
    city: str = "",
    acting_user: User | None = None,
) -> Organization:
    name = name.strip()
    if kind not in OrganizationKind.values:
        raise ValidationError(
            {"kind": _("Unknown kind of organization: %(kind)s.") % {"kind": kind}}
        )
    if Organization.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("An organization named “%(name)s” already exists.") % {"name": name}}
        )
    org = Organization(name=name, kind=kind, is_partner=is_partner, city=city)
    org.full_clean()
    with transaction.atomic():
        org.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            organization=org if acting_user is None else None,
            target=org,
            after=audit_snapshot(org, ["name", "kind", "is_partner", "city"]),
        )
    return org


def program_create(
    *,
    organization: Organization,
    name: str,
    kind: str,
    description: str = "",
    acting_user: User | None = None,
) -> Program:
    name = name.strip()
    if kind not in ProgramKind.values:
        raise ValidationError({"kind": _("Unknown kind of program: %(kind)s.") % {"kind": kind}})
    if Program.objects.filter(organization=organization, name__iexact=name).exists():
        raise ValidationError(
            {
                "name": _("This organization already has a program named “%(name)s”.")
                % {"name": name}
            }
        )
    program = Program(organization=organization, name=name, kind=kind, description=description)
    program.full_clean()
    with transaction.atomic():
        program.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            organization=organization,
            target=program,
            after=audit_snapshot(program, ["organization_id", "name", "kind"]),
        )
    return program


def team_create(*, program: Program, name: str, acting_user: User | None = None) -> Team:
    name = name.strip()
    if Team.objects.filter(program=program, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("This program already has a team named “%(name)s”.") % {"name": name}}
        )
    team = Team(program=program, name=name)
    team.full_clean()
    with transaction.atomic():
        team.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            organization=program.organization,
            target=team,
            after=audit_snapshot(team, ["program_id", "name"]),
        )
    return team


def staff_create(
    *,
    email: str,
    organization: Organization,
    discipline_code: str,
    given_name: str = "",
    family_name: str = "",
    password: str | None = None,
    programs: list[Program] | None = None,
    is_org_admin: bool = False,
    preferred_language: str = "fr",
    acting_user: User | None = None,
) -> User:
    """Create a staff account. Without a password the account cannot sign in
    until an administrator sets one."""
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if User.objects.filter(email__iexact=email).exists():
        errors.setdefault("email", []).append(
            _("A staff member with the email %(email)s already exists.") % {"email": email}
        )
    discipline = Discipline.objects.filter(code=discipline_code).first()
    if discipline is None:
        codes = ", ".join(Discipline.objects.values_list("code", flat=True))
        errors.setdefault("discipline", []).append(
            _("Unknown discipline: %(code)s. Known disciplines: %(codes)s.")
            % {"code": discipline_code, "codes": codes}
        )
    if not organization.is_partner:
        errors.setdefault("organization", []).append(
            _("%(name)s is an external institution: it has no staff in Parcours.")
            % {"name": organization.name}
        )
    for program in programs or []:
        if program.organization_id != organization.pk:
            errors.setdefault("programs", []).append(
                _("The program %(program)s does not belong to %(organization)s.")
                % {"program": program.name, "organization": organization.name}
            )
    user = User(
        email=email,
        organization=organization,
        discipline=discipline,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        is_org_admin=is_org_admin,
        preferred_language=preferred_language,
    )
    if password is not None:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            errors.setdefault("password", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save(force_insert=True)
        for program in programs or []:
            ProgramMembership.objects.create(user=user, program=program)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            organization=organization,
            target=user,
            after={
                **audit_snapshot(
                    user,
                    [
                        "email",
                        "given_name",
                        "family_name",
                        "organization_id",
                        "discipline_id",
                        "is_org_admin",
                    ],
                ),
                "programs": [str(p.pk) for p in programs or []],
            },
        )
    return user


def program_membership_add(
    *,
    user: User,
    program: Program,
    role: str = MembershipRole.MEMBER,
    acting_user: User | None = None,
) -> ProgramMembership:
    if program.organization_id != user.organization_id:
        raise ValidationError(
            {"program": _("Staff can only join programs of their own organization.")}
        )
    membership, _created = ProgramMembership.objects.get_or_create(
        user=user, program=program, defaults={"role": role}
    )
    return membership


def team_membership_add(
    *,
    user: User,
    team: Team,
    role: str = MembershipRole.MEMBER,
    acting_user: User | None = None,
) -> TeamMembership:
    if team.program.organization_id != user.organization_id:
        raise ValidationError({"team": _("Staff can only join teams of their own organization.")})
    with transaction.atomic():
        ProgramMembership.objects.get_or_create(
            user=user, program=team.program, defaults={"role": MembershipRole.MEMBER}
        )
        membership, _created = TeamMembership.objects.get_or_create(
            user=user, team=team, defaults={"role": role}
        )
    return membership


def staff_access_set(
    *,
    staff: User,
    acting_user: User,
    program_roles: dict[uuid.UUID, str],
    team_roles: dict[uuid.UUID, str],
    is_org_admin: bool,
) -> User:
    """Set which programs and teams ``staff`` belongs to, with which role, and
    whether they administer their organization. ``program_roles`` and
    ``team_roles`` map an id to a ``MembershipRole`` value, or to "" for *not a
    member*; ids not given are left as they are. A team's member is a member of
    its program too. One transaction, one audit event with before and after."""
    _require_manage(acting_user, staff)
    roles = set(MembershipRole.values)
    programs = {p.pk: p for p in Program.objects.filter(pk__in=program_roles)}
    teams = {t.pk: t for t in Team.objects.select_related("program").filter(pk__in=team_roles)}
    errors: list[str] = []
    for program_id, role in program_roles.items():
        program = programs.get(program_id)
        if program is None or program.organization_id != staff.organization_id:
            errors.append(_("Staff can only join programs of their own organization."))
        elif role and role not in roles:
            errors.append(_("Unknown role: %(role)s.") % {"role": role})
    for team_id, role in team_roles.items():
        team = teams.get(team_id)
        if team is None or team.program.organization_id != staff.organization_id:
            errors.append(_("Staff can only join teams of their own organization."))
        elif role and role not in roles:
            errors.append(_("Unknown role: %(role)s.") % {"role": role})
        elif role and program_roles.get(team.program_id) == "":
            errors.append(
                _("A member of the team %(team)s is a member of its program %(program)s too.")
                % {"team": team.name, "program": team.program.name}
            )
    if errors:
        raise ValidationError(sorted(set(errors)))

    def snapshot() -> dict[str, object]:
        return {
            "is_org_admin": staff.is_org_admin,
            "programs": {
                str(m.program_id): m.role for m in ProgramMembership.objects.filter(user=staff)
            },
            "teams": {str(m.team_id): m.role for m in TeamMembership.objects.filter(user=staff)},
        }

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=staff.pk).first()
        before = snapshot()
        # A team's member joins its program as a member unless a role is given
        # (a team role with "not a member" of the program was refused above).
        wanted = dict(program_roles)
        for team_id, role in team_roles.items():
            if role:
                wanted.setdefault(teams[team_id].program_id, MembershipRole.MEMBER)
        for program_id, role in wanted.items():
            if role:
                ProgramMembership.objects.update_or_create(
                    user=staff, program_id=program_id, defaults={"role": role}
                )
            else:
                TeamMembership.objects.filter(user=staff, team__program_id=program_id).delete()
                ProgramMembership.objects.filter(user=staff, program_id=program_id).delete()
        for team_id, role in team_roles.items():
            if role:
                TeamMembership.objects.update_or_create(
                    user=staff, team_id=team_id, defaults={"role": role}
                )
            else:
                TeamMembership.objects.filter(user=staff, team_id=team_id).delete()
        if staff.is_org_admin != is_org_admin:
            staff.is_org_admin = is_org_admin
            staff.save(update_fields=["is_org_admin"])
        after = snapshot()
        if after != before:
            audit_record(
                action=AuditAction.UPDATE,
                actor=acting_user,
                organization=staff.organization,
                target=staff,
                before=before,
                after=after,
            )
    return staff


def staff_first_sign_in_path(staff: User) -> str:
    """The path of the one-time link a new colleague opens to choose their
    password (valid ``PASSWORD_RESET_TIMEOUT`` seconds, dead once used: the
    token is bound to the password and the last sign-in). Only for an account
    that has never signed in and has no password yet."""
    if staff.last_login is not None or staff.has_usable_password():
        raise ValidationError(
            _("%(name)s already has a password: reset it instead.") % {"name": staff}
        )
    return reverse(
        "accounts:first_sign_in",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(staff.pk)),
            "token": default_token_generator.make_token(staff),
        },
    )


def staff_first_password_set(*, staff: User) -> None:
    """Audit that a new colleague chose their password through their link."""
    audit_record(
        action=AuditAction.UPDATE,
        actor=staff,
        organization=staff.organization,
        target=staff,
        after={"password": "set through the first sign-in link"},
    )


def _require_manage(acting_user: User, staff: User) -> None:
    if not access.can_manage_staff(acting_user, staff):
        raise PermissionDenied(_("You may not manage this staff member."))


def staff_deactivate(*, staff: User, acting_user: User) -> User:
    """Deactivate an account: its sessions and API tokens stop working at once."""
    _require_manage(acting_user, staff)
    if not staff.is_active:
        return staff
    with transaction.atomic():
        staff.is_active = False
        staff.save(update_fields=["is_active"])
        audit_record(
            action=AuditAction.STAFF_DEACTIVATED,
            actor=acting_user,
            target=staff,
            before={"is_active": True},
            after={"is_active": False},
        )
    return staff


def staff_reactivate(*, staff: User, acting_user: User) -> User:
    _require_manage(acting_user, staff)
    if staff.is_active:
        return staff
    with transaction.atomic():
        staff.is_active = True
        staff.save(update_fields=["is_active"])
        audit_record(
            action=AuditAction.STAFF_REACTIVATED,
            actor=acting_user,
            target=staff,
            before={"is_active": False},
            after={"is_active": True},
        )
    return staff


def staff_set_password(*, staff: User, password: str, acting_user: User) -> User:
    """An administrator resets a colleague's password. The colleague's open
    sessions end (Django ties sessions to the password hash) and so do their
    API tokens (revoked, each audited)."""
    _require_manage(acting_user, staff)
    password_validation.validate_password(password, staff)
    with transaction.atomic():
        recent = AuditEvent.objects.filter(
            action=AuditAction.PASSWORD_RESET,
            actor=acting_user,
            occurred_at__gte=timezone.now() - dt.timedelta(hours=1),
        ).count()
        if recent >= settings.PASSWORD_RESETS_PER_HOUR:
            raise ValidationError(
                _(
                    "You have reset %(count)s passwords in the last hour, the most allowed: "
                    "try again later, or ask another administrator."
                )
                % {"count": recent}
            )
        staff.set_password(password)
        staff.save(update_fields=["password"])
        audit_record(action=AuditAction.PASSWORD_RESET, actor=acting_user, target=staff)
        for token in ApiToken.objects.filter(user=staff, revoked_at__isnull=True):
            api_token_revoke(token=token, acting_user=acting_user)
    return staff


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def api_token_create(*, user: User, name: str = "", acting_user: User | None = None) -> IssuedToken:
    """Issue a bearer token. The returned secret is shown once and never stored."""
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    prefix = secrets.token_hex(6)
    secret = f"pcs_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name,
        prefix=prefix,
        digest=ApiToken.digest_of(secret),
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
    )
    token.full_clean()
    with transaction.atomic():
        token.save(force_insert=True)
        audit_record(
            action=AuditAction.API_TOKEN_CREATED,
            actor=acting_user or user,
            organization=user.organization,
            target=token,
            detail={
                "for": user.email,
                "prefix": prefix,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, acting_user: User | None = None) -> ApiToken:
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action=AuditAction.API_TOKEN_REVOKED,
            actor=acting_user or token.user,
            organization=token.user.organization,
            target=token,
            detail={"prefix": token.prefix},
        )
    return token


def api_token_authenticate(secret: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != "pcs":
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organization", "user__discipline")
        .filter(prefix=parts[1], revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not secrets.compare_digest(token.digest, ApiToken.digest_of(secret)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def audit_log_names_shown(
    *, acting_user: User, client_ids: Sequence[uuid.UUID], via: str = "web"
) -> None:
    """The audit log names the clients the reader may see: which records it
    named is audited, like a search's."""
    audit_record(
        action=AuditAction.SEARCH,
        actor=acting_user,
        detail={
            "via": via,
            "section": "audit_log",
            "query": "",
            "clients": [str(c) for c in dict.fromkeys(client_ids)],
        },
    )
