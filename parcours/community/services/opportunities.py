"""The opportunities board: a partner posts an opportunity (changes it,
closes it); a worker records what a client wants and what holds them back;
refers the client through the referral loop (a coordination ``Referral`` to
a service of the posting organization, made by ``referral_create``); then
records the outcome: started, completed or ended early, and, from three
months after the start, whether the client is still there.

The policy first (``access.opportunities``), then every rule, field by
field, in the reader's language; bad input changes nothing. Each write is
in one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.opportunities import (
    require_interest_writer,
    require_opportunity_owner,
    require_opportunity_poster,
    require_outcome_recorder,
)
from parcours.accounts.models import User
from parcours.casework.models import SubDomain
from parcours.community.models import (
    BEGUN_PLACEMENT_STATUSES,
    ENDED_PLACEMENT_STATUSES,
    RETENTION_DAYS,
    Language,
    Opportunity,
    OpportunityInterest,
    OpportunityKind,
    Placement,
    PlacementStatus,
    Requirement,
    Schedule,
)
from parcours.coordination.models import Service, ServiceStatus
from parcours.coordination.services.referrals import referral_create
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

OPPORTUNITY_FIELDS = [
    "kind",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "host",
    "location",
    "area",
    "schedule",
    "schedule_detail",
    "requirements",
    "requirements_detail",
    "language",
    "places",
    "closes_on",
    "closed_at",
]
INTEREST_FIELDS = [
    "client_id",
    "kinds",
    "language",
    "area",
    "available_daytime",
    "available_evenings",
    "available_weekends",
    "lacks",
    "ended_at",
]
PLACEMENT_FIELDS = [
    "client_id",
    "opportunity_id",
    "referral_id",
    "status",
    "started_on",
    "ended_on",
    "retained_at_3_months",
    "followed_up_on",
]
# How far ahead a closing date may be (a typo such as 2062 is refused).
MAX_CLOSING_DAYS = 366
MAX_PLACES = 500
# The directory's areas a referral for each kind lands in, best first.
KIND_SUB_DOMAINS = {
    OpportunityKind.JOB: SubDomain.EMPLOYMENT,
    OpportunityKind.VOLUNTEER: SubDomain.VOLUNTEERING,
    OpportunityKind.TRAINING: SubDomain.EMPLOYMENT,
    OpportunityKind.LEARNING: SubDomain.LEARNING,
}


@dataclass
class OpportunityData:
    """An opportunity, as the form and the API give it."""

    kind: str
    host: str
    schedule: str
    language: str
    places: int | None
    title_fr: str = ""
    title_en: str = ""
    description_fr: str = ""
    description_en: str = ""
    location: str = ""
    area: str = ""
    schedule_detail: str = ""
    requirements: list[str] = field(default_factory=list)
    requirements_detail: str = ""
    closes_on: dt.date | None = None


@dataclass
class InterestData:
    """What a client wants and their constraints."""

    kinds: list[str]
    language: str
    area: str = ""
    available_daytime: bool = True
    available_evenings: bool = False
    available_weekends: bool = False
    lacks: list[str] = field(default_factory=list)
    notes: str = ""


def opportunity_data_of(opportunity: Opportunity) -> OpportunityData:
    return OpportunityData(**{name: getattr(opportunity, name) for name in _DATA_FIELDS})


_DATA_FIELDS = [f for f in OPPORTUNITY_FIELDS if f != "closed_at"]


def interest_data_of(interest: OpportunityInterest) -> InterestData:
    return InterestData(
        kinds=list(interest.kinds),
        language=interest.language,
        area=interest.area,
        available_daytime=interest.available_daytime,
        available_evenings=interest.available_evenings,
        available_weekends=interest.available_weekends,
        lacks=list(interest.lacks),
        notes=interest.notes,
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def _opportunity_errors(data: OpportunityData, today: dt.date, taken: int = 0) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if data.kind not in OpportunityKind.values:
        errors["kind"] = _("Choose the kind of opportunity from the list.")
    if not data.title_fr.strip() and not data.title_en.strip():
        errors["title_fr"] = _("Give the opportunity a title, in French or in English.")
    if not data.host.strip():
        errors["host"] = _("Name the employer or host.")
    if data.schedule not in Schedule.values:
        errors["schedule"] = _("Choose the schedule from the list.")
    if data.language not in Language.values:
        errors["language"] = _("Choose the language from the list.")
    unknown = [r for r in data.requirements if r not in Requirement.values]
    if unknown:
        errors["requirements"] = _("Choose the requirements from the list.")
    if data.places is None or data.places < 1:
        errors["places"] = _("An opportunity offers at least one place.")
    elif data.places > MAX_PLACES:
        errors["places"] = _("Enter %(max)d places or fewer.") % {"max": MAX_PLACES}
    elif data.places < taken:
        errors["places"] = _("%(count)d clients have started: offer at least as many places.") % {
            "count": taken
        }
    if data.closes_on is not None:
        if data.closes_on < today:
            errors["closes_on"] = _("The closing date cannot be in the past.")
        elif data.closes_on > today + dt.timedelta(days=MAX_CLOSING_DAYS):
            errors["closes_on"] = _("Enter a closing date less than a year from today.")
    return errors


def _apply(opportunity: Opportunity, data: OpportunityData) -> None:
    opportunity.kind = data.kind
    opportunity.title_fr = _clean(data.title_fr)
    opportunity.title_en = _clean(data.title_en)
    opportunity.description_fr = data.description_fr.strip()
    opportunity.description_en = data.description_en.strip()
    opportunity.host = _clean(data.host)
    opportunity.location = _clean(data.location)
    opportunity.area = _clean(data.area)
    opportunity.schedule = data.schedule
    opportunity.schedule_detail = _clean(data.schedule_detail)
    opportunity.requirements = sorted(set(data.requirements))
    opportunity.requirements_detail = data.requirements_detail.strip()
    opportunity.language = data.language
    assert data.places is not None
    opportunity.places = data.places
    opportunity.closes_on = data.closes_on


def _started(opportunity: Opportunity) -> int:
    return Placement.objects.filter(opportunity=opportunity, status=PlacementStatus.STARTED).count()


def opportunity_create(*, acting_user: User, data: OpportunityData) -> Opportunity:
    """Post an opportunity, kept by the worker's organization."""
    require_opportunity_poster(acting_user)
    errors = _opportunity_errors(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    assert acting_user.organization is not None
    opportunity = Opportunity(organization=acting_user.organization, recorded_by=acting_user)
    _apply(opportunity, data)
    with transaction.atomic():
        opportunity.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=opportunity,
            after=audit_snapshot(opportunity, OPPORTUNITY_FIELDS),
        )
    return opportunity


