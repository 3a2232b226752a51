"""Keeping landlords and units: every write checks the policy
(``parcours.access.housing``), validates, saves inside a transaction and
appends its audit event there. Bad input raises ``ValidationError`` with
translated messages, field by field, and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.housing import (
    can_keep_landlords,
    keeping_organizations_for,
    require_landlord_keeper,
    require_unit_keeper,
)
from parcours.accounts.models import Organization, User
from parcours.coordination.languages import is_language_code
from parcours.core.audit import audit_record
from parcours.core.audit import audit_snapshot as _snapshot
from parcours.core.models import AuditAction
from parcours.housing.models import (
    MAX_BEDROOMS,
    ContactKind,
    HousingUnit,
    Landlord,
    LandlordContactLog,
    LandlordKind,
    UnitCondition,
    UnitInspection,
    UnitStatus,
    UnitType,
)

M = TypeVar("M", bound=Model)

LANDLORD_FIELDS = [
    "kind",
    "name",
    "contact_person",
    "phone",
    "email",
    "languages",
    "notes",
    "organization_id",
    "active",
]
UNIT_FIELDS = [
    "landlord_id",
    "address_line",
    "city",
    "province",
    "postal_code",
    "unit_type",
    "bedrooms",
    "monthly_rent",
    "utilities_included",
    "wheelchair_accessible",
    "accessibility_features",
    "pets_allowed",
    "subsidy_attached",
    "status",
    "available_from",
    "notes",
    "organization_id",
]
LOG_FIELDS = ["landlord_id", "date", "kind", "summary", "outcome"]
INSPECTION_FIELDS = ["unit_id", "date", "condition", "notes"]


@dataclass
class LandlordData:
    """What a landlord is, as the form and the API give it."""

    name: str
    kind: str = LandlordKind.PERSON
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    languages: list[str] = field(default_factory=list)
    notes: str = ""
    active: bool = True


@dataclass
class UnitData:
    """What a unit is, as the form and the API give it."""

    address_line: str
    city: str
    unit_type: str
    monthly_rent: Decimal
    bedrooms: int = 1
    province: str = "ON"
    postal_code: str = ""
    utilities_included: bool = False
    wheelchair_accessible: bool = False
    accessibility_features: str = ""
    pets_allowed: bool = False
    subsidy_attached: str = ""
    status: str = UnitStatus.AVAILABLE
    available_from: dt.date | None = None
    notes: str = ""


def audit_snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The audit snapshot, with amounts as text (JSON has no decimals)."""
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in _snapshot(obj, fields).items()
    }


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _full_clean(obj: Any, errors: dict[str, Any], exclude: list[str] | None = None) -> None:
    """Raise the rule errors and the model's own together (nothing written)."""
    try:
        obj.full_clean(exclude=[*(exclude or []), *errors])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _save_audited(
    *,
    acting_user: User,
    obj: M,
    fields: list[str],
    errors: dict[str, Any],
    apply: Callable[[], None],
) -> M:
    """Apply the form's data to a new or existing row, check it (the rule
    ``errors`` and the model's own; an existing row is read back when
    refused), then save it with its audit event in one transaction."""
    creating = obj._state.adding
    before = None if creating else audit_snapshot(obj, fields)
    apply()
    try:
        _full_clean(obj, errors)
    except ValidationError:
        if not creating:
            obj.refresh_from_db()
        raise
    with transaction.atomic():
        obj.save(force_insert=creating)
        audit_record(
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            actor=acting_user,
            target=obj,
            before=before,
            after=audit_snapshot(obj, fields),
        )
    return obj


# --- Landlords ---------------------------------------------------------------------------


def landlord_rule_errors(data: LandlordData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = _("Enter the landlord's name.")
    if data.kind not in LandlordKind.values:
        errors["kind"] = _("Choose a person or a company.")
    bad = [code for code in data.languages if not is_language_code(code.strip().lower())]
    if bad:
        errors["languages"] = _("Not ISO 639-1 language codes: %(codes)s.") % {
            "codes": ", ".join(bad)
        }
    return errors


def _apply_landlord(landlord: Landlord, data: LandlordData) -> None:
    for name in ("kind", "name", "contact_person", "phone", "email", "notes", "active"):
        setattr(landlord, name, _clean(getattr(data, name)))
    landlord.email = landlord.email.lower()
    landlord.languages = list(
        dict.fromkeys(code.strip().lower() for code in data.languages if code.strip())
    )


def _keeping_organization(user: User, organization: Organization | None) -> Organization:
    """The organization a new landlord is kept by: the user's own, or for a
    network administrator the partner they chose."""
    allowed = keeping_organizations_for(user)
    if organization is None:
        if user.organization_id is not None and allowed.filter(pk=user.organization_id).exists():
            assert user.organization is not None
            return user.organization
        raise ValidationError(
            {"organization": _("Choose the partner organization that keeps the landlord.")}
        )
    if not allowed.filter(pk=organization.pk).exists():
        raise PermissionDenied(_("You may only add landlords kept by your own organization."))
    return organization


def landlord_create(
    *, acting_user: User, data: LandlordData, organization: Organization | None = None
) -> Landlord:
    if not can_keep_landlords(acting_user):
        raise PermissionDenied(_("Only the staff of a partner organization can add landlords."))
    keeper = _keeping_organization(acting_user, organization)
    landlord = Landlord(organization=keeper)
    return _save_audited(
        acting_user=acting_user,
        obj=landlord,
        fields=LANDLORD_FIELDS,
        errors=landlord_rule_errors(data),
        apply=lambda: _apply_landlord(landlord, data),
    )


def landlord_update(*, acting_user: User, landlord: Landlord, data: LandlordData) -> Landlord:
    require_landlord_keeper(acting_user, landlord)
    return _save_audited(
        acting_user=acting_user,
        obj=landlord,
        fields=LANDLORD_FIELDS,
        errors=landlord_rule_errors(data),
        apply=lambda: _apply_landlord(landlord, data),
    )


def landlord_contact_add(
    *,
    acting_user: User,
    landlord: Landlord,
    date: dt.date,
    kind: str,
    summary: str,
    outcome: str = "",
) -> LandlordContactLog:
    """A new entry of the landlord's relationship log."""
    require_landlord_keeper(acting_user, landlord)
    errors: dict[str, Any] = {}
    if kind not in ContactKind.values:
        errors["kind"] = _("Choose the kind of contact.")
    if not summary.strip():
        errors["summary"] = _("Say what happened.")
    if date is not None and date > timezone.localdate() + dt.timedelta(days=1):
        errors["date"] = _("The contact cannot be in the future.")
    entry = LandlordContactLog(
        landlord=landlord,
        date=date,
        kind=kind,
        summary=summary.strip(),
        outcome=outcome.strip(),
        recorded_by=acting_user,
        organization=acting_user.organization or landlord.organization,
    )
    _full_clean(entry, errors)
    with transaction.atomic():
        entry.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=entry,
            after=audit_snapshot(entry, LOG_FIELDS),
        )
    return entry


