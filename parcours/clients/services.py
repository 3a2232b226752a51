"""Writes to the client registry. Every service validates first (a
``ValidationError`` with translated messages, nothing written), then writes
inside one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.accounts.models import Organization, User
from parcours.clients.models import (
    STAGE_ORDER,
    AlertKind,
    BreakGlassAccess,
    Client,
    ClientAlias,
    ConsentDirective,
    ConsentLockBox,
    ConsentMethod,
    DataCategory,
    Need,
    OfficialLanguage,
    PathwayStage,
    ReferenceList,
    ReferenceOption,
    RevolvingDoorAlert,
    ServiceKind,
    Stage,
    Visit,
    VisitService,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.core.text import fold, is_uuid, normalise_health_card
from parcours.linkage.keys import name_keys

IDENTITY_FIELDS = [
    "is_anonymous",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "date_of_birth_estimated",
    "birth_year",
    "gender_identity_id",
    "sexual_orientation_id",
    "indigenous_identity_id",
    "racialized_identity_id",
    "preferred_language",
    "other_languages",
    "citizenship_status_id",
    "veteran_status",
    "health_card_province",
    "health_card_number",
    "phone",
    "email",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "housing_situation_at_intake_id",
]

REFERENCE_FIELDS = {
    "gender_identity": ReferenceList.GENDER_IDENTITY,
    "sexual_orientation": ReferenceList.SEXUAL_ORIENTATION,
    "indigenous_identity": ReferenceList.INDIGENOUS_IDENTITY,
    "racialized_identity": ReferenceList.RACIALIZED_IDENTITY,
    "citizenship_status": ReferenceList.CITIZENSHIP_STATUS,
    "housing_situation_at_intake": ReferenceList.HOUSING_SITUATION,
}


class StaleEdit(Exception):
    """Someone else saved this record since it was opened: the edit is refused."""

    def __init__(self, current: Client) -> None:
        self.current = current
        super().__init__(_("This record was changed by someone else since you opened it."))


def _org_id(user: User) -> uuid.UUID:
    """The acting user's organization: client data is always written on behalf of one."""
    if user.organization_id is None:
        raise ValidationError(
            _("Only staff of a partner organization can record client information.")
        )
    return user.organization_id


def _index_names(client: Client, aliases: Sequence[ClientAlias] = ()) -> None:
    """Keep the folded search text and the phonetic name keys up to date."""
    parts = [client.given_name, client.family_name, client.preferred_name]
    for alias in aliases:
        parts += [alias.given_name, alias.family_name]
    client.search_text = fold(" ".join(p for p in parts if p))[:1000]
    client.name_keys = name_keys(parts)


