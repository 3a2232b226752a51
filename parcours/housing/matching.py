"""Housing preferences and offers (writes). Every write checks the policy
(``parcours.access.housing_matching``), validates, saves inside a transaction
with its audit event; bad input raises ``ValidationError`` with translated
messages and nothing is written.

**One open offer per unit**: an offer locks the unit's row
(``select_for_update``) and the database refuses a second offer holding the
same unit (``housing_offer_one_open_per_unit``). While an offer is open — and
once accepted, until the tenancy starts — the unit is held. A tenancy start
ends the client's other offers (``offers_end_on_tenancy``, called by
``tenancies.tenancy_start`` in its transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.housing_matching import (
    require_offer_answerer,
    require_offer_maker,
    require_preferences_writer,
)
from parcours.accounts.models import User
from parcours.core.audit import audit_record
from parcours.core.audit import audit_snapshot as _snapshot
from parcours.core.models import AuditAction
from parcours.housing.models import (
    DECLINE_REASONS,
    HOLDING,
    MAX_BEDROOMS,
    AccessibilityNeed,
    DeclineSide,
    HousingOffer,
    HousingPreference,
    HousingUnit,
    LivingArrangement,
    OfferReason,
    OfferStatus,
    Tenancy,
    UnitStatus,
    UnitType,
)

PREFERENCE_FIELDS = [
    "areas",
    "areas_to_avoid",
    "unit_types",
    "min_bedrooms",
    "accessibility_needs",
    "has_pets",
    "living",
    "max_rent",
    "constraints",
]
OFFER_FIELDS = [
    "unit_id",
    "client_id",
    "offered_on",
    "respond_by",
    "status",
    "decline_side",
    "reason",
    "note",
    "answered_on",
    "paused_until",
    "tenancy_id",
]
MAX_AREAS = 20
MAX_AREA_LENGTH = 100
MAX_PAUSE_DAYS = 365
MAX_RESPOND_DAYS = 90

# The answers a worker records.
ACCEPT = "accept"
DECLINE = "decline"
WITHDRAW = "withdraw"
ANSWERS = (ACCEPT, DECLINE, WITHDRAW)


def audit_snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The audit snapshot, with amounts as text (JSON has no decimals)."""
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in _snapshot(obj, fields).items()
    }


def stall_days() -> int:
    return int(settings.HOUSING_OFFER_STALL_DAYS)


def default_pause_days() -> int:
    return int(settings.HOUSING_DECLINE_PAUSE_DAYS)


# --- Preferences ---------------------------------------------------------------------------


@dataclass
class PreferenceData:
    """A client's housing preferences, as the form and the API give them."""

    areas: list[str] = field(default_factory=list)
    areas_to_avoid: list[str] = field(default_factory=list)
    unit_types: list[str] = field(default_factory=list)
    min_bedrooms: int = 0
    accessibility_needs: list[str] = field(default_factory=list)
    has_pets: bool = False
    living: str = LivingArrangement.EITHER
    max_rent: Decimal | None = None
    constraints: str = ""


def _clean_areas(values: list[str], name: str, errors: dict[str, Any]) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        if not text:
            continue
        if len(text) > MAX_AREA_LENGTH:
            errors[name] = _("An area has at most %(max)s characters.") % {"max": MAX_AREA_LENGTH}
        if text.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(text)
    if len(cleaned) > MAX_AREAS:
        errors[name] = _("Enter at most %(max)s areas.") % {"max": MAX_AREAS}
    return cleaned