def opportunity_update(
    *, acting_user: User, opportunity: Opportunity, data: OpportunityData
) -> Opportunity:
    """Change an opportunity the worker's organization posted."""
    require_opportunity_owner(acting_user, opportunity)
    with transaction.atomic():
        current = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if current.closed_at is not None:
            raise ValidationError({"closed_at": _("This opportunity is closed.")})
        errors = _opportunity_errors(data, timezone.localdate(), taken=_started(current))
        if data.closes_on is not None and data.closes_on == current.closes_on:
            errors.pop("closes_on", None)  # an unchanged closing date stands
        if errors:
            raise ValidationError(errors)
        before = audit_snapshot(current, OPPORTUNITY_FIELDS)
        _apply(current, data)
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            before=before,
            after=audit_snapshot(current, OPPORTUNITY_FIELDS),
        )
    return current


def opportunity_close(*, acting_user: User, opportunity: Opportunity) -> Opportunity:
    """Close an opportunity (it stays, marked closed; no one is referred any more)."""
    require_opportunity_owner(acting_user, opportunity)
    with transaction.atomic():
        current = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if current.closed_at is not None:
            raise ValidationError({"closed_at": _("This opportunity is already closed.")})
        before = audit_snapshot(current, OPPORTUNITY_FIELDS)
        current.closed_at = timezone.now()
        current.save(update_fields=["closed_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            before=before,
            after=audit_snapshot(current, OPPORTUNITY_FIELDS),
        )
    return current


# --- Interests -------------------------------------------------------------------------------


def _interest_errors(data: InterestData) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not data.kinds:
        errors["kinds"] = _("Choose at least one kind of opportunity the client wants.")
    elif any(k not in OpportunityKind.values for k in data.kinds):
        errors["kinds"] = _("Choose the kinds of opportunity from the list.")
    if data.language not in Language.values:
        errors["language"] = _("Choose the languages the client speaks.")
    if any(r not in Requirement.values for r in data.lacks):
        errors["lacks"] = _("Choose the requirements from the list.")
    if not (data.available_daytime or data.available_evenings or data.available_weekends):
        errors["available_daytime"] = _("Say when the client is free: at least one time.")
    return errors


def interest_save(
    *, acting_user: User, client_access: ClientAccess, data: InterestData
) -> OpportunityInterest:
    """Record (or change) what the client wants, as the worker's organization
    keeps it; recording it again after the client stopped looking reopens it."""
    require_interest_writer(client_access)
    errors = _interest_errors(data)
    if errors:
        raise ValidationError(errors)
    client = client_access.client
    with transaction.atomic():
        current = (
            OpportunityInterest.objects.select_for_update()
            .filter(client=client, organization_id=client_access.organization_id)
            .first()
        )
        creating = current is None
        if current is None:
            current = OpportunityInterest(
                client=client,
                organization_id=client_access.organization_id,
                recorded_by=acting_user,
            )
        before = None if creating else audit_snapshot(current, INTEREST_FIELDS)
        current.kinds = [k for k in OpportunityKind.values if k in set(data.kinds)]
        current.language = data.language
        current.area = _clean(data.area)
        current.available_daytime = data.available_daytime
        current.available_evenings = data.available_evenings
        current.available_weekends = data.available_weekends
        current.lacks = sorted(set(data.lacks))
        current.notes = data.notes.strip()
        current.ended_at = None
        try:
            with transaction.atomic():
                current.save(force_insert=creating)
        except IntegrityError as exc:
            raise ValidationError(
                {"kinds": _("Another worker just recorded this client's interests: try again.")}
            ) from exc
        audit_record(
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client.pk,
            before=before,
            after=audit_snapshot(current, INTEREST_FIELDS),
        )
    return current


def interest_end(
    *, acting_user: User, client_access: ClientAccess, interest: OpportunityInterest
) -> OpportunityInterest:
    """The client no longer looks (the record stays, no longer counted or matched)."""
    require_interest_writer(client_access)
    if (
        interest.client_id != client_access.client.pk
        or interest.organization_id != client_access.organization_id
    ):
        raise ValidationError({"interest": _("Only the organization that recorded it ends it.")})
    with transaction.atomic():
        current = OpportunityInterest.objects.select_for_update().get(pk=interest.pk)
        if current.ended_at is not None:
            return current
        before = audit_snapshot(current, INTEREST_FIELDS)
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=audit_snapshot(current, INTEREST_FIELDS),
        )
    return current