def _check_identity(client: Client, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if client.date_of_birth and client.date_of_birth > today:
        errors.setdefault("date_of_birth", []).append(_("The date of birth is in the future."))
    if client.date_of_birth and client.date_of_birth.year < 1900:
        errors.setdefault("date_of_birth", []).append(_("The date of birth is before 1900."))
    if client.birth_year and not 1900 <= client.birth_year <= today.year:
        errors.setdefault("birth_year", []).append(
            _("The year of birth must be between 1900 and %(year)s.") % {"year": today.year}
        )
    if not client.is_anonymous:
        if not client.given_name.strip():
            errors.setdefault("given_name", []).append(_("Enter the given name."))
        if not client.family_name.strip():
            errors.setdefault("family_name", []).append(_("Enter the family name."))
    for field, list_name in REFERENCE_FIELDS.items():
        option = getattr(client, field)
        if option is not None and option.list != list_name:
            errors.setdefault(field, []).append(_("This answer does not belong to this list."))
    return errors


def reference_option(
    list_name: str, code: str | None, *, field: str | None = None
) -> ReferenceOption | None:
    """The option of a list by code; ValidationError (on ``field``, the list's
    name by default) for an unknown code."""
    if not code:
        return None
    option = ReferenceOption.objects.filter(list=list_name, code=code, is_active=True).first()
    if option is None:
        raise ValidationError({field or list_name: _("Unknown answer: %(code)s.") % {"code": code}})
    return option


def client_register(
    *,
    acting_user: User,
    given_name: str = "",
    family_name: str = "",
    is_anonymous: bool = False,
    date_of_birth: dt.date | None = None,
    date_of_birth_estimated: bool = False,
    birth_year: int | None = None,
    approximate_age: int | None = None,
    preferred_language: str = OfficialLanguage.FRENCH,
    aliases: Sequence[tuple[str, str, str]] = (),
    **fields: Any,
) -> Client:
    """Register a person in the shared registry, on behalf of the acting
    user's organization (which will always see the identity it collected)."""
    if acting_user.organization_id is None:
        raise ValidationError(_("Only staff of a partner organization can register clients."))
    today = timezone.localdate()
    if approximate_age is not None:
        if not 0 <= approximate_age <= 120:
            raise ValidationError({"approximate_age": _("Enter an age between 0 and 120.")})
        birth_year = today.year - approximate_age
    if is_anonymous:
        given_name = family_name = ""
        fields = {k: v for k, v in fields.items() if k == "gender_identity"}
        if date_of_birth:
            birth_year, date_of_birth = date_of_birth.year, None
    if date_of_birth:
        birth_year = None
    client = Client(
        is_anonymous=is_anonymous,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        date_of_birth_estimated=date_of_birth_estimated and date_of_birth is not None,
        birth_year=birth_year,
        preferred_language=preferred_language,
        registered_by_organization_id=_org_id(acting_user),
        registered_by=acting_user,
        **fields,
    )
    if client.health_card_number:
        client.health_card_number = normalise_health_card(client.health_card_number)
    errors = _check_identity(client, today)
    if errors:
        raise ValidationError(errors)
    client.full_clean(exclude=["search_text", "name_keys"])
    alias_rows = [
        ClientAlias(client=client, kind=kind, given_name=g.strip(), family_name=f.strip())
        for kind, g, f in aliases
        if (g or f).strip()
    ]
    _index_names(client, alias_rows)
    with transaction.atomic():
        client.save(force_insert=True)
        for alias in alias_rows:
            alias.full_clean()
            alias.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=client,
            client_id=client.pk,
            after=audit_snapshot(client, IDENTITY_FIELDS),
        )
    return client


def client_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    expected_version: int,
    changes: dict[str, Any],
) -> Client:
    """Change identity fields. A save based on an older version is refused
    (StaleEdit) so that nobody's change is silently lost."""
    if not client_access.can(DataCategory.IDENTITY):
        raise ValidationError(_("You may not change this client's identity."))
    unknown = set(changes) - {f.removesuffix("_id") for f in IDENTITY_FIELDS} - {"is_anonymous"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in sorted(unknown)})
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_access.client.pk)
        if client.version != expected_version:
            raise StaleEdit(client)
        before = audit_snapshot(client, IDENTITY_FIELDS)
        for field, value in changes.items():
            if field == "health_card_number" and value:
                value = normalise_health_card(value)
            setattr(client, field, value)
        if client.date_of_birth:
            client.birth_year = None
        errors = _check_identity(client, timezone.localdate())
        if errors:
            raise ValidationError(errors)
        client.full_clean(exclude=["search_text", "name_keys"])
        _index_names(client, list(client.aliases.all()))
        client.version += 1
        client.save()
        after = audit_snapshot(client, IDENTITY_FIELDS)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=client,
            client_id=client.pk,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return client