def _clean_preferences(data: PreferenceData) -> PreferenceData:
    errors: dict[str, Any] = {}
    areas = _clean_areas(data.areas, "areas", errors)
    avoid = _clean_areas(data.areas_to_avoid, "areas_to_avoid", errors)
    both = {a.casefold() for a in areas} & {a.casefold() for a in avoid}
    if both:
        errors["areas_to_avoid"] = _("An area cannot be both wanted and avoided: %(areas)s.") % {
            "areas": ", ".join(a for a in avoid if a.casefold() in both)
        }
    unknown = [t for t in data.unit_types if t not in UnitType.values]
    if unknown:
        errors["unit_types"] = _("Unknown unit types: %(types)s.") % {"types": ", ".join(unknown)}
    unknown = [n for n in data.accessibility_needs if n not in AccessibilityNeed.values]
    if unknown:
        errors["accessibility_needs"] = _("Unknown accessibility needs: %(needs)s.") % {
            "needs": ", ".join(unknown)
        }
    if not 0 <= data.min_bedrooms <= MAX_BEDROOMS:
        errors["min_bedrooms"] = _("Enter a number of bedrooms from 0 to %(max)s.") % {
            "max": MAX_BEDROOMS
        }
    if data.max_rent is not None and data.max_rent < 0:
        errors["max_rent"] = _("The maximum rent cannot be negative.")
    if data.living not in LivingArrangement.values:
        errors["living"] = _("Choose alone, with others or either.")
    if errors:
        raise ValidationError(errors)
    return PreferenceData(
        areas=areas,
        areas_to_avoid=avoid,
        unit_types=list(dict.fromkeys(data.unit_types)),
        min_bedrooms=data.min_bedrooms,
        accessibility_needs=list(dict.fromkeys(data.accessibility_needs)),
        has_pets=data.has_pets,
        living=data.living,
        max_rent=data.max_rent,
        constraints=data.constraints.strip(),
    )


def preferences_save(
    *, acting_user: User, client_access: ClientAccess, data: PreferenceData
) -> HousingPreference:
    """Record the client's housing preferences (the one current row is
    created, or changed in place)."""
    require_preferences_writer(client_access)
    clean = _clean_preferences(data)
    client = client_access.client
    with transaction.atomic():
        current = HousingPreference.objects.select_for_update().filter(client=client).first()
        if current is None:
            preference = HousingPreference(
                client=client,
                organization_id=client_access.organization_id,
                recorded_by=acting_user,
            )
            before = None
        else:
            preference = current
            before = audit_snapshot(preference, PREFERENCE_FIELDS)
            preference.version += 1
        for name in PREFERENCE_FIELDS:
            setattr(preference, name, getattr(clean, name))
        preference.full_clean(validate_constraints=False, exclude=["client"])
        preference.save()
        audit_record(
            action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
            actor=acting_user,
            target=preference,
            client_id=client.pk,
            before=before,
            after=audit_snapshot(preference, PREFERENCE_FIELDS),
        )
    return preference


# --- Offers --------------------------------------------------------------------------------


def _set_unit_status(
    unit: HousingUnit, status: str, *, actor: User | None, today: dt.date, why: str
) -> None:
    """Move a locked unit to ``status``, with its audit event."""
    if unit.status == status:
        return
    before = {"status": unit.status}
    unit.status = status
    fields = ["status", "updated_at"]
    if status == UnitStatus.AVAILABLE and unit.available_from is None:
        unit.available_from = today
        fields.append("available_from")
    unit.save(update_fields=fields)
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        actor_label="" if actor else "system",
        target=unit,
        before=before,
        after={"status": unit.status},
        detail={"why": why},
    )


def client_paused_until(client_id: Any, on: dt.date) -> dt.date | None:
    """The date until which a decline pauses the client's offers (None: not paused)."""
    until = (
        HousingOffer.objects.filter(client_id=client_id, paused_until__gt=on)
        .order_by("-paused_until")
        .values_list("paused_until", flat=True)
        .first()
    )
    return until


