"""``/referrals``, ``/clients/{id}/referrals`` and ``/notifications``:
closed-loop referrals between partners and the caller's inbox.

Thin routes over ``parcours.coordination`` services and selectors, with the
same rules as the screens: a referral is read by the organizations that sent
and received it (and partners the client shares the case plan with); the
client is named only to those who may know them; every read that names
clients and every write is audited."""

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.accounts.models import User
from parcours.api import deps
from parcours.api.coordination_referrals_schemas import (
    NotificationPage,
    NotificationQuery,
    ReferralIn,
    ReferralInboxQuery,
    ReferralMessageIn,
    ReferralMessageOut,
    ReferralOut,
    ReferralPage,
    ReferralTransitionIn,
)
from parcours.api.errors import ErrorOut
from parcours.casework.models import Enrollment, Goal
from parcours.coordination.models import Referral, ReferralMessage, Service
from parcours.coordination.selectors import referrals as selectors
from parcours.coordination.services import referrals as services

router = Router(tags=["referrals"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 409: ErrorOut}


def _out(user: User, rows: list[selectors.ReferralRow]) -> list[dict[str, Any]]:
    items = []
    for row in rows:
        r = row.referral
        items.append(
            {
                "id": r.pk,
                "client_id": r.client_id,
                "client_name": row.client_label,
                "kind": r.kind,
                "status": r.status,
                "service_id": r.service_id,
                "service_name": r.service.name,
                "referring_organization": r.organization.name,
                "receiving_organization": r.receiving_organization.name
                if r.receiving_organization
                else None,
                "receiving_program_id": r.receiving_program_id,
                "goal_id": r.goal_id,
                "from_enrollment_id": r.from_enrollment_id,
                "to_enrollment_id": r.to_enrollment_id,
                "reason": r.reason,
                "urgent": r.urgent,
                "respond_by": r.respond_by,
                "sent_at": r.sent_at,
                "answered_at": r.answered_at,
                "closed_at": r.closed_at,
                "decline_reason": r.decline_reason,
                "outcome_note": r.outcome_note,
                "beyond_consent": r.beyond_consent,
                "days_pending": row.days_pending,
                "overdue": row.overdue,
                "version": r.version,
                "allowed_transitions": services.allowed_transitions(user, r),
            }
        )
    return items


def _one(user: User, referral: Referral) -> dict[str, Any]:
    return _out(user, selectors.referral_rows(user, [referral]))[0]


def _lookup(model: Any, pk: uuid.UUID | None, **filters: Any) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **filters).first()
    if found is None:
        raise HttpError(
            422, _("%(what)s not found.") % {"what": str(model._meta.verbose_name).capitalize()}
        )
    return found


@router.get(
    "/referrals",
    response={200: ReferralPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The referrals received by (box=received) or sent from (box=sent) your organization",
    description="Open ones by default (overdue and urgent first); `status` narrows. Audited.",
)
def referral_list(request: HttpRequest, filters: Query[ReferralInboxQuery]) -> dict[str, Any]:
    user = deps.partner_staff(request)
    status = filters.status.value if filters.status else ""
    qs = selectors.referral_inbox(user, box=filters.box, status=status)
    count = qs.count()
    rows = selectors.referral_rows(user, list(qs[filters.offset : filters.offset + filters.limit]))
    selectors.referrals_listed(acting_user=user, rows=rows, section=f"api_inbox_{filters.box}")
    return {"items": _out(user, rows), "count": count}


@router.get(
    "/clients/{client_id}/referrals",
    response={200: list[ReferralOut], **READ},
    summary="A client's referrals that you may read",
)
def client_referral_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    rows = selectors.referral_rows(user, list(selectors.client_referrals(client_access)[:200]))
    selectors.referrals_listed(acting_user=user, rows=rows, section="api_client_referrals")
    return _out(user, rows)


@router.post(
    "/clients/{client_id}/referrals",
    response={201: ReferralOut, **WRITE},
    summary="Refer a client to a service of the directory (sent at once unless send=false)",
    description=(
        "Refused (422) beyond the client's consent without `beyond_consent_reason` (and the "
        "coordinator's role), and when the client already receives a support of the same type "
        "and area elsewhere until `acknowledge_duplicates` is true."
    ),
)
def referral_create(
    request: HttpRequest, client_id: uuid.UUID, payload: ReferralIn
) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    referral = services.referral_create(
        acting_user=user,
        client_access=client_access,
        service=_lookup(Service, payload.service_id),
        reason=payload.reason,
        kind=payload.kind.value,
        goal=_lookup(Goal, payload.goal_id, plan__client_id=client_id),
        from_enrollment=_lookup(Enrollment, payload.from_enrollment_id, client_id=client_id),
        urgent=payload.urgent,
        respond_by=payload.respond_by,
        beyond_consent_reason=payload.beyond_consent_reason,
        acknowledge_duplicates=payload.acknowledge_duplicates,
        send=payload.send,
    )
    return Status(201, _one(user, selectors.referral_get_for_user(user, referral.pk)))


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **READ},
    summary="One referral (audited)",
)
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> dict[str, Any]:
    user = deps.partner_staff(request)
    return _one(user, selectors.referral_get_for_user(user, referral_id))


