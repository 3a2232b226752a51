"""The registry itself: registration, identity changes, aliases, the
records read and the searches made (both audited)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.clients.models import (
    Client,
    ClientAlias,
    DataCategory,
    OfficialLanguage,
    ReferenceList,
    ReferenceOption,
)
from parcours.clients.names import name_keys
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.core.text import fold, normalise_health_card

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


def client_index_names(client: Client, aliases: Sequence[ClientAlias] = ()) -> None:
    """The folded search text and phonetic keys of a record written outside
    the registration form (an import): what registration computes."""
    _index_names(client, aliases)


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
    *,
    acting_user: User,
    client_access: ClientAccess,
    via: str = "web",
    section: str = "file",
    sections: Sequence[str] = (),
) -> None:
    """Every read of a client's record is in the audit log, with what was read
    (``sections``: the parts of the page shown, when it shows several)."""
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=client_access.client,
        client_id=client_access.client.pk,
        detail={
            "via": via,
            "section": section,
            "categories": sorted(client_access.categories),
            **({"sections": list(sections)} if sections else {}),
            **(
                {"break_glass": str(client_access.break_glass.pk)}
                if client_access.break_glass
                else {}
            ),
        },
    )


def clients_searched(
    *, acting_user: User, query: str, client_ids: Sequence[uuid.UUID], via: str = "web"
) -> None:
    """A search shows names: which records it showed is audited too."""
    audit_record(
        action=AuditAction.SEARCH,
        actor=acting_user,
        detail={"via": via, "query": query[:200], "clients": [str(c) for c in client_ids]},
    )