def client_alias_add(
    *, acting_user: User, client_access: ClientAccess, kind: str, given_name: str, family_name: str
) -> ClientAlias:
    if not client_access.can(DataCategory.IDENTITY):
        raise ValidationError(_("You may not change this client's identity."))
    alias = ClientAlias(
        client=client_access.client,
        kind=kind,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
    )
    alias.full_clean()
    with transaction.atomic():
        alias.save(force_insert=True)
        client = client_access.client
        _index_names(client, list(client.aliases.all()))
        Client.objects.filter(pk=client.pk).update(
            search_text=client.search_text, name_keys=client.name_keys
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=alias,
            client_id=client.pk,
            after=audit_snapshot(alias, ["kind", "given_name", "family_name"]),
        )
    return alias


def client_link_anonymous(
    *, acting_user: User, anonymous: ClientAccess, named: ClientAccess
) -> Client:
    """Link an anonymous record to the person's named record, once they agree
    to be identified. Both records stay; services stay counted once."""
    if not anonymous.client.is_anonymous:
        raise ValidationError(_("Only an anonymous record can be linked to a named record."))
    if named.client.is_anonymous:
        raise ValidationError(_("Choose a named record to link to."))
    if anonymous.client.linked_to_id is not None:
        raise ValidationError(_("This anonymous record is already linked."))
    with transaction.atomic():
        record = Client.objects.select_for_update().get(pk=anonymous.client.pk)
        record.linked_to = named.client
        record.version += 1
        record.save(update_fields=["linked_to", "version", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=record,
            client_id=record.pk,
            before={"linked_to": None},
            after={"linked_to": str(named.client.pk)},
        )
    return record


def client_record_viewed(
    *, user: User, client_access: ClientAccess, via: str = "web", section: str = "file"
) -> None:
    """Every read of a client's record is in the audit log, with what was read."""
    audit_record(
        action=AuditAction.VIEW,
        actor=user,
        target=client_access.client,
        client_id=client_access.client.pk,
        detail={
            "via": via,
            "section": section,
            "categories": sorted(client_access.categories),
            **(
                {"break_glass": str(client_access.break_glass.pk)}
                if client_access.break_glass
                else {}
            ),
        },
    )


def clients_searched(
    *, user: User, query: str, client_ids: Sequence[uuid.UUID], via: str = "web"
) -> None:
    """A search shows names: which records it showed is audited too."""
    audit_record(
        action=AuditAction.SEARCH,
        actor=user,
        detail={"via": via, "query": query[:200], "clients": [str(c) for c in client_ids]},
    )


# --- Consent directives ------------------------------------------------------


def consent_directive_create(
    *,
    acting_user: User,
    client_access: ClientAccess,
    categories: Sequence[str],
    start_date: dt.date,
    end_date: dt.date | None = None,
    method: str,
    all_partners: bool = False,
    organizations: Sequence[Organization] = (),
    organization_ids: Sequence[Any] = (),
    witnessed_by: str = "",
    notes: str = "",
) -> ConsentDirective:
    """Record the client's consent directive. Without an end date it lasts
    CONSENT_DEFAULT_DAYS (one year)."""
    if not client_access.can_record_consent:
        raise PermissionDenied(_("You may not record consent for this client."))
    errors: dict[str, list[str]] = {}
    orgs = list(organizations)
    if organization_ids:
        wanted = {str(i) for i in organization_ids}
        found = list(Organization.objects.filter(pk__in=[i for i in wanted if is_uuid(i)]))
        missing = wanted - {str(o.pk) for o in found}
        for org_id in sorted(missing):
            errors.setdefault("organizations", []).append(
                _("Unknown organization: %(id)s.") % {"id": org_id}
            )
        orgs += found
    for org in orgs:
        if not org.is_partner:
            errors.setdefault("organizations", []).append(
                _("%(name)s is not a partner of the network: consent cannot share with it.")
                % {"name": org.name}
            )
    if all_partners and orgs:
        errors.setdefault("organizations", []).append(
            _("Choose either all partners or named partners, not both.")
        )
    if not all_partners and not orgs:
        errors.setdefault("organizations", []).append(
            _("Choose the partners this consent is for, or all partners.")
        )
    unknown = [c for c in categories if c not in DataCategory.values]
    for category in unknown:
        errors.setdefault("categories", []).append(
            _("Unknown category: %(category)s.") % {"category": category}
        )
    if not categories:
        errors.setdefault("categories", []).append(_("Choose at least one category to share."))
    if method not in ConsentMethod.values:
        errors.setdefault("method", []).append(_("Say whether consent was written or verbal."))
    if end_date is None and start_date is not None:
        end_date = start_date + dt.timedelta(days=settings.CONSENT_DEFAULT_DAYS)
    if start_date and end_date and end_date < start_date:
        errors.setdefault("end_date", []).append(_("The end date is before the start date."))
    if method == ConsentMethod.VERBAL and not witnessed_by.strip():
        errors.setdefault("witnessed_by", []).append(
            _("Verbal consent needs the name of the person who witnessed it.")
        )
    if errors:
        raise ValidationError(errors)
    directive = ConsentDirective(
        client=client_access.client,
        all_partners=all_partners,
        start_date=start_date,
        end_date=end_date,
        method=method,
        witnessed_by=witnessed_by.strip(),
        notes=notes,
        recorded_by=acting_user,
        recorded_by_organization_id=_org_id(acting_user),
        **{f"share_{c}": c in categories for c in DataCategory.values},
    )
    directive.full_clean()
    with transaction.atomic():
        directive.save(force_insert=True)
        directive.organizations.set(orgs)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=directive,
            client_id=client_access.client.pk,
            after={
                "all_partners": all_partners,
                "organizations": sorted(str(o.pk) for o in orgs),
                "categories": directive.categories,
                "start_date": str(start_date),
                "end_date": str(end_date),
                "method": method,
            },
        )
    return directive


