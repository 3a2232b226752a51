"""The route × persona matrix of the security headers and the admin site:
every route of the site and the API, asked by someone signed out, by the
client's own worker, by a partner without consent and by the network
superuser, answers with ``no-store``, the Content-Security-Policy and the
Permissions-Policy — refusals and errors included; and the admin site lets
nobody but the superuser in."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parcours.clients.models import Client
from tests.api.conftest import api_client_for
from tests.conftest import client_for
from tests.factories import UserFactory

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _every_route(client_id: uuid.UUID) -> list[str]:
    """Each route once, with the client's id where it takes one and an
    unknown id elsewhere (a 404 must carry the headers too)."""
    unknown = uuid.UUID(int=7)
    paths = set()
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(("fr/admin/", "en/admin/")) or route.startswith("en/"):
            continue
        path = PARAMETER.sub(
            lambda m: str(client_id if m.group(1) == "client_id" else unknown), route
        )
        paths.add("/" + path.replace("^", "").replace("$", ""))
    return sorted(paths)


def _headers_missing(response) -> list[str]:
    missing = []
    cache = response.get("Cache-Control", "")
    if "no-store" not in cache:
        missing.append("no-store")
    if "script-src 'self'" not in response.get("Content-Security-Policy", ""):
        missing.append("Content-Security-Policy")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        missing.append("Permissions-Policy")
    return missing


@pytest.mark.parametrize("persona", ["signed_out", "alice", "bob", "root"])
def test_every_route_carries_the_privacy_headers_for_every_persona(network, marie, persona):
    user = None if persona == "signed_out" else getattr(network, persona)
    browser, api = client_for(user), api_client_for(user)
    failures = {}
    paths = _every_route(marie.pk)
    assert len(paths) > 150  # the walk found the site, not a corner of it
    for path in paths:
        response = (api if path.startswith("/api/") else browser).get(path)
        if missing := _headers_missing(response):
            failures[path] = (response.status_code, missing)
    assert failures == {}


def _admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return pages


@pytest.mark.parametrize("persona", ["signed_out", "alice", "alice_admin", "bob_admin"])
def test_the_admin_site_lets_no_partner_staff_in(network, marie, persona):
    """Organization administrators manage their staff on Parcours' own
    screens; the admin site is for the network's reference data."""
    browser = client_for(None if persona == "signed_out" else getattr(network, persona))
    for page in _admin_pages():
        response = browser.get(page)
        assert response.status_code == 302, (persona, page)
        assert "/admin/login/" in response["Location"], (persona, page)
        assert _headers_missing(response) == [], (persona, page)


def test_an_admin_site_user_without_permissions_sees_no_model(network, marie):
    """Admin-site access alone (``is_staff``) grants no model: each page is
    refused until the network gives the permission."""
    clerk = UserFactory(email="clerk@parcours.example", organization=None, is_staff=True)
    browser = client_for(clerk)
    for page in _admin_pages()[1:]:
        response = browser.get(page)
        assert response.status_code == 403, page
        assert "Côté" not in response.content.decode()


def test_no_model_that_names_a_client_is_in_the_admin_site():
    """Client-bearing rows are read through the screens and the API, which
    apply the access policy and the audit; the admin site would skip both.
    A model registered there must not point to a client (the audit log is
    the one exception: its admin shows ids only, see test_admin_side_door)."""
    offenders = []
    for model in admin.site._registry:
        if model._meta.label == "core.AuditEvent":
            continue
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is Client and (field.many_to_one or field.one_to_one):
                offenders.append(f"{model._meta.label}.{field.name}")
    assert offenders == []
