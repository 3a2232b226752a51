"""Acuity assessments: score the answers of an instrument stored as data,
recommend a level of service from its bands, and record the level the worker
chose with the client (a reason is required when it differs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.casework.models import (
    Assessment,
    AssessmentInstrument,
    AssessmentResponse,
    InstrumentAnswer,
    InstrumentBand,
    InstrumentQuestion,
    ServiceLevel,
)
from parcours.clients.models import DataCategory
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

ASSESSMENT_FIELDS = [
    "instrument_id",
    "assessed_on",
    "total_score",
    "max_score",
    "domain_scores",
    "recommendation",
    "chosen_level",
    "override_reason",
]


@dataclass(frozen=True)
class Scored:
    total: int
    maximum: int
    domains: dict[str, list[int]]
    band: InstrumentBand | None
    recommendation: str


def score(
    instrument: AssessmentInstrument, answers: Mapping[str, str]
) -> tuple[Scored, list[tuple[InstrumentQuestion, InstrumentAnswer]], dict[str, list[str]]]:
    """Score answers given as {question code: answer code}. Every question is
    required. Returns the score, the chosen answers and any errors."""
    questions = list(
        InstrumentQuestion.objects.filter(domain__instrument=instrument)
        .select_related("domain")
        .prefetch_related("answers")
        .order_by("domain__sort_order", "sort_order")
    )
    errors: dict[str, list[str]] = {}
    known = {q.code for q in questions}
    for asked in answers:
        if asked not in known:
            errors.setdefault(asked, []).append(_("Unknown question: %(code)s.") % {"code": asked})
    chosen: list[tuple[InstrumentQuestion, InstrumentAnswer]] = []
    domains: dict[str, list[int]] = {}
    total = maximum = 0
    for question in questions:
        options = {a.code: a for a in question.answers.all()}
        top = max((a.score for a in options.values()), default=0)
        subtotal = domains.setdefault(question.domain.code, [0, 0])
        subtotal[1] += top
        maximum += top
        given = answers.get(question.code)
        if not given:
            errors.setdefault(question.code, []).append(_("Answer this question."))
            continue
        answer = options.get(given)
        if answer is None:
            errors.setdefault(question.code, []).append(
                _("Unknown answer: %(code)s.") % {"code": given}
            )
            continue
        chosen.append((question, answer))
        subtotal[0] += answer.score
        total += answer.score
    band = (
        InstrumentBand.objects.filter(
            instrument=instrument, min_score__lte=total, max_score__gte=total
        )
        .order_by("min_score")
        .first()
    )
    recommendation = band.recommendation if band else ServiceLevel.BRIEF
    return Scored(total, maximum, domains, band, recommendation), chosen, errors


def _check_level(recommendation: str, chosen_level: str, reason: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if chosen_level not in ServiceLevel.values:
        errors.setdefault("chosen_level", []).append(_("Choose a level of service."))
    elif chosen_level != recommendation and not reason.strip():
        errors.setdefault("override_reason", []).append(
            _("Say why another level than the recommended one is chosen.")
        )
    return errors


def assessment_record(
    *,
    acting_user: User,
    client_access: ClientAccess,
    instrument: AssessmentInstrument,
    answers: Mapping[str, str],
    assessed_on: dt.date | None = None,
    chosen_level: str = "",
    override_reason: str = "",
    notes: str = "",
) -> Assessment:
    """Score and record an assessment done with the client."""
    if acting_user.organization_id is None or not (
        client_access.registered_here
        or client_access.can(DataCategory.CASE_PLAN)
        or client_access.can(DataCategory.IDENTITY)
    ):
        raise ValidationError(_("You may not assess this client."))
    if not instrument.is_active:
        raise ValidationError({"instrument": [_("This instrument is no longer in use.")]})
    scored, chosen, errors = score(instrument, answers)
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        errors.setdefault("assessed_on", []).append(_("The date cannot be in the future."))
    level = chosen_level or scored.recommendation
    errors.update(_check_level(scored.recommendation, level, override_reason))
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        client=client_access.client,
        organization_id=acting_user.organization_id,
        instrument=instrument,
        assessed_on=assessed_on,
        assessed_by=acting_user,
        total_score=scored.total,
        max_score=scored.maximum,
        domain_scores=scored.domains,
        band=scored.band,
        recommendation=scored.recommendation,
        chosen_level=level,
        override_reason=override_reason.strip() if level != scored.recommendation else "",
        notes=notes.strip(),
    )
    assessment.full_clean()
    with transaction.atomic():
        assessment.save(force_insert=True)
        AssessmentResponse.objects.bulk_create(
            AssessmentResponse(assessment=assessment, question=q, answer=a) for q, a in chosen
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=assessment,
            client_id=client_access.client.pk,
            after=audit_snapshot(assessment, ASSESSMENT_FIELDS),
        )
    return assessment


def assessment_choose_level(
    *,
    acting_user: User,
    client_access: ClientAccess,
    assessment: Assessment,
    chosen_level: str,
    override_reason: str = "",
) -> Assessment:
    """The worker, with the client, chooses the level of service (a reason
    when it is not the recommended one)."""
    if assessment.client_id != client_access.client.pk or not (
        access.can_change_assessment(acting_user, assessment)
    ):
        raise ValidationError(_("Only the organization that assessed the client can change this."))
    errors = _check_level(assessment.recommendation, chosen_level, override_reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        before = audit_snapshot(current, ["chosen_level", "override_reason"])
        current.chosen_level = chosen_level
        current.override_reason = (
            override_reason.strip() if chosen_level != current.recommendation else ""
        )
        current.full_clean()
        current.save(update_fields=["chosen_level", "override_reason", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=current,
            client_id=client_access.client.pk,
            before=before,
            after=audit_snapshot(current, ["chosen_level", "override_reason"]),
        )
    return current


def explain(assessment: Assessment) -> dict[str, Any]:
    """Why this recommendation: the band's explanation and the domains that
    weigh most, in the current language."""
    domains = {d.code: d for d in assessment.instrument.domains.all()}
    ranked = sorted(assessment.domain_scores.items(), key=lambda item: (-item[1][0], item[0]))
    rows = [
        {
            "domain": domains[code].name if code in domains else code,
            "score": values[0],
            "max": values[1],
            "percent": round(100 * values[0] / values[1]) if values[1] else 0,
        }
        for code, values in ranked
    ]
    return {
        "band": assessment.band.name if assessment.band else "",
        "explanation": assessment.band.explanation if assessment.band else "",
        "domains": rows,
        "highest": [r for r in rows if r["max"] and r["score"] * 2 >= r["max"]][:3],
    }