# --- Referral and outcomes -------------------------------------------------------------------


def referral_service_for(opportunity: Opportunity) -> Service | None:
    """The posting organization's service in the directory that receives the
    referral: an active one of the opportunity's area first, then any active one."""
    wanted = KIND_SUB_DOMAINS.get(OpportunityKind(opportunity.kind), SubDomain.EMPLOYMENT)
    return (
        Service.objects.filter(
            organization__partner_id=opportunity.organization_id, status=ServiceStatus.ACTIVE
        )
        .select_related("organization__partner")
        .annotate(
            fit=Case(When(sub_domain=wanted, then=Value(0)), default=1, output_field=IntegerField())
        )
        .order_by("fit", "name", "id")
        .first()
    )


def opportunity_refer(
    *,
    acting_user: User,
    client_access: ClientAccess,
    opportunity: Opportunity,
    reason: str,
    beyond_consent_reason: str = "",
    acknowledge_duplicates: bool = False,
) -> Placement:
    """Refer the client to an open opportunity with a place left: a referral
    of the loop to the posting organization's service, and the placement
    that follows its outcome (status "referred")."""
    require_interest_writer(client_access)
    client = client_access.client
    today = timezone.localdate()
    with transaction.atomic():
        current = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        errors: dict[str, Any] = {}
        if not current.is_open_on(today):
            errors["opportunity"] = _("This opportunity is closed.")
        elif Placement.objects.filter(opportunity=current, client=client).exists():
            errors["opportunity"] = _("The client was already referred to this opportunity.")
        elif _started(current) >= current.places:
            errors["opportunity"] = _("No place is left in this opportunity.")
        service = referral_service_for(current)
        if service is None and not errors:
            errors["opportunity"] = _(
                "The posting organization has no active service in the directory "
                "to receive a referral."
            )
        if errors:
            raise ValidationError(errors)
        assert service is not None
        referral = referral_create(
            acting_user=acting_user,
            client_access=client_access,
            service=service,
            reason=reason,
            beyond_consent_reason=beyond_consent_reason,
            acknowledge_duplicates=acknowledge_duplicates,
        )
        placement = Placement(
            client=client,
            opportunity=current,
            referral=referral,
            organization_id=client_access.organization_id,
            recorded_by=acting_user,
        )
        placement.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=placement,
            client_id=client.pk,
            after=audit_snapshot(placement, PLACEMENT_FIELDS),
        )
    return placement


