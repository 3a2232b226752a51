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
    StaffAccessForm,
    StaffCreateForm,
    StaffFilterForm,
)
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import MembershipRole, User
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
    can_add_staff = access.can_manage_organization(user, user.organization)
    return render(
        request, template, {"form": form, "page_obj": page, "can_add_staff": can_add_staff}
    )


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


def _staff_access_form(staff: User, data: object = None) -> StaffAccessForm:
    programs, teams = selectors.organization_programs_and_teams(staff.organization_id)
    initial: dict[str, object] = {"is_org_admin": staff.is_org_admin}
    for m in staff.program_memberships.all():
        initial[f"program_{m.program_id}"] = m.role
    for t in staff.team_memberships.all():
        initial[f"team_{t.team_id}"] = t.role
    return StaffAccessForm(
        data,
        initial=initial,
        programs=programs,
        teams=teams,
        roles=[(value, str(label)) for value, label in MembershipRole.choices],
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: AuthenticatedRequest) -> HttpResponse:
    """An organization administrator adds a colleague: the account is created
    without a password, and the next page gives the one-time first sign-in link
    to hand over."""
    user = _require_staff_admin(request)
    organization = user.organization
    if organization is None or not access.can_manage_organization(user, organization):
        raise PermissionDenied
    form = StaffCreateForm(request.POST or None, disciplines=selectors.disciplines())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff = services.staff_create(
                acting_user=user,
                organization=organization,
                email=data["email"],
                given_name=data["given_name"],
                family_name=data["family_name"],
                discipline_code=data["discipline"],
                preferred_language=data["preferred_language"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is added. Choose their programs and teams, then give them the link.")
                % {"name": staff},
            )
            return redirect("accounts:staff_access", staff_id=staff.pk)
    return render(request, "accounts/staff_new.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def staff_access(request: AuthenticatedRequest, staff_id: uuid.UUID) -> HttpResponse:
    """Programs, teams and roles of a colleague, and the organization
    administrator flag."""
    user, staff = _managed_staff(request, staff_id)
    if not access.can_manage_staff(user, staff):
        raise PermissionDenied
    form = _staff_access_form(staff, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_access_set(
                staff=staff,
                acting_user=user,
                program_roles=form.roles("program"),
                team_roles=form.roles("team"),
                is_org_admin=form.cleaned_data["is_org_admin"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The programs and teams of %(name)s are saved.") % {"name": staff}
            )
            return redirect("accounts:staff_detail", staff_id=staff.pk)
    first_sign_in = None
    if staff.last_login is None and not staff.has_usable_password():
        first_sign_in = request.build_absolute_uri(services.staff_first_sign_in_path(staff))
    return render(
        request,
        "accounts/staff_access.html",
        {"staff": staff, "form": form, "first_sign_in": first_sign_in},
    )


class FirstSignInView(auth_views.PasswordResetConfirmView):
    """A new colleague opens their one-time link and chooses a password."""

    template_name = "accounts/first_sign_in.html"
    post_reset_login = False

    def get_success_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:login")

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        services.staff_first_password_set(staff=self.user)
        messages.success(self.request, _("Your password is set. Sign in with it now."))
        return response


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
