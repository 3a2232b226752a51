"""Schemas of the client-registry routes (``/clients``, ``/consents``).

Closed lists (languages, provinces, categories, services …) are typed with the
models' choices so that the OpenAPI document lists the accepted values; the
business rules themselves stay in ``parcours.clients.services``."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from parcours.access import ClientAccess
from parcours.accounts.models import Organization
from parcours.api.pagination import PageInput
from parcours.clients import selectors
from parcours.clients.models import (
    AliasKind,
    ClientAlias,
    ConsentDirective,
    ConsentMethod,
    DataCategory,
    Need,
    OfficialLanguage,
    PathwayStage,
    Province,
    ServiceKind,
    Stage,
    YesNoPrefer,
)


class StrictIn(Schema):
    """Input schemas refuse unknown fields: a misspelt field is a 422, not ignored."""

    model_config = ConfigDict(extra="forbid")


class OrganizationRef(Schema):
    id: uuid.UUID
    name: str


class ReferenceOut(Schema):
    code: str
    name: str


# --- Clients -----------------------------------------------------------------


class ClientSearch(PageInput):
    q: str = ""


class ClientListItem(Schema):
    id: uuid.UUID
    display_name: str
    given_name: str
    family_name: str
    preferred_name: str
    is_anonymous: bool
    date_of_birth: dt.date | None
    birth_year: int | None
    registered_by_organization: OrganizationRef


class ClientPage(Schema):
    items: list[ClientListItem]
    count: int


class AliasIn(StrictIn):
    kind: AliasKind
    given_name: str = ""
    family_name: str = ""


class AliasOut(Schema):
    id: uuid.UUID
    kind: str
    given_name: str
    family_name: str


class ClientIn(StrictIn):
    """A new client. ``given_name`` and ``family_name`` are required for a
    named client; an anonymous record keeps only a year of birth and a gender.
    Reference answers are option codes (for example ``gender_identity: "woman"``)."""

    is_anonymous: bool = False
    given_name: str = ""
    family_name: str = ""
    preferred_name: str = ""
    date_of_birth: dt.date | None = None
    date_of_birth_estimated: bool = False
    birth_year: int | None = None
    approximate_age: int | None = None
    preferred_language: OfficialLanguage = OfficialLanguage.FRENCH
    other_languages: str = ""
    gender_identity: str | None = None
    sexual_orientation: str | None = None
    indigenous_identity: str | None = None
    racialized_identity: str | None = None
    citizenship_status: str | None = None
    housing_situation_at_intake: str | None = None
    veteran_status: YesNoPrefer | None = None
    health_card_province: Province | None = None
    health_card_number: str = ""
    phone: str = ""
    email: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    emergency_contact_relationship: str = ""
    aliases: list[AliasIn] = []


TEXT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "other_languages",
    "health_card_number",
    "phone",
    "email",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
)
NOT_NULL_ERRORS = {
    "is_anonymous": "bool_type",
    "date_of_birth_estimated": "bool_type",
    "preferred_language": "enum",
}


class ClientPatch(StrictIn):
    """Changes to a client's identity: ``version`` is the version the caller
    read; a save based on an older version is refused (409). Send only the
    fields to change: ``""`` clears a text, ``null`` clears a date, a year, a
    reference answer, the veteran status or the health card province."""

    version: int
    is_anonymous: bool | SkipJsonSchema[None] = None
    given_name: str | SkipJsonSchema[None] = None
    family_name: str | SkipJsonSchema[None] = None
    preferred_name: str | SkipJsonSchema[None] = None
    date_of_birth: dt.date | None = None
    date_of_birth_estimated: bool | SkipJsonSchema[None] = None
    birth_year: int | None = None
    preferred_language: OfficialLanguage | SkipJsonSchema[None] = None
    other_languages: str | SkipJsonSchema[None] = None
    gender_identity: str | None = None
    sexual_orientation: str | None = None
    indigenous_identity: str | None = None
    racialized_identity: str | None = None
    citizenship_status: str | None = None
    housing_situation_at_intake: str | None = None
    veteran_status: YesNoPrefer | None = None
    health_card_province: Province | None = None
    health_card_number: str | SkipJsonSchema[None] = None
    phone: str | SkipJsonSchema[None] = None
    email: str | SkipJsonSchema[None] = None
    emergency_contact_name: str | SkipJsonSchema[None] = None
    emergency_contact_phone: str | SkipJsonSchema[None] = None
    emergency_contact_relationship: str | SkipJsonSchema[None] = None

    @field_validator(
        "is_anonymous",
        "date_of_birth_estimated",
        "preferred_language",
        *TEXT_FIELDS,
        mode="after",
    )
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        """Only what can be blank is cleared with null: texts are cleared with ""."""
        if value is None:
            kind = NOT_NULL_ERRORS.get(str(info.field_name), "string_type")
            expected = ", ".join(f"'{v}'" for v in OfficialLanguage.values)
            raise PydanticCustomError(kind, "This field may not be null.", {"expected": expected})
        return value


def _of_client(field: str) -> Any:
    """A resolver for a field of the client every caller who sees them may read."""

    def resolve(obj: ClientAccess) -> Any:
        return getattr(obj.client, field)

    return staticmethod(resolve)


def _of_identity(field: str) -> Any:
    """A resolver for an identity field: ``null`` unless the caller may see
    the identity category."""

    def resolve(obj: ClientAccess) -> Any:
        return getattr(obj.client, field) if obj.can(DataCategory.IDENTITY) else None

    return staticmethod(resolve)


class ClientDetail(Schema):
    """A client as the caller may see it. Identity fields are ``null`` when
    the caller may not see the identity category; ``current_stage`` is
    ``null`` when they do not follow the client's pathway (or it has none).

    Fed from the caller's ``ClientAccess`` (``access.client_get_for_user``)."""

    id: uuid.UUID
    version: int
    is_anonymous: bool
    registered_by_organization: OrganizationRef
    categories: list[str]
    current_stage: str | None
    break_glass_expires_at: dt.datetime | None
    display_name: str | None
    given_name: str | None
    family_name: str | None
    preferred_name: str | None
    date_of_birth: dt.date | None
    date_of_birth_estimated: bool | None
    birth_year: int | None
    gender_identity: ReferenceOut | None
    sexual_orientation: ReferenceOut | None
    indigenous_identity: ReferenceOut | None
    racialized_identity: ReferenceOut | None
    preferred_language: str | None
    other_languages: str | None
    citizenship_status: ReferenceOut | None
    veteran_status: str | None
    health_card_province: str | None
    health_card_number: str | None
    phone: str | None
    email: str | None
    emergency_contact_name: str | None
    emergency_contact_phone: str | None
    emergency_contact_relationship: str | None
    housing_situation_at_intake: ReferenceOut | None
    aliases: list[AliasOut] | None

    resolve_id = _of_client("pk")
    resolve_version = _of_client("version")
    resolve_is_anonymous = _of_client("is_anonymous")
    resolve_registered_by_organization = _of_client("registered_by_organization")
    resolve_display_name = _of_identity("display_name")
    resolve_given_name = _of_identity("given_name")
    resolve_family_name = _of_identity("family_name")
    resolve_preferred_name = _of_identity("preferred_name")
    resolve_date_of_birth = _of_identity("date_of_birth")
    resolve_date_of_birth_estimated = _of_identity("date_of_birth_estimated")
    resolve_birth_year = _of_identity("birth_year")
    resolve_gender_identity = _of_identity("gender_identity")
    resolve_sexual_orientation = _of_identity("sexual_orientation")
    resolve_indigenous_identity = _of_identity("indigenous_identity")
    resolve_racialized_identity = _of_identity("racialized_identity")
    resolve_preferred_language = _of_identity("preferred_language")
    resolve_other_languages = _of_identity("other_languages")
    resolve_citizenship_status = _of_identity("citizenship_status")
    resolve_veteran_status = _of_identity("veteran_status")
    resolve_health_card_province = _of_identity("health_card_province")
    resolve_health_card_number = _of_identity("health_card_number")
    resolve_phone = _of_identity("phone")
    resolve_email = _of_identity("email")
    resolve_emergency_contact_name = _of_identity("emergency_contact_name")
    resolve_emergency_contact_phone = _of_identity("emergency_contact_phone")
    resolve_emergency_contact_relationship = _of_identity("emergency_contact_relationship")
    resolve_housing_situation_at_intake = _of_identity("housing_situation_at_intake")

    @staticmethod
    def resolve_categories(obj: ClientAccess) -> list[str]:
        return sorted(obj.categories)

    @staticmethod
    def resolve_current_stage(obj: ClientAccess) -> str | None:
        if not obj.sees_pathway:
            return None
        stage: str | None = selectors.pathway_for(obj).values_list("stage", flat=True).first()
        return stage

    @staticmethod
    def resolve_break_glass_expires_at(obj: ClientAccess) -> dt.datetime | None:
        return obj.break_glass.expires_at if obj.break_glass else None

    @staticmethod
    def resolve_aliases(obj: ClientAccess) -> list[ClientAlias] | None:
        if not obj.can(DataCategory.IDENTITY):
            return None
        return list(obj.client.aliases.order_by("created_at"))


