"""Screens of referrals and of the notification inbox. Thin: forms parse,
services write, selectors read through the access policy; every list that
names clients is audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.access import coordination as policy
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import Team, User
from parcours.casework.models import Enrollment, Goal, PlanGoalStatus, SubDomain
from parcours.casework.selectors import goals_for, plan_for
from parcours.coordination.forms.referrals import (
    InboxFilterForm,
    MessageForm,
    ReferralEnrollForm,
    ReferralForm,
    TransitionForm,
)
from parcours.coordination.models import ReferralKind, ReferralStatus, Service, ServiceStatus
from parcours.coordination.selectors import referrals as selectors
from parcours.coordination.services import notifications as notification_services
from parcours.coordination.services import referrals as services
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


def _goals(client_access: access.ClientAccess) -> QuerySet[Goal]:
    plan = plan_for(client_access)
    if plan is None:
        return Goal.objects.none()
    return goals_for(client_access, plan).filter(status=PlanGoalStatus.ACTIVE)


def _services() -> QuerySet[Service]:
    return (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .select_related("organization")
        .order_by("-is_mainstream", "name")
    )


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not policy.can_refer(client_access):
        raise PermissionDenied
    handed_on: Enrollment | None = None
    enrollment_id = _uuid(request.GET.get("from_enrollment") or request.POST.get("from_enrollment"))
    if enrollment_id is not None:
        handed_on = (
            Enrollment.objects.filter(
                pk=enrollment_id,
                client=client_access.client,
                end_date__isnull=True,
                organization_id=client_access.organization_id,
            )
            .select_related("program")
            .first()
        )
        if handed_on is None:
            raise Http404
    services_qs = _services()
    if handed_on is not None:
        services_qs = services_qs.filter(program__isnull=False).exclude(
            program_id=handed_on.program_id
        )
    # ``?need=<area>`` (e.g. ``legal`` from the housing panel): the services of
    # that area first — only them when there are some — and its goal preset.
    need = request.GET.get("need") or ""
    need_label = ""
    if need in SubDomain.values:
        need_label = str(SubDomain(need).label)
        of_need = services_qs.filter(sub_domain=need)
        if of_need.exists():
            services_qs = of_need
    initial: dict[str, Any] = {"send": True, "kind": request.GET.get("kind") or "service"}
    if need_label:
        need_goal = _goals(client_access).filter(sub_domain=need).first()
        if need_goal is not None:
            initial["goal"] = need_goal.pk
        if services_qs.count() == 1:
            initial["service"] = services_qs.get().pk
    if handed_on is not None and initial["kind"] == "service":
        initial["kind"] = ReferralKind.STEP_DOWN
    for name in ("service", "goal"):
        if (value := _uuid(request.GET.get(name))) is not None:
            initial[name] = value
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        services=services_qs,
        goals=_goals(client_access),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                acting_user=user,
                client_access=client_access,
                service=data["service"],
                kind=data["kind"],
                goal=data["goal"],
                from_enrollment=handed_on,
                reason=data["reason"],
                urgent=data["urgent"],
                respond_by=data["respond_by"],
                beyond_consent_reason=data["beyond_consent_reason"],
                acknowledge_duplicates=data["acknowledge_duplicates"],
                send=data["send"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if referral.status == ReferralStatus.SENT:
                messages.success(
                    request, _("Referral sent to %(service)s.") % {"service": referral.service}
                )
            else:
                messages.success(request, _("Referral kept as a draft."))
            return redirect("coordination:referral_detail", referral_id=referral.pk)
    return render(
        request,
        "coordination/referrals/referral_form.html",
        {
            "client_access": client_access,
            "client": client_access.client,
            "form": form,
            "handed_on": handed_on,
            "need_label": need_label,
            "may_go_beyond": policy.can_send_beyond_consent(user),
        },
    )


@login_required
def client_referrals(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    page = paginate(request, selectors.client_referrals(client_access), per_page=25)
    rows = selectors.referral_rows(user, list(page))
    selectors.referrals_listed(acting_user=user, rows=rows, section="client_referrals")
    return render(
        request,
        "coordination/referrals/client_referrals.html",
        {
            "client_access": client_access,
            "client": client_access.client,
            "page_obj": page,
            "rows": rows,
            "can_refer": policy.can_refer(client_access),
        },
    )


@login_required
def referral_inbox(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    form = InboxFilterForm(request.GET)
    box, status = "received", ""
    if form.is_valid():
        box = form.cleaned_data["box"] or "received"
        status = form.cleaned_data["status"] or ""
    page = paginate(request, selectors.referral_inbox(user, box=box, status=status), per_page=25)
    rows = selectors.referral_rows(user, list(page))
    selectors.referrals_listed(acting_user=user, rows=rows, section=f"inbox_{box}")
    return render(
        request,
        "coordination/referrals/inbox.html",
        {"form": form, "box": box, "status": status, "page_obj": page, "rows": rows},
    )


def _detail_context(user: User, referral: Any, **extra: Any) -> dict[str, Any]:
    row = selectors.referral_rows(user, [referral])[0]
    receiver = policy.referral_received_by_my_organization(user, referral)
    sender = policy.referral_sent_by_my_organization(user, referral)
    party = receiver or sender
    return {
        "referral": referral,
        "row": row,
        "events": list(referral.events.select_related("actor", "organization")),
        "messages_list": list(referral.messages.select_related("author", "organization"))
        if party
        else [],
        "transitions": [
            (s, ReferralStatus(s).label) for s in services.allowed_transitions(user, referral)
        ],
        "transition_form": extra.pop("transition_form", None)
        or TransitionForm(initial={"version": referral.version}),
        "message_form": extra.pop("message_form", None) or MessageForm(),
        "is_party": party,
        "is_receiver": receiver,
        "can_enroll": receiver
        and referral.receiving_program_id is not None
        and referral.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
        and row.client_linkable,
        **extra,
    }


@login_required
def referral_detail(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    referral = selectors.referral_get_for_user(user, referral_id)
    return render(
        request, "coordination/referrals/referral_detail.html", _detail_context(user, referral)
    )


@login_required
@require_POST
def referral_transition(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    referral = selectors.referral_get_for_user(user, referral_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.referral_transition(
                acting_user=user,
                referral=referral,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleReferral:
            form.add_error(
                None, _("Someone else changed this referral meanwhile: here it is as it is now.")
            )
            referral = selectors.referral_get_for_user(user, referral_id)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Referral updated."))
            return redirect("coordination:referral_detail", referral_id=referral.pk)
    return render(
        request,
        "coordination/referrals/referral_detail.html",
        _detail_context(user, referral, transition_form=form),
        status=400,
    )


@login_required
@require_POST
def referral_message(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    referral = selectors.referral_get_for_user(user, referral_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.referral_message_post(
                acting_user=user, referral=referral, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Message sent."))
            return redirect("coordination:referral_detail", referral_id=referral.pk)
    return render(
        request,
        "coordination/referrals/referral_detail.html",
        _detail_context(user, referral, message_form=form),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_enroll(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    referral = selectors.referral_get_for_user(user, referral_id)
    if not policy.referral_received_by_my_organization(user, referral):
        raise PermissionDenied
    program = referral.receiving_program
    if program is None:
        raise Http404
    form = ReferralEnrollForm(
        request.POST or None,
        initial={"start_date": timezone.localdate()},
        workers=User.objects.filter(
            is_active=True, program_memberships__program=program
        ).distinct(),
        teams=Team.objects.filter(program=program),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_enroll(
                acting_user=user,
                referral=referral,
                start_date=data["start_date"],
                primary_worker=data["primary_worker"],
                team=data["team"],
                override_reason=data["override_reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Enrolled in %(program)s.") % {"program": program.name})
            return redirect("coordination:referral_detail", referral_id=referral.pk)
    return render(
        request,
        "coordination/referrals/referral_enroll.html",
        {"referral": referral, "program": program, "form": form},
    )


@login_required
def referral_reviews(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    if not access.is_privacy_reviewer(user):
        raise PermissionDenied
    page = paginate(request, selectors.referrals_for_review(user), per_page=25)
    rows = selectors.referral_rows(user, list(page))
    selectors.referrals_listed(acting_user=user, rows=rows, section="beyond_consent_review")
    return render(request, "coordination/referrals/reviews.html", {"page_obj": page, "rows": rows})


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    unread_only = request.GET.get("show") != "all"
    page = paginate(
        request, selectors.notifications_for(user, unread_only=unread_only), per_page=30
    )
    items = selectors.inbox_items(user, list(page))
    return render(
        request,
        "coordination/referrals/notifications.html",
        {"page_obj": page, "items": items, "unread_only": unread_only},
    )


@login_required
@require_POST
def notification_open(request: AuthenticatedRequest, notification_id: uuid.UUID) -> HttpResponse:
    """Mark the item read and go where it points (the page checks access)."""
    user = access.require_partner_staff(request.user)
    item = selectors.notifications_for(user).filter(pk=notification_id).first()
    if item is None:
        raise Http404
    notification_services.notification_mark_read(acting_user=user, notifications=[item])
    if item.link and url_has_allowed_host_and_scheme(item.link, allowed_hosts=None):
        return redirect(item.link)
    return redirect("coordination:notifications")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    count = notification_services.notification_mark_read(
        acting_user=user, notifications=selectors.notifications_for(user, unread_only=True)
    )
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("coordination:notifications")