def consent_directive_withdraw(
    *, acting_user: User, client_access: ClientAccess, directive: ConsentDirective, reason: str = ""
) -> ConsentDirective:
    """Withdraw consent: sharing stops at the next request."""
    if not client_access.can_withdraw_consent or directive.client_id != client_access.client.pk:
        raise PermissionDenied(_("You may not withdraw this client's consent."))
    if directive.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    with transaction.atomic():
        directive.withdrawn_at = timezone.now()
        directive.withdrawn_by = acting_user
        directive.withdrawal_reason = reason.strip()[:300]
        directive.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"]
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=directive,
            client_id=directive.client_id,
            before={"withdrawn_at": None},
            after={
                "withdrawn_at": directive.withdrawn_at.isoformat(),
                "reason": directive.withdrawal_reason,
            },
        )
    return directive


def lock_box_add(
    *,
    acting_user: User,
    client_access: ClientAccess,
    organization: Organization,
    category: str = "",
    target: Model | None = None,
    reason: str = "",
) -> ConsentLockBox:
    """Keep one category, or one record, of the client's file from one partner.
    Lock-boxes are kept by the organization that registered the client."""
    if not client_access.registered_here:
        raise PermissionDenied(
            _("Only the organization that registered this client can set a lock-box.")
        )
    if bool(category) == bool(target):
        raise ValidationError(
            _("Choose either a category or one record to keep from this partner.")
        )
    if category and category not in DataCategory.values:
        raise ValidationError(
            {"category": _("Unknown category: %(category)s.") % {"category": category}}
        )
    box = ConsentLockBox(
        client=client_access.client,
        organization=organization,
        category=category,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        reason=reason.strip(),
        recorded_by=acting_user,
    )
    box.full_clean()
    with transaction.atomic():
        box.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=box,
            client_id=client_access.client.pk,
            after=audit_snapshot(
                box, ["organization_id", "category", "target_type", "target_id", "reason"]
            ),
        )
    return box