# --- Consent directives ------------------------------------------------------


class ConsentIn(StrictIn):
    """A consent directive: named partners (``organizations``) or
    ``all_partners``, the categories shared, from ``start_date`` to
    ``end_date`` (one year when omitted). Verbal consent needs a witness."""

    organizations: list[uuid.UUID] = []
    all_partners: bool = False
    categories: list[DataCategory]
    start_date: dt.date
    end_date: dt.date | None = None
    method: ConsentMethod
    witnessed_by: str = ""
    notes: str = ""


class ConsentWithdrawIn(StrictIn):
    reason: str = ""


class ConsentOut(Schema):
    """A directive as the caller may see it (``access.consent_directives_visible_to``):
    a partner other than the registering organization sees only itself among
    the ``organizations`` and no witness (``witnessed_by`` is ``""``)."""

    id: uuid.UUID
    all_partners: bool
    organizations: list[OrganizationRef]
    categories: list[str]
    start_date: dt.date
    end_date: dt.date
    method: str
    witnessed_by: str
    status: str
    withdrawn_at: dt.datetime | None

    @staticmethod
    def resolve_organizations(obj: ConsentDirective) -> list[Organization]:
        return sorted(obj.organizations.all(), key=lambda o: o.name)

    @staticmethod
    def resolve_witnessed_by(obj: ConsentDirective) -> str:
        return str(getattr(obj, "witness_shown", obj.witnessed_by))

    @staticmethod
    def resolve_status(obj: ConsentDirective) -> str:
        return str(obj.status(timezone.localdate()))