@router.post(
    "/referrals/{referral_id}/status",
    response={200: ReferralOut, **WRITE},
    summary="Move a referral on (send, accept, decline, in progress, complete, not complete, cancel)",
    description="`allowed_transitions` on the referral says which the caller may; others are a 422.",
)
def referral_transition(
    request: HttpRequest, referral_id: uuid.UUID, payload: ReferralTransitionIn
) -> dict[str, Any]:
    user = deps.partner_staff(request)
    referral = selectors.referral_get_for_user(user, referral_id)
    try:
        services.referral_transition(
            acting_user=user,
            referral=referral,
            to_status=payload.status.value,
            note=payload.note,
            expected_version=payload.version,
        )
    except services.StaleReferral as exc:
        raise HttpError(409, _("Someone else changed this referral since you read it.")) from exc
    return _one(user, selectors.referral_get_for_user(user, referral_id))


@router.get(
    "/referrals/{referral_id}/messages",
    response={200: list[ReferralMessageOut], **READ},
    summary="The messages between the two sides of a referral",
)
def referral_messages(request: HttpRequest, referral_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.partner_staff(request)
    referral = selectors.referral_get_for_user(user, referral_id)
    if not services.is_party(user, referral):
        raise HttpError(403, _("Only the two sides of a referral read its messages."))
    return [_message(m) for m in referral.messages.select_related("author", "organization")]


def _message(m: ReferralMessage) -> dict[str, Any]:
    return {
        "id": m.pk,
        "author": str(m.author),
        "organization": m.organization.name,
        "body": m.body,
        "created_at": m.created_at,
    }


@router.post(
    "/referrals/{referral_id}/messages",
    response={201: ReferralMessageOut, **WRITE},
    summary="Write to the other side of a referral",
)
def referral_message_create(
    request: HttpRequest, referral_id: uuid.UUID, payload: ReferralMessageIn
) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    referral = selectors.referral_get_for_user(user, referral_id)
    if not services.is_party(user, referral):
        raise HttpError(403, _("Only the two sides of a referral write on it."))
    message = services.referral_message_post(acting_user=user, referral=referral, body=payload.body)
    return Status(201, _message(message))


@router.get(
    "/notifications",
    response={200: NotificationPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Your notifications, newest first",
    description="A client is named only while you may still see them.",
)
def notification_list(request: HttpRequest, filters: Query[NotificationQuery]) -> dict[str, Any]:
    user = deps.partner_staff(request)
    qs = selectors.notifications_for(user, unread_only=filters.unread_only)
    count = qs.count()
    items = selectors.inbox_items(user, list(qs[filters.offset : filters.offset + filters.limit]))
    return {
        "items": [
            {
                "id": i.notification.pk,
                "kind": i.notification.kind,
                "client_id": i.notification.client_id if i.client_label else None,
                "client_name": i.client_label,
                "text": selectors.notification_text(i.notification, i.client_label),
                "link": i.notification.link,
                "created_at": i.notification.created_at,
                "read_at": i.notification.read_at,
            }
            for i in items
        ],
        "count": count,
        "unread": selectors.unread_count(user),
    }
