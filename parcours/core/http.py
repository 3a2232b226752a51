"""Typed requests for views."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request that went through django-htmx's middleware: ``request.htmx``
    says whether HTMX sent it (and which element asked)."""

    htmx: HtmxDetails
