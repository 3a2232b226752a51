from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.accounts import selectors, services, two_factor
from parcours.accounts.forms import (
    ApiTokenForm,
    AuditLogFilterForm,
    LoginForm,
    PasswordResetByAdminForm,
    StaffFilterForm,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _require_staff_admin(request: AuthenticatedRequest) -> User:
    user = request.user
    if not access.can_view_staff_admin(user):
        raise PermissionDenied
    return user


@login_required
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    user = _require_staff_admin(request)
    form = StaffFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    staff = selectors.staff_list(
        user,
        query=data.get("q") or "",
        status=data.get("status") or "active",
        ordering=data.get("sort") or "name",
    )
    page = paginate(request, staff)
    template = "accounts/staff_list.html#results" if request.htmx else "accounts/staff_list.html"
    return render(request, template, {"form": form, "page_obj": page})


def _managed_staff(request: AuthenticatedRequest, staff_id: uuid.UUID) -> tuple[User, User]:
    user = _require_staff_admin(request)
    staff = selectors.staff_get_for_user(user, staff_id)
    return user, staff


@login_required
def staff_detail(request: AuthenticatedRequest, staff_id: uuid.UUID) -> HttpResponse:
    user, staff = _managed_staff(request, staff_id)
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "staff": staff,
            "can_manage": access.can_manage_staff(user, staff),
            "two_factor_set_up": two_factor.has_second_factor(staff),
            "two_factor_required": access.two_factor_required(staff),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_set_active(
    request: AuthenticatedRequest, staff_id: uuid.UUID, active: bool
) -> HttpResponse:
    user, staff = _managed_staff(request, staff_id)
    if not access.can_manage_staff(user, staff):
        raise PermissionDenied
    if request.method == "POST":
        if active:
            services.staff_reactivate(staff=staff, acting_user=user)
            messages.success(request, _("%(name)s can sign in again.") % {"name": staff})
        else:
            services.staff_deactivate(staff=staff, acting_user=user)
            messages.success(
                request,
                _("%(name)s is deactivated: their sessions and API tokens no longer work.")
                % {"name": staff},
            )
        return redirect("accounts:staff_detail", staff_id=staff.pk)
    return render(request, "accounts/staff_confirm_active.html", {"staff": staff, "active": active})


@login_required
@require_http_methods(["GET", "POST"])
def staff_password(request: AuthenticatedRequest, staff_id: uuid.UUID) -> HttpResponse:
    user, staff = _managed_staff(request, staff_id)
    if not access.can_manage_staff(user, staff):
        raise PermissionDenied
    form = PasswordResetByAdminForm(staff, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_set_password(
                staff=staff, password=form.cleaned_data["new_password1"], acting_user=user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return render(request, "accounts/staff_password.html", {"staff": staff, "form": form})
        messages.success(
            request,
            _("The password of %(name)s has been changed. Give it to them in person or by phone.")
            % {"name": staff},
        )
        return redirect("accounts:staff_detail", staff_id=staff.pk)
    return render(request, "accounts/staff_password.html", {"staff": staff, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = services.api_token_create(user=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "issued": issued, "tokens": selectors.api_tokens_of(user)},
    )


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedRequest, token_id: uuid.UUID) -> HttpResponse:
    user = request.user
    token = selectors.api_tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, acting_user=user)
    messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("accounts:api_tokens")


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    summary = selectors.home_summary(request.user)
    return render(request, "accounts/home.html", {"summary": summary})


@login_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.can_view_audit(user):
        raise PermissionDenied
    form = AuditLogFilterForm(request.GET or None, staff=access.staff_visible_to(user))
    events = selectors.audit_event_list(user).none()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        events = selectors.audit_event_list(
            user,
            actor=data["user"],
            staff=data["staff"],
            client_id=data["client"],
            client_name=data["client_name"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    elif not form.is_bound:
        events = selectors.audit_event_list(user)
    page = paginate(request, events)
    client_names = selectors.audit_client_names(user, list(page))
    if client_names:
        services.audit_log_names_shown(acting_user=user, client_ids=sorted(client_names, key=str))
    rows = [
        (event, client_names.get(event.client_id) if event.client_id else None) for event in page
    ]
    template = "accounts/audit_log.html#results" if request.htmx else "accounts/audit_log.html"
    return render(request, template, {"form": form, "page_obj": page, "rows": rows})
