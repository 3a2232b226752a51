"""Writes of identity resolution: linkage requests to another partner."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.core import access
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.linkage.engine import PersonRecord
from parcours.linkage.models import LinkageRequest, LinkageRequestStatus
from parcours.linkage.selectors import candidates_for


def linkage_request_create(
    *, acting_user: User, record: PersonRecord, hidden_rank: int
) -> LinkageRequest:
    """Ask the partner that registered the ``hidden_rank``-th hidden candidate
    for ``record`` whether it is the same person. The candidate is found again
    on the server: nothing identifying it ever reaches the requester."""
    if acting_user.organization_id is None:
        raise PermissionDenied
    hidden = [c for c in candidates_for(acting_user, record) if not c.visible]
    if not 0 <= hidden_rank < len(hidden):
        raise ValidationError(_("This possible record is no longer proposed. Search again."))
    candidate = hidden[hidden_rank]
    target: Client = candidate.client
    already = LinkageRequest.objects.filter(
        target_client=target,
        requesting_organization_id=acting_user.organization_id,
        status=LinkageRequestStatus.OPEN,
    ).first()
    if already is not None:
        # Answered exactly like a new request: a refusal would tell the
        # requester that two different searches point to the same person.
        return already
    request = LinkageRequest(
        target_client=target,
        target_organization_id=target.registered_by_organization_id,
        requested_by=acting_user,
        requesting_organization_id=acting_user.organization_id,
        given_name=record.given_name,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth,
        match_probability=round(candidate.match.probability, 4),
    )
    request.full_clean()
    with transaction.atomic():
        request.save(force_insert=True)
        # No client_id: the requesting organization's audit log must not show
        # the id of a record it may not see. The partner's answer is logged
        # against its client.
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=request,
            after={"status": request.status},
        )
    return request


def linkage_request_answer(
    *, acting_user: User, request: LinkageRequest, status: str, note: str = ""
) -> LinkageRequest:
    """The partner's coordinator says whether it is the same person."""
    if (
        not access.is_coordinator(acting_user)
        or acting_user.organization_id != request.target_organization_id
    ):
        raise PermissionDenied
    if status not in (LinkageRequestStatus.SAME_PERSON, LinkageRequestStatus.NOT_SAME_PERSON):
        raise ValidationError({"status": _("Say whether it is the same person.")})
    if request.status != LinkageRequestStatus.OPEN:
        raise ValidationError(_("This request was already answered."))
    with transaction.atomic():
        request.status = status
        request.responded_by = acting_user
        request.responded_at = timezone.now()
        request.response_note = note.strip()
        request.save(
            update_fields=["status", "responded_by", "responded_at", "response_note", "updated_at"]
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=request,
            client_id=request.target_client_id,
            before={"status": LinkageRequestStatus.OPEN},
            after={"status": status},
        )
    return request
