from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from parcours.core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives each request an id (or keeps a proxy's ``X-Request-ID``) and
    records the client address, for the audit log and the response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        ctx = context.RequestContext(
            request_id=request_id,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            memo={} if request.method in ("GET", "HEAD") else None,
        )
        token = context.activate(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.deactivate(token)
        response["X-Request-ID"] = request_id
        return response


class PrivacyHeadersMiddleware:
    """What every response Django itself makes tells the browser:

    * ``Cache-Control: no-store`` (and ``private``, ``no-cache``): client
      pages, notes, printable plans and API answers carry personal health
      information that no browser or proxy may keep. Static files (served by
      WhiteNoise before this runs) keep their long cache lifetime;
    * ``Permissions-Policy``: Parcours uses no camera, microphone, location,
      payment or other powerful browser feature, so no page (nor anything a
      page might embed) may ask for one.

    The Content-Security-Policy is django-csp's (settings)."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response
