"""Screens of the client registry. Thin: forms parse, services write,
selectors read through the access policy, and every client read is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients import selectors, services
from parcours.clients.forms import (
    AliasForm,
    BreakGlassForm,
    ClientIdentityForm,
    ClientSearchForm,
    ConsentForm,
    LinkAnonymousForm,
    LockBoxForm,
    PathwayMoveForm,
    ReviewForm,
    ServiceTotalsForm,
    VisitForm,
    WalkInForm,
    WithdrawConsentForm,
)
from parcours.clients.models import ConsentLockBox, DataCategory, ServiceKind
from parcours.core import client_file
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.core.text import elide

# --- Search and registration ----------------------------------------------------


@login_required
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    form = ClientSearchForm(request.GET)
    query = form.data.get("q", "").strip() if form.is_valid() else ""
    page = paginate(request, selectors.person_search(user, query), per_page=25)
    # A list shows names and dates of birth: which records it showed is audited.
    services.clients_searched(acting_user=user, query=query, client_ids=[c.pk for c in page])
    template = "clients/client_list.html#results" if request.htmx else "clients/client_list.html"
    return render(request, template, {"form": form, "page_obj": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def client_register(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    initial: dict[str, Any] = {}
    words = request.GET.get("q", "").split()
    if len(words) >= 2:
        initial = {"given_name": " ".join(words[:-1]), "family_name": words[-1]}
    elif words:
        initial = {"family_name": words[0]}
    form = WalkInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client = services.client_register(
                acting_user=user,
                is_anonymous=data["is_anonymous"],
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                approximate_age=data["approximate_age"],
                gender_identity=data["gender_identity"],
                preferred_language=data["preferred_language"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, elide(_("%(name)s is registered.") % {"name": client.display_name})
            )
            return redirect("clients:visit_new", client_id=client.pk)
    return render(request, "clients/client_register.html", {"form": form})


# --- The client file ----------------------------------------------------------


def _file_sections(
    tab: str, client_access: access.ClientAccess, show_access_log: bool
) -> list[str]:
    """The parts of the client file the user is shown, for the audit of the read."""
    sections = ["summary", "flags"]
    if tab == client_file.OVERVIEW:
        return [*sections, "timeline"]
    if tab == "identity":
        if client_access.can(DataCategory.IDENTITY):
            sections += ["identity", "consents"]
        sections.append("linkage")
        if show_access_log:
            sections.append("access_log")
    elif tab == "housing":
        sections += ["households", "reports", "housing", "community"]
    elif tab == "care":
        sections += ["pathway", "casework", "coordination", "group_sessions", "stigma_incidents"]
    else:
        sections.append("visits")
    return sections


@login_required
def client_detail(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """The client's file: the overview (summary, flags, timeline) or one of its
    other tabs (``?tab=identity|housing|care|visits``), each read audited with
    the sections it showed."""
    user, client_access = access.client_get_for_staff(request.user, client_id)
    tab = request.GET.get("tab", "")
    if tab not in client_file.TAB_NAMES:
        tab = client_file.OVERVIEW
    show_access_log = tab == "identity" and access.can_view_client_access_log(client_access)
    services.client_record_viewed(
        acting_user=user,
        client_access=client_access,
        sections=_file_sections(tab, client_access, show_access_log),
    )
    client = client_access.client
    # The care tab lists the pathway; every tab shows the current stage badge.
    if tab == "care":
        pathway = list(selectors.pathway_for(client_access))
    elif client_access.sees_pathway:
        pathway = list(selectors.pathway_for(client_access)[:1])
    else:
        pathway = []
    context: dict[str, Any] = {
        "client_access": client_access,
        "client": client,
        "tab": tab,
        "tabs": [(name, label) for name, label, _sections in client_file.TABS],
        "pathway": pathway,
        "current_stage": pathway[0] if pathway and client_access.sees_pathway else None,
    }
    if tab == "identity":
        identity = client_access.can(DataCategory.IDENTITY)
        today = timezone.localdate()
        consents = list(selectors.consents_for(client_access)) if identity else []
        context |= {
            "aliases": list(client.aliases.all()) if identity else [],
            "consents": [(c, c.status(today)) for c in consents],
            "lock_boxes": list(
                ConsentLockBox.objects.filter(
                    client=client, removed_at__isnull=True
                ).select_related("organization")
            )
            if client_access.registered_here
            else [],
            "alias_form": AliasForm(),
            "show_access_log": show_access_log,
            "access_log": list(selectors.client_access_log(client_access)[:25])
            if show_access_log
            else [],
            "linked_records": list(client.linked_anonymous_records.all()),
        }
    elif tab == "care":
        context["move_form"] = PathwayMoveForm()
    elif tab == "visits":
        context["visits"] = list(selectors.visits_for(client_access)[:50])
    return render(request, "clients/client_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not client_access.can(DataCategory.IDENTITY):
        raise Http404
    if request.method == "GET":
        services.client_record_viewed(
            acting_user=user, client_access=client_access, section="identity_form"
        )
    form = ClientIdentityForm(request.POST or None, instance=client_access.client)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                acting_user=user,
                client_access=client_access,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
            )
        except services.StaleEdit as exc:
            stale = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The record is saved."))
            return redirect(client_file.client_file_url(client_access.client.pk, "identity"))
    return render(
        request,
        "clients/client_edit.html",
        {"form": form, "client": client_access.client, "stale": stale},
    )


@login_required
@require_POST
def alias_add(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            services.client_alias_add(
                acting_user=user, client_access=client_access, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The other name is added."))
    else:
        messages.error(request, _("Enter a given name or a family name."))
    return redirect(client_file.client_file_url(client_access.client.pk, "identity"))


@login_required
@require_http_methods(["GET", "POST"])
def client_link(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not client_access.client.is_anonymous or client_access.client.linked_to_id:
        raise Http404
    query = request.GET.get("q", "").strip()
    candidates = (
        list(selectors.client_search(user, query).filter(is_anonymous=False)[:20]) if query else []
    )
    if query:
        services.clients_searched(
            acting_user=user, query=query, client_ids=[c.pk for c in candidates]
        )
    form = LinkAnonymousForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        named = access.client_get_for_user(user, form.cleaned_data["named_client"])
        try:
            services.client_link_anonymous(acting_user=user, anonymous=client_access, named=named)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                elide(_("The anonymous record is linked to %(name)s.") % {"name": named.client}),
            )
            return redirect("clients:detail", client_id=named.client.pk)
    return render(
        request,
        "clients/client_link.html",
        {"client": client_access.client, "form": form, "query": query, "candidates": candidates},
    )


# --- Visits -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    client = client_access.client
    offer_stage = client_access.sees_pathway and not client.pathway.exists()
    form = VisitForm(
        request.POST or None,
        sites=selectors.visit_sites(user),
        usual_site=selectors.usual_visit_site(user),
        offer_stage=offer_stage,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        given = [
            services.ServiceGiven(
                kind=kind,
                quantity=quantity,
                naloxone_training=kind == ServiceKind.NALOXONE_KIT and data["naloxone_training"],
                detail=data["other_detail"] if kind == ServiceKind.OTHER else "",
            )
            for kind, quantity in form.services_given()
        ]
        try:
            services.visit_record(
                acting_user=user,
                client_access=client_access,
                occurred_at=data["occurred_at"],
                site=data["site"],
                needs=data["needs"],
                needs_other=data["needs_other"],
                notes=data["notes"],
                services=given,
                pathway_stage=data.get("pathway_stage") or "",
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The visit is recorded."))
            if any(g.kind == ServiceKind.SHELTER_REFERRAL for g in given):
                # A shelter referral is a real referral to a shelter, with its loop.
                messages.info(request, _("Now choose the shelter the client is referred to."))
                url = reverse("coordination:referral_new", args=[client.pk])
                return redirect(f"{url}?kind=shelter")
            return redirect("clients:detail", client_id=client.pk)
    return render(request, "clients/visit_form.html", {"form": form, "client": client})


# --- Pathway ------------------------------------------------------------------


@login_required
@require_POST
def pathway_move(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not client_access.sees_pathway:
        raise Http404
    form = PathwayMoveForm(request.POST)
    if form.is_valid():
        try:
            step = services.pathway_move(
                acting_user=user, client_access=client_access, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now at the %(stage)s stage.")
                % {"name": client_access.client, "stage": step.get_stage_display()},
            )
            if hasattr(step, "alert"):
                messages.warning(
                    request, _("A revolving-door alert was raised for the client's workers.")
                )
            return redirect(client_file.client_file_url(client_access.client.pk, "pathway"))
    return render(
        request,
        "clients/pathway_form.html",
        {"form": form, "client": client_access.client},
        status=422,
    )


# --- Consent ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not client_access.can_record_consent:
        raise Http404
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_directive_create(
                acting_user=user,
                client_access=client_access,
                categories=data["categories"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                method=data["method"],
                all_partners=data["all_partners"],
                organizations=list(data["organizations"]),
                witnessed_by=data["witnessed_by"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The consent directive is recorded."))
            return redirect(client_file.client_file_url(client_access.client.pk, "consents"))
    return render(
        request, "clients/consent_form.html", {"form": form, "client": client_access.client}
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedRequest, consent_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    directive, client_access = selectors.consent_get_for_user(user, consent_id)
    if not client_access.can_withdraw_consent:
        raise Http404
    if request.method == "GET":
        services.client_record_viewed(
            acting_user=user, client_access=client_access, section="consent"
        )
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_directive_withdraw(
                acting_user=user,
                client_access=client_access,
                directive=directive,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Consent is withdrawn: sharing stopped at once."))
        return redirect(client_file.client_file_url(client_access.client.pk, "consents"))
    return render(
        request,
        "clients/consent_withdraw.html",
        {"form": form, "directive": directive, "client": client_access.client},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lock_box_new(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not client_access.registered_here:
        raise Http404
    form = LockBoxForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lock_box_add(
                acting_user=user, client_access=client_access, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The lock-box is in place."))
            return redirect(client_file.client_file_url(client_access.client.pk, "consents"))
    return render(
        request, "clients/lock_box_form.html", {"form": form, "client": client_access.client}
    )


@login_required
@require_POST
def lock_box_remove(
    request: AuthenticatedRequest, client_id: uuid.UUID, box_id: uuid.UUID
) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not client_access.registered_here:
        raise Http404
    box = ConsentLockBox.objects.filter(client=client_access.client, pk=box_id).first()
    if box is None:
        raise Http404
    services.lock_box_remove(acting_user=user, box=box)
    messages.success(request, _("The lock-box is removed."))
    return redirect(client_file.client_file_url(client_access.client.pk, "consents"))


# --- Break the glass ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    if not access.two_factor_verified(user):
        messages.error(
            request,
            _(
                "Emergency access needs two-factor sign-in: set it up, or enter your code, then try again."
            ),
        )
        return redirect(
            f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': request.path})}"
        )
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.break_glass_open_by_identifiers(
                acting_user=user,
                reason=data["reason"],
                **selectors.break_glass_identifiers(data["identifier"], data["date_of_birth"]),
            )
        except services.NoExactMatch as exc:
            form.add_error("identifier", str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.warning(
                request,
                _("Emergency access opened for %(hours)s hours. It is logged and will be reviewed.")
                % {"hours": settings.BREAK_GLASS_HOURS},
            )
            return redirect("clients:detail", client_id=grant.client_id)
    return render(request, "clients/break_glass.html", {"form": form})


@login_required
def break_glass_reviews(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.can_review_break_glass(user):
        raise PermissionDenied
    pending = request.GET.get("show") != "all"
    page = paginate(request, selectors.break_glass_reviews(user, pending_only=pending))
    rows = selectors.break_glass_review_rows(user, list(page))
    named = [row.grant.client_id for row in rows if row.client_visible]
    if named:
        services.clients_searched(
            acting_user=user, query="break_glass_reviews", client_ids=sorted(set(named), key=str)
        )
    return render(
        request,
        "clients/break_glass_reviews.html",
        {"page_obj": page, "rows": rows, "pending": pending, "form": ReviewForm()},
    )


@login_required
@require_POST
def break_glass_review(request: AuthenticatedRequest, grant_id: uuid.UUID) -> HttpResponse:
    user = request.user
    if not access.can_review_break_glass(user):
        raise PermissionDenied
    grant = selectors.break_glass_reviews(user, pending_only=False).filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.break_glass_review(
            acting_user=user, grant=grant, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The emergency access is marked as reviewed."))
    return redirect("clients:break_glass_reviews")


# --- Alerts and daily totals ----------------------------------------------------


@login_required
def alert_list(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    open_only = request.GET.get("show") != "all"
    page = paginate(request, selectors.alerts_for_user(user, open_only=open_only))
    alerts = list(page)
    services.alerts_shown(acting_user=user, alerts=alerts)
    workers = access.primary_workers_of(user, {a.client_id for a in alerts})
    rows = [(alert, workers.get(alert.client_id, [])) for alert in alerts]
    return render(
        request,
        "clients/alert_list.html",
        {"page_obj": page, "rows": rows, "open_only": open_only},
    )


@login_required
@require_POST
def alert_acknowledge(request: AuthenticatedRequest, alert_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    alert = selectors.alerts_for_user(user, open_only=False).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    try:
        services.alert_acknowledge(
            acting_user=user, alert=alert, note=request.POST.get("note", "")[:2000]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The alert is acknowledged."))
    return redirect("clients:alerts")


@login_required
def service_totals(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    today = timezone.localdate()
    form = ServiceTotalsForm(request.GET or None)
    date_from, date_to = today - dt.timedelta(days=6), today
    rows: list[dict[str, Any]] = []
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        date_from = data.get("date_from") or date_from
        date_to = data.get("date_to") or date_to
        rows = selectors.service_totals(user, date_from=date_from, date_to=date_to)
    labels = dict(ServiceKind.choices)
    grand: dict[str, int] = {}
    for row in rows:
        row["label"] = labels.get(row["kind"], row["kind"])
        grand[row["label"]] = grand.get(row["label"], 0) + row["total"]
    return render(
        request,
        "clients/service_totals.html",
        {
            "form": form,
            "rows": rows,
            "grand_totals": sorted(grand.items()),
            "date_from": date_from,
            "date_to": date_to,
        },
    )