def lock_box_remove(*, acting_user: User, box: ConsentLockBox) -> ConsentLockBox:
    if box.removed_at is not None:
        return box
    with transaction.atomic():
        box.removed_at = timezone.now()
        box.save(update_fields=["removed_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=box,
            client_id=box.client_id,
            before={"removed_at": None},
            after={"removed_at": box.removed_at.isoformat()},
        )
    return box


# --- Break the glass ---------------------------------------------------------


def break_glass_check_reason(*, user: User, reason: str) -> None:
    """Refuse an emergency access without a real reason, or by someone who
    does not work for a partner, before looking the client up."""
    if user.organization_id is None:
        raise PermissionDenied(_("Only staff of a partner organization can use emergency access."))
    if len(reason.strip()) < 10:
        raise ValidationError(
            {
                "reason": _(
                    "Explain the emergency (at least 10 characters): it is reviewed by a coordinator."
                )
            }
        )


def break_glass_open(*, user: User, client: Client, reason: str) -> BreakGlassAccess:
    """Open a client's record outside consent in an emergency."""
    break_glass_check_reason(user=user, reason=reason)
    reason = reason.strip()
    now = timezone.now()
    grant = BreakGlassAccess(
        user=user,
        organization_id=_org_id(user),
        client=client,
        reason=reason,
        expires_at=now + dt.timedelta(hours=settings.BREAK_GLASS_HOURS),
    )
    with transaction.atomic():
        grant.save(force_insert=True)
        audit_record(
            action=AuditAction.BREAK_GLASS,
            actor=user,
            target=grant,
            client_id=client.pk,
            detail={"reason": reason, "expires_at": grant.expires_at.isoformat()},
        )
    return grant


def break_glass_review(
    *, acting_user: User, grant: BreakGlassAccess, note: str
) -> BreakGlassAccess:
    if grant.reviewed_at is not None:
        raise ValidationError(_("This emergency access was already reviewed."))
    if grant.user_id == acting_user.pk:
        raise ValidationError(_("Someone else must review your own emergency access."))
    with transaction.atomic():
        grant.reviewed_at = timezone.now()
        grant.reviewed_by = acting_user
        grant.review_note = note.strip()
        grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=grant,
            client_id=grant.client_id,
            after={"reviewed": True, "note": grant.review_note},
        )
    return grant


# --- Visits ------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceGiven:
    kind: str
    quantity: int = 1
    naloxone_training: bool = False
    detail: str = ""


def visit_record(
    *,
    acting_user: User,
    client_access: ClientAccess,
    occurred_at: dt.datetime | None = None,
    site: str = "",
    needs: Sequence[str] = (),
    needs_other: str = "",
    notes: str = "",
    services: Sequence[ServiceGiven] = (),
) -> Visit:
    """Record a visit: the needs the person expressed and what was given."""
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + dt.timedelta(minutes=5):
        errors.setdefault("occurred_at", []).append(_("The visit cannot be in the future."))
    for need in needs:
        if need not in Need.values:
            errors.setdefault("needs", []).append(_("Unknown need: %(need)s.") % {"need": need})
    if Need.OTHER in needs and not needs_other.strip():
        errors.setdefault("needs_other", []).append(_("Describe the other need."))
    for index, service in enumerate(services, start=1):
        if service.kind not in ServiceKind.values:
            errors.setdefault("services", []).append(
                _("Service %(n)s: unknown service %(kind)s.") % {"n": index, "kind": service.kind}
            )
        if service.quantity < 1 or service.quantity > 1000:
            errors.setdefault("services", []).append(
                _("Service %(n)s: the quantity must be between 1 and 1000.") % {"n": index}
            )
        if service.naloxone_training and service.kind != ServiceKind.NALOXONE_KIT:
            errors.setdefault("services", []).append(
                _("Service %(n)s: naloxone training goes with a naloxone kit.") % {"n": index}
            )
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        client=client_access.client,
        occurred_at=occurred_at,
        organization_id=_org_id(acting_user),
        site=site.strip(),
        needs=sorted(set(needs)),
        needs_other=needs_other.strip(),
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    visit.full_clean()
    with transaction.atomic():
        visit.save(force_insert=True)
        rows = [
            VisitService(
                visit=visit,
                kind=s.kind,
                quantity=s.quantity,
                naloxone_training=s.naloxone_training,
                detail=s.detail.strip(),
            )
            for s in services
        ]
        VisitService.objects.bulk_create(rows)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=visit,
            client_id=client_access.client.pk,
            after={
                **audit_snapshot(visit, ["occurred_at", "site", "needs", "needs_other"]),
                "services": [
                    {
                        "kind": s.kind,
                        "quantity": s.quantity,
                        "naloxone_training": s.naloxone_training,
                    }
                    for s in services
                ],
            },
        )
    return visit