def offer_make(
    *,
    acting_user: User,
    client_access: ClientAccess,
    unit: HousingUnit,
    respond_by: dt.date | None = None,
    note: str = "",
    offered_on: dt.date | None = None,
) -> HousingOffer:
    """Offer an available unit to the client: the unit is held for them until
    they answer. Refused when the unit is not available (held for someone,
    occupied), the client is housed or their offers are paused."""
    require_offer_maker(client_access, unit)
    client = client_access.client
    today = timezone.localdate()
    offered_on = offered_on or today
    respond_by = respond_by or offered_on + dt.timedelta(days=stall_days())
    errors: dict[str, Any] = {}
    if offered_on > today:
        errors["offered_on"] = _("An offer cannot be made in the future.")
    if respond_by < offered_on:
        errors["respond_by"] = _("The answer cannot be expected before the offer.")
    elif respond_by > offered_on + dt.timedelta(days=MAX_RESPOND_DAYS):
        errors["respond_by"] = _("Expect an answer within %(days)s days.") % {
            "days": MAX_RESPOND_DAYS
        }
    if Tenancy.objects.filter(client=client, end_date__isnull=True).exists():
        errors["client"] = _("This client is housed (an active tenancy): no offer can be made.")
    paused = client_paused_until(client.pk, today)
    if paused is not None:
        errors["client"] = _("This client's offers are paused until %(date)s after a decline.") % {
            "date": paused.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            locked = HousingUnit.objects.select_for_update().get(pk=unit.pk)
            holder = HousingOffer.objects.filter(HOLDING, unit=locked).exists()
            if locked.status != UnitStatus.AVAILABLE or holder:
                raise ValidationError(
                    {
                        "unit": _(
                            "This unit cannot be offered: it is %(status)s "
                            "(another offer may hold it)."
                        )
                        % {"status": locked.get_status_display().lower()}
                    }
                )
            offer = HousingOffer(
                unit=locked,
                client=client,
                offered_on=offered_on,
                respond_by=respond_by,
                note=note.strip(),
                organization_id=client_access.organization_id,
                recorded_by=acting_user,
            )
            offer.full_clean(validate_constraints=False)
            offer.save(force_insert=True)
            audit_record(
                action=AuditAction.CREATE,
                actor=acting_user,
                target=offer,
                client_id=client.pk,
                after=audit_snapshot(offer, OFFER_FIELDS),
            )
            _set_unit_status(locked, UnitStatus.HELD, actor=acting_user, today=today, why="offer")
            unit.status = locked.status
    except IntegrityError as exc:
        raise ValidationError(
            {"unit": _("This unit was just offered to someone else; it is held for them.")}
        ) from exc
    return offer


def offer_answer(
    *,
    acting_user: User,
    client_access: ClientAccess,
    offer: HousingOffer,
    answer: str,
    decline_side: str = "",
    reason: str = "",
    note: str = "",
    pause_days: int | None = None,
) -> HousingOffer:
    """Record the answer to an offer: ``accept`` (the unit stays held for the
    client until the tenancy starts), ``decline`` (by the client or the
    provider, with a reason from the list; the unit is available again and the
    client's next offers may pause), or ``withdraw`` (the offering side takes it
    back, even once accepted)."""
    require_offer_answerer(acting_user, offer)
    today = timezone.localdate()
    errors: dict[str, Any] = {}
    if answer not in ANSWERS:
        errors["answer"] = _("Choose accept, decline or withdraw.")
    elif answer == WITHDRAW:
        if not offer.holds_unit:
            errors["answer"] = _("This offer is no longer open.")
    elif offer.status != OfferStatus.OFFERED:
        errors["answer"] = _("This offer was already answered (%(status)s).") % {
            "status": offer.get_status_display().lower()
        }
    if answer == DECLINE:
        if decline_side not in DeclineSide.values:
            errors["decline_side"] = _("Say who declined: the client or the provider.")
        if reason not in DECLINE_REASONS:
            errors["reason"] = _("Choose the reason of the decline from the list.")
        elif reason == OfferReason.OTHER and not note.strip():
            errors["note"] = _("Say why in the note when the reason is “other”.")
        if pause_days is None:
            pause_days = default_pause_days()
        if not 0 <= pause_days <= MAX_PAUSE_DAYS:
            errors["pause_days"] = _("Enter a pause from 0 to %(max)s days.") % {
                "max": MAX_PAUSE_DAYS
            }
    elif answer == WITHDRAW and reason and reason not in OfferReason.values:
        errors["reason"] = _("Choose a reason from the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        unit = HousingUnit.objects.select_for_update().get(pk=offer.unit_id)
        current = HousingOffer.objects.select_for_update().get(pk=offer.pk)
        if current.version != offer.version:
            raise ValidationError(_("Someone else answered this offer meanwhile; reload the page."))
        before = audit_snapshot(current, OFFER_FIELDS)
        current.answered_on = today
        current.answered_by = acting_user
        if note.strip():
            current.note = f"{current.note}\n{note.strip()}".strip()
        if answer == ACCEPT:
            current.status = OfferStatus.ACCEPTED
        elif answer == DECLINE:
            current.status = OfferStatus.DECLINED
            current.decline_side = decline_side
            current.reason = reason
            if pause_days:
                current.paused_until = today + dt.timedelta(days=pause_days)
        else:
            current.status = OfferStatus.WITHDRAWN
            current.reason = reason or OfferReason.OTHER
        current.version += 1
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=audit_snapshot(current, OFFER_FIELDS),
        )
        if answer != ACCEPT and unit.status == UnitStatus.HELD:
            _set_unit_status(unit, UnitStatus.AVAILABLE, actor=acting_user, today=today, why=answer)
    offer.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    return offer


def offers_end_on_tenancy(*, acting_user: User, tenancy: Tenancy) -> list[HousingOffer]:
    """A tenancy started (inside its transaction): the client's offer of this
    unit becomes that tenancy's (accepted); the client's other open or accepted
    offers are withdrawn ("housed elsewhere") and their units available again;
    offers of this unit to other clients are withdrawn ("unit let")."""
    today = timezone.localdate()
    ended: list[HousingOffer] = []
    offers = list(
        HousingOffer.objects.select_for_update()
        .filter(HOLDING)
        .filter(Q(client_id=tenancy.client_id) | Q(unit_id=tenancy.unit_id))
        .order_by("unit_id", "id")
    )
    for offer in offers:
        before = audit_snapshot(offer, OFFER_FIELDS)
        mine = offer.client_id == tenancy.client_id
        if mine and offer.unit_id == tenancy.unit_id:
            if offer.status == OfferStatus.OFFERED:
                offer.status = OfferStatus.ACCEPTED
                offer.answered_on = today
                offer.answered_by = acting_user
            offer.tenancy = tenancy
        else:
            offer.status = OfferStatus.WITHDRAWN
            offer.answered_on = offer.answered_on or today
            if offer.answered_by_id is None:
                offer.answered_by = acting_user
            offer.reason = OfferReason.HOUSED_ELSEWHERE if mine else OfferReason.UNIT_LET
            ended.append(offer)
        offer.version += 1
        offer.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=offer,
            client_id=offer.client_id,
            before=before,
            after=audit_snapshot(offer, OFFER_FIELDS),
            detail={"tenancy": str(tenancy.pk)},
        )
        if mine and offer.unit_id != tenancy.unit_id:
            unit = HousingUnit.objects.select_for_update().get(pk=offer.unit_id)
            if unit.status == UnitStatus.HELD:
                _set_unit_status(
                    unit,
                    UnitStatus.AVAILABLE,
                    actor=acting_user,
                    today=today,
                    why="housed_elsewhere",
                )
    return ended


