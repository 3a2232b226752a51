"""The two-factor sign-in pages: the code page, set-up, the staff member's own
page, and an administrator's removal of someone's device (a lost phone)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from parcours import access
from parcours.accounts import selectors, two_factor
from parcours.accounts.forms import OneTimeCodeForm, RecoveryCodeForm
from parcours.accounts.http import AuthenticatedRequest
from parcours.core.forms import apply_errors


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """“Enter your code”: after the password, before any other page."""
    user = request.user
    if access.two_factor_verified(user):
        return redirect(_next_url(request))
    if not two_factor.has_second_factor(user):
        query = request.GET.urlencode()
        return redirect(reverse("accounts:two_factor_enrol") + (f"?{query}" if query else ""))
    recovery = request.POST.get("kind") == "recovery"
    form = OneTimeCodeForm(None if recovery else request.POST or None)
    recovery_form = RecoveryCodeForm(request.POST if recovery else None, prefix="recovery")
    bound = recovery_form if recovery else form
    if request.method == "POST" and bound.is_valid():
        try:
            device = two_factor.two_factor_check(user=user, code=bound.cleaned_data["code"])
        except ValidationError as exc:
            apply_errors(bound, exc)
        else:
            otp_login(request, device)
            if recovery:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)s left. "
                        "Make new ones from your two-factor sign-in page if you run low."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "recovery_form": recovery_form,
            "recovery_open": recovery,
            "next": _next_url(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: AuthenticatedRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code (and the secret, to type it),
    then a first code; the recovery codes are shown once, on the answer."""
    user = request.user
    if two_factor.has_second_factor(user):
        return redirect("accounts:two_factor")
    device = two_factor.two_factor_enrolment_start(user=user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enrol(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is set up."))
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(
                device.config_url, label=_("QR code to scan with your authenticator app")
            ),
            "secret": two_factor.secret_of(device),
            "required": access.two_factor_required(user),
            "next": _next_url(request),
        },
    )


@login_required
def two_factor_page(request: AuthenticatedRequest) -> HttpResponse:
    """The staff member's own two-factor page: status and what they may do."""
    return render(
        request,
        "accounts/two_factor.html",
        {"status": two_factor.two_factor_status(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor")
    if request.method == "POST":
        codes = two_factor.recovery_codes_renew(user=user)
        messages.success(request, _("New recovery codes made: the old ones no longer work."))
        return render(
            request,
            "accounts/two_factor_codes.html",
            {"codes": codes, "next": reverse("accounts:two_factor")},
        )
    return render(request, "accounts/two_factor_confirm.html", {"action": "renew"})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_remove(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor")
    if access.two_factor_required(user):
        messages.error(
            request,
            _(
                "Two-factor sign-in is required for your account: it cannot be removed. "
                "If you lost your phone, ask your organization's administrator."
            ),
        )
        return redirect("accounts:two_factor")
    if request.method == "POST":
        two_factor.two_factor_remove(user=user, acting_user=user)
        messages.success(request, _("Two-factor sign-in is removed from your account."))
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_confirm.html", {"action": "remove"})


@login_required
@require_http_methods(["GET", "POST"])
def staff_two_factor_remove(request: AuthenticatedRequest, staff_id: uuid.UUID) -> HttpResponse:
    """An administrator removes a staff member's authenticator app (a lost
    phone), after checking who is asking; they set it up again at sign-in."""
    user = request.user
    if not access.can_view_staff_admin(user):
        raise PermissionDenied
    staff = selectors.staff_get_for_user(user, staff_id)
    if not access.can_manage_staff(user, staff):
        raise PermissionDenied
    if request.method == "POST":
        two_factor.two_factor_remove(user=staff, acting_user=user)
        messages.success(
            request,
            _(
                "Two-factor sign-in is removed for %(name)s: they set it up again "
                "at their next sign-in."
            )
            % {"name": staff},
        )
        return redirect("accounts:staff_detail", staff_id=staff.pk)
    return render(
        request,
        "accounts/two_factor_confirm.html",
        {"action": "staff_remove", "staff": staff},
    )