# --- Pathway -----------------------------------------------------------------


def current_stage(client: Client) -> PathwayStage | None:
    return client.pathway.order_by("-entered_on", "-created_at").first()


def pathway_move(
    *,
    acting_user: User,
    client_access: ClientAccess,
    stage: str,
    entered_on: dt.date | None = None,
    reason: str = "",
) -> PathwayStage:
    """Move the client to a stage of the pathway. Moving back a stage needs a
    reason and raises a revolving-door alert."""
    if not client_access.sees_pathway:
        raise ValidationError(_("You may not change this client's pathway."))
    today = timezone.localdate()
    entered_on = entered_on or today
    errors: dict[str, list[str]] = {}
    if stage not in Stage.values:
        errors.setdefault("stage", []).append(_("Unknown stage: %(stage)s.") % {"stage": stage})
    if entered_on > today:
        errors.setdefault("entered_on", []).append(_("The date cannot be in the future."))
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client_access.client.pk).first()
        current = current_stage(client_access.client)
        previous = Stage(current.stage) if current else None
        if current and stage == current.stage:
            errors.setdefault("stage", []).append(_("The client is already at this stage."))
        if current and entered_on < current.entered_on:
            errors.setdefault("entered_on", []).append(
                _("The date is before the current stage began (%(date)s).")
                % {"date": current.entered_on.isoformat()}
            )
        backward = bool(
            previous and stage in Stage.values and STAGE_ORDER[Stage(stage)] < STAGE_ORDER[previous]
        )
        if backward and not reason.strip():
            errors.setdefault("reason", []).append(
                _("Moving back a stage needs a reason (for example: lost housing, relapse).")
            )
        if errors:
            raise ValidationError(errors)
        step = PathwayStage(
            client=client_access.client,
            stage=stage,
            previous_stage=previous.value if previous else "",
            entered_on=entered_on,
            reason=reason.strip(),
            organization_id=_org_id(acting_user),
            recorded_by=acting_user,
        )
        step.full_clean()
        step.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=step,
            client_id=client_access.client.pk,
            before={"stage": step.previous_stage or None},
            after=audit_snapshot(step, ["stage", "entered_on", "reason"]),
        )
        if backward:
            reached_stability = client_access.client.pathway.filter(
                stage=Stage.STABILITY,
                entered_on__gte=entered_on - dt.timedelta(days=365),
            ).exists()
            homeless_again = stage in (Stage.VISIT, Stage.SAFETY)
            alert = RevolvingDoorAlert.objects.create(
                client=client_access.client,
                pathway_stage=step,
                kind=(
                    AlertKind.RETURN_TO_HOMELESSNESS
                    if reached_stability and homeless_again
                    else AlertKind.BACKWARD_MOVE
                ),
            )
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=alert,
                client_id=client_access.client.pk,
                after={"kind": alert.kind, "from": step.previous_stage, "to": stage},
            )
    return step


def alert_acknowledge(
    *, acting_user: User, alert: RevolvingDoorAlert, note: str = ""
) -> RevolvingDoorAlert:
    if alert.acknowledged_at is not None:
        raise ValidationError(_("This alert was already acknowledged."))
    with transaction.atomic():
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = acting_user
        alert.note = note.strip()
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=alert,
            client_id=alert.client_id,
            after={"acknowledged": True, "note": alert.note},
        )
    return alert