def offers_expire(*, on: dt.date | None = None) -> int:
    """Expire open offers past their answer-by date plus the grace days and
    make their units available again. Idempotent; returns how many expired."""
    today = on or timezone.localdate()
    grace = int(settings.HOUSING_OFFER_EXPIRY_GRACE_DAYS)
    limit = today - dt.timedelta(days=grace)
    expired = 0
    due = HousingOffer.objects.filter(status=OfferStatus.OFFERED, respond_by__lt=limit)
    for offer_id, unit_id in due.values_list("pk", "unit_id"):
        with transaction.atomic():
            unit = HousingUnit.objects.select_for_update().get(pk=unit_id)
            offer = (
                HousingOffer.objects.select_for_update()
                .filter(pk=offer_id, status=OfferStatus.OFFERED)
                .first()
            )
            if offer is None:
                continue
            before = audit_snapshot(offer, OFFER_FIELDS)
            offer.status = OfferStatus.EXPIRED
            offer.answered_on = max(today, offer.offered_on)
            offer.version += 1
            offer.save()
            audit_record(
                action=AuditAction.UPDATE,
                actor_label="system",
                target=offer,
                client_id=offer.client_id,
                before=before,
                after=audit_snapshot(offer, OFFER_FIELDS),
                detail={"why": "expire_offers"},
            )
            if unit.status == UnitStatus.HELD:
                _set_unit_status(unit, UnitStatus.AVAILABLE, actor=None, today=today, why="expired")
            expired += 1
    return expired


def matching_viewed(
    *,
    acting_user: User,
    section: str,
    client_ids: list[Any],
    target: Any = None,
    via: str = "web",
) -> None:
    """A page or an answer that names clients (matches, offers) is in the
    audit log with the clients it showed."""
    ids = [str(c) for c in dict.fromkeys(client_ids)]
    audit_record(
        action=AuditAction.VIEW,
        actor=acting_user,
        target=target,
        client_id=client_ids[0] if len(ids) == 1 else None,
        detail={"via": via, "section": section, "clients": ids},
    )


__all__ = [
    "ACCEPT",
    "ANSWERS",
    "DECLINE",
    "OFFER_FIELDS",
    "PREFERENCE_FIELDS",
    "WITHDRAW",
    "PreferenceData",
    "client_paused_until",
    "default_pause_days",
    "matching_viewed",
    "offer_answer",
    "offer_make",
    "offers_end_on_tenancy",
    "offers_expire",
    "preferences_save",
    "stall_days",
]
