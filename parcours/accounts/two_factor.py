"""Two-factor sign-in: the services and reads behind the code pages.

A staff member proves a second factor with a six-digit code from an
authenticator app (a django-otp TOTP device) or, when the phone is lost, with
one of ten one-time recovery codes (a django-otp static device). Who must is
the access policy's rule (``access.two_factor_required``); the middleware
(``accounts.middleware.TwoFactorMiddleware``) sends them to these pages.

Every write is keyword-only, runs in a transaction and writes its audit event
in that same transaction. A wrong code is refused with a translated
``ValidationError`` *after* its audit event (and django-otp's throttling
count) are committed: the refusal writes the failure, nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parcours import access
from parcours.accounts.models import User
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction

RECOVERY_CODE_COUNT = 10
_DEVICE_NAME = "Authenticator app"
_RECOVERY_NAME = "Recovery codes"


# --- Reads -------------------------------------------------------------------


@dataclass(frozen=True)
class TwoFactorStatus:
    required: bool
    enrolled: bool
    enrolled_at: dt.datetime | None = None
    last_used_at: dt.datetime | None = None
    recovery_codes_left: int = 0


def totp_device_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator-app device, if any."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def recovery_codes_left(user: User) -> int:
    count: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return count


def two_factor_status(user: User) -> TwoFactorStatus:
    device = totp_device_of(user)
    return TwoFactorStatus(
        required=access.two_factor_required(user),
        enrolled=device is not None,
        enrolled_at=getattr(device, "created_at", None),
        last_used_at=getattr(device, "last_used_at", None),
        recovery_codes_left=recovery_codes_left(user) if device is not None else 0,
    )


def recovery_codes_of(user: User) -> list[str]:
    """The user's unused recovery codes (the demo prints its accounts')."""
    tokens = StaticToken.objects.filter(device__user=user, device__confirmed=True)
    return [format_recovery_code(token) for token in tokens.values_list("token", flat=True)]


def secret_of(device: TOTPDevice) -> str:
    """The device's key in base32, in groups of four, for typing into an app."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(text: str, *, label: str) -> SafeString:
    """``text`` as a QR code in inline SVG, drawn here (no image service)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'\swidth="[^"]*"\sheight="[^"]*"', ' width="240" height="240"', svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr-code" ', 1)
    # Built here from the code's path data; the only text, the label, is escaped.
    return mark_safe(svg)  # nosec B308, B703


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}" if len(token) == 8 else token


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


# --- Writes ------------------------------------------------------------------


def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The device being set up, not yet confirmed: the same one on every visit
    (a reload keeps the secret the app may already hold)."""
    if has_second_factor(user):
        raise ValidationError(_("Two-factor sign-in is already set up for this account."))
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_DEVICE_NAME, confirmed=False)
    return device


def _throttled_until(device: Device | None) -> dt.datetime | None:
    """When the device accepts a code again after repeated wrong ones, or
    None when it accepts one now."""
    if device is None:
        return None
    allowed, info = device.verify_is_allowed()
    if allowed or not info:
        return None
    until: dt.datetime | None = info.get("locked_until")
    return until


def _refusal(throttled_until: dt.datetime | None) -> ValidationError:
    if throttled_until is not None:
        seconds = max(1, int((throttled_until - timezone.now()).total_seconds()) + 1)
        return ValidationError(
            {
                "code": _("Too many wrong codes. Wait %(seconds)s seconds, then try again.")
                % {"seconds": seconds}
            }
        )
    return ValidationError({"code": _("This code is not valid. Check it and try again.")})


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (inside a transaction)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [format_recovery_code(code) for code in codes]


def _audit_failure(user: User, device: Device | None, *, step: str, throttled: bool) -> None:
    audit_record(
        action=AuditAction.OTP_FAILED,
        actor=user,
        target=device,
        detail={"step": step, "throttled": throttled},
    )


def two_factor_enrol(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device being set up with a first code from the app; gives
    the ten recovery codes, to be shown once."""
    codes: list[str] = []
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device.pk, user=user, confirmed=False)
            .first()
        )
        if device is None or has_second_factor(user):
            raise ValidationError(_("Two-factor sign-in is already set up for this account."))
        throttled_until = _throttled_until(device)
        verified = throttled_until is None and bool(device.verify_token(_normalise(code)))
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = _new_recovery_codes(user)
            audit_record(
                action=AuditAction.OTP_ENROLLED,
                actor=user,
                target=device,
                detail={"recovery_codes": RECOVERY_CODE_COUNT},
            )
        else:
            _audit_failure(user, device, step="enrolment", throttled=throttled_until is not None)
    if not verified:
        raise _refusal(throttled_until)
    return codes


def two_factor_check(*, user: User, code: str) -> Device:
    """The device that accepts ``code`` at sign-in: six digits are checked
    against the authenticator app, anything else against the recovery codes
    (each works once). A wrong code is audited and throttled (each one doubles
    the wait before the next try), then refused."""
    code = _normalise(code)
    device: Device | None
    with transaction.atomic():
        if code.isdigit() and len(code) == 6:
            device = (
                TOTPDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .order_by("pk")
                .first()
            )
            step = "sign_in"
        else:
            device = (
                StaticDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .order_by("pk")
                .first()
            )
            step = "recovery_code"
        throttled_until = _throttled_until(device)
        verified = (
            device is not None
            and throttled_until is None
            and bool(code)
            and bool(device.verify_token(code))
        )
        if not verified:
            _audit_failure(user, device, step=step, throttled=throttled_until is not None)
    if not verified or device is None:
        raise _refusal(throttled_until)
    return device


def recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not has_second_factor(user):
        raise ValidationError(_("Set up two-factor sign-in first."))
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit_record(
            action=AuditAction.OTP_CODES_RENEWED,
            actor=user,
            target=user,
            detail={"recovery_codes": RECOVERY_CODE_COUNT},
        )
    return codes


def two_factor_remove(*, user: User, acting_user: User) -> None:
    """Remove the user's authenticator app and recovery codes.

    The user may remove their own only when nobody requires it of them; an
    administrator who manages the account (``access.can_manage_staff``) may
    remove anyone's — the lost-phone case, after checking who is asking — and
    the user sets it up again at their next sign-in."""
    by_administrator = acting_user.pk != user.pk
    if by_administrator:
        if not access.can_manage_staff(acting_user, user):
            raise PermissionDenied
    elif access.two_factor_required(user):
        raise PermissionDenied(
            _(
                "Two-factor sign-in is required for your account: it cannot be removed. "
                "If you lost your phone, ask your organization's administrator."
            )
        )
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        StaticDevice.objects.filter(user=user).delete()
        audit_record(
            action=AuditAction.OTP_REMOVED,
            actor=acting_user,
            organization=user.organization,
            target=user,
            detail={"for": user.email, "by_administrator": by_administrator, "devices": removed},
        )


def two_factor_install(*, user: User, key_hex: str, recovery_codes: list[str]) -> bool:
    """Give ``user`` a confirmed authenticator device with a known key and
    known recovery codes, unless they already have one (the demo's accounts
    share one published secret; never used with a real account)."""
    if has_second_factor(user):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.create(
            user=user, name=_DEVICE_NAME, key=key_hex, confirmed=True
        )
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name=_RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=static, token=_normalise(code)) for code in recovery_codes
        )
        audit_record(
            action=AuditAction.OTP_ENROLLED,
            organization=user.organization,
            target=device,
            detail={"for": user.email, "recovery_codes": len(recovery_codes), "demo": True},
        )
    return True
