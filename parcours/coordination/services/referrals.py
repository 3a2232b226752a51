"""Writes of closed-loop referrals: create and send, move through the
lifecycle, exchange messages, hand an enrollment on, and the reminders of
referrals left without an answer.

Every service validates first (``ValidationError`` with translated messages,
nothing written) and writes in one transaction with its audit rows and the
notifications of the other side."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.access import coordination as policy
from parcours.accounts.models import MembershipRole, Program, ProgramMembership, User
from parcours.casework.models import (
    Enrollment,
    EnrollmentEndReason,
    Goal,
    PlanGoalStatus,
    WaitlistEntry,
    WaitlistStatus,
)
from parcours.casework.services import (
    enrollment_close,
    enrollment_open,
    waitlist_add,
    waitlist_offer,
)
from parcours.clients.models import Client
from parcours.coordination.models import (
    OPEN_STATUSES,
    REFERRAL_TRANSITIONS,
    Notification,
    NotificationKind,
    Referral,
    ReferralEvent,
    ReferralKind,
    ReferralMessage,
    ReferralStatus,
    Service,
    ServiceStatus,
)
from parcours.coordination.services.notifications import client_workers, notify
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

REFERRAL_FIELDS = [
    "kind",
    "service_id",
    "goal_id",
    "from_enrollment_id",
    "to_enrollment_id",
    "receiving_organization_id",
    "receiving_program_id",
    "status",
    "urgent",
    "respond_by",
    "decline_reason",
    "outcome_note",
    "beyond_consent",
    "beyond_consent_reason",
]


class StaleReferral(Exception):
    """Someone else moved the referral since it was opened."""


@dataclass(frozen=True)
class Involvement:
    """A support of the same type and area already given to the client."""

    provider: str
    what: str
    since: dt.date | None


def _org_id(acting_user: User) -> uuid.UUID:
    org_id = acting_user.organization_id
    if org_id is None:
        raise PermissionDenied
    return org_id


def _link(referral: Referral) -> str:
    return reverse("coordination:referral_detail", kwargs={"referral_id": referral.pk})


def receiving_staff(referral: Referral) -> set[User]:
    """Who is told of a referral received: the receiving program's members
    (or, without one, the receiving organization's administrators and
    coordinators)."""
    if referral.receiving_organization_id is None:
        return set()
    if referral.receiving_program_id is not None:
        members = User.objects.filter(
            is_active=True, program_memberships__program_id=referral.receiving_program_id
        )
        if members.exists():
            return set(members)
    return set(
        User.objects.filter(is_active=True, organization_id=referral.receiving_organization_id)
        .filter(
            Q(is_org_admin=True)
            | Q(
                program_memberships__role=MembershipRole.COORDINATOR,
                program_memberships__program__organization_id=referral.receiving_organization_id,
            )
        )
        .distinct()
    )


def sending_staff(referral: Referral) -> set[User]:
    """Who is told of an answer: the sender and the client's workers at the
    sending organization."""
    workers = {
        u for u in client_workers(referral.client) if u.organization_id == referral.organization_id
    }
    return workers | {referral.sent_by}


def duplicate_supports(
    acting_user: User, client: Client, service: Service, *, excluding: Referral | None = None
) -> list[Involvement]:
    """Supports of the same type and area the client already receives from
    another provider, of those the user may see: open referrals (its own
    organization's, or received) and open enrollments in programs whose
    directory service has that area."""
    found: list[Involvement] = []
    referrals = (
        policy.referrals_visible_to(acting_user)
        .filter(
            client=client,
            status__in=OPEN_STATUSES,
            service__support_type=service.support_type,
            service__sub_domain=service.sub_domain,
        )
        .exclude(service__organization_id=service.organization_id)
        .select_related("service__organization")
    )
    if excluding is not None:
        referrals = referrals.exclude(pk=excluding.pk)
    for r in referrals:
        found.append(
            Involvement(
                provider=r.service.organization.name,
                what=f"{r.service.name} ({r.get_status_display()})",
                since=timezone.localdate(r.sent_at) if r.sent_at else None,
            )
        )
    enrollments = (
        Enrollment.objects.filter(
            client=client,
            end_date__isnull=True,
            program__directory_services__sub_domain=service.sub_domain,
            program__directory_services__support_type=service.support_type,
        )
        .filter(
            access.records_visible_filter(
                acting_user, category="case_plan", model_label="casework.enrollment"
            )
        )
        .select_related("program__organization")
        .distinct()
    )
    if service.program_id is not None:
        enrollments = enrollments.exclude(program_id=service.program_id)
    for e in enrollments:
        found.append(
            Involvement(
                provider=e.program.organization.name, what=e.program.name, since=e.start_date
            )
        )
    return found


def _event(referral: Referral, acting_user: User, from_status: str, note: str = "") -> None:
    ReferralEvent.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=referral.status,
        actor=acting_user,
        organization_id=_org_id(acting_user),
        note=note[:500],
    )


def _audit(
    action: AuditAction,
    acting_user: User,
    referral: Referral,
    before: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit_record(
        action=action,
        actor=acting_user,
        target=referral,
        client_id=referral.client_id,
        before=before,
        after=audit_snapshot(referral, REFERRAL_FIELDS),
        detail=detail,
    )


def referral_create(
    *,
    acting_user: User,
    client_access: access.ClientAccess,
    service: Service,
    reason: str,
    kind: str = ReferralKind.SERVICE,
    goal: Goal | None = None,
    from_enrollment: Enrollment | None = None,
    urgent: bool = False,
    respond_by: dt.date | None = None,
    beyond_consent_reason: str = "",
    acknowledge_duplicates: bool = False,
    send: bool = True,
) -> Referral:
    """A referral of the client to ``service``, sent at once (or kept as a
    draft). Refused beyond the client's consent unless the user may and says
    why; refused when the client already receives a support of the same type
    and area elsewhere until the user acknowledges it."""
    client = client_access.client
    if not policy.can_refer(client_access):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    beyond_consent_reason = beyond_consent_reason.strip()
    today = timezone.localdate()
    if not reason:
        errors.setdefault("reason", []).append(_("Say what the receiving service needs to know."))
    if service.status != ServiceStatus.ACTIVE:
        errors.setdefault("service", []).append(_("This service is not taking referrals now."))
    if kind not in ReferralKind.values:
        errors.setdefault("kind", []).append(_("Choose a kind of referral."))
    if goal is not None and (
        goal.plan.client_id != client.pk
        or not client_access.can_see_record(
            goal, category="case_plan", organization_id=goal.organization_id
        )
    ):
        errors.setdefault("goal", []).append(_("This goal is not in this client's plan."))
    if goal is not None and goal.status != PlanGoalStatus.ACTIVE:
        errors.setdefault("goal", []).append(_("This goal is not in progress."))
    if from_enrollment is not None:
        if from_enrollment.client_id != client.pk or from_enrollment.end_date is not None:
            errors.setdefault("from_enrollment", []).append(
                _("This is not an open enrollment of this client.")
            )
        elif not access.can_enroll_into(acting_user, from_enrollment.program):
            errors.setdefault("from_enrollment", []).append(
                _("Only staff of the enrollment's program can hand it on.")
            )
        if service.program_id is None:
            errors.setdefault("service", []).append(
                _("A step-down or a transfer goes to a service with a program in Parcours.")
            )
    if respond_by is not None and respond_by < today:
        errors.setdefault("respond_by", []).append(_("The answer date cannot be in the past."))
    partner = service.organization.partner
    beyond = False
    if partner is not None and not policy.partner_shares_for_referral(client, partner):
        if not beyond_consent_reason:
            errors.setdefault("beyond_consent_reason", []).append(
                _(
                    "The client has not agreed to share their identity and case plan with "
                    "%(partner)s. Record their consent first, or give the reason this "
                    "referral must be sent beyond it."
                )
                % {"partner": partner.name}
            )
        elif not policy.can_send_beyond_consent(acting_user):
            errors.setdefault("beyond_consent_reason", []).append(
                _("Only a coordinator can send a referral beyond the client's consent.")
            )
        else:
            beyond = True
    elif beyond_consent_reason:
        beyond_consent_reason = ""
    if not errors and not acknowledge_duplicates:
        involved = duplicate_supports(acting_user, client, service)
        if involved:
            errors.setdefault("acknowledge_duplicates", []).append(
                _("The client already receives this kind of support: %(who)s.")
                % {"who": "; ".join(f"{i.provider} — {i.what}" for i in involved)}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral(
            client=client,
            kind=kind,
            service=service,
            goal=goal,
            from_enrollment=from_enrollment,
            organization_id=_org_id(acting_user),
            sent_by=acting_user,
            receiving_organization=partner,
            receiving_program_id=service.program_id,
            status=ReferralStatus.DRAFT,
            reason=reason,
            urgent=urgent,
            respond_by=respond_by,
            beyond_consent=beyond,
            beyond_consent_reason=beyond_consent_reason,
        )
        referral.full_clean(validate_constraints=False)
        referral.save(force_insert=True)
        _event(referral, acting_user, "")
        _audit(AuditAction.CREATE, acting_user, referral)
        if acknowledge_duplicates:
            _warn_of_duplicates(acting_user, referral)
        if send:
            referral = _send(acting_user, referral)
    return referral


def _warn_of_duplicates(acting_user: User, referral: Referral) -> None:
    """Sent although the client already receives the support elsewhere: the
    workers involved and the sender's coordinators are told."""
    involved = duplicate_supports(acting_user, referral.client, referral.service)
    if not involved:
        return
    coordinators = User.objects.filter(
        is_active=True,
        program_memberships__role=MembershipRole.COORDINATOR,
        program_memberships__program__organization_id=_org_id(acting_user),
    )
    notify(
        recipients={*client_workers(referral.client), *coordinators},
        kind=NotificationKind.DUPLICATE_SERVICE,
        client=referral.client,
        subject=referral,
        link=_link(referral),
        detail={"service": referral.service.name},
        exclude=acting_user,
    )


def _send(acting_user: User, referral: Referral) -> Referral:
    before = audit_snapshot(referral, REFERRAL_FIELDS)
    now = timezone.now()
    referral.status = ReferralStatus.SENT
    referral.sent_at = now
    if referral.respond_by is None:
        referral.respond_by = timezone.localdate(now) + dt.timedelta(
            days=referral.service.response_days
        )
    referral.version += 1
    referral.save()
    _event(referral, acting_user, ReferralStatus.DRAFT)
    _audit(
        AuditAction.UPDATE,
        acting_user,
        referral,
        before,
        detail={"beyond_consent": referral.beyond_consent_reason}
        if referral.beyond_consent
        else None,
    )
    notify(
        recipients=receiving_staff(referral),
        kind=NotificationKind.REFERRAL_RECEIVED,
        client=referral.client,
        subject=referral,
        link=_link(referral),
        detail={"service": referral.service.name},
        exclude=acting_user,
    )
    return referral


def is_party(acting_user: User, referral: Referral) -> bool:
    """The user's organization sent or received the referral."""
    return policy.referral_sent_by_my_organization(
        acting_user, referral
    ) or policy.referral_received_by_my_organization(acting_user, referral)


def allowed_transitions(acting_user: User, referral: Referral) -> list[str]:
    """The statuses the user may move the referral to now."""
    nexts = REFERRAL_TRANSITIONS[referral.status]
    sender = policy.referral_sent_by_my_organization(acting_user, referral)
    receiver = policy.referral_received_by_my_organization(acting_user, referral)
    allowed: set[str] = set()
    if sender:
        allowed |= {s for s in nexts if s in (ReferralStatus.SENT, ReferralStatus.CANCELLED)}
        if referral.is_external:
            # An outside service answers by phone or letter: the sender records it.
            allowed |= set(nexts)
    if receiver:
        allowed |= {s for s in nexts if s not in (ReferralStatus.SENT, ReferralStatus.CANCELLED)}
    return [s for s in ReferralStatus.values if s in allowed]


def referral_transition(
    *,
    acting_user: User,
    referral: Referral,
    to_status: str,
    note: str = "",
    expected_version: int | None = None,
) -> Referral:
    """Move the referral on: send, accept, decline (with a reason), start,
    complete or not (with a reason), cancel. Each side moves only its own
    steps; the other side is told."""
    note = note.strip()
    if to_status not in ReferralStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    if to_status not in allowed_transitions(acting_user, referral):
        raise ValidationError(
            {
                "status": [
                    _("A referral that is %(current)s cannot be marked %(next)s by you.")
                    % {
                        "current": referral.get_status_display().lower(),
                        "next": ReferralStatus(to_status).label.lower(),
                    }
                ]
            }
        )
    if to_status == ReferralStatus.DECLINED and not note:
        raise ValidationError({"note": [_("Say why the referral is declined.")]})
    if to_status == ReferralStatus.NOT_COMPLETED and not note:
        raise ValidationError({"note": [_("Say why the service was not completed.")]})
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleReferral
        if locked.status != referral.status:
            raise StaleReferral
        if to_status == ReferralStatus.SENT:
            return _send(acting_user, locked)
        before = audit_snapshot(locked, REFERRAL_FIELDS)
        from_status = locked.status
        now = timezone.now()
        locked.status = to_status
        if from_status == ReferralStatus.SENT and to_status != ReferralStatus.CANCELLED:
            locked.answered_at = now
            locked.answered_by = acting_user
        if to_status == ReferralStatus.DECLINED:
            locked.decline_reason = note[:500]
        if to_status in (ReferralStatus.COMPLETED, ReferralStatus.NOT_COMPLETED):
            locked.outcome_note = note[:500]
        if to_status in (
            ReferralStatus.DECLINED,
            ReferralStatus.COMPLETED,
            ReferralStatus.NOT_COMPLETED,
            ReferralStatus.CANCELLED,
        ):
            locked.closed_at = now
        program = locked.receiving_program
        if (
            to_status == ReferralStatus.ACCEPTED
            and program
            and _lands_on_waitlist(acting_user, locked)
        ):
            waitlist_add(
                acting_user=acting_user,
                program=program,
                client=locked.client,
                note=_("Referred by %(partner)s") % {"partner": locked.organization.name},
            )
        locked.version += 1
        locked.save()
        _event(locked, acting_user, from_status, note)
        _audit(AuditAction.UPDATE, acting_user, locked, before)
        _tell_the_other_side(acting_user, locked)
    return locked


def _lands_on_waitlist(acting_user: User, referral: Referral) -> bool:
    """A referral to a partner's program lands on its waitlist, in order,
    when accepted — unless the client is enrolled or waiting already, or the
    client's directives do not let the program know them yet (a referral sent
    beyond consent: the program records their consent first)."""
    program = referral.receiving_program
    return (
        program is not None
        and access.clients_visible_to(acting_user).filter(pk=referral.client_id).exists()
        and referral.receiving_organization_id is not None
        and not Enrollment.objects.filter(
            client=referral.client, program=program, end_date__isnull=True
        ).exists()
        and not WaitlistEntry.objects.filter(
            program=program, client=referral.client, status=WaitlistStatus.WAITING
        ).exists()
    )


def _tell_the_other_side(acting_user: User, referral: Referral) -> None:
    sender_side = policy.referral_sent_by_my_organization(acting_user, referral)
    recipients = receiving_staff(referral) if sender_side else sending_staff(referral)
    notify(
        recipients=recipients,
        kind=NotificationKind.REFERRAL_ANSWERED,
        client=referral.client,
        subject=referral,
        link=_link(referral),
        detail={"service": referral.service.name, "status": referral.status},
        exclude=acting_user,
    )


def referral_message_post(*, acting_user: User, referral: Referral, body: str) -> ReferralMessage:
    """A message from one side of the referral to the other."""
    body = body.strip()
    sender = policy.referral_sent_by_my_organization(acting_user, referral)
    receiver = policy.referral_received_by_my_organization(acting_user, referral)
    if not (sender or receiver):
        raise PermissionDenied
    if referral.status == ReferralStatus.DRAFT:
        raise ValidationError({"body": [_("Send the referral before writing to the service.")]})
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    if len(body) > 4000:
        raise ValidationError({"body": [_("A message holds at most 4,000 characters.")]})
    with transaction.atomic():
        message = ReferralMessage.objects.create(
            referral=referral,
            author=acting_user,
            organization_id=_org_id(acting_user),
            body=body,
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=message,
            client_id=referral.client_id,
            detail={"referral": str(referral.pk)},
        )
        notify(
            recipients=receiving_staff(referral) if sender else sending_staff(referral),
            kind=NotificationKind.REFERRAL_MESSAGE,
            client=referral.client,
            subject=referral,
            link=_link(referral),
            detail={"service": referral.service.name},
            exclude=acting_user,
        )
    return message


def referral_enroll(
    *,
    acting_user: User,
    referral: Referral,
    start_date: dt.date,
    primary_worker: User | None = None,
    team: Any = None,
    override_reason: str = "",
) -> Enrollment:
    """The receiving program enrolls the referred client: the referral is in
    progress, and an enrollment handed on (a step-down, a transfer) is closed
    by the same act — the client is never between two programs, nor in none."""
    if not policy.referral_received_by_my_organization(acting_user, referral):
        raise PermissionDenied
    program: Program | None = referral.receiving_program
    if program is None:
        raise ValidationError(_("This service has no program in Parcours to enroll into."))
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status not in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
            raise ValidationError(_("Only a referral sent or accepted can lead to an enrollment."))
        if referral.status == ReferralStatus.SENT:
            referral = referral_transition(
                acting_user=acting_user, referral=referral, to_status=ReferralStatus.ACCEPTED
            )
            referral.refresh_from_db()
        # The handed-on enrollment ends the day the next one starts (one
        # transaction: if the new one is refused, the old one stays open).
        handed_on = referral.from_enrollment
        if handed_on is not None and handed_on.end_date is None:
            _close_handed_on(referral, handed_on, start_date)
            handed_on.refresh_from_db()
        entry = WaitlistEntry.objects.filter(
            program=program, client=referral.client, status=WaitlistStatus.WAITING
        ).first()
        assignment: dict[str, Any] = {
            "acting_user": acting_user,
            "start_date": start_date,
            "primary_worker": primary_worker,
            "team": team,
            "override_reason": override_reason,
            "previous_enrollment": referral.from_enrollment,
        }
        if entry is not None:
            enrollment = waitlist_offer(entry=entry, **assignment)
        else:
            enrollment = enrollment_open(client=referral.client, program=program, **assignment)
        before = audit_snapshot(referral, REFERRAL_FIELDS)
        referral.to_enrollment = enrollment
        referral.status = ReferralStatus.IN_PROGRESS
        referral.version += 1
        referral.save()
        _event(referral, acting_user, ReferralStatus.ACCEPTED, _("Enrolled"))
        _audit(AuditAction.UPDATE, acting_user, referral, before)
        _tell_the_other_side(acting_user, referral)
    return enrollment


def _close_handed_on(referral: Referral, enrollment: Enrollment, start_date: dt.date) -> None:
    """Close the sending program's enrollment, as its staff agreed by sending
    the referral: written in the sender's name, so each organization's
    records stay written by its own staff."""
    reason = (
        EnrollmentEndReason.STEPPED_DOWN
        if referral.kind == ReferralKind.STEP_DOWN
        else EnrollmentEndReason.TRANSFERRED
    )
    enrollment_close(
        acting_user=referral.sent_by,
        enrollment=enrollment,
        end_date=start_date,
        end_reason=reason,
        destination=referral.receiving_program.name if referral.receiving_program else "",
        end_note=_("Handed on by referral to %(service)s") % {"service": referral.service.name},
    )


def referral_reminders(today: dt.date | None = None) -> int:
    """Tell both sides, once, of each referral whose answer date has passed
    with no answer. Returns how many referrals were overdue and newly told."""
    today = today or timezone.localdate()
    overdue = Referral.objects.filter(
        status=ReferralStatus.SENT, respond_by__lt=today
    ).select_related("service", "client", "sent_by")
    told = set(
        Notification.objects.filter(
            kind=NotificationKind.REFERRAL_OVERDUE, subject_type="coordination.referral"
        ).values_list("subject_id", flat=True)
    )
    count = 0
    for referral in overdue:
        if str(referral.pk) in told:
            continue
        with transaction.atomic():
            notify(
                recipients=receiving_staff(referral) | {referral.sent_by},
                kind=NotificationKind.REFERRAL_OVERDUE,
                client=referral.client,
                subject=referral,
                link=_link(referral),
                detail={"service": referral.service.name},
            )
        count += 1
    return count


def shelter_referrals_booked_in(*, stay: Any, acting_user: User) -> list[Referral]:
    """A shelter booked the client in: open referrals of the client to that
    site's services are completed, and the referring workers and the client's
    case managers are told."""
    referrals = list(
        Referral.objects.filter(
            client_id=stay.client_id,
            service__shelter_site_id=stay.site_id,
            status__in=OPEN_STATUSES,
        )
    )
    for referral in referrals:
        with transaction.atomic():
            before = audit_snapshot(referral, REFERRAL_FIELDS)
            from_status = referral.status
            referral.status = ReferralStatus.COMPLETED
            referral.outcome_note = _("Booked in")
            referral.closed_at = timezone.now()
            if referral.answered_at is None:
                referral.answered_at = referral.closed_at
                referral.answered_by = acting_user
            referral.version += 1
            referral.save()
            _event(referral, acting_user, from_status, _("Booked in"))
            _audit(AuditAction.UPDATE, acting_user, referral, before)
    recipients = {r.sent_by for r in referrals} | client_workers(stay.client)
    notify(
        recipients=recipients,
        kind=NotificationKind.SHELTER_BOOK_IN,
        client=stay.client,
        subject=stay,
        link=reverse("beds:client_stays", kwargs={"client_id": stay.client_id}),
        detail={"site": stay.site.name},
        exclude=acting_user,
    )
    return referrals


def shelter_referral_hold_attach(*, hold: Any) -> Referral | None:
    """A bed was held at a shelter for a client with an open shelter
    referral to that site: the referral carries the hold (the receiving
    shelter sees which bed waits for the person)."""
    referral = (
        Referral.objects.filter(
            client_id=hold.client_id,
            service__shelter_site_id=hold.room.site_id,
            status__in=OPEN_STATUSES,
            bed_hold__isnull=True,
        )
        .order_by("-sent_at")
        .first()
    )
    if referral is None:
        return None
    with transaction.atomic():
        before = audit_snapshot(referral, REFERRAL_FIELDS)
        referral.bed_hold = hold
        referral.version += 1
        referral.save(update_fields=["bed_hold", "version", "updated_at"])
        _audit(AuditAction.UPDATE, hold.placed_by, referral, before, detail={"hold": str(hold.pk)})
    return referral


def revolving_door_told(*, alert: Any, acting_user: User) -> None:
    """A revolving-door alert (a move back on the pathway, a return to
    homelessness): the client's workers are told."""
    notify(
        recipients=client_workers(alert.client),
        kind=NotificationKind.REVOLVING_DOOR,
        client=alert.client,
        subject=alert,
        link=reverse("clients:detail", kwargs={"client_id": alert.client_id}),
        detail={"alert": alert.kind},
        exclude=acting_user,
    )


def program_members(program: Program) -> set[User]:
    return {
        m.user for m in ProgramMembership.objects.filter(program=program).select_related("user")
    }


__all__ = [
    "Involvement",
    "StaleReferral",
    "allowed_transitions",
    "duplicate_supports",
    "is_party",
    "program_members",
    "receiving_staff",
    "referral_create",
    "referral_enroll",
    "referral_message_post",
    "referral_reminders",
    "referral_transition",
    "revolving_door_told",
    "sending_staff",
    "shelter_referral_hold_attach",
    "shelter_referrals_booked_in",
]