# --- Visits ------------------------------------------------------------------


class ServiceIn(StrictIn):
    kind: ServiceKind
    quantity: int = 1
    naloxone_training: bool = False
    detail: str = ""


class ServiceOut(Schema):
    kind: str
    quantity: int
    naloxone_training: bool
    detail: str


class VisitIn(StrictIn):
    """A visit: ``occurred_at`` defaults to now (a time without offset is
    local time); ``needs`` are need codes."""

    occurred_at: dt.datetime | None = None
    site: str = ""
    needs: list[Need] = []
    needs_other: str = ""
    notes: str = ""
    services: list[ServiceIn] = []


class VisitOut(Schema):
    id: uuid.UUID
    occurred_at: dt.datetime
    organization: OrganizationRef
    site: str
    needs: list[str]
    needs_other: str
    services: list[ServiceOut]


# --- Pathway -----------------------------------------------------------------


class PathwayIn(StrictIn):
    """Move the client to a stage (from ``entered_on``, today by default).
    Moving back a stage needs a ``reason`` and raises a revolving-door alert."""

    stage: Stage
    entered_on: dt.date | None = None
    reason: str = ""


class AlertOut(Schema):
    kind: str
    acknowledged: bool


class PathwayStepOut(Schema):
    id: uuid.UUID
    stage: str
    previous_stage: str | None
    entered_on: dt.date
    reason: str
    organization: OrganizationRef
    alert: AlertOut | None

    @staticmethod
    def resolve_previous_stage(obj: PathwayStage) -> str | None:
        return obj.previous_stage or None

    @staticmethod
    def resolve_alert(obj: PathwayStage) -> dict[str, Any] | None:
        try:
            alert = obj.alert
        except ObjectDoesNotExist:
            return None
        return {"kind": alert.kind, "acknowledged": alert.acknowledged_at is not None}


# --- Break the glass ---------------------------------------------------------


class BreakGlassIn(StrictIn):
    """What the emergency-access screen asks: the reason (at least 10
    characters, reviewed by a privacy reviewer of the caller's organization)
    and exact identifiers of the person — their ``health_card_number``, or
    their full ``name`` (given or preferred name and family name) with their
    ``date_of_birth``. Every identifier given must match the record of the
    route exactly, and no other record."""

    reason: str
    health_card_number: str = ""
    name: str = ""
    date_of_birth: dt.date | None = None

    @model_validator(mode="after")
    def _identifiers(self) -> "BreakGlassIn":
        if not self.health_card_number.strip() and not (
            self.name.strip() and self.date_of_birth is not None
        ):
            raise PydanticCustomError(
                "break_glass_identifiers",
                _("Give the exact health card number, or the full name with the date of birth."),
            )
        return self


class BreakGlassOut(Schema):
    """The emergency access opened (fed from the ``BreakGlassAccess``)."""

    client_id: uuid.UUID
    expires_at: dt.datetime
