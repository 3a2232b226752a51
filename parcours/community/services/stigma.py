"""Stigma and advocacy: record the discrimination a client met at a provider
outside the network, and what was done about it. The policy first
(``access.require_stigma_recorder``; only the recording organization changes
its incidents), then every rule, field by field, in the reader's language;
bad input changes nothing. Each write is in one transaction with its audit
event (the grounds included)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.access.clients import ClientAccess
from parcours.access.community import require_stigma_recorder
from parcours.accounts.models import User
from parcours.community.models import (
    CLOSED_OUTCOMES,
    AdvocacyOutcome,
    ProviderKind,
    StigmaGround,
    StigmaIncident,
    StigmaIncidentGround,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

INCIDENT_FIELDS = [
    "client_id",
    "occurred_on",
    "provider_name",
    "provider_kind",
    "description",
    "advocacy",
    "outcome",
    "outcome_on",
]
# How far back an incident may be recorded (a typo such as 1925 is refused).
MAX_YEARS_BACK = 10


@dataclass
class IncidentData:
    """An incident, as the form and the API give it."""

    occurred_on: dt.date | None
    provider_name: str
    provider_kind: str
    grounds: list[str] = field(default_factory=list)
    description: str = ""
    advocacy: str = ""
    outcome: str = AdvocacyOutcome.NONE_YET
    outcome_on: dt.date | None = None


def provider_key(name: str) -> str:
    """A provider's name folded for counting: « Hôpital  St-Jean » and
    "hopital st jean" are one provider."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())[:200]


def _errors(data: IncidentData, today: dt.date) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if data.occurred_on is None:
        errors["occurred_on"] = _("Enter the date of the incident.")
    elif data.occurred_on > today:
        errors["occurred_on"] = _("This date cannot be in the future.")
    elif data.occurred_on.year < today.year - MAX_YEARS_BACK:
        errors["occurred_on"] = _("Enter a date in the last %(years)d years.") % {
            "years": MAX_YEARS_BACK
        }
    if not provider_key(data.provider_name):
        errors["provider_name"] = _("Name the provider where it happened.")
    if data.provider_kind not in ProviderKind.values:
        errors["provider_kind"] = _("Choose the kind of service.")
    if not data.grounds:
        errors["grounds"] = _("Choose at least one ground.")
    elif any(ground not in StigmaGround.values for ground in data.grounds):
        errors["grounds"] = _("Choose the grounds from the list.")
    if data.outcome not in AdvocacyOutcome.values:
        errors["outcome"] = _("Choose an outcome from the list.")
    elif data.outcome in CLOSED_OUTCOMES:
        if data.outcome_on is None:
            errors["outcome_on"] = _("Enter the date of the outcome.")
        elif data.outcome_on > today:
            errors["outcome_on"] = _("This date cannot be in the future.")
        elif data.occurred_on is not None and data.outcome_on < data.occurred_on:
            errors["outcome_on"] = _("The outcome cannot come before the incident.")
    elif data.outcome_on is not None:
        errors["outcome_on"] = _("Leave the outcome date empty while the incident is open.")
    if (
        data.outcome in (AdvocacyOutcome.IN_PROGRESS, AdvocacyOutcome.RESOLVED)
        and not data.advocacy.strip()
    ):
        errors["advocacy"] = _("Say what was done for the client.")
    return errors


def _apply(incident: StigmaIncident, data: IncidentData) -> None:
    assert data.occurred_on is not None
    incident.occurred_on = data.occurred_on
    incident.provider_name = " ".join(data.provider_name.split())
    incident.provider_key = provider_key(data.provider_name)
    incident.provider_kind = data.provider_kind
    incident.description = data.description.strip()
    incident.advocacy = data.advocacy.strip()
    incident.outcome = data.outcome
    incident.outcome_on = data.outcome_on


def _snapshot(incident: StigmaIncident, grounds: list[str]) -> dict[str, Any]:
    return {**audit_snapshot(incident, INCIDENT_FIELDS), "grounds": grounds}


def stigma_incident_record(
    *, acting_user: User, client_access: ClientAccess, data: IncidentData
) -> StigmaIncident:
    """Record an incident the client told the worker about."""
    require_stigma_recorder(client_access)
    errors = _errors(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    grounds = sorted(set(data.grounds))
    assert acting_user.organization is not None  # a partner's staff (the policy above)
    incident = StigmaIncident(
        client=client_access.client,
        organization=acting_user.organization,
        recorded_by=acting_user,
    )
    _apply(incident, data)
    with transaction.atomic():
        incident.save(force_insert=True)
        StigmaIncidentGround.objects.bulk_create(
            StigmaIncidentGround(incident=incident, ground=ground) for ground in grounds
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=incident,
            client_id=incident.client_id,
            after=_snapshot(incident, grounds),
        )
    return incident


def stigma_incident_update(
    *,
    acting_user: User,
    client_access: ClientAccess,
    incident: StigmaIncident,
    data: IncidentData,
) -> StigmaIncident:
    """Change an incident: the advocacy done, its outcome, a correction."""
    require_stigma_recorder(client_access)
    if incident.organization_id != acting_user.organization_id:
        raise PermissionDenied(_("Only the organization that recorded an incident changes it."))
    errors = _errors(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    grounds = sorted(set(data.grounds))
    with transaction.atomic():
        current = StigmaIncident.objects.select_for_update().get(pk=incident.pk)
        before = _snapshot(current, sorted(current.grounds.values_list("ground", flat=True)))
        _apply(current, data)
        current.save()
        current.grounds.exclude(ground__in=grounds).delete()
        kept = set(current.grounds.values_list("ground", flat=True))
        StigmaIncidentGround.objects.bulk_create(
            StigmaIncidentGround(incident=current, ground=ground)
            for ground in grounds
            if ground not in kept
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=current.client_id,
            before=before,
            after=_snapshot(current, grounds),
        )
    return current


def incident_data_of(incident: StigmaIncident) -> IncidentData:
    """The incident as it stands, to change one part of it."""
    return IncidentData(
        occurred_on=incident.occurred_on,
        provider_name=incident.provider_name,
        provider_kind=incident.provider_kind,
        grounds=sorted(g.ground for g in incident.grounds.all()),
        description=incident.description,
        advocacy=incident.advocacy,
        outcome=incident.outcome,
        outcome_on=incident.outcome_on,
    )


__all__ = [
    "INCIDENT_FIELDS",
    "MAX_YEARS_BACK",
    "IncidentData",
    "incident_data_of",
    "provider_key",
    "stigma_incident_record",
    "stigma_incident_update",
]
