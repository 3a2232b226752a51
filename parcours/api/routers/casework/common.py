"""What the casework routes share: the caller's programs, workers and teams, and the shapes the routes answer with."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from parcours.accounts.models import Organization, Program, Team, User
from parcours.api.errors import ErrorOut
from parcours.casework import selectors, services
from parcours.casework.models import (
    Enrollment,
)

NOT_FOUND = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _staff(user: User) -> User:
    if user.organization_id is None:
        raise Http404
    return user


def _worker(
    user: User, worker_id: uuid.UUID | None, field: str = "primary_worker_id"
) -> User | None:
    if worker_id is None:
        return None
    worker = selectors.workers_for_enrollment(user).filter(pk=worker_id).first()
    if worker is None:
        raise ValidationError({field: [_("Unknown staff member of your organization.")]})
    return worker


def _team(user: User, team_id: uuid.UUID | None) -> Team | None:
    if team_id is None:
        return None
    team = selectors.teams_for_enrollment(user).filter(pk=team_id).first()
    if team is None:
        raise ValidationError({"team_id": [_("Unknown team of your organization.")]})
    return team


def _program(user: User, program_id: uuid.UUID, field: str = "program_id") -> Program:
    program = selectors.programs_for_enrollment(user).filter(pk=program_id).first()
    if program is None:
        raise ValidationError({field: [_("Unknown program of your organization.")]})
    return program


def _reloaded(enrollment: Enrollment) -> Enrollment:
    """The enrollment as ``EnrollmentOut`` reads it, fresh from the database."""
    return Enrollment.objects.select_related(
        "program", "program__organization", "program__standard", "primary_worker", "team"
    ).get(pk=enrollment.pk)


def _organization(organization_id: uuid.UUID | None) -> Organization | None:
    if organization_id is None:
        return None
    organization = Organization.objects.filter(pk=organization_id, is_partner=True).first()
    if organization is None:
        raise ValidationError({"responsible_organization_id": [_("Unknown partner organization.")]})
    return organization


def _stale_message(exc: services.StaleEdit, model: Any) -> str:
    changed = ", ".join(str(model._meta.get_field(name).verbose_name) for name in exc.changed)
    if not changed:
        return str(exc)
    return _("%(message)s Changed since: %(fields)s.") % {"message": exc, "fields": changed}
