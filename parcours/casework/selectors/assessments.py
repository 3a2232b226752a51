"""Reads of acuity assessments and instruments."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.casework.models import (
    Assessment,
    AssessmentInstrument,
)
from parcours.clients.models import DataCategory

ASSESSMENT_LABEL = "casework.assessment"


def assessments_for(client_access: ClientAccess) -> QuerySet[Assessment]:
    """The client's assessments the user may see (case-plan records), newest first."""
    return (
        Assessment.objects.filter(client=client_access.client)
        .filter(
            client_access.record_filter(
                category=DataCategory.CASE_PLAN, model_label=ASSESSMENT_LABEL
            )
        )
        .select_related("instrument", "band", "assessed_by", "organization")
        .order_by("-assessed_on", "-created_at")
    )


def assessment_get_for_user(
    user: User, assessment_id: uuid.UUID | str
) -> tuple[Assessment, ClientAccess]:
    try:
        client_id = Assessment.objects.values_list("client_id", flat=True).get(pk=assessment_id)
    except (Assessment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, client_id)
    assessment = (
        assessments_for(client_access)
        .prefetch_related("responses__question__domain", "responses__answer", "instrument__domains")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment, client_access


def active_instruments() -> QuerySet[AssessmentInstrument]:
    return AssessmentInstrument.objects.filter(is_active=True).order_by("code")


def instrument_questions(instrument: AssessmentInstrument) -> list[Any]:
    return list(instrument.domains.prefetch_related("questions__answers").order_by("sort_order"))
