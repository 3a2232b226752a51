"""Every page says what the browser may run and use: a Content-Security-Policy
without inline scripts, and a Permissions-Policy that grants no powerful
feature."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.api.conftest import api_client_for
from tests.conftest import client_for

TEMPLATES = Path(__file__).resolve().parents[2] / "parcours"


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {parts[0]: parts[1:] for parts in (d.split() for d in header.split(";") if d.strip())}


@pytest.mark.parametrize("path", ["/fr/", "/fr/clients/{id}/", "/en/login/", "/fr/admin/"])
def test_pages_forbid_inline_scripts_framing_and_plugins(network, marie, path):
    response = client_for(network.alice).get(path.format(id=marie.pk), follow=True)
    policy = _directives(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("default-src", [])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_api_answers_carry_the_policy_too(network, marie):
    response = api_client_for(network.alice).get(f"/api/v1/clients/{marie.pk}")
    assert response.status_code == 200
    assert _directives(response)["script-src"] == ["'self'"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_or_event_handler():
    """The policy would block them: confirmations use data-confirm and the
    site's own static/parcours/confirm.js."""
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if handler.search(text := path.read_text(encoding="utf-8")) or inline_script.search(text)
    ]
    assert offenders == []


def test_the_confirmation_script_ships_with_the_project(network):
    html = client_for(network.alice).get("/fr/").content.decode()
    assert re.search(r'<script src="/static/parcours/confirm[^"]*\.js" defer>', html)