# --- Units -------------------------------------------------------------------------------


def unit_rule_errors(data: UnitData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.monthly_rent < 0:
        errors["monthly_rent"] = _("The monthly rent cannot be negative.")
    if data.bedrooms < 0:
        errors["bedrooms"] = _("The number of bedrooms cannot be negative.")
    elif data.bedrooms > MAX_BEDROOMS:
        errors["bedrooms"] = _("A unit has at most %(max)s bedrooms.") % {"max": MAX_BEDROOMS}
    if data.unit_type not in UnitType.values:
        errors["unit_type"] = _("Choose the type of unit.")
    if data.status not in UnitStatus.values:
        errors["status"] = _("Choose the unit's status.")
    elif data.status == UnitStatus.AVAILABLE and data.available_from is None:
        errors["available_from"] = _("Say from when an available unit can be rented.")
    if not data.address_line.strip():
        errors["address_line"] = _("Enter the unit's address.")
    if not data.city.strip():
        errors["city"] = _("Enter the city.")
    return errors


def _apply_unit(unit: HousingUnit, data: UnitData) -> None:
    for name in (
        "address_line",
        "city",
        "postal_code",
        "unit_type",
        "bedrooms",
        "monthly_rent",
        "utilities_included",
        "wheelchair_accessible",
        "accessibility_features",
        "pets_allowed",
        "subsidy_attached",
        "status",
        "available_from",
        "notes",
    ):
        setattr(unit, name, _clean(getattr(data, name)))
    unit.province = (data.province or "").strip().upper()
    unit.postal_code = unit.postal_code.upper()


def unit_create(*, acting_user: User, landlord: Landlord, data: UnitData) -> HousingUnit:
    """A new unit of the landlord, kept by the landlord's organization."""
    require_landlord_keeper(acting_user, landlord)
    unit = HousingUnit(landlord=landlord, organization_id=landlord.organization_id)
    return _save_audited(
        acting_user=acting_user,
        obj=unit,
        fields=UNIT_FIELDS,
        errors=unit_rule_errors(data),
        apply=lambda: _apply_unit(unit, data),
    )


def unit_update(*, acting_user: User, unit: HousingUnit, data: UnitData) -> HousingUnit:
    require_unit_keeper(acting_user, unit)
    return _save_audited(
        acting_user=acting_user,
        obj=unit,
        fields=UNIT_FIELDS,
        errors=unit_rule_errors(data),
        apply=lambda: _apply_unit(unit, data),
    )


def unit_inspection_record(
    *, acting_user: User, unit: HousingUnit, date: dt.date, condition: str, notes: str = ""
) -> UnitInspection:
    require_unit_keeper(acting_user, unit)
    errors: dict[str, Any] = {}
    if condition not in UnitCondition.values:
        errors["condition"] = _("Choose the condition found.")
    if date is not None and date > timezone.localdate() + dt.timedelta(days=1):
        errors["date"] = _("The inspection cannot be in the future.")
    inspection = UnitInspection(
        unit=unit, date=date, condition=condition, notes=notes.strip(), inspected_by=acting_user
    )
    _full_clean(inspection, errors)
    with transaction.atomic():
        inspection.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=inspection,
            after=audit_snapshot(inspection, INSPECTION_FIELDS),
        )
    return inspection


__all__ = [
    "INSPECTION_FIELDS",
    "LANDLORD_FIELDS",
    "LOG_FIELDS",
    "UNIT_FIELDS",
    "LandlordData",
    "UnitData",
    "landlord_contact_add",
    "landlord_create",
    "landlord_rule_errors",
    "landlord_update",
    "unit_create",
    "unit_inspection_record",
    "unit_rule_errors",
    "unit_update",
]