def _outcome_errors(
    current: Placement, status: str, on: dt.date | None, today: dt.date
) -> dict[str, Any]:
    allowed = {
        PlacementStatus.REFERRED: {PlacementStatus.STARTED},
        PlacementStatus.STARTED: set(ENDED_PLACEMENT_STATUSES),
    }.get(PlacementStatus(current.status), set())
    if status not in PlacementStatus.values or status not in allowed:
        return {"status": _("This placement cannot move to that status.")}
    if on is None:
        return {"on": _("Enter the date.")}
    if on > today:
        return {"on": _("The date cannot be in the future.")}
    if current.started_on is not None and on < current.started_on:
        return {"on": _("The end cannot come before the start.")}
    return {}


def placement_record_outcome(
    *, acting_user: User, placement: Placement, status: str, on: dt.date | None
) -> Placement:
    """Referred → started (on its date) → completed or ended early (on its
    date). A client who never starts: the referral's own answer says so."""
    require_outcome_recorder(acting_user, placement)
    with transaction.atomic():
        current = Placement.objects.select_for_update(of=("self",)).get(pk=placement.pk)
        errors = _outcome_errors(current, status, on, timezone.localdate())
        if errors:
            raise ValidationError(errors)
        before = audit_snapshot(current, PLACEMENT_FIELDS)
        current.status = status
        if status == PlacementStatus.STARTED:
            current.started_on = on
        else:
            current.ended_on = on
        current.save(update_fields=["status", "started_on", "ended_on", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=audit_snapshot(current, PLACEMENT_FIELDS),
        )
    return current


def placement_follow_up(
    *, acting_user: User, placement: Placement, still_there: bool, on: dt.date | None
) -> Placement:
    """The three-month follow-up: still in the job (or the activity) or not,
    recorded from 90 days after the start, never for a future date."""
    require_outcome_recorder(acting_user, placement)
    with transaction.atomic():
        current = Placement.objects.select_for_update(of=("self",)).get(pk=placement.pk)
        errors: dict[str, Any] = {}
        if current.status not in BEGUN_PLACEMENT_STATUSES or current.started_on is None:
            errors["status"] = _("The follow-up comes after the client started.")
        elif on is None:
            errors["on"] = _("Enter the date.")
        elif on > timezone.localdate():
            errors["on"] = _("The date cannot be in the future.")
        elif on < current.started_on + dt.timedelta(days=RETENTION_DAYS):
            errors["on"] = _(
                "The 3-month follow-up is recorded from %(date)s (90 days after the start)."
            ) % {"date": (current.started_on + dt.timedelta(days=RETENTION_DAYS)).isoformat()}
        elif still_there and current.ended_on is not None and current.ended_on < on:
            errors["retained_at_3_months"] = _(
                "The placement ended before that date: the client is no longer there."
            )
        if errors:
            raise ValidationError(errors)
        before = audit_snapshot(current, PLACEMENT_FIELDS)
        current.retained_at_3_months = still_there
        current.followed_up_on = on
        current.save(update_fields=["retained_at_3_months", "followed_up_on", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=audit_snapshot(current, PLACEMENT_FIELDS),
        )
    return current


__all__ = [
    "INTEREST_FIELDS",
    "MAX_CLOSING_DAYS",
    "OPPORTUNITY_FIELDS",
    "PLACEMENT_FIELDS",
    "InterestData",
    "OpportunityData",
    "interest_data_of",
    "interest_end",
    "interest_save",
    "opportunity_close",
    "opportunity_create",
    "opportunity_data_of",
    "opportunity_refer",
    "opportunity_update",
    "placement_follow_up",
    "placement_record_outcome",
    "referral_service_for",
]
